"""The translation drift matrix on the labs fixtures, whose nb translation has three
planted changes (a dropped bullet, a changed legal basis, a swapped purpose)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from policy_graph.corpus import Corpus, load_corpus
from policy_graph.drift import drift_matrix, version_findings
from policy_graph.errors import UserInputError
from tests.conftest import FIXTURES

P = "wework-labs"


@pytest.fixture
def labs(data_copy: Path) -> Path:
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / P)
    return data_copy


@pytest.fixture
def labs_corpus(labs: Path) -> Corpus:
    corpus = load_corpus(labs)
    assert corpus.errors == []
    return corpus


def test_the_planted_differences_are_in_the_right_cells_and_the_rest_is_same(
        labs_corpus: Corpus) -> None:
    matrix = drift_matrix(labs_corpus, P)
    assert (matrix.reference, matrix.langs) == ("en", ("nb",))
    assert matrix.table() == [{"clause": "s1.1", "nb": "same"}, {"clause": "s1.2", "nb": "differs"},
                              {"clause": "s1.3", "nb": "missing"}, {"clause": "s2.1", "nb": "differs"}]
    basis = matrix.cell("s1.2", "nb")
    purpose = matrix.cell("s2.1", "nb")
    assert basis is not None and purpose is not None
    assert [(d.kind, d.only_a, d.only_b) for d in basis.differences] == [
        ("legal_basis", ("contract",), ("legitimate-interests",))]
    assert [(d.kind, d.only_a, d.only_b) for d in purpose.differences] == [
        ("purpose", ("improve-products",), ("marketing",))]
    assert matrix.counts()["nb"] == {"same": 1, "differs": 2, "missing": 1}


def test_a_cell_gives_both_clauses(labs_corpus: Corpus) -> None:
    matrix = drift_matrix(labs_corpus, P)
    en, nb = matrix.sides("s1.2", "nb")
    assert en is not None and en.text.startswith("Payment Information, where applicable")
    assert nb is not None and nb.text.startswith("Betalingsopplysninger, der aktuelt")
    en, nb = matrix.sides("s1.3", "nb")
    assert en is not None and "Teem" in en.text and nb is None
    with pytest.raises(UserInputError, match=r"no cell s9\.9 × nb"):
        matrix.sides("s9.9", "nb")


def test_a_clause_only_a_translation_has_is_a_row_after_the_one_it_follows(labs: Path) -> None:
    nb = labs / "policies" / P / "nb.txt"
    text = nb.read_text(encoding="utf-8")
    extra = (" • Betalingsopplysninger, der aktuelt, for å behandle en økonomisk transaksjon du har "
             "bedt om (generelt, i samsvar med våre legitime interesser).\n\n")
    assert extra in text
    nb.write_text(text.replace(extra, extra + " • Bildeopplysninger fra kameraene i bygningen "
                                              "12345 for sikkerhet.\n\n"), encoding="utf-8")
    corpus = load_corpus(labs)
    assert corpus.errors == []
    matrix = drift_matrix(corpus, P)
    keys = [r.key for r in matrix.rows]
    added = [k for k in keys if k.startswith("nb:")]
    assert len(added) == 1
    row = next(r for r in matrix.rows if r.key == added[0])
    assert row.clause is None and row.cells["nb"].status == "added"
    assert keys.index(added[0]) > keys.index("s1.2")  # placed after the clause it follows
    _, extra_clause = matrix.sides(added[0], "nb")
    assert extra_clause is not None and "12345" in extra_clause.text


def test_a_language_with_no_lexicon_is_unchecked_or_missing(labs: Path) -> None:
    (labs / "languages" / "de.yaml").unlink(missing_ok=True)
    shutil.copy(FIXTURES / "labs-de.txt", labs / "policies" / P / "de.txt")
    corpus = load_corpus(labs)
    matrix = drift_matrix(corpus, P)
    assert matrix.langs == ("de", "nb")
    assert [(r.key, r.cells["de"].status) for r in matrix.rows] == [
        ("s1.1", "unchecked"), ("s1.2", "missing"), ("s1.3", "unchecked"), ("s2.1", "unchecked")]


def test_findings_against_every_other_language_legal_bases_first(labs_corpus: Corpus) -> None:
    (found,) = version_findings(labs_corpus, P, "nb")
    assert found.lang == "en" and found.total == 3
    assert list(found.findings)[:2] == ["legal_basis", "missing"]
    assert found.findings["legal_basis"] == [
        "s1.2 ↔ s1.2: nb has Legitimate interests; en has Contract"]
    assert found.findings["missing"] == ["— ↔ s1.3: only in en"]
    assert found.findings["purpose"] == [
        "s2.1 ↔ s2.1: nb has Marketing and promotions; en has Improve products and services"]
    assert version_findings(labs_corpus, P, "nb", "nb")[0].findings["legal_basis"][0].endswith(
        labs_corpus.taxonomy.label("contract", "nb"))


def test_a_policy_with_one_version_has_no_columns_and_unknown_ones_are_refused(
        corpus: Corpus) -> None:
    matrix = drift_matrix(corpus, "wework-space-services")
    assert matrix.langs == () and len(matrix.rows) == len(corpus.versions[
        ("wework-space-services", "nb")].doc.clauses)
    assert version_findings(corpus, "wework-space-services", "nb") == []
    with pytest.raises(UserInputError, match="no version"):
        drift_matrix(corpus, "nope")
    with pytest.raises(UserInputError, match="no nope/en version"):
        version_findings(corpus, "nope", "en")
