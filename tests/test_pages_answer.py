"""Search, Ask, Compare and Explore: what they answer (library) and what the pages show
(AppTest by widget key)."""

from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import pandas as pd
import pytest
import yaml
from streamlit.testing.v1 import AppTest

import policy_graph.search as search_module
from policy_graph.ask import ask, question_languages
from policy_graph.compare import compare_concepts, default_comparison, row_sides
from policy_graph.corpus import Corpus, load_corpus
from policy_graph.graph import build_graph
from policy_graph.params import MAX_PARAM_CHARS
from policy_graph.query import practice_table
from policy_graph.search import MIN_SCORE, no_match_reason, parse_query, search
from policy_graph.viz import (
    FADED_NODE,
    HOVER_CLAUSES,
    MAX_FRAME,
    MIN_FRAME,
    describe_node,
    frame_height,
    highlighted_practices,
    layered_positions,
    render_html,
    wrap_label,
)
from tests.conftest import FIXTURES
from tests.test_app import Page, markdown

PAYMENT_REFS = {"wework/vi/s1.3", "wework/vi/s2.3", "wework/vi/s3.4",
                "wework-space-services/nb/s1.2"}


def captions(at: AppTest) -> str:
    """Every caption, with Markdown escapes removed."""
    return "\n".join(str(c.value) for c in at.caption).replace("\\", "")


def plain(at: AppTest) -> str:
    """Every Markdown element, with Markdown escapes removed."""
    return markdown(at).replace("\\", "")


def srcdoc(at: AppTest) -> str:
    return str(at.get("iframe")[0].proto.srcdoc)


# -- Search: the library ------------------------------------------------------------------


def test_search_thanh_toan_finds_the_payment_clauses_not_thanh_vien(corpus: Corpus) -> None:
    hits = search(corpus, "thanh toan")
    assert {h.ref for h in hits} == PAYMENT_REFS
    assert all("payment-info" in h.concepts["data_category"] for h in hits)
    # wework/vi/s4.1 has "thành viên" and "Toàn cầu" but not "thanh toán": left out.
    assert "wework/vi/s4.1" not in {h.ref for h in search(corpus, "thanh toan", limit=100)}
    for hit in hits:
        marked = {hit.text[s:e].casefold() for s, e in hit.text_highlights}
        assert marked <= {"thanh toán"}, (hit.ref, marked)


def test_search_every_word_must_match(corpus: Corpus) -> None:
    assert search(corpus, "betaling zzzqqq") == []
    both = search(corpus, "betaling contract")
    assert both and all("contract" in h.concepts["legal_basis"] for h in both)
    assert {h.ref for h in search(corpus, "calendar booking")} <= \
        {h.ref for h in search(corpus, "calendar")}


def test_quotes_make_a_phrase_of_whole_words(corpus: Corpus) -> None:
    assert parse_query('a "Thanh  Toán" b').phrases == (("thanh", "toan"),)
    assert {h.ref for h in search(corpus, '"thanh toan"')} == PAYMENT_REFS
    assert search(corpus, '"toan thanh"') == []  # the words in the wrong order
    assert search(corpus, '"betal"') == []  # quoted: whole words only
    assert search(corpus, "betal")  # unquoted: the start of a word is enough
    assert search(corpus, '"legitimate interests"')


def test_one_letter_words_match_only_one_letter_words(corpus: Corpus) -> None:
    assert search(corpus, "t") == []  # no clause has the word "t": no prefix match
    assert search(corpus, "th")  # two letters may start a word
    for hit in search(corpus, "a", limit=100):
        assert all(e - s == 1 for s, e in hit.text_highlights), hit.ref


