"""The hostile-content browser suite (issue 8 §3): hostile content never executes.

One list of payloads (a script, an image with ``onerror``, a ``javascript:``
Markdown link, a ``javascript:`` HTML link, a Markdown image from an outside host,
an SVG with ``onload`` and an attribute breakout into an ``iframe srcdoc``) is planted
in a private copy of ``data/``: in policy clauses that still extract a practice
(each payload alone, then all of them), in reviewers' glosses, in a policy title,
and in an example notebook (name, description, a note and a cell title). The
payloads are also typed into the boxes and put into URL parameters, uploaded on the
Add page, and set as the member page's contact line.

Every staff page (and the member page, in member mode) is opened in headless
Chromium, the graph iframe hovered, and the notebook's HTML export and the graph's
HTML loaded on their own.  Each time: no dialog, no ``window.__pwned`` in any frame,
no element built from the payloads' markup, no ``javascript:`` link, no request to
``evil.example`` (every outside request is blocked and recorded), and the payload
is on screen as text where it belongs (shown, not dropped).
"""

from __future__ import annotations

import copy
import os
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, quote, urlencode, urlsplit

import pytest
import yaml
from playwright.sync_api import Browser, BrowserContext, Frame, Page, Request, Route
from playwright.sync_api import TimeoutError as PlaywrightTimeout

from policy_graph.corpus import Corpus, load_corpus
from policy_graph.graph import build_graph
from policy_graph.query import Filters, filter_practices
from policy_graph.viz import render_html
from tests.browser_support import free_port, open_app, wait_idle

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.browser

PAYLOADS = [
    "<script>window.__pwned=1</script>",
    '<img src=x onerror="window.__pwned=2">',
    "[click](javascript:window.__pwned=3)",
    '<a href="javascript:window.__pwned=4">a</a>',
    "![x](https://evil.example/p.png)",
    '<svg onload="window.__pwned=5">',
    '"><iframe srcdoc="<script>parent.__pwned=6</script>">',
]
HOSTILE = " ".join(PAYLOADS)
# Raw HTML before a Markdown payload can hide it from a Markdown parser; this order
# puts the Markdown ones first, so both kinds get their chance.
MARKDOWN_FIRST = " ".join(PAYLOADS[i] for i in (4, 2, 0, 1, 3, 5, 6))
POLICY = "wework-space-services"
TITLE = f"WeWork Space Services {MARKDOWN_FIRST}"
GLOSS = f"Payment gloss {MARKDOWN_FIRST}"
NOTEBOOK = f"Hostile {PAYLOADS[4]} {PAYLOADS[2]} {PAYLOADS[0]}"  # at most 120 characters
CELL_TITLE = " ".join(PAYLOADS[:4])
BULLET = ("\n  • Betalingsopplysninger {} for å behandle en økonomisk transaksjon du har bedt om "
          "(for å oppfylle kontraktsforpliktelsene våre til deg).\n")
WORD_JOINER = "\u2060"  # what escaping puts into web addresses so they are not linked

# Scanned in every frame: what ran, what the payloads' markup would have built.
SCAN = """() => ({
  pwned: window.__pwned === undefined ? null : String(window.__pwned),
  javascript: Array.from(document.querySelectorAll('[href], [src]'))
      .map(e => e.getAttribute('href') || e.getAttribute('src'))
      .filter(h => /^\\s*javascript:/i.test(h)),
  built: Array.from(document.querySelectorAll(
      'img[onerror], svg[onload], [onload*="pwned"], [onerror*="pwned"], iframe[srcdoc^="<script>parent"], '
      + 'img[src*="evil.example"]')).map(e => e.outerHTML.slice(0, 120)),
  // A note is Markdown, so its link to https://evil.example is a link; nowhere else.
  linked: Array.from(document.querySelectorAll('a[href]'))
      .filter(a => new URL(a.href, location.href).hostname === 'evil.example')
      .filter(a => !a.closest('.st-key-cell-note, section.note')).map(a => a.outerHTML.slice(0, 120)),
  text: document.body ? document.body.innerText + '\\n' + Array.from(
      document.querySelectorAll('input, textarea')).map(e => e.value).join('\\n') : '',
})"""


