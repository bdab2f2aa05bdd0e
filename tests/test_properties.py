"""Property tests: any Unicode text goes through reading without an exception, and
every span lies inside its text. Marked slow: a quick local run may skip them
(`-m "not slow"`); CI runs everything."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from policy_graph.corpus import Corpus
from policy_graph.extract import extract_clause
from policy_graph.segment import segment
from policy_graph.sources import html_to_text
from policy_graph.taxonomy import Taxonomy
from policy_graph.text import nfc

pytestmark = pytest.mark.slow

# Mixed scripts, RTL, combining marks alone, control characters, list glue and bullets.
PIECES = st.sampled_from([
    "Everyone. ", "Corporate Members and Customers. If you are a member, we use:\n", "• ", "- ", "1. ",
    "; and\n", ";\n", "\n\n", "Contact Information to identify you", " (generally, to meet our "
    "contractual obligations)", "\u0301", "\u200f", "\x00", "\x1b", "שלום ", "مرحبا ", "联系信息；",
    "Thông tin Thanh toán", "İLETİŞİM ", "# ", "**", "Effective Date: July 12, 2019\n", "ＡＢＣ", "\t",
])
TEXTS = st.one_of(st.text(max_size=400), st.lists(PIECES, max_size=60).map("".join))
SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(text=TEXTS, lang=st.sampled_from(["en", "nb", "vi", "he", "zh-Hans", "tr", "ar", "th"]))
def test_segment_and_extract_never_fail_and_spans_stay_inside(
        taxonomy: Taxonomy, text: str, lang: str) -> None:
    text = nfc(text)
    doc = segment(text, lang, taxonomy)
    for section in doc.sections:
        assert 0 <= section.heading_span[0] <= section.heading_span[1] <= len(text)
        for clause in section.clauses:
            assert 0 <= clause.start <= clause.end <= len(text)
            assert text[clause.start:clause.end] == clause.text
            found = extract_clause(clause, section, text, lang, taxonomy)
            for hit in found.hits:
                assert 0 <= hit.start <= hit.end <= len(text)


@SETTINGS
@given(html=st.one_of(st.text(max_size=300), st.lists(st.sampled_from([
    "<ul>", "</ul>", "<li>", "</li>", "<h2>", "</h2>", "<script>x()</script>", "<p>", "text ",
    "<!-- c -->", "<nav>", "</nav>", "&amp;", "<", ">", "<br>", "\u0301"]), max_size=40).map("".join)))
def test_html_to_text_never_fails(html: str) -> None:
    text = html_to_text(html)
    assert text.count("x()") <= _outside_scripts(html).count("x()")


def _outside_scripts(html: str) -> str:
    """The character data of ``html`` outside <script> elements, as the standard
    library's parser reads it ("<?<script>" is a processing instruction, so what
    follows is text there, as in a browser)."""
    class Collector(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.in_script = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.in_script += tag == "script"

        def handle_endtag(self, tag: str) -> None:
            self.in_script -= tag == "script" and self.in_script > 0

        def handle_data(self, data: str) -> None:
            if not self.in_script:
                self.parts.append(data)

    collector = Collector()
    collector.feed(html)
    collector.close()
    return "".join(collector.parts)


def test_a_one_megabyte_line_is_read_in_reasonable_time(taxonomy: Taxonomy) -> None:
    line = ("Contact Information to identify you and contact you, " * 20_000)[:1_000_000]
    doc = segment(line, "en", taxonomy)
    assert sum(len(c.text) for c in doc.clauses) <= len(line)


@SETTINGS
@given(query=st.text(max_size=200))
def test_search_and_ask_never_fail(corpus: Corpus, query: str) -> None:
    from policy_graph.ask import ask
    from policy_graph.search import search
    search(corpus, query)
    ask(corpus, query)


# Pieces of notebook files: Markdown headings and cell markers (some broken), YAML keys.
NOTEBOOK_PIECES = st.sampled_from([
    "# ", "## ", "Title\n", "\n", "text ", '<!-- policy-graph:cell {"type": "note", "id": "a"} -->\n',
    '<!-- policy-graph:cell {"type": "search", "id": "a", "params": {"q": "x"}} -->\n',
    "<!-- policy-graph:cell {broken} -->\n", '<!-- policy-graph:cell ["list"] -->\n',
    "<!-- policy-graph:end -->\n", "name: ", "cells:\n", "  - type: note\n", "    id: a\n",
    "    text: |\n", "      body\n", "  - {type: video}\n", "description: ", "&a ", "*a ", "- ",
    "{", "}", "[", "]", ": ", "\ufeff", "\u0301", "\u200f", "\x00", "שלום", "联系", "'", '"',
])
NOTEBOOK_TEXTS = st.one_of(st.text(max_size=400), st.lists(NOTEBOOK_PIECES, max_size=60).map("".join))


@SETTINGS
@given(text=NOTEBOOK_TEXTS, suffix=st.sampled_from([".md", ".yaml"]))
def test_notebook_import_never_fails_with_anything_but_a_message(text: str, suffix: str) -> None:
    from policy_graph.errors import PolicyGraphError
    from policy_graph.notebook import Notebook
    from policy_graph.notebook_io import read_upload
    try:
        nb = read_upload(text.encode("utf-8", "surrogatepass"), f"upload{suffix}")
    except PolicyGraphError as exc:
        assert str(exc)  # a message naming the problem
        return
    # What is read is a valid notebook with unique cell ids (the page keys widgets by them).
    assert Notebook.model_validate_json(nb.model_dump_json()) == nb
    assert len({c.id for c in nb.cells}) == len(nb.cells)


@SETTINGS
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".md", ".yaml"]))
def test_notebook_import_of_any_bytes_never_fails_with_anything_but_a_message(
        data: bytes, suffix: str) -> None:
    from contextlib import suppress

    from policy_graph.errors import PolicyGraphError
    from policy_graph.notebook_io import read_upload
    with suppress(PolicyGraphError):  # anything else (a traceback) fails the test
        read_upload(data, f"upload{suffix}")
