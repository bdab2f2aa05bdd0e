"""Browser test support, loaded once for the whole run as a plugin (tests/conftest.py):
`streamlit run` servers, the Chromium browser and its pages, and page helpers.

Fixtures live here, not in a test module, so every module shares one browser and
one server: a session fixture imported into two modules would start Playwright twice.
Chromium must be at /usr/bin/chromium (the test command installs it); a missing
browser fails the tests instead of skipping them.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, expect, sync_playwright

__all__ = ["CHROMIUM", "FLAGS", "ROOT", "free_port", "graph_frame", "metric_texts", "open_app",
           "serve", "wait_idle"]

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("POLICY_GRAPH_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("db") / "notebooks.db"
    yield from serve({"POLICY_GRAPH_DB": f"sqlite:///{db}"})


@pytest.fixture(scope="module")
def writable_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    """A second server on a private copy of the data, for pages that write to it."""
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", data)
    db = tmp_path_factory.mktemp("db") / "notebooks.db"
    for base in serve({"POLICY_GRAPH_DB": f"sqlite:///{db}", "POLICY_GRAPH_DATA": str(data)}):
        yield base, data


def serve(extra_env: dict[str, str]) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, **extra_env}
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    break
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out = proc.stdout.read().decode() if proc.stdout else ""
            proc.kill()
            pytest.fail(f"streamlit did not start:\n{out}")
        time.sleep(0.2)
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} not found: run the README's test command, which installs it")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    blocked: list[str] = []

    def guard(route, request) -> None:  # type: ignore[no-untyped-def]
        if request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            blocked.append(request.url)
            route.abort()

    pg.route("**/*", guard)
    pg.blocked = blocked  # type: ignore[attr-defined]
    yield pg
    context.close()


def open_app(page: Page, url: str) -> None:
    page.goto(url)
    page.wait_for_selector("[data-testid='stApp'][data-test-connection-state='CONNECTED']",
                           timeout=30_000)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=30_000)


def graph_frame(page: Page) -> Frame:
    handle = page.wait_for_selector("iframe", timeout=30_000)
    frame = handle.content_frame()
    assert frame is not None
    frame.wait_for_function(
        "typeof network !== 'undefined' && network.body.data.nodes.length > 0", timeout=30_000)
    return frame


def metric_texts(page: Page, at_least: int) -> list[str]:
    """The metrics' texts, read once the page has drawn at least `at_least` of them."""
    metrics = page.locator("[data-testid='stMetric']")
    # Streamlit draws metrics one by one; reading at once can see only the first.
    expect(metrics.nth(at_least - 1)).to_be_visible(timeout=30_000)
    wait_idle(page)
    return metrics.all_inner_texts()


def wait_idle(page: Page) -> None:
    page.wait_for_timeout(300)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=30_000)
