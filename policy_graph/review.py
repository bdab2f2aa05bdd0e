"""Reviewed annotations: load ``<lang>.review.yaml``, check every quote against
the source text, and turn each reviewed clause into the same shape the
extractor produces, so both feed one practice builder."""

from __future__ import annotations

from pathlib import Path

from .errors import DataFileError, QuoteNotFoundError
from .extract import ClauseConcepts
from .models import ConceptKind, ReviewClause, ReviewFile
from .segment import Clause, SegmentedPolicy
from .taxonomy import NOT_STATED, ConceptHit, Taxonomy
from .yamlio import load_model

__all__ = ["load_review", "locate_quote"]

FIELDS: tuple[tuple[str, ConceptKind], ...] = (
    ("products", "product"),
    ("data_categories", "data_category"),
    ("purposes", "purpose"),
    ("legal_bases", "legal_basis"),
)


def locate_quote(quote: str, clause: Clause, doc: SegmentedPolicy) -> tuple[int, int] | None:
    """Where a quote sits: inside the clause if possible, then its section, then anywhere
    (the one check every reviewed quote passes, in files and in the review store)."""
    section = doc.section_of(clause)
    for lo, hi in ((clause.start, clause.end), section.span, (0, len(doc.text))):
        at = doc.text.find(quote, lo, hi)
        if at >= 0:
            return at, at + len(quote)
    return None


def _check_concept(path: Path, where: str, concept_id: str, kind: ConceptKind,
                   taxonomy: Taxonomy) -> None:
    concept = taxonomy.concepts.get(concept_id)
    if concept is None:
        raise DataFileError(path, where, concept_id, "unknown concept id")
    if concept.kind != kind:
        raise DataFileError(path, where, concept_id, f"is a {concept.kind}, expected a {kind}")


def _reviewed_clause(path: Path, item: ReviewClause, doc: SegmentedPolicy,
                     taxonomy: Taxonomy) -> ClauseConcepts:
    clause = doc.clause(item.clause)
    if clause is None:
        raise DataFileError(path, f"clause {item.clause}", item.clause,
                            "no such clause in the segmented text")
    if len(item.audience) != 1:
        raise DataFileError(path, f"clause {item.clause}.audience", list(item.audience),
                            "exactly one audience per clause")
    hits: list[ConceptHit] = []
    ((audience_id, audience_quote),) = item.audience.items()
    _check_concept(path, f"clause {item.clause}.audience", audience_id, "audience", taxonomy)
    audience_span = locate_quote(audience_quote, clause, doc)
    if audience_span is None:
        raise QuoteNotFoundError(path, item.clause, audience_quote)
    for field, kind in FIELDS:
        for concept_id, quote in getattr(item, field).items():
            where = f"clause {item.clause}.{field}"
            _check_concept(path, where, concept_id, kind, taxonomy)
            if concept_id == NOT_STATED:
                if len(item.legal_bases) > 1:
                    raise DataFileError(path, where, list(item.legal_bases),
                                        "'not-stated' cannot be combined with a legal basis")
                continue
            if not quote:
                raise DataFileError(path, f"{where}.{concept_id}", quote, "a quote is required")
            span = locate_quote(quote, clause, doc)
            if span is None:
                raise QuoteNotFoundError(path, item.clause, quote)
            hits.append(ConceptHit(concept_id, kind, span[0], span[1], quote))
    audience = ConceptHit(audience_id, "audience", *audience_span, audience_quote)
    has_basis = any(h.kind == "legal_basis" for h in hits)
    return ClauseConcepts(clause, audience, tuple(hits), "clause" if has_basis else "none",
                          item.gloss)


def load_review(path: Path, doc: SegmentedPolicy, policy: str, taxonomy: Taxonomy
                ) -> tuple[ReviewFile, dict[str, ClauseConcepts]]:
    """Load a review file and check it against its policy text."""
    review = load_model(path, ReviewFile)
    if review.policy != policy:
        raise DataFileError(path, "policy", review.policy, f"file lives under policy {policy!r}")
    if review.lang != doc.lang:
        raise DataFileError(path, "lang", review.lang, f"file is for language {doc.lang!r}")
    out: dict[str, ClauseConcepts] = {}
    for item in review.clauses:
        if item.clause in out:
            raise DataFileError(path, f"clause {item.clause}", item.clause, "clause reviewed twice")
        out[item.clause] = _reviewed_clause(path, item, doc, taxonomy)
    return review, out
