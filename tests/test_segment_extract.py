"""Segmentation and extraction, on the seeds and on texts written for the tests."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

from policy_graph.corpus import Corpus
from policy_graph.extract import extract_clause, extract_policy
from policy_graph.segment import segment
from policy_graph.taxonomy import DEFAULT_DATA_DIR, Taxonomy, load_taxonomy
from tests.conftest import FIXTURES, write_language

Row = tuple[str, list[str], list[str], list[str]]


def _concepts(text: str, lang: str, taxonomy: Taxonomy) -> dict[str, Row]:
    doc = segment(text, lang, taxonomy)
    out = {}
    for section in doc.sections:
        for clause in section.clauses:
            found = extract_clause(clause, section, text, lang, taxonomy)
            out[clause.id] = (section.audience, found.ids("data_category"), found.ids("purpose"),
                              found.ids("legal_basis"))
    return out


def test_seed_structure(corpus: Corpus) -> None:
    nb = corpus.versions[("wework-space-services", "nb")].doc
    vi = corpus.versions[("wework", "vi")].doc
    assert [(s.audience, len(s.clauses)) for s in nb.sections] == [
        ("clients-visitors-end-users", 3), ("everyone", 1)]
    assert [(s.audience, len(s.clauses)) for s in vi.sections] == [
        ("corporate-members-and-customers", 5), ("member-employees", 7),
        ("go-customers-visitors-guests", 8), ("everyone", 1)]
    assert nb.effective_date == vi.effective_date == dt.date(2019, 7, 12)


def test_clause_spans_point_into_the_source(corpus: Corpus) -> None:
    for version in corpus.versions.values():
        for clause in version.doc.clauses:
            assert version.text[clause.start:clause.end] == clause.text
            assert not clause.text.startswith("•") and not clause.text.endswith((";", "; og", "; và"))


def test_evidence_spans_cover_their_terms(corpus: Corpus) -> None:
    for version in corpus.versions.values():
        for found in version.extracted.values():
            for hit in found.hits:
                assert version.text[hit.start:hit.end].casefold().startswith(
                    hit.term.rstrip("*").split()[0].casefold())


def test_everyone_section_applies_to_every_audience(corpus: Corpus) -> None:
    everyone = [p for p in corpus.practices if p.section_audience == "everyone"
                and p.policy == "wework"]
    assert {p.audience for p in everyone} == {
        "corporate-members-and-customers", "member-employees", "go-customers-visitors-guests"}
    nb_everyone = {p.audience for p in corpus.practices
                   if p.section_audience == "everyone" and p.policy == "wework-space-services"}
    assert nb_everyone == {"clients-visitors-end-users"}


def test_missing_basis_is_not_stated_never_a_guess(corpus: Corpus) -> None:
    # The nb closing paragraph names all four bases; it is not a clause and must not leak in.
    nb = corpus.versions[("wework-space-services", "nb")]
    assert nb.extracted["s1.1"].ids("legal_basis") == ["not-stated"]
    assert nb.extracted["s2.1"].ids("legal_basis") == ["not-stated"]
    assert nb.extracted["s1.2"].ids("legal_basis") == ["contract"]


def test_products_named_in_clauses(corpus: Corpus) -> None:
    vi = corpus.versions[("wework", "vi")]
    assert vi.extracted["s1.3"].ids("product") == ["made-by-we-market"]
    assert vi.extracted["s2.5"].ids("product") == ["teem", "welkio"]


def test_english_clause_set_written_for_the_test(taxonomy: Taxonomy) -> None:
    text = (FIXTURES / "en_supplement.txt").read_text(encoding="utf-8")
    doc = segment(text, "en", taxonomy)
    assert doc.effective_date == dt.date(2020, 3, 3)
    assert set(doc.intro_products) == {"wework", "wework-go"}
    assert _concepts(text, "en", taxonomy) == {
        "s1.1": ("corporate-members-and-customers", ["contact-info", "professional-info"],
                 ["identify-and-contact"], ["not-stated"]),
        "s1.2": ("corporate-members-and-customers", ["payment-info"], ["process-payment"],
                 ["contract"]),
        "s1.3": ("corporate-members-and-customers", ["email-calendar-info"], ["room-booking"],
                 ["not-stated"]),
        "s2.1": ("everyone", ["device-usage-info"], ["usage-analytics", "improve-products"],
                 ["not-stated"]),
    }
    practices = extract_policy(doc, "labs", taxonomy)
    assert {p.audience for p in practices} == {"corporate-members-and-customers"}


def test_2018_layout_basis_in_lead_in_or_inline(taxonomy: Taxonomy) -> None:
    text = (FIXTURES / "en_2018.txt").read_text(encoding="utf-8")
    assert _concepts(text, "en", taxonomy) == {
        "s1.1": ("corporate-members-and-customers", ["contact-info"], ["identify-and-contact"],
                 ["contract"]),
        "s1.2": ("corporate-members-and-customers", ["payment-info"], ["process-payment"],
                 ["contract"]),
        "s2.1": ("go-customers-visitors-guests", ["name", "email-address"],
                 ["access-credentials"], ["legitimate-interests"]),
        "s2.2": ("go-customers-visitors-guests", ["verification-info"],
                 ["identity-verification"], ["not-stated"]),
    }
    doc = segment(text, "en", taxonomy)
    lead = extract_clause(doc.clauses[0], doc.sections[0], text, "en", taxonomy)
    assert lead.basis_source == "lead-in"
    start, end = lead.evidence("contract") or (0, 0)
    assert "contractual obligations" in text[start:end]


DANISH = """WeWork Privatlivspolitik

