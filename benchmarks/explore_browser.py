"""Time the Explore graph in Chromium on a synthetic corpus: from navigation to a
drawn graph, cold (the server loads the corpus) and warm (already loaded).

Run: .venv/bin/python benchmarks/explore_browser.py [--docs N] [--runs K]
The target in issue 8 is <= 3 s warm at N = 1,000.  Figures, not tests.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

from policy_graph.bench import make_corpus

ROOT = Path(__file__).resolve().parents[1]
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _wait_healthy(base: str, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit("streamlit did not start")


def _draw(page: object, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)  # type: ignore[attr-defined]
    frame = page.wait_for_selector("iframe", timeout=600_000).content_frame()  # type: ignore[attr-defined]
    frame.wait_for_function("typeof network !== 'undefined' && network.body.data.nodes.length > 0",
                            timeout=600_000)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policy-graph-explore-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        make_corpus(data, args.docs)
        port = _port()
        env = {**os.environ, "POLICY_GRAPH_DATA": str(data),
               "POLICY_GRAPH_CACHE": str(Path(tmp) / "cache"),
               "POLICY_GRAPH_DB": str(Path(tmp) / "nb.db")}
        proc = subprocess.Popen([sys.executable, "-m", "streamlit", "run", "app.py",
                                 "--server.headless", "true", "--server.port", str(port),
                                 "--server.address", "127.0.0.1", "--browser.gatherUsageStats",
                                 "false"], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{port}"
        try:
            _wait_healthy(base, proc)
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
                page = browser.new_page(viewport={"width": 1400, "height": 1000})
                cold = _draw(page, f"{base}/explore")
                warm = [_draw(page, f"{base}/explore") for _ in range(args.runs)]
                browser.close()
        finally:
            proc.terminate()
            proc.wait(timeout=30)
    print(f"{args.docs} policy versions: Explore graph drawn after navigation: first (corpus "
          f"loaded by the server) {cold:.2f} s; warm median {statistics.median(warm):.2f} s, "
          f"max {max(warm):.2f} s over {args.runs} runs")


if __name__ == "__main__":
    main()
