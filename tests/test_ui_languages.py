"""The staff pages' interface language: every key the pages use exists in English
and in every language, translations keep English's placeholders, and each staff
page renders in another language (AppTest; a real browser for the locale default)."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect
from streamlit.testing.v1 import AppTest

from policy_graph.models import PRACTICE_SOURCES
from policy_graph.notebook import CELL_TYPES
from policy_graph.search import FIELD_WEIGHT
from policy_graph.taxonomy import DEFAULT_DATA_DIR, Taxonomy, load_taxonomy
from policy_graph.ui_text import UiStrings, ui_strings
from policy_graph.viz import KIND_COLOURS
from tests.browser_support import open_app
from tests.test_app import APP
from ui.views import COMPARE_MODES, STATUS_ICON

ROOT = Path(__file__).resolve().parents[1]
# The files whose strings this suite covers (About-me, Review and the quiz have their own tests).
SOURCES = ["app.py", "ui/common.py", "ui/views.py",
           *(f"ui/pages/{name}.py" for name in ("explore", "compare", "search", "ask", "add",
                                                 "notebook"))]
PREFIXES = ("nav", "common", "explore", "compare", "search", "ask", "add", "notebook", "about",
            "review", "quiz")
_PREFIX = "|".join(PREFIXES)
LITERAL_KEY = re.compile(rf"""["']((?:{_PREFIX})\.[A-Za-z0-9_.]*[A-Za-z0-9_])["']""")
# Keys built at run time: an f-string ("common.kind.{kind}") or a concatenation.
BUILT_KEY = re.compile(rf"""f["']((?:{_PREFIX})\.[A-Za-z0-9_.]*)\{{"""
                       rf"""|["']((?:{_PREFIX})\.[A-Za-z0-9_.]*)["']\s*\+""")
SOURCES_OF_PRACTICES = PRACTICE_SOURCES
# Every value each built key can take, from the code that builds it.
BUILT_VALUES: dict[str, tuple[str, ...]] = {
    "common.kind.": tuple(KIND_COLOURS),
    "common.badge.": SOURCES_OF_PRACTICES,
    "review.source.": SOURCES_OF_PRACTICES,
    "compare.mode.": COMPARE_MODES,
    "compare.need_": tuple(m for m in COMPARE_MODES if m in ("products", "audiences")),
    "compare.status.": (*STATUS_ICON, "other_basis"),
    "compare.cells.": ("products", "audiences", "bases"),
    "notebook.cell.": tuple(CELL_TYPES),
    "search.field.": tuple(FIELD_WEIGHT),
}
STAFF_PAGES = ["ui/pages/notebook.py", "ui/pages/explore.py", "ui/pages/about_me.py",
               "ui/pages/compare.py", "ui/pages/review.py", "ui/pages/search.py",
               "ui/pages/ask.py", "ui/pages/add.py"]
# A string each page shows in the interface language (None: only the sidebar's label).
PAGE_TITLE = {"ui/pages/notebook.py": "notebook.title", "ui/pages/explore.py": "explore.title",
              "ui/pages/about_me.py": "about.title", "ui/pages/compare.py": "compare.title",
              "ui/pages/review.py": None, "ui/pages/search.py": "search.title",
              "ui/pages/ask.py": "ask.title", "ui/pages/add.py": "add.title"}


@pytest.fixture(scope="module")
def taxonomy() -> Taxonomy:
    return load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")


@pytest.fixture(scope="module")
def texts(taxonomy: Taxonomy) -> UiStrings:
    return ui_strings(taxonomy)


def used_keys() -> set[str]:
    """Every interface key the staff pages' code names, built keys expanded."""
    keys: set[str] = set()
    for name in SOURCES:
        code = (ROOT / name).read_text(encoding="utf-8")
        keys |= set(LITERAL_KEY.findall(code))
        for found in BUILT_KEY.findall(code):
            prefix = found[0] or found[1]
            assert prefix in BUILT_VALUES, f"{name}: a key built from {prefix!r} has no test values"
            keys |= {prefix + value for value in BUILT_VALUES[prefix]}
    return keys


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}


def test_the_scan_finds_the_keys_of_every_page() -> None:
    keys = used_keys()
    for prefix in ("nav.", "common.", "explore.", "compare.", "search.", "ask.", "add.",
                   "notebook."):
        assert sum(k.startswith(prefix) for k in keys) >= 5, prefix
    assert {"common.kind.legal_basis", "notebook.cell.quiz", "compare.mode.audiences"} <= keys


def test_every_key_the_pages_use_exists_in_english(taxonomy: Taxonomy) -> None:
    english = taxonomy.language_files["en"].ui
    assert sorted(k for k in used_keys() if k not in english) == []


def test_every_language_has_every_key(taxonomy: Taxonomy) -> None:
    keys = used_keys()
    assert len(taxonomy.language_files) == 22
    missing = {code: sorted(keys - set(lang.ui)) for code, lang in taxonomy.language_files.items()}
    assert {code: ks for code, ks in missing.items() if ks} == {}
    # ... and `policy-graph validate` reports none of them missing.
    for code in taxonomy.language_files:
        assert not set(taxonomy.missing(code)["ui"]) & keys, code


def test_translations_keep_the_english_placeholders(taxonomy: Taxonomy) -> None:
    english = taxonomy.language_files["en"].ui
    wrong = [(code, key, text) for code, lang in taxonomy.language_files.items()
             for key, text in lang.ui.items()
             if key in english and placeholders(text) != placeholders(english[key])]
    assert wrong == []


