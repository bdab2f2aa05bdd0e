"""Between the review database and ``<lang>.review.yaml``, so reviews stay diffable in git.

**Export** writes the review file of a language version from the decisions:
every clause with a decision (accept, correct, reject, gloss) is written whole,
as the review left it — accepted and still-open practices keep the words their
evidence points at, corrected concepts the reviewer's quote, rejected ones are
gone (a clause whose practices were all rejected is written with no data and
no purpose: it states nothing). The gloss is the reviewer's, else the one the
clause had, else the clause text itself (the loader needs one). Clauses with no
decision keep their entry from the existing hand-written file, if any.
``reviewer`` lists everyone who decided or signed off (and the existing file's
reviewer where its entries are kept); ``reviewed_on`` is the latest date. The
result is checked by the loader itself before it is returned.

**Import** reads a review file into the database as decisions by a named
reviewer: for each clause, corrections for the concepts (and quotes) it states
that the clause's current state lacks, rejections of the concepts it does not
state, the gloss if it differs, then acceptance of every practice left open,
and a comment naming the file; all in one transaction. Importing the same file
a second time records nothing.
"""

from __future__ import annotations

import datetime as dt
import tempfile
from dataclasses import dataclass
from pathlib import Path

import yaml

from .corpus import Corpus, PolicyVersion
from .errors import UserInputError
from .models import ReviewClause, ReviewFile
from .review import FIELDS, load_review
from .review_state import ClauseState, Event, check_reviewer, derive_clause, text_sha, version_state
from .review_store import Action, ReviewStore, SignOff
from .taxonomy import NOT_STATED, PURPOSE_NOT_STATED
from .yamlio import load_model

__all__ = ["ImportSummary", "export_review", "import_review", "review_file"]


def _version(corpus: Corpus, policy: str, lang: str) -> PolicyVersion:
    version = corpus.version(policy, lang)
    if version is None:
        raise UserInputError(f"there is no {policy}/{lang} version in the corpus")
    return version


def _clause_entry(state: ClauseState) -> ReviewClause:
    """A clause as the review left it, in the review file's shape."""
    concepts = state.concepts
    fields: dict[str, dict[str, str]] = {}
    for field, kind in FIELDS:
        fields[field] = {cid: state.quote(cid) or "" for cid in concepts.ids(kind)
                         if cid not in (NOT_STATED, PURPOSE_NOT_STATED)}
    bases: dict[str, str | None] = dict(fields.pop("legal_bases")) or {NOT_STATED: None}
    return ReviewClause(
        clause=state.clause.id, gloss=state.gloss or state.clause.text,
        audience={concepts.audience.concept: concepts.audience.term},
        products=fields["products"], data_categories=fields["data_categories"],
        purposes=fields["purposes"], legal_bases=bases)


def _date(at: str) -> dt.date:
    return dt.datetime.fromisoformat(at).date()


def review_file(corpus: Corpus, policy: str, lang: str, events: list[Event],
                sign_offs: list[SignOff]) -> ReviewFile:
    """The review file of a version: decided clauses from the log, the rest from the
    existing file."""
    version = _version(corpus, policy, lang)
    existing = {c.clause: c for c in version.review.clauses} if version.review else {}
    clauses: list[ReviewClause] = []
    kept_existing = False
    for state in version_state(version, events):
        if state.decided:
            clauses.append(_clause_entry(state))
        elif state.clause.id in existing:
            clauses.append(existing[state.clause.id])
            kept_existing = True
    if not clauses:
        raise UserInputError(f"nothing to export for {policy}/{lang}: no decision is recorded "
                             "and there is no review file")
    decisions = [e for e in events if e.action != "comment"]
    names = [version.review.reviewer] if kept_existing and version.review else []
    who_when = [(e.reviewer, e.at) for e in decisions] + [(s.reviewer, s.at) for s in sign_offs]
    names += [who for who, _ in who_when]
    dates = [_date(at) for _, at in who_when]
    if kept_existing and version.review:
        dates.append(version.review.reviewed_on)
    return ReviewFile(policy=policy, lang=lang, reviewer=", ".join(dict.fromkeys(names)),
                      reviewed_on=max(dates), clauses=clauses)