# --- the hostile data directory -------------------------------------------------------

def plant(data: Path) -> None:
    """Payloads in a policy text, its review glosses, its title and an example notebook."""
    folder = data / "policies" / POLICY
    text = (folder / "nb.txt").read_text(encoding="utf-8")
    anchor = "oppbevarer i tjenestene.\n"  # the end of the clients' list of bullets
    assert anchor in text
    bullets = "".join(BULLET.format(p) for p in [*PAYLOADS, HOSTILE])
    (folder / "nb.txt").write_text(text.replace(anchor, anchor + bullets, 1), encoding="utf-8")
    review = yaml.safe_load((folder / "nb.review.yaml").read_text(encoding="utf-8"))
    glosses = {"s1.1": f"Contact gloss {HOSTILE}", "s1.2": GLOSS}
    for clause in review["clauses"]:
        clause["gloss"] = glosses.get(clause["clause"], clause["gloss"])
    # The first hostile bullet is reviewed too: its text and its gloss on one card.
    payment = next(c for c in review["clauses"] if c["clause"] == "s1.2")
    review["clauses"].append({**copy.deepcopy(payment), "clause": "s1.4"})
    _dump(folder / "nb.review.yaml", review)
    meta = yaml.safe_load((folder / "policy.yaml").read_text(encoding="utf-8"))
    meta["titles"] = {lang: TITLE for lang in meta["titles"]}
    _dump(folder / "policy.yaml", meta)
    note = "## Note " + PAYLOADS[2] + "\n\n" + "\n\n".join(PAYLOADS) + "\n\nInline: " + HOSTILE + "\n"
    _dump(data / "notebooks" / "hostile.yaml", {
        "name": NOTEBOOK, "description": f"Description {MARKDOWN_FIRST}",
        "cells": [
            {"id": "note", "type": "note", "title": CELL_TITLE, "text": note},
            {"id": "search", "type": "search", "params": {"q": PAYLOADS[1]}},
            {"id": "ask", "type": "question",
             "params": {"q": f"What do you use my payment information for? {PAYLOADS[0]}"}},
            {"id": "graph", "type": "graph", "params": {"policy": POLICY}},
        ]})


def _dump(path: Path, data: object) -> None:
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


@pytest.fixture(scope="module")
def hostile_data(tmp_path_factory: pytest.TempPathFactory) -> Path:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data", data)
    plant(data)
    return data


@pytest.fixture(scope="module")
def hostile_corpus(hostile_data: Path) -> Corpus:
    return load_corpus(hostile_data)  # also fills the run's read cache the servers use


def _start(env: dict[str, str], log: Path) -> tuple[subprocess.Popen[bytes], str]:
    """``streamlit run`` the app on a free port (as ``browser_support.serve`` does)."""
    port = free_port()
    with log.open("wb") as out:  # a file, not a pipe: a chatty server never blocks
        proc = subprocess.Popen(
            [sys.executable, "-m", "streamlit", "run", "app.py", "--server.headless", "true",
             "--server.port", str(port), "--server.address", "127.0.0.1",
             "--browser.gatherUsageStats", "false"],
            cwd=ROOT, env={**os.environ, **env}, stdout=out, stderr=subprocess.STDOUT)
    return proc, f"http://127.0.0.1:{port}"


def _ready(proc: subprocess.Popen[bytes], base: str, log: Path) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{base}/_stcore/health", timeout=2) as r:
                if r.read() == b"ok":
                    return
        except OSError:
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"streamlit did not start:\n{log.read_text(errors='replace')}")
        time.sleep(0.2)