def test_translations_are_not_english_left_in_place(taxonomy: Taxonomy) -> None:
    # Short words (Quiz, Markdown, Status) may rightly be the same; whole sentences may not.
    english = taxonomy.language_files["en"].ui
    keys = used_keys()
    same = [(code, key) for code, lang in taxonomy.language_files.items() if code != "en"
            for key in keys if len(english[key]) > 40 and lang.ui.get(key) == english[key]]
    assert same == []


def staff_page(page: str, **params: str) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=90)
    at.run()
    at.switch_page(page)
    for key, value in params.items():
        at.query_params[key] = value
    return at.run()


def everything_shown(at: AppTest) -> str:
    """The text of the page's titles, markdown, captions, messages and widget labels."""
    parts = [str(e.value) for kind in ("title", "header", "subheader", "markdown", "caption",
                                        "info", "warning", "success") for e in at.get(kind)]
    parts += [str(getattr(w, "label", "")) for kind in ("selectbox", "text_input", "radio",
                                                          "button", "metric") for w in at.get(kind)]
    return "\n".join(parts)


@pytest.mark.parametrize("lang", ["nb", "vi", "ar"])
@pytest.mark.parametrize("page", STAFF_PAGES)
def test_every_staff_page_renders_in_another_language(page: str, lang: str,
                                                      texts: UiStrings) -> None:
    at = staff_page(page, ui=lang)
    assert not at.exception, at.exception
    assert not at.error, [e.value for e in at.error]
    picker = at.sidebar.selectbox(key="ui-lang")
    assert picker.value == lang
    assert picker.label == texts.get("common.ui_language", lang) != texts.get(
        "common.ui_language", "en")
    title = PAGE_TITLE[page]
    if title is not None:
        translated, english = texts.get(title, lang), texts.get(title, "en")
        assert translated != english
        shown = everything_shown(at)
        assert translated in shown and english not in shown
    assert at.query_params["ui"] in (lang, [lang])


def test_english_is_the_default_without_a_parameter_or_a_locale(texts: UiStrings) -> None:
    at = staff_page("ui/pages/explore.py")
    assert not at.exception
    assert at.sidebar.selectbox(key="ui-lang").value == "en"
    assert texts.get("explore.title", "en") in everything_shown(at)
    assert "ui" not in at.query_params  # a default is not written into the link


def test_values_are_filled_into_the_translation(texts: UiStrings) -> None:
    at = staff_page("ui/pages/explore.py", ui="nb")
    captions = " ".join(c.value for c in at.caption)
    counts = texts.get("explore.counts", "nb", practices="152", concepts="", clauses="")
    assert counts.split("·")[0].strip() in captions  # "152 praksiser"
    assert at.selectbox(key="explore-policy").label == texts.get("common.policy", "nb")


def test_an_unknown_language_is_ignored_with_a_note() -> None:
    at = staff_page("ui/pages/search.py", ui="<xx>")
    assert not at.exception
    assert at.sidebar.selectbox(key="ui-lang").value == "en"
    assert any("<xx>" in c.value.replace("\\", "") or "&lt;xx&gt;" in c.value
               for c in at.sidebar.caption)
    assert "ui" not in at.query_params


def test_picking_a_language_keeps_it_in_the_url_and_across_pages(texts: UiStrings) -> None:
    at = staff_page("ui/pages/compare.py")
    at.sidebar.selectbox(key="ui-lang").set_value("vi").run()
    assert not at.exception
    assert at.query_params["ui"] in ("vi", ["vi"])
    assert texts.get("compare.title", "vi") in everything_shown(at)
    # A page switch clears the URL; the reader's pick stays and goes back into it.
    at.switch_page("ui/pages/search.py")
    at.query_params.clear()
    at.run()
    assert not at.exception
    assert texts.get("search.title", "vi") in everything_shown(at)
    assert at.query_params["ui"] in ("vi", ["vi"])


def test_a_view_keeps_the_language_in_its_link() -> None:
    at = staff_page("ui/pages/search.py", ui="ar", q="betaling")
    assert not at.exception
    assert at.query_params["ui"] in ("ar", ["ar"]) and at.query_params["q"] in ("betaling",
                                                                                 ["betaling"])


@pytest.fixture
def norwegian_browser(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(locale="nb-NO", viewport={"width": 1400, "height": 1000})
    yield context.new_page()
    context.close()


@pytest.mark.browser
def test_the_browser_language_is_the_default_and_a_link_overrides_it(
        server: str, norwegian_browser: Page, texts: UiStrings) -> None:
    page = norwegian_browser
    open_app(page, f"{server}/explore")
    expect(page.get_by_text(texts.get("explore.title", "nb"))).to_be_visible(timeout=30_000)
    assert "ui=" not in page.url  # the browser's own language is not written into links
    open_app(page, f"{server}/search?ui=vi")
    expect(page.get_by_text(texts.get("search.title", "vi"))).to_be_visible(timeout=30_000)
    # The navigation is in Vietnamese too, and the language follows a page switch.
    page.get_by_role("link", name=texts.get("nav.ask", "vi"), exact=True).click()
    expect(page.get_by_text(texts.get("ask.title", "vi"))).to_be_visible(timeout=30_000)
    page.wait_for_url(re.compile(r"ui=vi"), timeout=30_000)
