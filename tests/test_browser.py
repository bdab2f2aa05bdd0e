"""Real browser tests: `streamlit run` + Playwright driving Debian's headless Chromium.

Chromium must be at /usr/bin/chromium (the test command installs it); a
missing browser fails these tests instead of skipping them.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Frame, Page

from policy_graph.viz import render_html
from tests.browser_support import ROOT, graph_frame, metric_texts, open_app, serve, wait_idle
from tests.test_viz import HOSTILE, hostile_graph

pytestmark = pytest.mark.browser


def test_explore_renders_the_graph(server: str, page: Page) -> None:
    open_app(page, f"{server}/explore")
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
    card.locator("[data-testid='stExpander'] summary").click()  # the policy's sentence is folded
    card.get_by_text("Thông tin Thanh toán, nếu thích hợp").first.wait_for()
    assert "lang=vi" in page.url and "role=go-customers-visitors-guests" in page.url


def test_hostile_titles_and_ids_run_no_script(browser: Browser) -> None:
    context = browser.new_context()
    pg = context.new_page()
    dialogs: list[str] = []
    errors: list[str] = []
    pg.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    pg.on("pageerror", lambda e: errors.append(str(e)))
    pg.set_content(render_html(hostile_graph()))
    pg.wait_for_function("typeof network !== 'undefined'")
    labels = pg.evaluate("network.body.data.nodes.get().map(n => n.label)")
    assert sorted(labels) == sorted([HOSTILE, "a\"'&"])  # drawn as the very text, escaped once
    ends = pg.evaluate("[0, 1].map(n => network.canvasToDOM(network.getPositions([n])[n]))")
    pg.mouse.move((ends[0]["x"] + ends[1]["x"]) / 2, (ends[0]["y"] + ends[1]["y"]) / 2)
    pg.wait_for_timeout(700)  # an edge hover must not throw (pyvis's link popup did)
    for node in (0, 1):
        point = pg.evaluate(f"network.canvasToDOM(network.getPositions([{node}])[{node}])")
        pg.mouse.move(point["x"], point["y"])
        pg.mouse.click(point["x"], point["y"])
        pg.wait_for_timeout(700)
    tooltip = pg.locator("div.vis-tooltip, div.popup").first
    assert "onerror" in tooltip.inner_text()  # shown as text...
    assert pg.evaluate("window.__pwned") is None  # ...never run
    assert dialogs == [] and errors == []
    context.close()


def test_compare_page(server: str, page: Page) -> None:
    open_app(page, f"{server}/compare?mode=policies&a=wework-space-services/nb&b=wework/vi")
    texts = metric_texts(page, 4)
    assert [t.split("\n")[0] for t in texts] == ["Same", "Other basis", "Only in A", "Only in B"]
    assert all(t.split("\n")[-1].strip().isdigit() for t in texts)
    page.get_by_text("Two products").click()
    page.wait_for_url("**mode=products**", timeout=15_000)
    wait_idle(page)  # the policies view's elements go stale while the products view draws
    page.get_by_text("Read the clauses behind a row").first.wait_for()
    page.locator("[data-testid='stDataFrame']").first.wait_for()


def test_search_page(server: str, page: Page) -> None:
    open_app(page, f"{server}/search?q=betaling")
    page.locator("strong", has_text="Betalingsopplysninger").first.wait_for()
    box = page.locator(".st-key-search-q input")
    box.fill("thanh toan")
    box.press("Enter")
    page.locator("strong", has_text="Thanh toán").first.wait_for(timeout=15_000)
    page.wait_for_url(re.compile(r".*q=thanh(\+|%20)toan.*"), timeout=15_000)


def _add_cell(page: Page, label: str) -> None:
    page.locator(".st-key-nb-add-type").click()
    page.get_by_role("option", name=label, exact=True).click()
    wait_idle(page)
    page.locator(".st-key-nb-add-cell button").click()
    wait_idle(page)


def test_notebook_round_trip(server: str, page: Page) -> None:
    open_app(page, f"{server}/")
    page.get_by_role("button", name="New").click()
    page.locator(".st-key-nb-new-name input").fill("Browser round trip")
    page.locator(".st-key-nb-new-name input").press("Enter")
    wait_idle(page)
    page.locator(".st-key-nb-create button").click()
    wait_idle(page)
    page.keyboard.press("Escape")
    _add_cell(page, "Note")
    note = page.locator("textarea").first
    note.fill("## Round trip note\n\nChecked in a real browser.")
    note.blur()
    wait_idle(page)
    page.get_by_role("button", name="Save note").click()
    wait_idle(page)
    _add_cell(page, "Search")
    query = page.locator("[class*='st-key-c-'][class*='-q'] input").last
    query.fill("thanh toan")
    query.press("Enter")
    page.locator("strong", has_text="Thanh toán").first.wait_for(timeout=15_000)
    wait_idle(page)
    page.get_by_role("button", name="Save view into cell").click()  # a view is saved on demand
    wait_idle(page)

    page.reload()
    open_app(page, page.url)
    page.get_by_role("heading", name="Round trip note").wait_for()
    page.locator("strong", has_text="Thanh toán").first.wait_for()
    assert "nb=Browser" in page.url

    with page.expect_download() as info:
        page.get_by_role("button", name="Export Markdown").click()
    assert info.value.suggested_filename == "browser-round-trip.md"
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    assert exported.startswith("# Browser round trip")
    assert "## Round trip note" in exported and "**Thanh toán**" in exported
    with page.expect_download() as info:
        page.get_by_role("button", name="Export HTML").click()
    html = Path(info.value.path()).read_text(encoding="utf-8")
    assert "<mark>Thanh toán</mark>" in html

    # Import the Markdown export back: a second notebook with the same cells.
    markdown_file = Path(info.value.path()).with_suffix(".md")
    markdown_file.write_text(exported, encoding="utf-8")
    page.get_by_role("button", name="Import").click()
    page.locator(".st-key-nb-import-file input[type='file']").set_input_files(str(markdown_file))
    wait_idle(page)
    page.locator(".st-key-nb-import button").click()
    page.wait_for_url("**nb=Browser+round+trip+%28imported%29**", timeout=15_000)
    page.get_by_role("heading", name="Round trip note").wait_for()


def test_add_page_uploads_previews_saves_and_explore_and_compare_show_it(
        writable_server: tuple[str, Path], page: Page) -> None:
    base, data = writable_server
    danish = ROOT / "tests" / "fixtures" / "languages" / "da.txt"
    open_app(page, f"{base}/add")
    page.locator("input[type='file']").set_input_files(str(danish))
    page.get_by_text("da.txt").first.wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("Preview: wework/da").wait_for(timeout=30_000)
    page.get_by_text("Compared with the vi version").wait_for()
    wait_idle(page)
    metrics = metric_texts(page, 3)
    assert [m.split("\n")[-1].strip() for m in metrics[:2]] == ["3", "6"]
    assert int(metrics[2].split("\n")[-1]) > 0
    if os.environ.get("POLICY_GRAPH_SCREENSHOTS"):
        page.screenshot(path=os.environ["POLICY_GRAPH_SCREENSHOTS"] + "/add-preview.png", full_page=True)
    page.get_by_role("button", name="Save").click()
    page.get_by_text("Saved da.txt in wework").wait_for(timeout=30_000)
    assert (data / "policies" / "wework" / "da.txt").read_bytes() == danish.read_bytes()
    open_app(page, f"{base}/explore?policy=wework&lang=da")
    frame = graph_frame(page)
    labels = frame.evaluate("network.body.data.nodes.get().map(n => n.label)")
    assert "Payment information" in labels and "Verification information" in labels
    open_app(page, f"{base}/compare?mode=versions&policy=wework&a=vi&b=da")
    page.get_by_text("Version B").wait_for()
    wait_idle(page)
    if os.environ.get("POLICY_GRAPH_SCREENSHOTS"):
        page.screenshot(path=os.environ["POLICY_GRAPH_SCREENSHOTS"] + "/add-compare.png", full_page=True)
    page.get_by_text("da has Contract").first.wait_for(timeout=15_000)  # a finding names it
    assert "b=da" in page.url
    aligned = page.locator("[data-testid='stMetric']").first.inner_text()
    assert aligned.startswith("Aligned") and int(aligned.split("\n")[-1]) > 0
    assert page.blocked == []  # type: ignore[attr-defined]


def test_notebook_start_page_locked_example_and_import_errors(server: str, page: Page,
                                                              tmp_path: Path) -> None:
    open_app(page, f"{server}/")
    page.get_by_role("heading", name="Policy Graph notebooks").wait_for()
    assert "nb=" not in page.url
    page.get_by_role("link", name="Start with the Onboarding tour").click()
    page.wait_for_url("**nb=Onboarding**", timeout=15_000)
    page.get_by_text("is an example notebook, so it is locked").wait_for(timeout=15_000)
    wait_idle(page)
    assert page.get_by_role("button", name="Add cell").count() == 0
    page.get_by_role("button", name="Duplicate to edit").click()
    page.wait_for_url("**nb=Onboarding+tour+%28copy%29**", timeout=15_000)
    page.get_by_role("button", name="Add cell").wait_for(timeout=15_000)

    open_app(page, f"{server}/?nb=Nope")
    page.get_by_text("There is no notebook named “Nope”").wait_for()
    page.get_by_role("link", name="Onboarding tour").first.wait_for()

    latin1 = tmp_path / "notes.md"
    latin1.write_bytes("# Café\n\nnaïve".encode("latin-1"))
    page.get_by_role("button", name="Import").click()
    page.locator(".st-key-nb-import-file input[type='file']").set_input_files(str(latin1))
    wait_idle(page)
    page.locator(".st-key-nb-import button").click()
    page.get_by_text("line 1: the file is not UTF-8 text").wait_for(timeout=15_000)
    assert page.blocked == []  # type: ignore[attr-defined]


def _graph_fits(frame: Frame) -> dict[str, float]:
    """The smallest label on screen (px) and how many node boxes lie inside the canvas."""
    result: dict[str, float] = frame.evaluate("""() => {
        const c = document.querySelector('#mynetwork canvas');
        const ids = network.body.data.nodes.getIds();
        let inside = 0, smallest = Infinity;
        for (const id of ids) {
            const box = network.getBoundingBox(id);
            const tl = network.canvasToDOM({x: box.left, y: box.top});
            const br = network.canvasToDOM({x: box.right, y: box.bottom});
            if (tl.x >= 0 && tl.y >= 0 && br.x <= c.clientWidth && br.y <= c.clientHeight) inside++;
            smallest = Math.min(smallest, network.body.nodes[id].options.font.size);
        }
        return {nodes: ids.length, inside: inside, font: smallest * network.getScale()};
    }""")
    return result


def test_explore_labels_are_readable_and_the_graph_is_fitted_at_any_size(
        server: str, page: Page) -> None:
    open_app(page, f"{server}/explore")
    frame = graph_frame(page)
    frame.wait_for_timeout(300)
    fits = _graph_fits(frame)
    assert fits["font"] >= 12, fits  # at 1400 px: getScale() × font size
    assert fits["inside"] == fits["nodes"] == 48
    for width, height in ((900, 700), (1900, 1000)):
        page.set_viewport_size({"width": width, "height": height})
        page.wait_for_timeout(800)
        fits = _graph_fits(graph_frame(page))
        assert fits["inside"] == fits["nodes"], (width, fits)  # fitted again on resize
    page.set_viewport_size({"width": 1400, "height": 1000})
    open_app(page, f"{server}/explore?labels=vi")
    assert _graph_fits(graph_frame(page))["font"] >= 12


def test_the_graph_is_not_reloaded_when_only_the_inspector_changes(server: str, page: Page) -> None:
    open_app(page, f"{server}/explore")
    frame = graph_frame(page)
    frame.evaluate("window.__kept = 42")
    page.locator(".st-key-explore-inspect").click()
    page.keyboard.type("Payment information (data")
    page.get_by_role("option", name="● Payment information (data category)").click()
    page.get_by_text("clause(s) — the matched words are highlighted").wait_for(timeout=15_000)
    wait_idle(page)
    assert "inspect=node" in page.url
    assert graph_frame(page).evaluate("window.__kept") == 42  # the same page: not reloaded


def test_a_long_search_survives_a_reload(server: str, page: Page) -> None:
    from policy_graph.params import MAX_PARAM_CHARS
    query = ("betaling " * 40)[:MAX_PARAM_CHARS]
    open_app(page, f"{server}/search")
    box = page.locator(".st-key-search-q input")
    box.fill(query)
    box.press("Enter")
    page.locator("strong", has_text="Betalingsopplysninger").first.wait_for(timeout=15_000)
    page.wait_for_url(re.compile(r".*q=betaling.*"), timeout=15_000)
    page.reload()
    open_app(page, page.url)
    assert page.locator(".st-key-search-q input").input_value() == query
    page.locator("strong", has_text="Betalingsopplysninger").first.wait_for(timeout=15_000)


# Member mode: one page, the document's language, readable on a phone.
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
    yield from serve({"POLICY_GRAPH_DB": f"sqlite:///{db}", "POLICY_GRAPH_MODE": "member"})
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
    # The role list fits a 390 px screen, every role name whole (wrapped, not cut).
    role = page.locator(".st-key-about-role")
    box = role.bounding_box()
    assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert "Khách hàng WeWork Go, khách truy cập và khách mời" in role.inner_text()
    assert role.evaluate("el => el.scrollWidth <= el.clientWidth")
    wait_idle(page)
    if os.environ.get("POLICY_GRAPH_SCREENSHOTS"):
        page.screenshot(path=os.environ["POLICY_GRAPH_SCREENSHOTS"] + "/member-phone.png", full_page=True)
    # A quote is folded; opened, its text has at least 4.5:1 contrast.
    page.locator("[data-testid='stExpander'] summary").first.click()
    quote = page.locator("[data-testid='stExpander'] blockquote").first
    quote.wait_for()
    assert quote.evaluate(CONTRAST) >= 4.5
    context.close()
