"""Real layouts, one fixture each (written for the tests, not copied from a page):
bullet-less lists ending in ';' / '; and', hard-wrapped lines, inline audience
lead-ins, capitalised and numbered headings, nested and numbered items, Markdown,
a saved HTML page, a CJK list ending in '；', and BCP-47 tags with fallback."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from policy_graph.errors import UserInputError
from policy_graph.extract import extract_clause
from policy_graph.segment import segment
from policy_graph.sources import html_to_text, policy_text
from policy_graph.taxonomy import Taxonomy

LAYOUTS = Path(__file__).parent / "fixtures" / "layouts"
Row = tuple[str, str, list[str], list[str], list[str]]


def read(name: str, taxonomy: Taxonomy) -> tuple[str, dt.date | None, tuple[str, ...], list[Row]]:
    path = LAYOUTS / name
    lang = name.split(".")[1]
    text = policy_text(path.read_bytes(), path.name)
    doc = segment(text, lang, taxonomy)
    rows = []
    for clause in doc.clauses:
        found = extract_clause(clause, doc.section_of(clause), text, lang, taxonomy)
        rows.append((clause.id, found.audience.concept, found.ids("data_category"),
                     found.ids("purpose"), found.ids("legal_basis")))
    return doc.title, doc.effective_date, doc.intro_products, rows


def test_bulletless_list_with_inline_lead_ins_and_a_hard_wrapped_line(taxonomy: Taxonomy) -> None:
    title, date, products, rows = read("bulletless.en.txt", taxonomy)
    assert (title, date) == ("WeWork Go Privacy Supplement", dt.date(2022, 2, 4))
    assert set(products) == {"wework", "wework-go"}
    assert rows == [
        ("s1.1", "corporate-members-and-customers", ["contact-info", "professional-info"],
         ["identify-and-contact"], ["not-stated"]),
        ("s1.2", "corporate-members-and-customers", ["payment-info"], ["process-payment"], ["contract"]),
        ("s1.3", "corporate-members-and-customers", ["verification-info"], ["identity-verification"],
         ["legitimate-interests"]),
        ("s2.1", "go-customers-visitors-guests", ["name", "email-address"], ["access-credentials"],
         ["not-stated"]),
        # The last item is wrapped onto two lines: one clause, whole.
        ("s2.2", "go-customers-visitors-guests", ["device-usage-info"], ["mobile-location-analytics"],
         ["not-stated"]),
    ]


def test_capital_numbered_headings_and_nested_items(taxonomy: Taxonomy) -> None:
    """Nested items under "• For employees:" are clauses of that audience; a list of
    data with no purpose states 'no purpose stated'. Prose under a heading that names
    no audience is not a clause when the text has audience sections."""
    _, date, _, rows = read("numbered.en.txt", taxonomy)
    assert date == dt.date(2021, 6, 1)
    assert [(r[0], r[1], r[2], r[3]) for r in rows] == [
        ("s1.1", "wework-employees", ["contact-info"], ["purpose-not-stated"]),
        ("s1.2", "wework-employees", ["health-data"], ["purpose-not-stated"]),
        ("s1.3", "wework-employees", ["travel-history"], ["purpose-not-stated"]),
        ("s2.1", "corporate-members-and-customers", ["name", "email-address"], ["purpose-not-stated"]),
        ("s2.2", "corporate-members-and-customers", ["health-data"], ["purpose-not-stated"]),
    ]


def test_markdown_headings_bold_and_numbered_items(taxonomy: Taxonomy) -> None:
    title, date, _, rows = read("policy.en.md", taxonomy)
    assert (title, date) == ("WeWork Labs Privacy Supplement", dt.date(2021, 3, 3))
    assert rows == [
        ("s1.1", "corporate-members-and-customers", ["contact-info"], ["identify-and-contact"],
         ["contract"]),
        ("s1.2", "corporate-members-and-customers", ["payment-info"], ["process-payment"],
         ["not-stated"]),
        ("s2.1", "everyone", ["device-usage-info"], ["usage-analytics"], ["legitimate-interests"]),
    ]


def test_saved_html_page_keeps_structure_and_drops_navigation_and_scripts(taxonomy: Taxonomy) -> None:
    text = html_to_text((LAYOUTS / "policy.en.html").read_text(encoding="utf-8"))
    assert "tracking" not in text and "Menu" not in text and "Home" not in text and "©" not in text
    assert text.startswith("# WeWork Labs Privacy Supplement")
    title, date, _, rows = read("policy.en.html", taxonomy)
    assert (title, date) == ("WeWork Labs Privacy Supplement", dt.date(2021, 3, 3))
    assert rows == [
        ("s1.1", "corporate-members-and-customers", ["contact-info", "professional-info"],
         ["identify-and-contact"], ["contract"]),
        # A nested item takes the data its parent item names.
        ("s1.2", "corporate-members-and-customers", ["verification-info"], ["identity-verification"],
         ["legal-obligation"]),
        ("s2.1", "everyone", ["device-usage-info"], ["improve-products"], ["legitimate-interests"]),
    ]


def test_cjk_list_ending_in_fullwidth_semicolons(taxonomy: Taxonomy) -> None:
    _, date, _, rows = read("bulletless.zh-Hans.txt", taxonomy)
    assert date == dt.date(2021, 3, 3)
    assert [(r[2], r[3], r[4]) for r in rows] == [
        (["contact-info", "professional-info"], ["identify-and-contact"], ["contract"]),
        (["payment-info"], ["process-payment"], ["contract"]),
        (["verification-info"], ["identity-verification"], ["legitimate-interests"]),
    ]


@pytest.mark.parametrize(("tag", "code"), [
    ("fr-CA", "fr"), ("zh-TW", "zh-Hant"), ("zh-CN", "zh-Hans"), ("no", "nb"), ("pt-BR", "pt"),
    ("zh-Hant-HK", "zh-Hant"), ("EN-gb", "en"), ("iw", "he"), ("de_AT", "de")])
def test_bcp47_tags_fall_back_to_a_language_file(taxonomy: Taxonomy, tag: str, code: str) -> None:
    assert taxonomy.resolve_lang(tag) == code


def test_unknown_tag_names_the_languages_there_are(taxonomy: Taxonomy) -> None:
    with pytest.raises(UserInputError) as err:
        taxonomy.resolve_lang("xx-YY")
    assert "no language file for 'xx-YY'" in str(err.value)
    assert "ar, cs, da, de, en, es, fr, he, id, it, ja, ko, nb, nl, pl, pt, sv, th, tr, vi, " \
           "zh-Hans, zh-Hant" in str(err.value)