@pytest.fixture(scope="module")
def servers(hostile_data: Path, tmp_path_factory: pytest.TempPathFactory,
            request: pytest.FixtureRequest) -> Iterator[dict[str, str]]:
    """A staff and a member server on the hostile data, started side by side."""
    tmp = tmp_path_factory.mktemp("servers")
    data = {"POLICY_GRAPH_DATA": str(hostile_data)}
    envs = {"staff": {**data, "POLICY_GRAPH_DB": f"sqlite:///{tmp / 'notebooks.db'}",
                      "POLICY_GRAPH_REVIEW_DB": f"sqlite:///{tmp / 'review.db'}"},
            "member": {**data, "POLICY_GRAPH_MODE": "member", "POLICY_GRAPH_CONTACT": PAYLOADS[3],
                       "POLICY_GRAPH_DB": f"sqlite:///{tmp / 'member.db'}"}}
    started = {mode: _start(env, tmp / f"{mode}.log") for mode, env in envs.items()}
    try:
        request.getfixturevalue("hostile_corpus")  # read while the servers start
        for mode, (proc, base) in started.items():
            _ready(proc, base, tmp / f"{mode}.log")
        yield {mode: base for mode, (_, base) in started.items()}
    finally:
        for proc, _ in started.values():
            proc.terminate()
        for proc, _ in started.values():
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def staff(servers: dict[str, str]) -> str:
    return servers["staff"]


@pytest.fixture(scope="module")
def member(servers: dict[str, str]) -> str:
    return servers["member"]


def test_the_payloads_reach_the_data(hostile_corpus: Corpus) -> None:
    """The planted clauses are read as practices, so every page has them to show."""
    corpus = hostile_corpus
    assert not corpus.errors
    hostile = [p for p in corpus.practices
               if p.policy == POLICY and ("pwned" in p.quote or "evil.example" in p.quote)]
    assert {p.data_category for p in hostile} == {"payment-info"}
    assert {p.quote.split(" ", 1)[1].rsplit(" for å", 1)[0] for p in hostile} == {*PAYLOADS, HOSTILE}
    assert {p.clause_id for p in corpus.practices if p.gloss == GLOSS} == {"s1.2", "s1.4"}
    assert corpus.policies[POLICY].titles["en"] == TITLE


# --- watching a browser context --------------------------------------------------------

@dataclass
class Watched:
    """A browser context whose every outside request is blocked and recorded."""

    context: BrowserContext
    page: Page
    outside: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def shared(browser: Browser) -> Iterator[Watched]:
    """One context for the module, so Streamlit's scripts are fetched and compiled once."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    w = Watched(context, context.new_page())

    def guard(route: Route, request: Request) -> None:
        if request.url.startswith(("http://127.0.0.1", "data:", "blob:", "about:")):
            route.continue_()
        else:
            w.outside.append(request.url)
            route.abort()

    context.route("**/*", guard)
    context.on("dialog", lambda d: (w.dialogs.append(d.message), d.dismiss()))
    yield w
    context.close()


@pytest.fixture
def watched(shared: Watched, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Watched]:
    """A fresh page (and fresh records) in the shared context for each test."""
    logs = sorted(tmp_path_factory.getbasetemp().glob("servers*/*.log"))
    seen = {log: log.stat().st_size for log in logs}
    for page in shared.context.pages:
        page.close()
    shared.page = shared.context.new_page()
    shared.outside.clear()
    shared.dialogs.clear()
    yield shared
    for log, size in seen.items():  # what the servers said meanwhile (shown if the test fails)
        with log.open("rb") as handle:
            handle.seek(size)
            print(f"--- {log.name}\n{handle.read().decode(errors='replace')[-3000:]}")


def assert_inert(w: Watched, *expected: str) -> None:
    """Nothing ran or was built in any frame of any page, nothing went out, and
    each ``expected`` text is on screen (in some frame) as text."""
    w.page.wait_for_timeout(150)  # an onerror or onload would have fired by now
    shown = []
    for page in w.context.pages:
        for frame in page.frames:
            if frame.is_detached():  # replaced by a rerun since it was listed
                continue
            found = frame.evaluate(SCAN)
            where = f"{page.url[:80]} / frame {frame.url[:40]}"
            assert found["pwned"] is None, f"a payload ran in {where}: {found['pwned']}"
            assert found["javascript"] == [], f"javascript: link in {where}"
            assert found["built"] == [], f"markup from the payloads in {where}"
            assert found["linked"] == [], f"a link made from data text in {where}"
            shown.append(flat(found["text"]))
    assert w.dialogs == [], f"a dialog opened: {w.dialogs}"
    assert w.outside == [], f"requests to the outside: {w.outside}"  # evil.example among them
    text = "\n".join(shown)
    missing = [e for e in expected if flat(e) not in text]
    assert not missing, f"not shown as text: {missing}"


def flat(text: str) -> str:
    """Text as read: escaping's invisible word joiners gone, wrapped lines joined."""
    return " ".join(text.replace(WORD_JOINER, "").split())


