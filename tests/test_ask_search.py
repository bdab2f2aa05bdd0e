"""Questions in three languages with expected concepts, and search."""

from __future__ import annotations

import pytest

from policy_graph.ask import ask
from policy_graph.corpus import Corpus
from policy_graph.search import search

# (question, language, expected recognised concepts, answered?)
QUESTIONS: list[tuple[str, str, dict[str, list[str]], bool]] = [
    ("What do you use my payment information for?", "en", {"data_category": ["payment-info"]}, True),
    ("Do you track my phone's location?", "en", {"purpose": ["mobile-location-analytics"]}, True),
    ("On what legal basis do you read my calendar?", "en",
     {"data_category": ["email-calendar-info"]}, True),
    ("Why do you need my email address?", "en", {"data_category": ["email-address"]}, True),
    ("What do you do with my contact details?", "en", {"data_category": ["contact-info"]}, True),
    ("Do you use my data for marketing?", "en", {"purpose": ["marketing"]}, True),
    ("What is verification information used for?", "en",
     {"data_category": ["verification-info"]}, True),
    ("Do you store my desk height preferences?", "en",
     {"data_category": ["in-office-preferences"]}, True),
    ("What happens to the files I upload?", "en", {"purpose": ["process-user-content"]}, True),
    ("How do you protect against fraud?", "en", {"purpose": ["fraud-prevention"]}, True),
    ("What is my name used for?", "en", {"data_category": ["name"]}, True),
    ("Why do you collect device information?", "en", {"data_category": ["device-usage-info"]}, True),
    ("What do you do with my transaction history at Made by We Market?", "en",
     {"data_category": ["transaction-details"], "product": ["made-by-we-market"]}, True),
    ("Do you process my data on the basis of consent?", "en", {"legal_basis": ["consent"]}, False),
    ("What's the weather today?", "en", {}, False),
    ("Do you use my health data?", "en", {"data_category": ["health-data"]}, False),
    ("Hva bruker dere betalingsopplysningene mine til?", "nb",
     {"data_category": ["payment-info"]}, True),
    ("Sporer dere posisjonen til telefonen min?", "nb",
     {"purpose": ["mobile-location-analytics"]}, True),
    ("Hvilket rettslig grunnlag har dere for å lese kalenderen min?", "nb",
     {"data_category": ["email-calendar-info"]}, True),
    ("Bruker dere kontaktopplysningene mine til markedsføring?", "nb",
     {"data_category": ["contact-info"], "purpose": ["marketing"]}, False),
    ("Bruker dere andre personopplysninger til markedsføring?", "nb",
     {"data_category": ["other-personal-info"], "purpose": ["marketing"]}, True),
    ("Hva gjør dere med enhets- og bruksopplysningene mine?", "nb",
     {"data_category": ["device-usage-info"]}, True),
    ("Hva bruker dere e-postadressen min til?", "nb", {"data_category": ["email-address"]}, True),
    ("Hvorfor trenger dere verifiseringsopplysninger?", "nb",
     {"data_category": ["verification-info"]}, True),
    ("Hva er været i dag?", "nb", {}, False),
    ("Får jeg et adgangskort?", "nb", {"purpose": ["access-credentials"]}, True),
    ("Các bạn dùng thông tin thanh toán của tôi để làm gì?", "vi",
     {"data_category": ["payment-info"]}, True),
    ("Các bạn có theo dõi vị trí điện thoại của tôi không?", "vi",
     {"purpose": ["mobile-location-analytics"]}, True),
    ("Cơ sở pháp lý nào để các bạn đọc lịch của tôi?", "vi",
     {"data_category": ["email-calendar-info"]}, True),
    ("Thông tin liên hệ của tôi được dùng để làm gì?", "vi",
     {"data_category": ["contact-info"]}, True),
    ("cac ban dung thong tin thanh toan cua toi de lam gi", "vi",
     {"data_category": ["payment-info"]}, True),
    ("Các bạn có dùng thông tin của tôi để quảng cáo không?", "vi", {"purpose": ["marketing"]}, True),
    ("Thời tiết hôm nay thế nào?", "vi", {}, False),
    ("Các bạn có dùng thông tin sức khỏe của tôi không?", "vi", {"data_category": ["health-data"]},
     False),
]


@pytest.mark.parametrize(("question", "lang", "expected", "answered"), QUESTIONS,
                         ids=[q for q, *_ in QUESTIONS])
def test_question(corpus: Corpus, question: str, lang: str, expected: dict[str, list[str]],
                  answered: bool) -> None:
    answer = ask(corpus, question)
    assert answer.recognised == expected
    assert answer.answered is answered
    if expected:
        assert answer.lang == lang
    if answered:
        assert answer.quotes and answer.lines
        # Every quoted clause carries the recognised concepts: nothing is invented.
        for card in answer.quotes:
            for kind, ids in expected.items():
                if kind != "product":
                    assert set(ids) & set(card.concepts[kind]), (card.ref, kind)
    else:
        assert not answer.lines and "do not answer" in answer.summary
        assert answer.nearest or not expected


def test_at_least_thirty_questions_in_three_languages() -> None:
    langs = [lang for _, lang, _, _ in QUESTIONS]
    assert len(QUESTIONS) >= 30 and {langs.count(x) >= 8 for x in ("en", "nb", "vi")} == {True}


def test_legal_basis_question_reports_not_stated(corpus: Corpus) -> None:
    answer = ask(corpus, "On what legal basis do you read my calendar?")
    assert answer.intent == "legal_basis"
    assert {b for ln in answer.lines for p in ln.purposes for b in p.bases} == {"not-stated"}


@pytest.mark.parametrize(("query", "ref", "highlight"), [
    ("thanh toan", "wework/vi/s1.3", "Thanh toán"),
    ("betaling", "wework-space-services/nb/s1.2", "Betalingsopplysninger"),
    ("BLUETOOTH", "wework/vi/s1.4", "Bluetooth"),
    ("dia chi email", "wework/vi/s3.1", "địa chỉ email"),
])
def test_search_folds_case_and_diacritics(corpus: Corpus, query: str, ref: str,
                                          highlight: str) -> None:
    hits = search(corpus, query)
    top = hits[0]
    assert top.ref == ref or ref in [h.ref for h in hits[:3]]
    hit = next(h for h in hits if h.ref == ref)
    assert highlight in [hit.text[s:e] for s, e in hit.text_highlights]


def test_search_finds_glosses_and_concept_labels(corpus: Corpus) -> None:
    by_gloss = search(corpus, "troubleshooting")
    assert by_gloss and "gloss" in by_gloss[0].matched_in
    by_label = search(corpus, "Legitimate interests")
    assert {h.ref for h in by_label[:3]} <= {"wework/vi/s1.2", "wework/vi/s2.2", "wework/vi/s3.3"}


def test_search_empty_and_nonsense(corpus: Corpus) -> None:
    assert search(corpus, "") == [] and search(corpus, "   ") == []
    assert search(corpus, "zzzqqq") == []
