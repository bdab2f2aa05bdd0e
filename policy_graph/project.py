"""Projection: carry a reviewed version's concepts over to a translation of it.

Sections are paired by audience and clauses aligned by structure alone
(names and numbers, parentheses, position, length: see :mod:`align`), so a
language with no lexicon still gets practices. Where the language has a
lexicon, its own reading of the clause confirms each projected concept (the
evidence span then points at the matched words) or disagrees: a disagreement
is kept on the projection, for Compare and the reviewer, never dropped. A pair
whose lexicon reading shares no data category or purpose with the reviewed
clause is not projected: the two texts say different things there, and Compare
shows both readings side by side.
"""

from __future__ import annotations

from dataclasses import dataclass

from .align import jaccard, paired_sections, structural_pairs
from .extract import ClauseConcepts, section_audience
from .models import ConceptKind
from .segment import Clause, SegmentedPolicy
from .taxonomy import ConceptHit

__all__ = ["PROJECTION_FLOOR", "Disagreement", "Projection", "project"]

# Below this structural similarity an aligned pair is not trusted with concepts.
PROJECTION_FLOOR = 0.45
CHECKED_KINDS: tuple[ConceptKind, ...] = ("data_category", "purpose", "legal_basis")
PROJECTED_TERM = "(projected)"


@dataclass(frozen=True)
class Disagreement:
    """Where the lexicon's reading of a clause differs from the projection."""

    kind: str
    only_projected: tuple[str, ...]
    only_lexicon: tuple[str, ...]


@dataclass(frozen=True)
class Projection:
    """The reviewed concepts of ``source`` (a clause ref), carried to one clause."""

    clause_id: str
    source: str
    score: float
    concepts: ClauseConcepts
    disagreements: tuple[Disagreement, ...] = ()
    checked: bool = False  # the language had a lexicon to check the projection with

    @property
    def confidence(self) -> float:
        """Alignment similarity, lowered where the lexicon disagrees or could not check."""
        factor = 0.9 if not self.checked else (0.7 if self.disagreements else 1.0)
        return round(min(1.0, self.score) * factor, 3)


def _carried(hit: ConceptHit, own: ClauseConcepts | None, start: int, end: int) -> ConceptHit:
    """The projected concept, with the lexicon's evidence where it found the same one."""
    match = next((h for h in own.hits if h.concept == hit.concept), None) if own else None
    return match or ConceptHit(hit.concept, hit.kind, start, end, PROJECTED_TERM)


def _disagreements(projected: ClauseConcepts, own: ClauseConcepts) -> tuple[Disagreement, ...]:
    out = []
    for kind in CHECKED_KINDS:
        mine, theirs = set(projected.ids(kind)), set(own.ids(kind))
        if mine != theirs:
            out.append(Disagreement(kind, tuple(sorted(mine - theirs)), tuple(sorted(theirs - mine))))
    return tuple(out)


def _shares_something(found: ClauseConcepts, mine: ClauseConcepts) -> bool:
    return any(set(found.ids(k)) & set(mine.ids(k)) for k in ("data_category", "purpose"))


def project(reference: SegmentedPolicy, reviewed: dict[str, ClauseConcepts], source_prefix: str,
            target: SegmentedPolicy, own: dict[str, ClauseConcepts] | None) -> dict[str, Projection]:
    """Projections onto ``target``'s clauses, by target clause id.

    ``reviewed`` are the reference's reviewed clauses; ``own`` the target's
    lexicon reading (None for a language with no lexicon); ``source_prefix``
    names the reference (``policy/lang``)."""
    out: dict[str, Projection] = {}

    def blend(a: Clause, b: Clause, structural: float) -> float:
        # With a lexicon, what the clauses say weighs as much as how they look.
        found, mine = reviewed.get(a.id), own.get(b.id) if own is not None else None
        if found is None or mine is None:
            return structural
        said = sum(jaccard(set(found.ids(k)), set(mine.ids(k))) for k in ("data_category", "purpose"))
        return round(0.5 * structural + 0.25 * said, 6)

    for _, clauses_a, clauses_b in paired_sections(reference, target):
        for i, j, score in structural_pairs(clauses_a, clauses_b, blend):
            found = reviewed.get(clauses_a[i].id)
            if found is None or score < PROJECTION_FLOOR:
                continue
            clause = clauses_b[j]
            section = target.section_of(clause)
            mine = own.get(clause.id) if own is not None else None
            if mine is not None and not _shares_something(found, mine):
                continue  # the lexicon reads another statement: Compare shows both readings
            audience = section_audience(section, target.text)
            concepts = ClauseConcepts(
                clause, audience, tuple(_carried(h, mine, clause.start, clause.end) for h in found.hits),
                found.basis_source, found.gloss)
            out[clause.id] = Projection(
                clause.id, f"{source_prefix}/{clauses_a[i].id}", score, concepts,
                _disagreements(concepts, mine) if mine is not None else (), mine is not None)
    return out
