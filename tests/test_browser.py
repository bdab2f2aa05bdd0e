"""Real browser tests: `streamlit run` + Playwright driving Debian's headless Chromium.

Chromium must be at /usr/bin/chromium (the test command installs it); a
missing browser fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page, sync_playwright

from policy_graph.viz import render_html
from tests.test_viz import hostile_graph

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = os.environ.get("POLICY_GRAPH_CHROMIUM", "/usr/bin/chromium")
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--no-first-run"]
pytestmark = pytest.mark.browser


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def server() -> Iterator[str]:
    port = _free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
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


def test_explore_renders_the_graph(server: str, page: Page) -> None:
    open_app(page, f"{server}/")
    frame = graph_frame(page)
    count = frame.evaluate("network.body.data.nodes.length")
    labels = frame.evaluate("network.body.data.nodes.get().map(n => n.label)")
    assert count == 48 and "Payment information" in labels and "Not stated in this policy" in labels
    # Nodes are laid out inside the visible canvas, and the canvas is actually painted.
    visible = frame.evaluate("""() => {
        const c = document.querySelector('#mynetwork canvas');
        const pos = network.getPositions();
        let inside = 0;
        for (const id in pos) {
            const p = network.canvasToDOM(pos[id]);
            if (p.x >= 0 && p.y >= 0 && p.x <= c.clientWidth && p.y <= c.clientHeight) inside++;
        }
        return inside;
    }""")
    assert visible == count
    painted = frame.evaluate("""() => {
        const c = document.querySelector('#mynetwork canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 0; i < d.length; i += 4) if (d[i + 3] > 0) n++;
        return n;
    }""")
    assert painted > 10_000
    assert page.blocked == []  # type: ignore[attr-defined]


def test_about_me_deep_link_shows_a_card(server: str, page: Page) -> None:
    open_app(page, f"{server}/about-me?lang=vi&product=wework-go&role=go-customers-visitors-guests")
    page.get_by_text("Các bạn sử dụng thông tin gì về tôi?").wait_for()
    card = page.locator(".st-key-about-card-payment-info")
    card.wait_for()
    text = card.inner_text()
    assert "Thông tin thanh toán" in text and "Hợp đồng" in text
    assert "Thông tin Thanh toán, nếu thích hợp" in text
    assert "lang=vi" in page.url and "role=go-customers-visitors-guests" in page.url


def test_hostile_titles_and_ids_run_no_script(browser: Browser) -> None:
    context = browser.new_context()
    pg = context.new_page()
    dialogs: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.set_content(render_html(hostile_graph()))
    pg.wait_for_function("typeof network !== 'undefined'")
    for node in (0, 1):
        point = pg.evaluate(f"network.canvasToDOM(network.getPositions([{node}])[{node}])")
        pg.mouse.move(point["x"], point["y"])
        pg.mouse.click(point["x"], point["y"])
        pg.wait_for_timeout(700)
    tooltip = pg.locator("div.vis-tooltip, div.popup").first
    assert "onerror" in tooltip.inner_text()  # shown as text...
    assert pg.evaluate("window.__pwned") is None  # ...never run
    assert dialogs == []
    context.close()
