"""Member mode in a real browser: one page, the document's language, readable on a phone."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser

from tests.test_browser import _serve, _wait_idle, browser, open_app

__all__ = ["browser"]  # the session fixture, shared with tests/test_browser.py
pytestmark = pytest.mark.browser

CONTRAST = """(el) => {
    const rgb = s => s.match(/[\\d.]+/g).slice(0, 3).map(Number);
    const lum = c => { const v = c.map(x => { x /= 255;
        return x <= 0.03928 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4); });
        return 0.2126 * v[0] + 0.7152 * v[1] + 0.0722 * v[2]; };
    let node = el, bg = 'rgba(0, 0, 0, 0)';
    while (node && (bg === 'rgba(0, 0, 0, 0)' || bg === 'transparent')) {
        bg = getComputedStyle(node).backgroundColor; node = node.parentElement; }
    const a = lum(rgb(getComputedStyle(el).color)), b = lum(rgb(bg));
    return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}"""


@pytest.fixture(scope="module")
def member_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    db = tmp_path_factory.mktemp("db") / "notebooks.db"
    yield from _serve({"POLICY_GRAPH_DB": f"sqlite:///{db}", "POLICY_GRAPH_MODE": "member"})
    assert not Path(db).exists()  # member mode never opened the notebook database


def test_member_page_on_a_phone_in_vietnamese(member_server: str, browser: Browser) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844})
    page = context.new_page()
    open_app(page, f"{member_server}/?lang=vi&product=wework-go&role=go-customers-visitors-guests")
    page.get_by_text("Các bạn sử dụng thông tin gì về tôi?").first.wait_for()
    page.wait_for_function("document.documentElement.lang === 'vi'", timeout=15_000)
    assert page.title() == "Các bạn sử dụng thông tin gì về tôi?"
    # No staff page is reachable: no sidebar navigation, and their URLs show the member page.
    assert page.locator("[data-testid='stSidebarNav']").count() == 0
    open_app(page, f"{member_server}/notebook?lang=vi")
    page.get_by_text("Page not found").wait_for()  # Streamlit's own notice, then the member page
    page.keyboard.press("Escape")
    page.get_by_text("Các bạn sử dụng thông tin gì về tôi?").first.wait_for()
    assert page.get_by_text("Add to notebook").count() == 0
    # The role list fits a 390 px screen.
    role = page.locator("[data-testid='stSelectbox']").nth(2)
    box = role.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    _wait_idle(page)
    if os.environ.get("POLICY_GRAPH_SCREENSHOTS"):
        page.screenshot(path=os.environ["POLICY_GRAPH_SCREENSHOTS"] + "/member-phone.png", full_page=True)
    # A quote is folded; opened, its text has at least 4.5:1 contrast.
    page.locator("[data-testid='stExpander'] summary").first.click()
    quote = page.locator("[data-testid='stExpander'] blockquote").first
    quote.wait_for()
    assert quote.evaluate(CONTRAST) >= 4.5
    context.close()