def test_minimum_score_drops_weak_label_only_matches(corpus: Corpus,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    hits = search(corpus, "member", limit=100)
    assert hits and all(h.score >= MIN_SCORE for h in hits)
    monkeypatch.setattr(search_module, "MIN_SCORE", 0.0)
    everything = search(corpus, "member", limit=100)
    weak = [h for h in everything if h.ref not in {x.ref for x in hits}]
    assert weak and all(h.matched_in == ["concepts"] and h.score < MIN_SCORE for h in weak)


@pytest.mark.parametrize("junk", [
    "x" * 5000,
    "".join(random.Random(7).choice("abcdefghijklmnopqrstuvwxyz    ") for _ in range(5000)),
    "qwv zzk " * 625,
    "!?.;" * 1250,
])
def test_a_5000_character_junk_query_finds_nothing_and_says_why(corpus: Corpus, junk: str) -> None:
    assert len(junk) == 5000
    started = time.perf_counter()
    assert search(corpus, junk) == []
    assert time.perf_counter() - started < 2
    reason = no_match_reason(corpus, junk)
    assert reason.startswith(("No clause contains", "The query has", "The query is", "Type a word"))
    assert len(reason) < 300


def test_search_filters_by_policy_language_product_and_audience(corpus: Corpus) -> None:
    def refs(**filters: str) -> set[str]:
        return {h.ref for h in search(corpus, "thanh toan", **filters)}

    assert refs(policy="wework") == PAYMENT_REFS - {"wework-space-services/nb/s1.2"}
    assert refs(lang="nb") == {"wework-space-services/nb/s1.2"}
    assert refs(product="wework-space-services") == {"wework-space-services/nb/s1.2"}
    assert refs(product="wework-go") == PAYMENT_REFS - {"wework-space-services/nb/s1.2"}
    assert refs(audience="member-employees") == {"wework/vi/s2.3"}
    assert refs(audience="clients-visitors-end-users") == {"wework-space-services/nb/s1.2"}
    assert "with these filters" in no_match_reason(corpus, "thanh toan", filtered=True)


# -- Search: the page ---------------------------------------------------------------------


def test_search_page_filters_and_keeps_them_in_the_url() -> None:
    at = Page("ui/pages/search.py", q="thanh toan").run()
    assert ":orange-background[**Thanh toán**]" in markdown(at)
    at.selectbox(key="search-product").set_value("wework-space-services").run()
    assert "wework-space-services/nb/s1.2" in captions(at) and "wework/vi/s1.3" not in captions(at)
    assert at.query_params["product"] == "wework-space-services"
    at.selectbox(key="search-product").set_value("").run()
    at.selectbox(key="search-audience").set_value("member-employees").run()
    assert "wework/vi/s2.3" in captions(at) and "wework/vi/s1.3" not in captions(at)
    at.selectbox(key="search-audience").set_value("").run()
    at.selectbox(key="search-policy").set_value("wework").run()
    at.selectbox(key="search-lang").set_value("vi").run()
    assert "wework/vi/s1.3" in captions(at) and "nb/s1.2" not in captions(at)
    assert (at.query_params["policy"], at.query_params["lang"]) == ("wework", "vi")
    linked = Page("ui/pages/search.py", q="thanh toan", audience="clients-visitors-end-users").run()
    assert "wework-space-services/nb/s1.2" in captions(linked) and "vi/s1.3" not in captions(linked)


def test_search_page_says_why_a_junk_query_finds_nothing() -> None:
    at = Page("ui/pages/search.py").run()
    junk = "qwv zzk " * (MAX_PARAM_CHARS // 8)
    at.text_input(key="search-q").set_value(junk).run()
    assert any("No clause contains “qwv”, “zzk”" in i.value for i in at.info)
    long_link = Page("ui/pages/search.py", q="x" * 5000).run()
    assert not long_link.exception
    assert "5,000 characters long" in captions(long_link)
    assert long_link.text_input(key="search-q").value == ""


def test_a_query_as_long_as_the_input_allows_survives_a_reload() -> None:
    query = ("betaling " * 40)[:MAX_PARAM_CHARS]
    at = Page("ui/pages/search.py").run()
    box = at.text_input(key="search-q")
    assert box.proto.max_chars == MAX_PARAM_CHARS  # the same limit as the URL reader
    box.set_value(query).run()
    assert at.query_params["q"] == query
    reloaded = Page("ui/pages/search.py", q=at.query_params["q"]).run()
    assert reloaded.text_input(key="search-q").value == query
    assert reloaded.query_params["q"] == query
    asked = Page("ui/pages/ask.py").run()
    assert asked.text_input(key="ask-q").proto.max_chars == MAX_PARAM_CHARS


# -- Ask ----------------------------------------------------------------------------------


def test_selling_is_said_not_mentioned_then_marketing_is_shown(corpus: Corpus) -> None:
    answer = ask(corpus, "Do you sell my data?")
    assert answer.detected == "en" and answer.not_mentioned == ["sell"]
    assert answer.answered is False and answer.recognised == {"purpose": ["marketing"]}
    summary = answer.summary
    assert summary.startswith("The policies do not mention “sell”.")
    assert summary.index("sell") < summary.index("Marketing and promotions")
    assert answer.quotes and all("marketing" in q.concepts["purpose"] for q in answer.quotes)
    # Words the policies do use for marketing are answered as before.
    for question in ("Do you use my data for marketing?", "Do you show me ads?"):
        assert ask(corpus, question).answered and not ask(corpus, question).not_mentioned


def test_ask_page_says_selling_is_not_mentioned() -> None:
    at = Page("ui/pages/ask.py", q="Do you sell my data?").run()
    warning = " ".join(w.value for w in at.warning)
    assert "do not mention “sell”" in warning and "Marketing and promotions" in warning
    assert "nearest related practices" in markdown(at)
    assert ":orange-background[**skreddersy vår markedsføring til deg**]" in markdown(at)
    assert not at.success


def test_a_language_without_a_question_lexicon_names_the_languages_understood(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = data_copy / "languages" / "de.yaml"
    body = yaml.safe_load(path.read_text(encoding="utf-8"))
    body["profile"].pop("question_cues", None)
    body.pop("ask_terms", None)
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    corpus = load_corpus(data_copy)
    assert corpus.errors == [] and "de" not in question_languages(corpus.taxonomy)
    answer = ask(corpus, "Wie ist das Wetter heute in Berlin?")
    assert answer.detected == "de" and answer.unsupported_language
    assert "do not answer" not in answer.summary
    assert "Deutsch (de)" in answer.summary and "English (en)" in answer.summary
    assert "Norsk bokmål (nb)" in answer.summary
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    at = Page("ui/pages/ask.py", q="Wie ist das Wetter heute in Berlin?").run()
    assert any("Questions are understood in" in w.value for w in at.warning)
    assert not any("do not answer" in i.value for i in at.info)


def test_every_shipped_language_has_a_question_lexicon(corpus: Corpus) -> None:
    assert question_languages(corpus.taxonomy) == sorted(corpus.taxonomy.languages)


@pytest.mark.parametrize(("question", "lang"), [
    ("Hva bruker dere betalingsopplysningene mine til?", "nb"),
    ("Các bạn dùng thông tin thanh toán của tôi để làm gì?", "vi"),
])
def test_quotes_in_the_question_language_first(corpus: Corpus, question: str, lang: str) -> None:
    answer = ask(corpus, question)
    assert answer.detected == lang and answer.answered
    langs = [q.lang for q in answer.quotes]
    assert langs[0] == lang and langs == sorted(langs, key=lambda x: x != lang)


def test_identical_clauses_are_quoted_once(corpus: Corpus) -> None:
    answer = ask(corpus, "Do you use my data for marketing?")
    texts = [(q.lang, q.text) for q in answer.quotes]
    assert len(texts) == len(set(texts))
    first = next(q for q in answer.quotes if q.ref == "wework/vi/s1.5")
    assert first.same_text == ["wework/vi/s2.7"]
    at = Page("ui/pages/ask.py", q="Do you use my data for marketing?").run()
    assert "The same sentence is also wework/vi/s2.7" in captions(at)


# -- Compare ------------------------------------------------------------------------------


def test_compare_opens_on_what_the_data_supports(corpus: Corpus, data_copy: Path) -> None:
    assert default_comparison(corpus) == {"mode": "policies", "a": "wework-space-services/nb",
                                          "b": "wework/vi"}
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / "wework-labs")
    labs = load_corpus(data_copy)
    assert default_comparison(labs) == {"mode": "versions", "policy": "wework-labs",
                                        "a": "en", "b": "nb"}


def test_one_sided_rows_keep_their_legal_bases(corpus: Corpus) -> None:
    cmp = compare_concepts(corpus, ("wework-space-services", "nb"), ("wework", "vi"))
    assert cmp.only_b
    for row in cmp.only_b:
        assert cmp.bases[row][0] == [] and cmp.bases[row][1], row
    for d, p, bases in cmp.same:
        assert cmp.bases[(d, p)] == (bases, bases)


def test_compare_page_shows_labels_bases_and_every_row_side_by_side() -> None:
    at = Page("ui/pages/compare.py").run()
    assert at.radio(key="compare-mode").value == "policies"
    assert at.selectbox(key="compare-pa").value == "wework-space-services/nb"
    assert at.selectbox(key="compare-pa").options == [
        "WeWork and Powered by We Privacy Policy Supplement — Tiếng Việt (vi)",
        "WeWork Space Services Privacy Policy Supplement — Norsk bokmål (nb)"]
    frame: pd.DataFrame = at.dataframe[0].value
    only_b = frame[frame["status"] == "only in B"]
    assert len(only_b) and (only_b["basis in B"] != "—").all() and (only_b["basis in A"] == "—").all()
    ids = {c.id for c in load_corpus().taxonomy.concept_list}
    assert not ids & set(frame[["data category", "purpose", "basis in A", "basis in B"]]
                         .to_numpy().ravel())
    rows = at.selectbox(key="compare-cmp-row").options[1:]
    assert len(rows) == len(frame)
    for value in ("payment-info|process-payment", "contact-info|access-credentials",
                  "other-personal-info|marketing"):
        at.selectbox(key="compare-cmp-row").set_value(value).run()
        text = plain(at)
        assert "**A: WeWork Space Services" in text and "**B: WeWork and Powered by We" in text
    assert "no clause on this side" in text or text.count(":orange-background[") >= 2


def test_every_compared_row_has_clauses_on_its_sides(corpus: Corpus) -> None:
    a, b = "wework-space-services/nb", "wework/vi"
    cmp = compare_concepts(corpus, ("wework-space-services", "nb"), ("wework", "vi"))
    for (d, p), (bases_a, bases_b) in cmp.bases.items():
        left, right = row_sides(corpus.practices, "version", a, b, d, p)
        assert bool(left) == bool(bases_a) and bool(right) == bool(bases_b), (d, p)


def test_products_rows_open_side_by_side() -> None:
    at = Page("ui/pages/compare.py", mode="products", a="wework-go",
              b="wework-space-services").run()
    at.selectbox(key="compare-diff-row").set_value("payment-info|process-payment").run()
    text = plain(at)
    assert "**A: WeWork Go**" in text and "**B: WeWork Space Services**" in text
    assert ":orange-background[**Betalingsopplysninger**]" in text
    frame: pd.DataFrame = at.dataframe[0].value
    assert not frame["clauses"].str.contains("wework/vi/").any()  # 'vi s1.3', not ids


# -- Explore ------------------------------------------------------------------------------


def test_hover_titles_list_every_clause_or_say_how_many_more(corpus: Corpus) -> None:
    graph = build_graph(corpus.practices, corpus.taxonomy, "en")
    few = describe_node(graph, corpus.by_id, "data_category:payment-info")
    assert "4 clause(s)" in few and few.count("[wework") == 4 and "more" not in few
    many = describe_node(graph, corpus.by_id, "legal_basis:not-stated")
    total = int(many.splitlines()[1].split()[0])
    assert total > HOVER_CLAUSES and f"… and {total - HOVER_CLAUSES} more" in many


def test_labels_wrap_and_the_frame_grows_with_the_tallest_layer(corpus: Corpus) -> None:
    assert wrap_label("Send notices and operational communications") == [
        "Send notices and", "operational", "communications"]
    assert all(len(line) <= 16 for line in wrap_label("Thông tin Thiết bị và Sử dụng"))
    assert wrap_label("电子邮件日历信息电子邮件日历信息") == ["电子邮件日历信息", "电子邮件日历信息"]
    full = build_graph(corpus.practices, corpus.taxonomy, "en")
    small = build_graph([p for p in corpus.practices if p.data_category == "payment-info"],
                        corpus.taxonomy, "en")
    assert MIN_FRAME <= frame_height(small) < frame_height(full) <= MAX_FRAME
    positions = layered_positions(full)
    assert len(set(positions.values())) == len(positions)


def test_highlight_keeps_one_products_paths_in_colour(corpus: Corpus) -> None:
    graph = build_graph(corpus.practices, corpus.taxonomy, "en")
    lit = highlighted_practices(corpus.practices, "product", "wework-space-services")
    assert lit and all(corpus.by_id[i].policy == "wework-space-services" for i in lit)
    html = render_html(graph, corpus.by_id, highlight=lit)
    assert FADED_NODE in html and FADED_NODE not in render_html(graph, corpus.by_id)
    assert render_html(graph, corpus.by_id, highlight=lit) == html


def test_explore_table_shows_labels_and_stays_open_while_inspecting() -> None:
    at = Page("ui/pages/explore.py").run()
    frame: pd.DataFrame = at.dataframe[0].value
    assert {"data category", "purpose", "legal basis", "audience"} <= set(frame.columns)
    assert "Payment information" in set(frame["data category"])
    ids = {c.id for c in load_corpus().taxonomy.concept_list}
    assert not ids & set(frame[["audience", "data category", "purpose", "legal basis"]]
                         .to_numpy().ravel())
    at.session_state["explore-table-open"] = True
    at.run()
    at.selectbox(key="explore-inspect").set_value("node:data_category:payment-info").run()
    table = next(e for e in at.expander if "Table of the" in e.label)
    assert table.proto.expanded
    at.selectbox(key="explore-inspect").set_value("node:legal_basis:contract").run()
    table = next(e for e in at.expander if "Table of the" in e.label)
    assert table.proto.expanded


def test_practice_table_rows_use_labels(corpus: Corpus) -> None:
    rows = practice_table(corpus.practices[:3], corpus.taxonomy, "nb", {"wework": "WeWork"})
    assert rows[0]["policy"] == "WeWork" and rows[0]["language"] == "Tiếng Việt"
    assert rows[0]["data category"] == corpus.taxonomy.label(corpus.practices[0].data_category, "nb")


def test_the_graph_html_is_unchanged_when_only_the_inspector_changes() -> None:
    at = Page("ui/pages/explore.py").run()
    before = srcdoc(at)
    at.selectbox(key="explore-inspect").set_value("node:data_category:payment-info").run()
    assert srcdoc(at) == before
    at.selectbox(key="explore-inspect").set_value("edge:data_category:payment-info>"
                                                  "purpose:process-payment").run()
    assert srcdoc(at) == before
    at.selectbox(key="explore-highlight").set_value("product:wework-go").run()
    lit = srcdoc(at)
    assert lit != before and FADED_NODE in lit
    assert at.query_params["highlight"] == "product:wework-go"
    at.selectbox(key="explore-inspect").set_value("node:legal_basis:contract").run()
    assert srcdoc(at) == lit


def test_explore_highlight_from_a_link() -> None:
    at = Page("ui/pages/explore.py", highlight="audience:member-employees").run()
    assert at.selectbox(key="explore-highlight").value == "audience:member-employees"
    assert "paths of Employees of corporate members and customers in colour" in captions(at)
    bad = Page("ui/pages/explore.py", highlight="product:nope").run()
    assert not bad.exception and "ignored unknown value" in captions(bad)
