"""Time each page's script run, warm, through Streamlit's AppTest on a synthetic corpus.

Run: .venv/bin/python benchmarks/pages.py [--docs N] [--runs K]
Prints p50/p95 per page of K reruns after a first (cold) run that loads the
corpus.  The target in issue 8 is p95 <= 300 ms at N = 1,000.  Figures, not tests.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from policy_graph.bench import make_corpus

ROOT = Path(__file__).resolve().parents[1]
PAGES = {
    "notebook": ("ui/pages/notebook.py", {}),  # the home page: the first example notebook
    "explore": ("ui/pages/explore.py", {}),
    "about-me": ("ui/pages/about_me.py", {"lang": "nb", "product": "wework-go"}),
    "compare": ("ui/pages/compare.py", {}),
    "search": ("ui/pages/search.py", {"q": "betaling"}),
    "ask": ("ui/pages/ask.py", {"q": "what do you use my payment information for?"}),
    "review": ("ui/pages/review.py", {}),
    "add": ("ui/pages/add.py", {}),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=200)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="policy-graph-pages-") as tmp:
        data = Path(tmp) / "data"
        data.mkdir()
        make_corpus(data, args.docs)
        os.environ.update(POLICY_GRAPH_DATA=str(data), POLICY_GRAPH_CACHE=str(Path(tmp) / "cache"),
                          POLICY_GRAPH_DB=str(Path(tmp) / "nb.db"))
        os.chdir(ROOT)
        from streamlit.testing.v1 import AppTest  # after the environment is set

        print(f"{args.docs} policy versions; {args.runs} warm runs per page")
        for name, (page, params) in PAGES.items():
            at = AppTest.from_file(str(ROOT / "app.py"), default_timeout=600)
            at.run()
            at.switch_page(page)
            for key, value in params.items():
                at.query_params[key] = value
            started = time.perf_counter()
            at.run()
            cold = time.perf_counter() - started
            if at.exception:
                print(f"{name}: exception {at.exception}")
                continue
            samples = []
            for _ in range(args.runs):
                started = time.perf_counter()
                at.run()
                samples.append(time.perf_counter() - started)
            ordered = sorted(samples)
            p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
            print(f"{name:<9} first run {cold:6.2f} s; warm p50 {statistics.median(samples) * 1000:6.0f}"
                  f" ms, p95 {p95 * 1000:6.0f} ms")


if __name__ == "__main__":
    main()
