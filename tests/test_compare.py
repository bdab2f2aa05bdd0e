"""Compare language versions (translated fixtures with three planted changes) and policies."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_graph.compare import align_versions, compare_concepts
from policy_graph.corpus import Corpus, load_corpus
from policy_graph.errors import UserInputError
from tests.conftest import FIXTURES


@pytest.fixture
def labs_corpus(data_copy: Path) -> Corpus:
    """The shipped data plus a policy added later: en and a nb translation in which a
    bullet is dropped, a legal basis is changed and a purpose is swapped."""
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / "wework-labs")
    corpus = load_corpus(data_copy)
    assert corpus.errors == []
    return corpus


def test_planted_changes_are_all_reported_and_nothing_else(labs_corpus: Corpus) -> None:
    result = align_versions(labs_corpus, "wework-labs", "en", "nb")
    assert (result.aligned, result.differing, result.missing) == (3, 2, 1)
    findings = [(topic, row.ref, d.only_a if d else None, d.only_b if d else None)
                for topic, row, d in result.findings()]
    assert findings == [
        ("legal_basis", "s1.2 ↔ s1.2", ("contract",), ("legitimate-interests",)),
        ("missing", "s1.3 ↔ —", None, None),
        ("purpose", "s2.1 ↔ s2.1", ("improve-products",), ("marketing",)),
    ]
    statuses = [(r.ref, r.status) for r in result.rows]
    assert statuses == [("s1.1 ↔ s1.1", "same"), ("s1.2 ↔ s1.2", "differs"),
                        ("s1.3 ↔ —", "only_a"), ("s2.1 ↔ s2.1", "differs")]


def test_alignment_is_symmetric(labs_corpus: Corpus) -> None:
    forward = align_versions(labs_corpus, "wework-labs", "en", "nb")
    backward = align_versions(labs_corpus, "wework-labs", "nb", "en")
    assert [r.status.replace("only_a", "only_x") for r in forward.rows] == \
           [r.status.replace("only_b", "only_x") for r in backward.rows]


def test_missing_version_is_a_clear_error(corpus: Corpus) -> None:
    with pytest.raises(UserInputError, match="has no 'de' version"):
        align_versions(corpus, "wework", "vi", "de")


def test_cross_policy_concept_comparison(corpus: Corpus) -> None:
    cmp = compare_concepts(corpus, ("wework-space-services", "nb"), ("wework", "vi"))
    assert ("payment-info", "process-payment", ["contract"]) in cmp.same
    assert ("email-calendar-info", "room-booking") in cmp.only_b
    assert ("other-personal-info", "find-workspace") in {(d, p) for d, p in cmp.only_a} | \
        {(d, p, ) for d, p, _ in cmp.same}
    assert all(cmp.refs[(d, p)] for d, p in cmp.only_b)


def test_a_language_with_no_lexicon_is_aligned_by_structure(labs_corpus: Corpus,
                                                            data_copy: Path) -> None:
    """German without its language file: the text still loads, segmented by
    layout and following the English version's sections, and aligns clause by clause
    (position, shared names such as "Teem", length); concepts are not compared."""
    (data_copy / "languages" / "de.yaml").unlink(missing_ok=True)
    shutil.copy(FIXTURES / "labs-de.txt", data_copy / "policies" / "wework-labs" / "de.txt")
    corpus = load_corpus(data_copy)
    assert corpus.errors == []
    de = corpus.versions[("wework-labs", "de")]
    assert not de.has_lexicon and de.reference_lang == "en"
    assert [(s.audience, len(s.clauses)) for s in de.doc.sections] == [
        ("corporate-members-and-customers", 2), ("everyone", 1)]
    assert not [p for p in corpus.practices if p.lang == "de"]
    result = align_versions(corpus, "wework-labs", "en", "de")
    assert result.unchecked_langs == ("de",)
    assert [(r.ref, r.status) for r in result.rows] == [
        ("s1.1 ↔ s1.1", "aligned"), ("s1.2 ↔ —", "only_a"), ("s1.3 ↔ s1.2", "aligned"),
        ("s2.1 ↔ s2.1", "aligned")]
    assert [(t, row.ref) for t, row, _ in result.findings()] == [("missing", "s1.2 ↔ —")]


def test_no_lexicon_and_no_other_version_is_a_clear_error(data_copy: Path) -> None:
    folder = data_copy / "policies" / "lonely"
    folder.mkdir()
    (folder / "policy.yaml").write_text("id: lonely\ntitles: {de: X}\nproducts: [wework]\n"
                                        "effective_date: 2020-01-01\n", encoding="utf-8")
    shutil.copy(FIXTURES / "labs-de.txt", folder / "de.txt")
    (data_copy / "languages" / "de.yaml").unlink(missing_ok=True)
    errors = [str(e) for e in load_corpus(data_copy).errors]
    assert errors == [f"{folder / 'de.txt'}: no language profile in the taxonomy, and no other "
                      "version of this policy to align it to (got 'de')"]
