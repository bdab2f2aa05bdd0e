"""Measure what prefix terms (``kontaktopplysning*``) buy in inflected languages.

Run: .venv/bin/python benchmarks/inflection.py
For every language's test text (tests/fixtures/languages/<code>.txt, checked
against <code>.expected.yaml), prints how many expected concepts extraction finds
with the language file as it is, and with every prefix term cut back to an exact
word (the trailing ``*`` removed). The gap is what inflection costs without them.
This is the measurement behind choosing prefix terms over a lemmatiser.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from policy_graph.extract import extract_clause
from policy_graph.segment import segment
from policy_graph.taxonomy import DEFAULT_DATA_DIR, Taxonomy, load_taxonomy
from policy_graph.text import nfc

FIXTURES = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "languages"
KINDS = ("data_category", "purpose", "legal_basis")


def found(code: str, taxonomy: Taxonomy) -> tuple[int, int]:
    """(expected concepts found, expected concepts) over the language's test text."""
    text = nfc((FIXTURES / f"{code}.txt").read_text(encoding="utf-8"))
    expected = yaml.safe_load((FIXTURES / f"{code}.expected.yaml").read_text(encoding="utf-8"))
    doc = segment(text, code, taxonomy)
    got = [extract_clause(c, doc.section_of(c), text, code, taxonomy) for c in doc.clauses]
    hit = total = 0
    for index, clause in enumerate(expected["clauses"]):
        for kind in KINDS:
            want = set(clause[kind])
            total += len(want)
            if index < len(got):
                hit += len(want & set(got[index].ids(kind)))
    return hit, total


def without_prefixes(taxonomy: Taxonomy) -> Taxonomy:
    files = {code: f.model_copy(update={"terms": {cid: [t.rstrip("*") for t in terms]
                                                  for cid, terms in f.terms.items()}})
             for code, f in taxonomy.language_files.items()}
    return Taxonomy(taxonomy.entries, files, taxonomy.path)


def main() -> None:
    taxonomy = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
    exact = without_prefixes(taxonomy)
    print(f"{'language':<9} {'prefix terms':>12} {'exact only':>11} {'share of terms with *':>22}")
    for code in sorted(taxonomy.language_files):
        if not (FIXTURES / f"{code}.txt").exists():
            continue
        with_prefix, total = found(code, taxonomy)
        exact_only, _ = found(code, exact)
        terms = [t for ts in taxonomy.language_files[code].terms.values() for t in ts]
        share = sum(t.endswith("*") for t in terms) / max(len(terms), 1)
        print(f"{code:<9} {with_prefix:>5}/{total:<6} {exact_only:>5}/{total:<5} {share:>21.0%}")


if __name__ == "__main__":
    main()
