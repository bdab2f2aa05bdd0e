"""The Review page in headless Chromium against the real app: the round trip (accept,
correct with a quote, a bad quote refused, reject, comment, sign off), then a reload, a
second browser context, and the server killed and started again on the same database."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from policy_graph.review_store import ReviewStore
from tests.browser_support import ROOT, free_port, open_app

pytestmark = pytest.mark.browser
P = "wework-labs"
URL = f"/review?policy={P}&lang=en&clause=s1.1"
NAME = "Ada Lovelace"


def _start(env: dict[str, str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
         "--server.port", str(port), "--server.address", "127.0.0.1",
         "--browser.gatherUsageStats", "false"],
        cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return proc, base
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            out = proc.stdout.read().decode() if proc.stdout else ""
            proc.kill()
            pytest.fail(f"streamlit did not start:\n{out}")
        time.sleep(0.2)


@pytest.fixture
def review_env(tmp_path: Path) -> dict[str, str]:
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    shutil.copytree(ROOT / "tests" / "fixtures" / "labs", data / "policies" / P)
    return {"POLICY_GRAPH_DATA": str(data), "POLICY_GRAPH_REVIEW": "on",
            "POLICY_GRAPH_DB": f"sqlite:///{tmp_path / 'notebooks.db'}",
            "POLICY_GRAPH_REVIEW_DB": f"sqlite:///{tmp_path / 'reviews.db'}"}


def _idle(page: Page) -> None:
    """Wait for the rerun an input caused to start (on a loaded machine it may take a
    moment), then to finish."""
    # No "running" seen: it was quicker than the poll, or the input caused no rerun.
    with contextlib.suppress(PlaywrightTimeout):
        page.wait_for_selector("[data-test-script-state='running']", timeout=2_000)
    page.wait_for_selector("[data-test-script-state='notRunning']", timeout=30_000)


def _click(page: Page, key: str) -> None:
    page.locator(f".st-key-{key} button").click()
    _idle(page)


def _choose(page: Page, key: str, option: str) -> None:
    page.locator(f".st-key-{key}").click()
    page.get_by_role("option", name=option, exact=True).click()
    _idle(page)


def _type(page: Page, key: str, text: str, *, area: bool = False) -> None:
    box = page.locator(f".st-key-{key} {'textarea' if area else 'input'}")
    box.fill(text)
    box.press("Control+Enter" if area else "Enter")
    _idle(page)


def _tab(page: Page, name: str) -> None:
    tab = page.get_by_role("tab", name=name)
    tab.click()
    _idle(page)
    expect(tab).to_have_attribute("aria-selected", "true", timeout=30_000)


def _recorded(page: Page) -> None:
    page.get_by_text("Recorded:").first.wait_for(timeout=30_000)


def _sees_the_review(page: Page, base: str) -> None:
    """What any session must see once the round trip is done."""
    open_app(page, base + URL)
    _tab(page, "Clauses")
    page.get_by_text(f"corrected by {NAME}").first.wait_for(timeout=30_000)
    page.get_by_text("Audit trail (4)").wait_for()
    summary = page.locator("[data-testid='stMarkdownContainer']", has_text="Data category:").first
    assert "Contact information" in summary.inner_text()
    assert "Professional" not in summary.inner_text()  # the rejected practice took it along
    _tab(page, "Sign-off")
    page.get_by_text("first pass done").wait_for(timeout=30_000)


def test_review_round_trip_survives_reload_a_second_session_and_a_restart(
        browser: Browser, review_env: dict[str, str]) -> None:
    proc, base = _start(review_env)
    try:
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        open_app(page, base + URL)
        page.get_by_role("heading", name="Legal review").wait_for()
        _tab(page, "Clauses")
        accept = "review-accept-s1_1-contact-info--identify-and-contact--not-stated"
        assert page.locator(f".st-key-{accept} button").is_disabled()  # no name yet
        _type(page, "review-reviewer", NAME)
        _click(page, accept)
        _recorded(page)
        # A correction whose quote is not in the text is refused with a message.
        _choose(page, "review-fix-kind-s1_1", "Legal basis")
        _choose(page, "review-fix-concept-s1_1", "Contract")
        _type(page, "review-fix-quote-s1_1", "contract obligations, as we read them")
        _click(page, "review-fix-s1_1")
        page.get_by_text("is not in the text of wework-labs/en").wait_for(timeout=30_000)
        # The same correction resting on words of the text is recorded.
        _type(page, "review-fix-quote-s1_1", "contractual obligations")
        _click(page, "review-fix-s1_1")
        _recorded(page)
        _click(page, "review-reject-s1_1-professional-info--identify-and-contact--contract")
        _recorded(page)
        _type(page, "review-comment-s1_1", "Basis taken from the payment clause.", area=True)
        _click(page, "review-comment-add-s1_1")
        _recorded(page)
        _tab(page, "Sign-off")
        _type(page, "review-signoff-note", "first pass done")
        _click(page, "review-signoff")
        _recorded(page)

        page.reload()
        _sees_the_review(page, base)
        second = browser.new_context(viewport={"width": 1400, "height": 1000})
        _sees_the_review(second.new_page(), base)
        second.close()
    finally:
        proc.kill()  # no clean shutdown: what was acknowledged must already be on disk
        proc.wait(timeout=10)
    proc, base = _start(review_env)
    try:
        _sees_the_review(page, base)
        # Exactly what was acknowledged, and nothing else (the refused correction is not there).
        store = ReviewStore(review_env["POLICY_GRAPH_REVIEW_DB"], read_only=True)
        assert [(e.action, e.reviewer) for e in store.events(P, "en")] == [
            ("accept", NAME), ("correct", NAME), ("reject", NAME), ("comment", NAME)]
        assert [s.note for s in store.sign_offs(P, "en")] == ["first pass done"]
    finally:
        proc.terminate()
        proc.wait(timeout=10)
        context.close()