def _pick(page: Page, key: str, typed: str, option: str) -> None:
    """Choose ``option`` in the selectbox with widget key ``key`` by typing (once
    more if the list did not show it: a page still drawing can swallow the typing)."""
    wait_idle(page)
    for attempt in (1, 2):
        box = page.locator(f".st-key-{key} input")
        box.click()
        box.fill(typed)
        choice = page.get_by_role("option", name=option).first
        try:
            choice.wait_for(timeout=5_000)
        except PlaywrightTimeout:
            if attempt == 2:
                raise
            page.keyboard.press("Escape")
            wait_idle(page)
            continue
        choice.click()
        break
    wait_idle(page)


def _expand_all(page: Page) -> None:
    """Open every folded expander (one script: clicking each through Playwright is slow)."""
    page.evaluate("document.querySelectorAll('[data-testid=stExpander] details:not([open]) > summary')"
                  ".forEach(summary => summary.click())")
    wait_idle(page)


# --- the graph iframe ------------------------------------------------------------------

NODE_AT = """label => {
  const node = network.body.data.nodes.get().find(n => n.label === label);
  const p = network.canvasToDOM(network.getPositions([node.id])[node.id]);
  return {id: node.id, x: p.x, y: p.y};
}"""
EDGE_AT = """([from, word]) => {
  const edge = network.body.data.edges.get().find(e => e.from === from && e.title.includes(word));
  const pos = network.getPositions([edge.from, edge.to]);
  const a = network.canvasToDOM(pos[edge.from]), b = network.canvasToDOM(pos[edge.to]);
  return {x: a.x + (b.x - a.x) * 0.5, y: a.y + (b.y - a.y) * 0.5};
}"""


def _graph(page: Page) -> tuple[Frame, dict[str, float]]:
    """The graph's frame (drawn) and where that frame sits on the page."""
    handle = page.wait_for_selector("iframe[data-testid='stIFrame']", timeout=30_000)
    frame = handle.content_frame()
    box = handle.bounding_box()
    assert frame is not None and box is not None
    frame.wait_for_function("typeof network !== 'undefined' && network.body.data.nodes.length > 0",
                            timeout=30_000)
    return frame, box


TOOLTIP = """word => {
  const tip = document.querySelector('div.vis-tooltip');
  return tip && tip.style.visibility !== 'hidden' && tip.innerText.includes(word) && tip.innerText;
}"""


def hover_tooltips(page: Page, frame: Frame, box: dict[str, float]) -> tuple[str, str]:
    """Hover the payment node, then its edge to the purpose; the two tooltips' text."""
    node = frame.evaluate(NODE_AT, "Payment information")
    edge = frame.evaluate(EDGE_AT, [node["id"], "Payment gloss"])
    texts = []
    for point, heading in ((node, "Payment information (data category)"),
                           (edge, "Payment information →")):
        page.mouse.move(box["x"] + point["x"], box["y"] + point["y"])
        page.wait_for_timeout(200)  # vis waits tooltipDelay before it shows the title
        texts.append(str(frame.wait_for_function(TOOLTIP, arg=heading, timeout=5_000).json_value()))
    return texts[0], texts[1]