Ikrafttrædelsesdato: 12. juli 2019

Erhvervsmedlemmer og kunder. Hvis du er erhvervsmedlem, omfatter de personoplysninger, vi bruger:

 • Kontaktoplysninger for at identificere dig og kontakte dig (generelt for at opfylde vores \
kontraktlige forpligtelser over for dig); og

 • Betalingsoplysninger for at behandle en finansiel transaktion.

Alle. Vi bruger også dine kontaktoplysninger til at udarbejde samlet brugsstatistik.
"""


def test_adding_a_language_is_adding_data(tmp_path: Path) -> None:
    """A language file with a profile and a few terms is all a language needs."""
    shutil.copytree(DEFAULT_DATA_DIR, tmp_path / "data", ignore=shutil.ignore_patterns("da.yaml"))
    write_language(tmp_path / "data", "da", {
        "name": "Dansk", "bullet_markers": ["•"], "sentence_terminators": ["."],
        "list_conjunctions": ["og"], "effective_date_labels": ["ikrafttrædelsesdato"],
        "date_patterns": [r"(?P<day>\d{1,2})\.\s*(?P<month>[a-zæøå]+)\s+(?P<year>\d{4})"],
        "months": {"juli": 7},
    }, {
        "corporate-members-and-customers": ["erhvervsmedlemmer og kunder"],
        "everyone": ["alle"], "contact-info": ["kontaktoplysning*"],
        "payment-info": ["betalingsoplysning*"],
        "identify-and-contact": ["identificere dig og kontakte dig"],
        "process-payment": ["behandle en finansiel transaktion"],
        "usage-analytics": ["samlet brugsstatistik"], "contract": ["kontraktlige forpligtelser"],
    })
    taxonomy = load_taxonomy(tmp_path / "data" / "taxonomy.yaml")
    assert segment(DANISH, "da", taxonomy).effective_date == dt.date(2019, 7, 12)
    assert _concepts(DANISH, "da", taxonomy) == {
        "s1.1": ("corporate-members-and-customers", ["contact-info"], ["identify-and-contact"],
                 ["contract"]),
        "s1.2": ("corporate-members-and-customers", ["payment-info"], ["process-payment"],
                 ["not-stated"]),
        "s2.1": ("everyone", ["contact-info"], ["usage-analytics"], ["not-stated"]),
    }


def test_remembered_matches_are_the_same_matches_wherever_the_text_sits() -> None:
    fresh = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
    clause = "We use Payment Information to process a financial transaction (consent)."
    first = fresh.match(clause, "en", offset=0)
    assert {h.concept for h in first} >= {"payment-info", "process-payment", "consent"}
    first.clear()  # a caller changing its list does not change what is remembered
    again = fresh.match(clause, "en", offset=0)
    moved = fresh.match(clause, "en", offset=100)
    assert [(h.concept, h.start + 100, h.end + 100) for h in again] == \
        [(h.concept, h.start, h.end) for h in moved]
    for hit in moved:
        assert ("x" * 100 + clause)[hit.start:hit.end].casefold() == hit.term.rstrip("*").casefold() \
            or hit.term.endswith("*")
    fresh.forget_matches()
    assert fresh.match(clause, "en", offset=100) == moved
