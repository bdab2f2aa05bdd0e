from __future__ import annotations

import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from policy_graph.text import (
    GRAPHEME_JOINER,
    MAX_NON_STARTERS,
    FoldedText,
    TermMatch,
    find_terms,
    fold,
    fold_for_search,
    longest_non_overlapping,
    nfc,
)


def test_nfc_and_casefold() -> None:
    decomposed = unicodedata.normalize("NFD", "Thanh toán")
    assert nfc(decomposed) == "Thanh toán"
    assert fold("STRASSE") == fold("straße")


def test_search_folding_drops_diacritics_and_special_letters() -> None:
    assert fold_for_search("Thanh toán") == "thanh toan"
    assert fold_for_search("Địa chỉ") == "dia chi"
    assert fold_for_search("Ørsted Æble") == "orsted aeble"


def test_find_terms_maps_spans_back_through_case_folding() -> None:
    text = "Weiß: STRASSE Betalingsopplysningene"
    hits = find_terms(text, ["strasse", "betalingsopplysning*"])
    assert [text[h.start:h.end] for h in hits] == ["STRASSE", "Betalingsopplysningene"]


def test_find_terms_respects_word_boundaries() -> None:
    assert find_terms("teemwork and Teem", ["teem"])[0].start == 13
    assert find_terms("WeWork Go", ["wework"]) and not find_terms("WeWorkGo", ["wework"])


def test_find_terms_whitespace_in_term_matches_nbsp() -> None:
    hits = find_terms("Thông tin Xác\u00a0minh", ["thông tin xác minh"])
    assert len(hits) == 1


def test_diacritic_insensitive_matching() -> None:
    hits = find_terms("Thông tin Thanh toán", ["thanh toan"], diacritics=True)
    assert [(h.start, h.end) for h in hits] == [(10, 20)]


@given(st.text(max_size=60))
def test_folded_offsets_always_land_inside_the_original(text: str) -> None:
    folded = FoldedText.of(text, diacritics=True)
    assert len(folded.origin) == len(folded.folded) + 1
    for i in range(len(folded.folded)):
        start, end = folded.span(i, i + 1)
        assert 0 <= start < end <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 30), st.integers(0, 6), st.sampled_from("abc")),
                max_size=40))
def test_longest_non_overlapping_keeps_what_the_plain_rule_keeps(
        spans: list[tuple[int, int, str]]) -> None:
    matches = [TermMatch(term, start, start + length) for start, length, term in spans]

    def plain(found: list[TermMatch]) -> list[TermMatch]:  # the rule, checked pair by pair
        chosen: list[TermMatch] = []
        for m in sorted(found, key=lambda m: (-(m.end - m.start), m.start)):
            if all(m.end <= c.start or m.start >= c.end for c in chosen):
                chosen.append(m)
        return sorted(chosen, key=lambda m: m.start)

    assert [(m.start, m.end) for m in longest_non_overlapping(matches)] == \
        [(m.start, m.end) for m in plain(matches)]


def test_a_long_run_of_marks_is_made_stream_safe_before_normalising() -> None:
    # Normalising a long run of marks is quadratic (benchmarks/adversarial.py shows the
    # time); UAX #15's stream-safe form breaks the run every 30 marks.
    out = nfc("x" + "\u0301\u0323" * 50_000)
    assert out.count(GRAPHEME_JOINER) == 100_000 // MAX_NON_STARTERS
    assert all(len(run) <= MAX_NON_STARTERS for run in out[1:].split(GRAPHEME_JOINER))
    assert nfc("Tiếng Việt, ٱللَّٰه, שָׁלוֹם") == unicodedata.normalize("NFC", "Tiếng Việt, ٱللَّٰه, שָׁלוֹם")