def _yaml(review: ReviewFile, text_name: str) -> str:
    header = (f"# Reviewed annotations of {review.policy}/{review.lang}, exported from the review "
              "database\n# by `policy-graph review export`. Every quote is verbatim from "
              f"{text_name}; loading fails if one is not found.\n")
    body = review.model_dump(exclude_defaults=True)
    body["reviewed_on"] = review.reviewed_on  # a date, written unquoted
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def _check_loads(text: str, version: PolicyVersion, corpus: Corpus) -> None:
    """Run the loader over the exported text: what it writes, the app reads."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"{version.lang}.review.yaml"
        path.write_text(text, encoding="utf-8")
        load_review(path, version.doc, version.policy.id, corpus.taxonomy)


def export_review(corpus: Corpus, store: ReviewStore, policy: str, lang: str) -> str:
    """``<lang>.review.yaml`` of a version from the stored decisions (see the module)."""
    version = _version(corpus, policy, lang)
    review = review_file(corpus, policy, lang, store.events(policy, lang),
                         store.sign_offs(policy, lang))
    text = _yaml(review, version.path.name)
    _check_loads(text, version, corpus)
    return text


@dataclass(frozen=True)
class ImportSummary:
    """What an import recorded."""

    policy: str
    lang: str
    clauses: int
    decisions: int  # accepts, corrections, rejections and glosses (comments not counted)


def _wanted(item: ReviewClause) -> dict[str, dict[str, str | None]]:
    """kind -> concept -> quote, as the file states it."""
    out: dict[str, dict[str, str | None]] = {"audience": dict(item.audience)}
    for field, kind in FIELDS:
        out[kind] = dict(getattr(item, field))
    return out


def _clause_actions(version: PolicyVersion, log: list[Event], item: ReviewClause, reviewer: str,
                    source: str) -> list[Action]:
    """The actions that bring a clause's state to what a review file says of it."""
    def state() -> ClauseState:
        return derive_clause(version, item.clause, [*log, *(_pending(a, sha) for a in actions)])

    actions: list[Action] = []
    wanted = _wanted(item)
    current = state()
    sha = text_sha(current.clause.text)
    ((audience, audience_quote),) = wanted["audience"].items()
    if (current.concepts.audience.concept, current.concepts.audience.term) != (audience,
                                                                                 audience_quote):
        actions.append(Action(item.clause, "correct", reviewer, kind="audience", concept=audience,
                              quote=audience_quote))
    for kind in ("product", "data_category", "purpose", "legal_basis"):
        for concept, quote in wanted[kind].items():
            if concept == NOT_STATED:
                if any(h.kind == "legal_basis" for h in current.concepts.hits):
                    actions.append(Action(item.clause, "correct", reviewer, kind=kind, concept=concept))
            elif current.quote(concept) != quote:
                actions.append(Action(item.clause, "correct", reviewer, kind=kind, concept=concept,
                                      quote=quote))
    for kind, concept in dict.fromkeys((h.kind, h.concept) for h in state().concepts.hits):
        if concept not in wanted[kind]:
            actions.append(Action(item.clause, "reject", reviewer, kind=kind, concept=concept))
    gloss = state().gloss
    # An export writes the clause text where there is no gloss: that is not a new one.
    if item.gloss != (gloss or current.clause.text):
        actions.append(Action(item.clause, "gloss", reviewer, note=item.gloss))
    for practice in state().practices:
        if practice.status == "open":
            actions.append(Action(item.clause, "accept", reviewer, practice=practice.key))
    if actions:
        actions.append(Action(item.clause, "comment", reviewer, note=f"imported from {source}"))
    return actions


def _pending(action: Action, sha: str) -> Event:
    """An action not yet recorded, as the event it will be (for deriving the next ones)."""
    return Event(0, "", "", action.clause, sha, action.action, action.reviewer, "",
                 action.practice, action.kind, action.concept, action.replaces, action.quote,
                 action.note)


def import_review(corpus: Corpus, store: ReviewStore, path: Path, reviewer: str) -> ImportSummary:
    """Record a review file's statements as decisions by ``reviewer`` (see the module)."""
    name = check_reviewer(reviewer)
    review = load_model(path, ReviewFile)
    version = _version(corpus, review.policy, review.lang)
    load_review(path, version.doc, review.policy, corpus.taxonomy)  # quotes, concepts, clauses
    log = store.events(review.policy, review.lang)
    source = f"{path.name} (reviewer: {review.reviewer}, reviewed on {review.reviewed_on})"
    actions: list[Action] = []
    for item in review.clauses:
        actions += _clause_actions(version, log, item, name, source)
    recorded = store.record(corpus, review.policy, review.lang, actions) if actions else []
    return ImportSummary(review.policy, review.lang, len({e.clause for e in recorded}),
                         sum(e.action != "comment" for e in recorded))
