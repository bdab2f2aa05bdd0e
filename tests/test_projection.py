"""Projection: reviewed concepts carried over to a translation, clause by clause.

The labs fixture (en + a nb translation with a dropped bullet, a changed legal
basis and a swapped purpose) gets a review of the English text. The Norwegian
version, which has a lexicon, is projected and its lexicon flags the planted
changes; a German version whose language file is removed gets practices only
by projection.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_graph.compare import align_versions
from policy_graph.corpus import Corpus, load_corpus
from tests.conftest import FIXTURES

EN_REVIEW = """\
policy: wework-labs
lang: en
reviewer: Test reviewer
reviewed_on: 2026-11-22
clauses:
  - clause: s1.1
    gloss: Contact and professional information to identify and contact you.
    audience: {corporate-members-and-customers: "Corporate Members and Customers"}
    data_categories:
      contact-info: "Contact Information"
      professional-info: "Professional Information"
    purposes:
      identify-and-contact: "identify you and contact you"
    legal_bases: {not-stated: null}
  - clause: s1.2
    gloss: Payment information to process a transaction you requested, under the contract.
    audience: {corporate-members-and-customers: "Corporate Members and Customers"}
    data_categories:
      payment-info: "Payment Information"
    purposes:
      process-payment: "process a financial transaction"
    legal_bases:
      contract: "contractual obligations"
  - clause: s2.1
    gloss: Device and usage information for usage statistics and to improve the products.
    audience: {everyone: "Everyone"}
    data_categories:
      device-usage-info: "Device and Usage Information"
    purposes:
      usage-analytics: "aggregated usage statistics"
      improve-products: "improve our products"
    legal_bases: {not-stated: null}
"""


@pytest.fixture
def reviewed_labs(data_copy: Path) -> Path:
    folder = data_copy / "policies" / "wework-labs"
    shutil.copytree(FIXTURES / "labs", folder)
    (folder / "en.review.yaml").write_text(EN_REVIEW, encoding="utf-8")
    return data_copy


def test_a_language_with_a_lexicon_is_projected_and_checked(reviewed_labs: Path) -> None:
    corpus = load_corpus(reviewed_labs)
    assert corpus.errors == []
    nb = corpus.versions[("wework-labs", "nb")]
    assert sorted(nb.projected) == ["s1.1", "s1.2", "s2.1"]
    assert {p.source for p in corpus.practices if (p.policy, p.lang) == ("wework-labs", "nb")} == {
        "projected"}
    # The planted changes: the lexicon reads another basis in s1.2, another purpose in s2.1.
    flags = {cid: [(d.kind, d.only_projected, d.only_lexicon) for d in p.disagreements]
             for cid, p in nb.projected.items()}
    assert flags == {
        "s1.1": [],
        "s1.2": [("legal_basis", ("contract",), ("legitimate-interests",))],
        "s2.1": [("purpose", ("improve-products",), ("marketing",))],
    }
    assert nb.projected["s1.1"].confidence > nb.projected["s1.2"].confidence
    assert nb.projected["s1.2"].source == "wework-labs/en/s1.2"
    # Evidence points at the words the lexicon found where it confirms the projection.
    s11 = nb.projected["s1.1"].concepts
    start, end = s11.evidence("contact-info") or (0, 0)
    assert nb.text[start:end].lower().startswith("kontakt")


def test_compare_keeps_the_lexicon_disagreements_as_findings(reviewed_labs: Path) -> None:
    corpus = load_corpus(reviewed_labs)
    result = align_versions(corpus, "wework-labs", "en", "nb")
    assert [(t, r.ref) for t, r, _ in result.findings()] == [
        ("legal_basis", "s1.2 ↔ s1.2"), ("missing", "s1.3 ↔ —"), ("purpose", "s2.1 ↔ s2.1")]


def test_a_language_with_no_lexicon_gets_practices_by_projection(reviewed_labs: Path) -> None:
    (reviewed_labs / "languages" / "de.yaml").unlink()
    shutil.copy(FIXTURES / "labs-de.txt", reviewed_labs / "policies" / "wework-labs" / "de.txt")
    corpus: Corpus = load_corpus(reviewed_labs)
    assert corpus.errors == []
    de = corpus.versions[("wework-labs", "de")]
    assert not de.has_lexicon
    practices = [p for p in corpus.practices if (p.policy, p.lang) == ("wework-labs", "de")]
    assert {p.source for p in practices} == {"projected"}
    assert {(p.clause_id, p.data_category, p.purpose, p.legal_basis) for p in practices} == {
        ("s1.1", "contact-info", "identify-and-contact", "not-stated"),
        ("s1.1", "professional-info", "identify-and-contact", "not-stated"),
        ("s2.1", "device-usage-info", "usage-analytics", "not-stated"),
        ("s2.1", "device-usage-info", "improve-products", "not-stated"),
    }
    assert all(0 < p.confidence < 1 for p in practices)
    statuses = [(r.ref, r.status) for r in align_versions(corpus, "wework-labs", "en", "de").rows]
    assert ("s1.1 ↔ s1.1", "projected") in statuses and ("s2.1 ↔ s2.1", "projected") in statuses