def load_html(w: Watched, html: str) -> Page:
    """A page of its own in the watched context holding ``html``."""
    page = w.context.new_page()
    page.set_content(html)
    return page


@pytest.mark.parametrize(("html", "caught"), [
    (HOSTILE, "a payload ran"),
    ('<a href=" JavaScript:void(0)">a</a>', "javascript: link"),
    ('<img src="https://evil.example/p.png">', "markup from the payloads"),
    ('<a href="https://evil.example/">x</a>', "a link made from data text"),
    ("<p>[click](javascript:x)</p>", "not shown as text"),
    ("<script>confirm('x')</script>", "a dialog opened"),
    ('<link rel="stylesheet" href="https://evil.example/s.css">', "requests to the outside"),
])
def test_the_checks_catch_what_they_look_for(watched: Watched, html: str, caught: str) -> None:
    """Unescaped payloads in a bare page: each check fails where it should."""
    load_html(watched, html)
    with pytest.raises(AssertionError, match=caught):
        assert_inert(watched, PAYLOADS[2])


# --- the staff pages -------------------------------------------------------------------

def test_notebook_start_page_and_the_hostile_notebook_and_its_export(
        staff: str, watched: Watched) -> None:
    page = watched.page
    open_app(page, f"{staff}/")
    page.get_by_role("heading", name="Policy Graph notebooks").wait_for()
    assert_inert(watched, NOTEBOOK)

    page.get_by_role("link", name="Hostile").click()
    page.get_by_text("is an example notebook, so it is locked").wait_for(timeout=15_000)
    assert parse_qs(urlsplit(page.url).query)["nb"] == [NOTEBOOK]  # the link holds the name
    page.locator("iframe[data-testid='stIFrame']").wait_for(timeout=30_000)  # the graph cell
    wait_idle(page)
    note_html = [p for i, p in enumerate(PAYLOADS) if i not in (2, 4)]  # shown as written
    assert_inert(watched, NOTEBOOK, f"Description {MARKDOWN_FIRST}", CELL_TITLE, *note_html,
                 f"Betalingsopplysninger {HOSTILE} for å", GLOSS)
    note = page.locator(".st-key-cell-note")
    assert note.get_by_text("click", exact=True).count() >= 1  # the js link: its text only
    assert note.locator("img").count() == 0  # the image: not loaded, its link shown instead

    with page.expect_download() as info:
        page.get_by_role("button", name="Export HTML").click()
    exported = Path(info.value.path()).read_text(encoding="utf-8")
    shown = load_html(watched, exported)
    assert shown.title() == NOTEBOOK
    assert_inert(watched, NOTEBOOK, f"Description {MARKDOWN_FIRST}", CELL_TITLE,
                 f"Betalingsopplysninger {HOSTILE} for å", GLOSS, *note_html)
    shown.close()

    # Deleted, the name is in the undo offer and in the Trash, as text.
    page.get_by_role("button", name="Delete").click()
    page.get_by_role("button", name="Yes, delete it").click()
    page.get_by_text("Deleted the notebook").wait_for(timeout=15_000)
    wait_idle(page)
    page.get_by_role("button", name="Trash").click()
    page.get_by_role("button", name="Restore").first.wait_for()
    assert_inert(watched, f"Deleted the notebook “{NOTEBOOK}”.", f"📓 {NOTEBOOK}")


def test_explore_graph_hover_and_inspector(staff: str, watched: Watched) -> None:
    page = watched.page
    open_app(page, f"{staff}/explore?policy={POLICY}")
    frame, box = _graph(page)
    node_tip, edge_tip = hover_tooltips(page, frame, box)
    assert PAYLOADS[0] in flat(node_tip) and PAYLOADS[6] in flat(node_tip)  # clauses, as text
    assert "Payment gloss" in edge_tip and PAYLOADS[4] in flat(edge_tip)  # the gloss too
    _pick(page, "explore-inspect", "Payment information (data", "● Payment information (data category)")
    page.get_by_text("clause(s) — the matched words are highlighted").wait_for(timeout=15_000)
    assert "inspect=node" in page.url
    assert_inert(watched, TITLE, *(f"Betalingsopplysninger {p} for å" for p in [*PAYLOADS, HOSTILE]),
                 f"EN: {GLOSS}")


