"""Extract practices from segmented clauses by matching taxonomy terms.

A clause yields the cross product of its data categories, purposes and legal
bases, once per audience (the "everyone" section is expanded to every audience
of the policy).  A clause that states no legal basis in itself or in its
section's lead-in gets ``not-stated``: the extractor never guesses one.

>>> from policy_graph.taxonomy import load_taxonomy, DEFAULT_DATA_DIR
>>> from policy_graph.segment import segment
>>> tax = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
>>> doc = segment("T\\n\\nEveryone. We use Payment Information to process a financial "
...               "transaction (generally, to meet our contractual obligations).", "en", tax)
>>> [(p.data_category, p.purpose, p.legal_basis) for p in extract_policy(doc, "demo", tax)]
[('payment-info', 'process-payment', 'contract')]
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from .models import ConceptKind, Practice
from .segment import Clause, Section, SegmentedPolicy
from .taxonomy import NOT_STATED, PURPOSE_NOT_STATED, ConceptHit, Taxonomy

__all__ = ["ClauseConcepts", "LeadInCache", "extract_clause", "extract_policy", "practices_for_clause",
           "section_audience"]

CLAUSE_KINDS: tuple[ConceptKind, ...] = ("product", "data_category", "purpose", "legal_basis")


@dataclass(frozen=True)
class ClauseConcepts:
    """Concepts found in (or inherited by) one clause, each with evidence."""

    clause: Clause
    audience: ConceptHit
    hits: tuple[ConceptHit, ...]
    basis_source: str  # "clause" | "lead-in" | "none"
    gloss: str | None = None  # the reviewer's English gloss, for reviewed clauses
    use_cue: bool = False  # the clause says "we collect/use/process"

    def ids(self, kind: ConceptKind) -> list[str]:
        """Concept ids of ``kind`` in order of first mention; audience and
        'not stated' included so the result is what a reviewer would list."""
        if kind == "audience":
            return [self.audience.concept]
        return self.ids_by_kind().get(kind, [])

    def ids_by_kind(self) -> dict[str, list[str]]:
        """``ids`` of every clause-level kind, from one pass over the hits."""
        found: dict[str, dict[str, None]] = {}
        for hit in self.hits:
            found.setdefault(hit.kind, {})[hit.concept] = None
        out = {kind: list(ids) for kind, ids in found.items()}
        if "legal_basis" not in out:
            out["legal_basis"] = [NOT_STATED]
        if "purpose" not in out and self.states_data_without_purpose:
            out["purpose"] = [PURPOSE_NOT_STATED]
        return out

    @property
    def states_data_without_purpose(self) -> bool:
        """A list item naming data ("• your contact details;"), or a sentence naming
        data with a legal basis or a verb of use ("we collect"), states a practice
        even though it gives no purpose."""
        kinds = {h.kind for h in self.hits}
        return "data_category" in kinds and "purpose" not in kinds and (
            self.clause.kind == "bullet" or "legal_basis" in kinds or self.use_cue)

    def evidence(self, concept_id: str) -> tuple[int, int] | None:
        if concept_id == self.audience.concept:
            return self.audience.start, self.audience.end
        hit = next((h for h in self.hits if h.concept == concept_id), None)
        return (hit.start, hit.end) if hit else None

    @property
    def confidence(self) -> float:
        """A plain heuristic, not a calibrated probability: prefix-term matches
        and inherited or absent legal bases lower it."""
        return self.confidence_given(self.ids("purpose"))

    def confidence_given(self, purposes: list[str]) -> float:
        """``confidence`` for a caller that has the purpose ids already."""
        score = 0.95
        if any(h.term.endswith("*") for h in self.hits):
            score *= 0.95
        score *= {"clause": 1.0, "lead-in": 0.9, "none": 0.85}[self.basis_source]
        if purposes in ([], [PURPOSE_NOT_STATED]):
            score *= 0.5
        return round(score, 3)


def section_audience(section: Section, text: str) -> ConceptHit:
    """The audience every clause of ``section`` has, with its heading as evidence."""
    h0, h1 = section.heading_span
    return ConceptHit(section.audience, "audience", h0, h1, text[h0:h1])


LeadInCache = dict[tuple[int, int, tuple[ConceptKind, ...]], list[ConceptHit]]


def extract_clause(clause: Clause, section: Section, text: str, lang: str,
                   taxonomy: Taxonomy, lead_cache: LeadInCache | None = None) -> ClauseConcepts:
    """Match every clause-level concept in ``clause``. What the clause leaves out
    comes from the lead-in it hangs from: the legal basis (the 2018 layout states
    it there), and the data or the purpose when the list gives only the other
    ("We use your contact details for: …")."""
    # Plain text: the taxonomy folds it only when it has not read the same words before.
    hits = taxonomy.match(clause.text, lang, CLAUSE_KINDS, offset=clause.start)
    source = "clause" if any(h.kind == "legal_basis" for h in hits) else "none"
    lead_span = clause.lead_in_span or section.lead_in_span
    if lead_span[1] > lead_span[0]:
        missing: list[ConceptKind] = [k for k in ("legal_basis", "data_category", "purpose")
                   if not any(h.kind == k for h in hits)]
        if missing:
            key = (lead_span[0], lead_span[1], tuple(missing))
            lead = lead_cache.get(key) if lead_cache is not None else None
            if lead is None:
                # Every item of a list hangs from the same lead-in: read it once per list.
                lead = taxonomy.match(text[lead_span[0]:lead_span[1]], lang,
                                      tuple(missing), offset=lead_span[0])
                if lead_cache is not None:
                    lead_cache[key] = lead
            hits = [*hits, *lead]
            if any(h.kind == "legal_basis" for h in lead):
                source = "lead-in"
    audience = section_audience(section, text)
    cue = taxonomy.states_use(clause.text, lang)
    return ClauseConcepts(clause, audience, tuple(_drop_fallbacks(hits, taxonomy)), source,
                          use_cue=cue)


def _drop_fallbacks(hits: list[ConceptHit], taxonomy: Taxonomy) -> list[ConceptHit]:
    """Generic concepts ("personal information") give way to any named one of their kind."""
    def generic(hit: ConceptHit) -> bool:
        concept = taxonomy.concepts.get(hit.concept)
        return concept is not None and concept.fallback
    named = {h.kind for h in hits if not generic(h)}
    return [h for h in hits if not (generic(h) and h.kind in named)]


def _audiences(section_audience: str, policy_audiences: Iterable[str], taxonomy: Taxonomy
               ) -> list[str]:
    if section_audience not in taxonomy.everyone_ids:
        return [section_audience]
    concrete = [a for a in dict.fromkeys(policy_audiences) if a not in taxonomy.everyone_ids]
    return concrete or [section_audience]


def practices_for_clause(
    found: ClauseConcepts,
    *,
    policy: str,
    lang: str,
    products: list[str],
    policy_audiences: Iterable[str],
    taxonomy: Taxonomy,
    source: str = "extracted",
    confidence: float | None = None,
) -> list[Practice]:
    """The cross product of a clause's concepts as Practice records.

    Built with ``model_construct``: every value comes from the validated taxonomy
    and text, and validating 10^5 records again would dominate a warm load.  The
    records of one clause share their quote, products and evidence (read-only)."""
    clause = found.clause
    ids = found.ids_by_kind()
    named = ids.get("product", [])
    # The first hit of each concept is its evidence (as ClauseConcepts.evidence), in one pass.
    evidence: dict[str, tuple[int, int]] = {}
    for hit in found.hits:
        evidence.setdefault(hit.concept, (hit.start, hit.end))
    evidence[found.audience.concept] = (found.audience.start, found.audience.end)
    shared: dict[str, Any] = {
        "policy": policy, "lang": lang, "clause_id": clause.id,
        "section_audience": found.audience.concept,
        "products": list(dict.fromkeys([*products, *named])), "named_products": named,
        "quote": clause.text, "span": (clause.start, clause.end), "evidence": evidence,
        "source": source, "gloss": found.gloss,
        "confidence": 1.0 if source == "reviewed" else
        confidence if confidence is not None else found.confidence_given(ids.get("purpose", [])),
    }
    data_ids, purpose_ids, basis_ids = (ids.get("data_category", []), ids.get("purpose", []),
                                        ids["legal_basis"])
    prefix = f"{policy}/{lang}/{clause.id}"
    return [Practice(id=f"{prefix}/{audience}/{data}/{purpose}/{basis}",
                                     audience=audience, data_category=data, purpose=purpose,
                                     legal_basis=basis, **shared)
            for audience in _audiences(found.audience.concept, policy_audiences, taxonomy)
            for data in data_ids for purpose in purpose_ids for basis in basis_ids]


def extract_policy(doc: SegmentedPolicy, policy: str, taxonomy: Taxonomy,
                   products: list[str] | None = None) -> list[Practice]:
    """Every extracted practice of a segmented policy."""
    covered = products if products is not None else list(doc.intro_products)
    out: list[Practice] = []
    lead_cache: LeadInCache = {}
    for section in doc.sections:
        for clause in section.clauses:
            found = extract_clause(clause, section, doc.text, doc.lang, taxonomy, lead_cache)
            out.extend(practices_for_clause(
                found, policy=policy, lang=doc.lang, products=covered,
                policy_audiences=doc.audiences, taxonomy=taxonomy))
    return out
