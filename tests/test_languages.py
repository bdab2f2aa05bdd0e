"""Every language file is read on a text written for the tests in that language.

Each ``tests/fixtures/languages/<code>.txt`` is an original text (not a copy of a
published page) in the supplement layout; ``<code>.expected.yaml`` lists, clause
by clause in text order, the concepts a reader of that language finds in it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from policy_graph.extract import extract_clause
from policy_graph.segment import segment
from policy_graph.taxonomy import Taxonomy
from policy_graph.text import nfc

FIXTURES = Path(__file__).parent / "fixtures" / "languages"
CODES = sorted(p.name.removesuffix(".txt") for p in FIXTURES.glob("*.txt"))


def read_clauses(path: Path, lang: str, taxonomy: Taxonomy) -> list[dict[str, object]]:
    doc = segment(nfc(path.read_text(encoding="utf-8")), lang, taxonomy)
    out: list[dict[str, object]] = [{"effective_date": doc.effective_date,
                                     "products": sorted(doc.intro_products)}]
    for clause in doc.clauses:
        found = extract_clause(clause, doc.section_of(clause), doc.text, lang, taxonomy)
        out.append({"audience": found.audience.concept,
                    **{k: sorted(found.ids(k)) for k in ("data_category", "purpose", "legal_basis")}})
    return out


@pytest.mark.parametrize("code", CODES)
def test_fixture_gives_the_expected_practices(code: str, taxonomy: Taxonomy) -> None:
    expected = yaml.safe_load((FIXTURES / f"{code}.expected.yaml").read_text(encoding="utf-8"))
    got = read_clauses(FIXTURES / f"{code}.txt", code, taxonomy)
    want: list[dict[str, object]] = [{"effective_date": expected["effective_date"],
                                      "products": sorted(expected["products"])}]
    want += [{"audience": c["audience"], **{k: sorted(c[k]) for k in
             ("data_category", "purpose", "legal_basis")}} for c in expected["clauses"]]
    assert got == want


def test_there_is_a_fixture_for_every_language(taxonomy: Taxonomy) -> None:
    assert sorted(taxonomy.language_files) == CODES