def test_exported_graph_html(hostile_corpus: Corpus, watched: Watched) -> None:
    corpus = hostile_corpus
    chosen = filter_practices(corpus.practices, Filters(policy=POLICY))
    page = load_html(watched, render_html(build_graph(chosen, corpus.taxonomy, "en"), corpus.by_id))
    page.wait_for_function("typeof network !== 'undefined' && network.body.data.nodes.length > 0")
    node_tip, edge_tip = hover_tooltips(page, page.main_frame, {"x": 0, "y": 0})
    assert PAYLOADS[0] in flat(node_tip) and PAYLOADS[4] in flat(edge_tip)
    assert_inert(watched)


def test_about_me_with_hostile_clauses_glosses_and_link(staff: str, watched: Watched) -> None:
    page = watched.page
    # An unknown language in the link is named as text, and English is shown.
    link = urlencode({"lang": PAYLOADS[0], "product": POLICY, "role": "clients-visitors-end-users"})
    open_app(page, f"{staff}/about-me?{link}")
    page.locator(".st-key-about-card-payment-info").wait_for()
    _expand_all(page)
    assert_inert(watched, PAYLOADS[0], f"Betalingsopplysninger {HOSTILE} for å", GLOSS)


def test_compare_versions_and_policies(staff: str, watched: Watched) -> None:
    page = watched.page
    open_app(page, f"{staff}/compare?mode=versions&policy={POLICY}")
    page.get_by_text("has only one language version").wait_for()
    assert_inert(watched, f"“{TITLE}” has only one language version")
    # A link's unknown value is named (as text) and the default taken: this policy's nb.
    open_app(page, f"{staff}/compare?{urlencode({'mode': 'policies', 'a': PAYLOADS[3]})}")
    _pick(page, "compare-cmp-row", "Payment information", "Payment information → Process your payments")
    page.get_by_text("A: WeWork Space Services").first.wait_for(timeout=15_000)
    assert_inert(watched, PAYLOADS[3][:37], f"A: {TITLE}", f"Betalingsopplysninger {HOSTILE} for å",
                 f"EN: {GLOSS}")


def test_search_in_the_link_and_typed(staff: str, watched: Watched) -> None:
    page = watched.page
    open_app(page, f"{staff}/search?q={quote(PAYLOADS[1])}")
    page.get_by_text("clause(s)").first.wait_for()
    assert_inert(watched, PAYLOADS[1], f"Betalingsopplysninger {HOSTILE} for å", f"EN: {GLOSS}")
    box = page.locator(".st-key-search-q input")
    box.fill(HOSTILE[:200])
    box.press("Enter")
    page.wait_for_url(lambda url: "svg" in url, timeout=15_000)
    wait_idle(page)
    assert_inert(watched, HOSTILE[:200], f"Betalingsopplysninger {HOSTILE} for å")


def test_ask_in_the_link_and_typed(staff: str, watched: Watched) -> None:
    page = watched.page
    question = f"What do you use my payment information for? {PAYLOADS[1]}"
    open_app(page, f"{staff}/ask?q={quote(question)}")
    page.get_by_text("Payment information:").first.wait_for()
    assert_inert(watched, question, f"Betalingsopplysninger {HOSTILE} for å", f"EN: {GLOSS}")
    box = page.locator(".st-key-ask-q input")
    box.fill(PAYLOADS[6])
    box.press("Enter")
    page.get_by_text("The policies do not answer this question").wait_for(timeout=15_000)
    wait_idle(page)
    assert_inert(watched, PAYLOADS[6], f"Betalingsopplysninger {HOSTILE} for å")  # the nearest


