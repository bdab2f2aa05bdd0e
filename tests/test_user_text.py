"""User and policy text is shown as text: a query, a question, a notebook's name or
description, a policy id typed on the Add page, a policy title or a quote in a data
file never becomes an image, a link or HTML — in AppTest (the Markdown each element
is given, rendered by a CommonMark renderer) and in a real browser."""

from __future__ import annotations

import html
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote, urlparse

import pytest
from markdown_it import MarkdownIt
from playwright.sync_api import Page
from streamlit.testing.v1 import AppTest

from policy_graph.markup import WORD_JOINER, escape_markdown
from policy_graph.notebook import Notebook
from policy_graph.store import NotebookStore
from tests.browser_support import open_app, serve

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
HOSTILE = "![x](https://evil.example/a.png) [link](javascript:alert(1)) <b>b</b>"
RENDER = MarkdownIt("commonmark").enable(["table", "strikethrough"])


def _page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def _shown(at: AppTest) -> list[str]:
    """The Markdown source of every element that renders Markdown."""
    kinds = (at.markdown, at.caption, at.info, at.warning, at.error, at.success, at.title,
             at.subheader, at.header)
    return [str(e.value) for kind in kinds for e in kind]


def _visible(markdown: str) -> str:
    """What a reader sees of some Markdown: rendered, tags dropped, entities read
    (and the invisible word joiners that keep web addresses from becoming links)."""
    shown = html.unescape(re.sub(r"<[^>]+>", "", RENDER.render(markdown)))
    return shown.replace(WORD_JOINER, "")


def assert_literal(at: AppTest, text: str = HOSTILE) -> None:
    """Some element shows ``text`` word for word, and no element makes an image or
    a link or lets HTML through."""
    assert not at.exception, at.exception
    shown = _shown(at)
    rendered = [RENDER.render(s) for s in shown]
    assert not [r for r in rendered if "<img" in r or "<a " in r or "<b>" in r], rendered
    assert any(text in _visible(s) for s in shown), shown


def test_the_escaping_helper_keeps_every_character() -> None:
    assert _visible(escape_markdown(HOSTILE)).strip() == HOSTILE
    assert "<img" not in RENDER.render(escape_markdown(HOSTILE))


def test_search_says_no_clause_matches_the_query_as_text() -> None:
    at = _page("ui/pages/search.py", q=HOSTILE)
    assert any("No clause matches" in i.value for i in at.info)
    assert_literal(at, f"No clause matches “{HOSTILE[:57]}…”")  # long queries are cut


def test_ask_shows_the_question_and_its_answer_as_text() -> None:
    at = _page("ui/pages/ask.py", q=f"Do you sell {HOSTILE}?")
    assert at.warning or at.info  # "the policies do not mention …" or "do not answer"
    rendered = [RENDER.render(s) for s in _shown(at)]
    assert not at.exception and not [r for r in rendered if "<img" in r or "<a " in r], rendered
    assert at.text_input(key="ask-q").value == f"Do you sell {HOSTILE}?"


def test_notebook_name_and_description_are_text(private_notebook_db: Path) -> None:
    NotebookStore(f"sqlite:///{private_notebook_db}").save(
        Notebook(name=HOSTILE, description=f"About {HOSTILE}").add("note", text="x"))
    at = _page("ui/pages/notebook.py", nb=HOSTILE)
    assert any(c.value == escape_markdown(f"About {HOSTILE}") for c in at.caption)
    assert_literal(at, f"About {HOSTILE}")
    assert_literal(at, f"Delete “{HOSTILE}”?")


def test_a_policy_id_typed_on_the_add_page_is_text() -> None:
    at = _page("ui/pages/add.py")
    at.radio(key="add-source").set_value("Paste text").run()
    at.text_area(key="add-text").set_value("Everyone. We use your payment information.").run()
    at.selectbox(key="add-policy").set_value("＋ New policy…").run()
    at.text_input(key="add-new-id").set_value(HOSTILE).run()
    at.button(key="add-preview").click().run()
    assert any("use lower-case letters" in _visible(e.value) for e in at.error)
    assert_literal(at, f"policy id '{HOSTILE}'")


@pytest.fixture
def hostile_data(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Data whose review quotes and policy title carry Markdown."""
    review = data_copy / "policies/wework/vi.review.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("made-by-we-market: Made by We Market",
                                   f"made-by-we-market: '{HOSTILE}'", 1), encoding="utf-8")
    meta = data_copy / "policies/wework-space-services/policy.yaml"
    text = meta.read_text(encoding="utf-8")
    meta.write_text(text.replace("en: WeWork Space Services Privacy Policy Supplement",
                                 f"en: '{HOSTILE}'", 1), encoding="utf-8")
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    return data_copy


def test_a_load_error_and_a_policy_title_from_the_data_are_text(hostile_data: Path) -> None:
    at = _page("ui/pages/compare.py", mode="versions", policy="wework-space-services")
    assert any("quote not found" in e.value for e in at.error)
    assert_literal(at, f"quote not found in the source text (got '{HOSTILE}')")
    assert_literal(at, f"“{HOSTILE}” has only one language version")


# --- in a real browser: Streamlit's own Markdown renderer ---------------------------


@pytest.fixture(scope="module")
def hostile_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data", data)
    review = data / "policies/wework/vi.review.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("made-by-we-market: Made by We Market",
                                   f"made-by-we-market: '{HOSTILE}'", 1), encoding="utf-8")
    db = tmp_path_factory.mktemp("db") / "notebooks.db"
    yield from serve({"POLICY_GRAPH_DB": f"sqlite:///{db}", "POLICY_GRAPH_DATA": str(data)})


@pytest.mark.browser
def test_in_the_browser_no_image_or_link_is_made(hostile_server: str, page: Page) -> None:
    open_app(page, f"{hostile_server}/search?q={quote(HOSTILE)}")
    page.get_by_text("No clause matches").wait_for(timeout=30_000)
    page.get_by_text("quote not found in the source text").first.wait_for(timeout=30_000)
    main = page.locator("[data-testid='stMain']").first
    assert main.locator("img[src*='evil'], a[href*='evil'], a[href^='javascript']").count() == 0
    assert main.locator("b", has_text="b").count() == 0
    shown = main.inner_text().replace(WORD_JOINER, "")
    assert f"No clause matches “{HOSTILE[:57]}…”" in shown
    assert f"(got '{HOSTILE}')" in shown
    blocked = page.blocked  # type: ignore[attr-defined]  # requests off this machine
    assert not [u for u in blocked if urlparse(u).hostname == "evil.example"], blocked
