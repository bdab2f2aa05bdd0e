"""What a clause says after review: the decision log replayed over its reading.

Every review action is an :class:`Event` in an append-only log (see
:mod:`review_store`). The state of a clause is never stored: it is derived by
replaying the clause's events, oldest first, over the reading the corpus gives
it (reviewed, else projected, else extracted):

- ``accept`` a practice (``data/purpose/basis``): it is marked accepted;
- ``reject`` a practice: it is marked rejected, and every data category,
  purpose or legal basis that only rejected practices use leaves the clause
  (so rejecting a clause's only practice leaves it saying nothing); ``reject``
  with a kind and a concept instead of a practice removes that concept;
- ``correct``: a concept is added (or replaces one of its kind, ``replaces``)
  with the quote it rests on; the practices it yields are marked corrected.
  The legal basis ``not-stated`` removes every basis; the audience is replaced;
- ``gloss`` sets the English gloss; ``comment`` changes nothing but the trail.

An event names the SHA-256 of the clause text it was made on: events recorded
on another text of the clause (the file was replaced) are counted as stale and
not applied. Replaying is idempotent over an exported review: a correction
already in the file changes nothing, a rejected concept is already gone.

>>> from policy_graph.corpus import load_corpus
>>> vi = load_corpus().version("wework", "vi")
>>> state = derive_clause(vi, "s1.3", [])
>>> [p.key for p in state.practices]
['payment-info/process-payment/contract', 'transaction-details/process-payment/contract']
>>> sha = text_sha(state.clause.text)
>>> log = [Event(1, "wework", "vi", "s1.3", sha, "reject", "Ada", "2026-01-02T10:00:00+00:00",
...              practice="transaction-details/process-payment/contract")]
>>> [(p.key, p.status) for p in derive_clause(vi, "s1.3", log).practices]
[('payment-info/process-payment/contract', 'open')]
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from .corpus import PolicyVersion
from .errors import UserInputError
from .extract import ClauseConcepts
from .models import CONCEPT_KINDS, ConceptKind
from .review import locate_quote
from .segment import Clause
from .taxonomy import NOT_STATED, PURPOSE_NOT_STATED, ConceptHit, Taxonomy
from .text import nfc

__all__ = [
    "ACTIONS",
    "MAX_COMMENT",
    "MAX_GLOSS",
    "MAX_QUOTE",
    "MAX_REVIEWER",
    "PRACTICE_KINDS",
    "ActionName",
    "ClauseState",
    "Event",
    "PracticeState",
    "check_correction",
    "check_note",
    "check_practice",
    "check_rejected_concept",
    "check_reviewer",
    "derive_clause",
    "practice_key",
    "text_sha",
    "version_state",
]

ActionName = Literal["accept", "correct", "reject", "comment", "gloss"]
ACTIONS: tuple[ActionName, ...] = ("accept", "correct", "reject", "comment", "gloss")
# A practice of a clause is its data category, purpose and legal basis (the
# audience and products are the clause's, shared by all its practices).
PRACTICE_KINDS: tuple[ConceptKind, ...] = ("data_category", "purpose", "legal_basis")
PracticeStatus = Literal["open", "accepted", "rejected", "corrected"]
PLACEHOLDERS = frozenset({NOT_STATED, PURPOSE_NOT_STATED})
MAX_REVIEWER = 80
MAX_COMMENT = 2000
MAX_GLOSS = 1000
MAX_QUOTE = 1000
# practice key -> (status, reviewer, at) of the latest decision on it
Statuses = dict[str, tuple[PracticeStatus, str, str]]


@dataclass(frozen=True)
class Event:
    """One recorded action, as stored: who did what to which clause, and when."""

    id: int
    policy: str
    lang: str
    clause: str
    text_sha: str  # of the clause text the action was made on
    action: str
    reviewer: str
    at: str  # ISO 8601, UTC
    practice: str | None = None  # accept/reject: "data/purpose/basis"
    kind: str | None = None  # correct, or reject of one concept
    concept: str | None = None
    replaces: str | None = None  # correct: the concept of the same kind it replaces
    quote: str | None = None  # correct: the words of the text it rests on
    note: str | None = None  # comment text, or the gloss

    def describe(self) -> str:
        """One line for the audit trail.

        >>> Event(1, "p", "en", "s1.1", "x", "correct", "Ada", "t", kind="purpose",
        ...       concept="marketing", replaces="security", quote="to market").describe()
        'correct purpose: marketing (replaces security) — “to market”'
        """
        if self.action in ("accept", "reject") and self.practice:
            return f"{self.action} {self.practice}"
        if self.action in ("reject", "correct"):
            what = f"{self.action} {(self.kind or '').replace('_', ' ')}: {self.concept}"
            if self.replaces:
                what += f" (replaces {self.replaces})"
            return what + (f" — “{self.quote}”" if self.quote else "")
        return f"{self.action}: {self.note or ''}"


@dataclass(frozen=True)
class PracticeState:
    """One practice of a clause and the latest decision on it."""

    key: str  # data/purpose/basis
    data_category: str
    purpose: str
    legal_basis: str
    status: PracticeStatus = "open"
    reviewer: str | None = None
    at: str | None = None


@dataclass
class ClauseState:
    """A clause as the review left it: its concepts, practices, gloss and trail."""

    clause: Clause
    source: str  # where the reading started: reviewed | projected | extracted
    concepts: ClauseConcepts
    practices: list[PracticeState]
    events: list[Event] = field(default_factory=list)  # every event on the clause, oldest first
    stale: int = 0  # events made on another text of this clause, not applied
    decided: bool = False  # an accept, correct, reject or gloss applies

    @property
    def gloss(self) -> str | None:
        return self.concepts.gloss

    @property
    def comments(self) -> list[Event]:
        return [e for e in self.events if e.action == "comment"]

    def quote(self, concept_id: str) -> str | None:
        """The words of the text a concept of this clause rests on."""
        if concept_id == self.concepts.audience.concept:
            return self.concepts.audience.term
        return next((h.term for h in self.concepts.hits if h.concept == concept_id), None)

    def open_count(self) -> int:
        return sum(p.status == "open" for p in self.practices)


def text_sha(text: str) -> str:
    """A short fingerprint of a clause text (NFC).

    >>> text_sha("Café") == text_sha("Cafe\\u0301")
    True
    """
    return hashlib.sha256(nfc(text).encode("utf-8")).hexdigest()[:16]


def practice_key(data_category: str, purpose: str, legal_basis: str) -> str:
    """How a practice of a clause is named in the log.

    >>> practice_key("payment-info", "process-payment", "contract")
    'payment-info/process-payment/contract'
    """
    return f"{data_category}/{purpose}/{legal_basis}"


def _quoted(hit: ConceptHit, text: str) -> ConceptHit:
    """The hit with the words of the text it points at as its term (a lexicon hit's
    term is the matched term, folded; a projected one's a marker)."""
    return replace(hit, term=text[hit.start:hit.end])


def _cross(concepts: ClauseConcepts) -> list[tuple[str, str, str]]:
    return [(d, p, b) for d in concepts.ids("data_category") for p in concepts.ids("purpose")
            for b in concepts.ids("legal_basis")]


def _as_kind(kind: str) -> ConceptKind:
    for known in CONCEPT_KINDS:
        if kind == known:
            return known
    raise UserInputError(f"{kind!r} is not a concept kind: use one of {', '.join(CONCEPT_KINDS)}")


def _with_hits(concepts: ClauseConcepts, hits: Iterable[ConceptHit],
               audience: ConceptHit | None = None, gloss: str | None = None) -> ClauseConcepts:
    hits = tuple(hits)
    if not any(h.kind == "legal_basis" for h in hits):
        source = "none"
    else:  # a basis the reviewer added is stated by the clause itself
        source = "clause" if concepts.basis_source == "none" else concepts.basis_source
    return replace(concepts, hits=hits, audience=audience or concepts.audience,
                   basis_source=source, gloss=gloss if gloss is not None else concepts.gloss)


def _drop_rejected(concepts: ClauseConcepts, statuses: Statuses) -> ClauseConcepts:
    """Drop each concept that only rejected practices use."""
    practices = _cross(concepts)
    dropped: set[tuple[str, str]] = set()
    for index, kind in enumerate(PRACTICE_KINDS):
        for concept in concepts.ids(kind):
            using = [p for p in practices if p[index] == concept]
            if concept not in PLACEHOLDERS and using and all(
                    statuses.get(practice_key(*p), ("",))[0] == "rejected" for p in using):
                dropped.add((kind, concept))
    return _with_hits(concepts, (h for h in concepts.hits if (h.kind, h.concept) not in dropped))


def _corrected(concepts: ClauseConcepts, event: Event, text: str, clause: Clause,
               version: PolicyVersion) -> ClauseConcepts:
    """Apply one correction: add (or re-quote) a concept, replacing another of its kind."""
    kind, concept = event.kind or "", event.concept or ""
    quote = event.quote or ""
    span = locate_quote(quote, clause, version.doc) if quote else None
    start, end = span if span is not None else (clause.start, clause.end)
    if kind == "audience":
        return _with_hits(concepts, concepts.hits,
                          audience=ConceptHit(concept, "audience", start, end, text[start:end]))
    if kind == "legal_basis" and concept == NOT_STATED:
        return _with_hits(concepts, (h for h in concepts.hits if h.kind != "legal_basis"))
    kept = [h for h in concepts.hits if not (h.kind == kind and h.concept in (concept, event.replaces))]
    return _with_hits(concepts, [*kept, ConceptHit(concept, _as_kind(kind), start, end,
                                                   text[start:end])])


def _practices(concepts: ClauseConcepts, statuses: Statuses) -> list[PracticeState]:
    out = []
    for d, p, b in _cross(concepts):
        key = practice_key(d, p, b)
        status, reviewer, at = statuses.get(key, ("open", "", ""))
        out.append(PracticeState(key, d, p, b, status, reviewer or None, at or None))
    return out


def _source(version: PolicyVersion, clause_id: str) -> str:
    if clause_id in version.reviewed:
        return "reviewed"
    return "projected" if clause_id in version.projected else "extracted"


def derive_clause(version: PolicyVersion, clause_id: str, events: Iterable[Event]) -> ClauseState:
    """Replay ``events`` (those of other clauses are ignored) over a clause's reading."""
    clause = version.doc.clause(clause_id)
    if clause is None:
        raise UserInputError(f"{version.policy.id}/{version.lang} has no clause {clause_id!r}")
    text = version.doc.text
    base = version.concepts(clause_id)
    concepts = _with_hits(base, (_quoted(h, text) for h in base.hits),
                          audience=_quoted(base.audience, text))
    sha = text_sha(clause.text)
    statuses: Statuses = {}
    state = ClauseState(clause, _source(version, clause_id), concepts, [])
    for event in events:
        if event.clause != clause_id:
            continue
        state.events.append(event)
        if event.text_sha != sha:
            state.stale += 1
            continue
        who = (event.reviewer, event.at)
        if event.action == "accept" and event.practice:
            statuses[event.practice] = ("accepted", *who)
        elif event.action == "reject" and event.practice:
            statuses[event.practice] = ("rejected", *who)
            concepts = _drop_rejected(concepts, statuses)
        elif event.action == "reject":
            concepts = _with_hits(concepts, (h for h in concepts.hits
                                             if (h.kind, h.concept) != (event.kind, event.concept)))
        elif event.action == "correct":
            concepts = _corrected(concepts, event, text, clause, version)
            for d, p, b in _cross(concepts):
                if event.kind == "audience" or event.concept in (d, p, b):
                    statuses[practice_key(d, p, b)] = ("corrected", *who)
        elif event.action == "gloss":
            concepts = _with_hits(concepts, concepts.hits, gloss=event.note or "")
        state.decided = state.decided or event.action != "comment"
    state.concepts = concepts
    state.practices = _practices(concepts, statuses)
    return state


def version_state(version: PolicyVersion, events: Sequence[Event]) -> list[ClauseState]:
    """Every clause of a version as the review left it, in text order."""
    by_clause: dict[str, list[Event]] = {}
    for event in events:
        by_clause.setdefault(event.clause, []).append(event)
    return [derive_clause(version, c.id, by_clause.get(c.id, ())) for c in version.doc.clauses]


# --- checks made before an action is recorded ---------------------------------------

def _clean(text: str) -> str:
    return nfc(text).strip()


def check_reviewer(name: str | None) -> str:
    """A reviewer's name: NFC, trimmed, non-empty, at most 80 characters, one line.

    >>> check_reviewer("  Ada Lovelace ")
    'Ada Lovelace'
    >>> check_reviewer("")
    Traceback (most recent call last):
    ...
    policy_graph.errors.UserInputError: give your name: every decision is recorded with it
    """
    value = _clean(name or "")
    if not value:
        raise UserInputError("give your name: every decision is recorded with it")
    if len(value) > MAX_REVIEWER:
        raise UserInputError(f"a reviewer's name has at most {MAX_REVIEWER} characters "
                             f"(got {len(value)})")
    if any(unicodedata.category(c).startswith("C") for c in value):
        raise UserInputError("a reviewer's name is one line of text, without control characters")
    return value


def check_note(text: str | None, what: str, limit: int) -> str:
    """A comment or a gloss: NFC, trimmed, non-empty, at most ``limit`` characters."""
    value = _clean(text or "")
    if not value:
        raise UserInputError(f"the {what} is empty")
    if len(value) > limit:
        raise UserInputError(f"a {what} has at most {limit:,} characters (got {len(value):,})")
    return value


def _kind_name(kind: str) -> str:
    return kind.replace("_", " ")


def check_correction(version: PolicyVersion, taxonomy: Taxonomy, state: ClauseState, kind: str,
                     concept: str, quote: str | None, replaces: str | None = None) -> str | None:
    """Check a correction as the loader checks a review file; return the quote to store
    (NFC, trimmed; None for ``not-stated``, which needs none)."""
    kind_ = _as_kind(kind)
    found = taxonomy.concepts.get(concept)
    if found is None:
        raise UserInputError(f"{concept!r} is not a concept of the taxonomy")
    if found.kind != kind:
        raise UserInputError(f"{concept!r} is a {_kind_name(found.kind)}, not a {_kind_name(kind)}")
    if concept == PURPOSE_NOT_STATED:
        raise UserInputError("“no purpose stated” is what a clause naming no purpose gets: "
                             "reject its purposes instead")
    if replaces and kind != "audience" and replaces not in state.concepts.ids(kind_):
        raise UserInputError(f"clause {state.clause.id} has no {_kind_name(kind)} {replaces!r} "
                             "to replace")
    if concept == NOT_STATED:
        return None
    value = _clean(quote or "")
    if not value:
        raise UserInputError(f"give the words of clause {state.clause.id} that state "
                             f"{concept!r}: a correction rests on a quote")
    if len(value) > MAX_QUOTE:
        raise UserInputError(f"a quote has at most {MAX_QUOTE} characters (got {len(value)})")
    if locate_quote(value, state.clause, version.doc) is None:
        shown = value if len(value) <= 80 else value[:77] + "…"
        raise UserInputError(f"the quote “{shown}” is not in the text of "
                             f"{version.policy.id}/{version.lang} (clause {state.clause.id}): "
                             "copy the words exactly as they stand")
    return value


def check_practice(state: ClauseState, practice: str) -> None:
    """An accepted or rejected practice must be one the clause states now."""
    if practice not in {p.key for p in state.practices}:
        raise UserInputError(f"clause {state.clause.id} does not state the practice {practice!r} "
                             "(it may have just been changed by another reviewer: reload)")


def check_rejected_concept(state: ClauseState, kind: str, concept: str) -> None:
    """A concept rejected on its own must be one the clause has (never the audience)."""
    if kind == "audience":
        raise UserInputError("a clause always has one audience: correct it instead")
    if concept in PLACEHOLDERS:
        raise UserInputError(f"{concept!r} is what a clause stating none gets: correct it instead")
    if not any(h.kind == kind and h.concept == concept for h in state.concepts.hits):
        raise UserInputError(f"clause {state.clause.id} has no {_kind_name(kind)} {concept!r}")