def test_add_page_upload_and_preview(staff: str, watched: Watched, hostile_data: Path) -> None:
    page = watched.page
    before = sorted(p.name for p in (hostile_data / "policies").rglob("*"))
    danish = (ROOT / "tests" / "fixtures" / "languages" / "da.txt").read_text(encoding="utf-8")
    anchor = "(generelt for at opfylde vores kontraktlige forpligtelser over for dig); og\n"
    assert anchor in danish
    hostile_text = danish.replace(anchor, anchor.replace("; og", ";") + "• Betalingsoplysninger "
                                  f"{HOSTILE} til at gennemføre en finansiel transaktion; og\n", 1)
    name = f"{PAYLOADS[1]}{PAYLOADS[2]}.txt"
    open_app(page, f"{staff}/add")
    page.locator("input[type='file']").set_input_files(
        files=[{"name": name, "mimeType": "text/plain", "buffer": hostile_text.encode("utf-8")}])
    chip = page.locator("[data-testid='stFileChipName']").first
    chip.wait_for()  # the name, cut in the middle, and whole in its tooltip
    assert chip.get_attribute("title") == name and chip.inner_text().startswith(PAYLOADS[1][:7])
    wait_idle(page)
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("Preview: wework/da").wait_for(timeout=30_000)
    wait_idle(page)
    assert_inert(watched)
    page.wait_for_function(  # the clause table's cells (drawn on a canvas, listed for readers)
        "t => Array.from(document.querySelectorAll('[data-testid=stDataFrame] table'))"
        ".some(x => x.textContent.includes(t))", arg=f"Betalingsoplysninger {PAYLOADS[0]} {PAYLOADS[1]}")

    junk = f"{PAYLOADS[0]} {PAYLOADS[3]} This is a note about the weather, nothing else at all."
    bad_name = f"![x](https:evil.example) {PAYLOADS[5]}.txt"  # a file name has no '/'
    page.locator("input[type='file']").set_input_files(
        files=[{"name": bad_name, "mimeType": "text/plain", "buffer": junk.encode("utf-8")}])
    page.locator(f"[data-testid='stFileChipName'][title='{bad_name}']").wait_for()
    wait_idle(page)
    page.get_by_role("button", name="Preview").click()
    page.get_by_text("no recognisable structure").wait_for(timeout=30_000)
    sent = bad_name.replace('"', "%22")  # how Chromium writes a '"' in a form's file name
    assert_inert(watched, f"{sent}: no recognisable structure")
    assert sorted(p.name for p in (hostile_data / "policies").rglob("*")) == before  # nothing saved


def test_review_page(staff: str, watched: Watched) -> None:
    if not (ROOT / "ui" / "pages" / "review.py").exists():
        pytest.skip("ui/pages/review.py does not exist yet: the Review page was not checked")
    page = watched.page
    open_app(page, f"{staff}/review?policy={POLICY}&lang=nb&clause=s1.4")
    page.get_by_role("tab", name="Clauses").click()
    wait_idle(page)
    assert_inert(watched, TITLE, f"Betalingsopplysninger {PAYLOADS[0]} for å", f"EN: {GLOSS}")


# --- member mode -----------------------------------------------------------------------

def test_member_page_with_hostile_clauses_link_and_contact(member: str, watched: Watched) -> None:
    page = watched.page
    # An unknown role in the link is named as text; the first role (the clients) is shown.
    open_app(page, f"{member}/?{urlencode({'lang': 'en', 'product': POLICY, 'role': PAYLOADS[4]})}")
    page.locator(".st-key-about-card-payment-info").wait_for()
    _expand_all(page)
    assert_inert(watched, f"The link asked for {PAYLOADS[4]}, which is not available here",
                 f"Betalingsopplysninger {HOSTILE} for å", GLOSS, PAYLOADS[3])  # 3: the contact
