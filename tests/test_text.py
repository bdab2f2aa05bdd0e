from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from policy_graph.text import FoldedText, find_terms, fold, fold_for_search, nfc


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
