"""The review database: every review action, stored at once, append-only.

``POLICY_GRAPH_REVIEW_DB`` takes the same URLs as ``POLICY_GRAPH_DB``
(``sqlite:////absolute.db``, ``sqlite:///relative.db``, a plain path, or
``sqlite://`` for memory); by default ``reviews.db`` sits next to the notebook
database. SQLite runs in WAL mode (readers never wait for the one writer), and
each call opens its own short connection, so Streamlit's threads, several
browser sessions and the command line can share the file.

Two tables. ``review_events`` is the decision log and the audit trail: one row
per action (accept, correct, reject, comment, gloss) with the policy, language,
clause, the SHA-256 of the clause text, what was decided, the reviewer and the
time (UTC). Rows are never changed or deleted (triggers refuse it); the current
state of a clause is derived from them (:mod:`review_state`). ``sign_offs``
records who signed a language version off, when, with a note and the hash of
the text signed.

Each action is one ``BEGIN IMMEDIATE`` transaction: the clause's state is
derived from the log inside it, the action checked against that state (a
correction's quote against the clause text, exactly as the loader checks a
review file; the concept against the taxonomy and its kind; an accepted or
rejected practice against what the clause states now) and only then written.
A refused action raises :class:`UserInputError` with a message and writes
nothing.

>>> from policy_graph.corpus import load_corpus
>>> corpus, store = load_corpus(), ReviewStore("sqlite://")
>>> _ = store.correct(corpus, "wework", "vi", "s1.3", "purpose", "marketing", "Made by We Market",
...                   reviewer="Ada")
>>> [e.describe() for e in store.events("wework", "vi")]
['correct purpose: marketing — “Made by We Market”']
>>> store.correct(corpus, "wework", "vi", "s1.3", "purpose", "marketing", "not in the text",
...               reviewer="Ada")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
policy_graph.errors.UserInputError: the quote “not in the text” is not in the text of wework/vi ...
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .corpus import Corpus, PolicyVersion
from .errors import UserInputError
from .review_state import (
    MAX_COMMENT,
    MAX_GLOSS,
    ActionName,
    Event,
    check_correction,
    check_note,
    check_practice,
    check_rejected_concept,
    check_reviewer,
    derive_clause,
    text_sha,
)
from .store import DEFAULT_DB_URL, connect_sqlite
from .store import _path as sqlite_path

__all__ = ["MAX_SIGN_OFF_NOTE", "REVIEW_DB_ENV", "Action", "ReviewStore", "SignOff",
           "review_db_url_from_env"]

REVIEW_DB_ENV = "POLICY_GRAPH_REVIEW_DB"
MAX_SIGN_OFF_NOTE = 500
EVENT_COLUMNS = ("id", "policy", "lang", "clause", "text_sha", "action", "reviewer", "at",
                 "practice", "kind", "concept", "replaces", "quote", "note")
SCHEMA = """
CREATE TABLE IF NOT EXISTS review_events (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy TEXT NOT NULL,
    lang TEXT NOT NULL,
    clause TEXT NOT NULL,
    text_sha TEXT NOT NULL,
    action TEXT NOT NULL CHECK (action IN ('accept', 'correct', 'reject', 'comment', 'gloss')),
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    practice TEXT,
    kind TEXT,
    concept TEXT,
    replaces TEXT,
    quote TEXT,
    note TEXT
);
CREATE INDEX IF NOT EXISTS review_events_by_version ON review_events (policy, lang, id);
CREATE TRIGGER IF NOT EXISTS review_events_no_update BEFORE UPDATE ON review_events
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TRIGGER IF NOT EXISTS review_events_no_delete BEFORE DELETE ON review_events
BEGIN SELECT RAISE(ABORT, 'the review log is append-only'); END;
CREATE TABLE IF NOT EXISTS sign_offs (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    policy TEXT NOT NULL,
    lang TEXT NOT NULL,
    reviewer TEXT NOT NULL,
    at TEXT NOT NULL,
    note TEXT NOT NULL DEFAULT '',
    text_sha TEXT NOT NULL
);
CREATE TRIGGER IF NOT EXISTS sign_offs_no_update BEFORE UPDATE ON sign_offs
BEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
CREATE TRIGGER IF NOT EXISTS sign_offs_no_delete BEFORE DELETE ON sign_offs
BEGIN SELECT RAISE(ABORT, 'sign-offs are append-only'); END;
"""


def review_db_url_from_env(env: Mapping[str, str] | None = None) -> str:
    """``POLICY_GRAPH_REVIEW_DB``, else ``reviews.db`` next to the notebook database.

    >>> review_db_url_from_env({"POLICY_GRAPH_DB": "sqlite:////srv/pg/notebooks.db"})
    'sqlite:////srv/pg/reviews.db'
    >>> review_db_url_from_env({"POLICY_GRAPH_REVIEW_DB": "sqlite://"})
    'sqlite://'
    """
    env = env if env is not None else os.environ
    explicit = env.get(REVIEW_DB_ENV, "").strip()
    if explicit:
        return explicit
    notebooks = sqlite_path(env.get("POLICY_GRAPH_DB") or DEFAULT_DB_URL)
    if notebooks == ":memory:":
        return "sqlite://"
    return f"sqlite:///{Path(notebooks).parent / 'reviews.db'}"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class SignOff:
    """A language version signed off by a reviewer."""

    id: int
    policy: str
    lang: str
    reviewer: str
    at: str
    note: str
    text_sha: str  # of the whole text signed off


@dataclass(frozen=True)
class Action:
    """One action to record (the store fills in the time and the text's hash)."""

    clause: str
    action: ActionName
    reviewer: str
    practice: str | None = None
    kind: str | None = None
    concept: str | None = None
    replaces: str | None = None
    quote: str | None = None
    note: str | None = None


def _version(corpus: Corpus, policy: str, lang: str) -> PolicyVersion:
    version = corpus.version(policy, lang)
    if version is None:
        raise UserInputError(f"there is no {policy}/{lang} version in the corpus")
    return version


class ReviewStore:
    """Record review actions and read the log back, oldest first.

    With ``read_only`` the file is opened read-only, and a file that does not
    exist yet reads as an empty log (nothing is created)."""

    def __init__(self, url: str, *, read_only: bool = False) -> None:
        self.url = url
        self.path = sqlite_path(url)
        self.read_only = read_only
        self._memory: sqlite3.Connection | None = None
        try:
            if self.path == ":memory:":
                self._memory = sqlite3.connect(":memory:", check_same_thread=False,
                                               isolation_level=None)
                self._memory.executescript(SCHEMA)
            elif not read_only:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
                with self._connect() as db:
                    db.execute("PRAGMA journal_mode=WAL")
                    db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UserInputError(f"cannot open the review database {url!r}: {exc} "
                                 f"(set {REVIEW_DB_ENV} to a writable path)") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """A short autocommit connection (transactions are explicit)."""
        if self._memory is not None:
            yield self._memory
            return
        db = connect_sqlite(self.path, read_only=self.read_only)
        try:
            yield db
        finally:
            db.close()

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before the state is read, so two reviewers
        acting at once are applied one after the other, each on the other's result."""
        if self.read_only:
            raise UserInputError("the review database is open read-only: review is turned off")
        with self._connect() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _exists(self) -> bool:
        return self._memory is not None or Path(self.path).exists()

    def journal_mode(self) -> str:
        """SQLite's journal mode of the file (``wal``; ``memory`` for an in-memory store)."""
        with self._connect() as db:
            return str(db.execute("PRAGMA journal_mode").fetchone()[0])

    # --- reading --------------------------------------------------------------------

    @staticmethod
    def _read_events(db: sqlite3.Connection, policy: str, lang: str) -> list[Event]:
        rows = db.execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM review_events "
                          "WHERE policy = ? AND lang = ? ORDER BY id", (policy, lang)).fetchall()
        return [Event(*row) for row in rows]

    def events(self, policy: str, lang: str, clause: str | None = None) -> list[Event]:
        """The log of a version (or one clause of it), oldest first: the audit trail."""
        if not self._exists():
            return []
        with self._connect() as db:
            found = self._read_events(db, policy, lang)
        return [e for e in found if clause is None or e.clause == clause]

    def sign_offs(self, policy: str, lang: str) -> list[SignOff]:
        """Sign-offs of a version, oldest first."""
        if not self._exists():
            return []
        with self._connect() as db:
            rows = db.execute("SELECT id, policy, lang, reviewer, at, note, text_sha FROM sign_offs "
                              "WHERE policy = ? AND lang = ? ORDER BY id", (policy, lang)).fetchall()
        return [SignOff(*row) for row in rows]

    def versions(self) -> list[tuple[str, str]]:
        """Every (policy, lang) with a decision or a sign-off."""
        if not self._exists():
            return []
        with self._connect() as db:
            rows = db.execute("SELECT policy, lang FROM review_events UNION "
                              "SELECT policy, lang FROM sign_offs ORDER BY 1, 2").fetchall()
        return [(str(p), str(lang)) for p, lang in rows]

    # --- writing --------------------------------------------------------------------

    def record(self, corpus: Corpus, policy: str, lang: str, actions: Sequence[Action]) -> list[Event]:
        """Check and record actions in one transaction (all or none), each on the state
        the previous ones left."""
        version = _version(corpus, policy, lang)
        with self._transaction() as db:
            log = self._read_events(db, policy, lang)
            recorded = []
            for action in actions:
                row = self._checked(corpus, version, log, action)
                cursor = db.execute(
                    f"INSERT INTO review_events ({', '.join(EVENT_COLUMNS[1:])}) "
                    f"VALUES ({', '.join('?' * (len(EVENT_COLUMNS) - 1))})",
                    (row.policy, row.lang, row.clause, row.text_sha, row.action, row.reviewer,
                     row.at, row.practice, row.kind, row.concept, row.replaces, row.quote, row.note))
                event = Event(int(cursor.lastrowid or 0), *(getattr(row, c) for c in EVENT_COLUMNS[1:]))
                log.append(event)
                recorded.append(event)
        return recorded

    @staticmethod
    def _checked(corpus: Corpus, version: PolicyVersion, log: list[Event], action: Action) -> Event:
        """The event to store for ``action``, checked against the clause's current state."""
        reviewer = check_reviewer(action.reviewer)
        state = derive_clause(version, action.clause, log)
        quote, note = None, None
        if action.action in ("accept", "reject") and action.practice:
            check_practice(state, action.practice)
        elif action.action == "reject":
            check_rejected_concept(state, action.kind or "", action.concept or "")
        elif action.action == "correct":
            quote = check_correction(version, corpus.taxonomy, state, action.kind or "",
                                     action.concept or "", action.quote, action.replaces)
        elif action.action == "accept":
            raise UserInputError("name the practice to accept")
        else:
            note = check_note(action.note, action.action,
                              MAX_COMMENT if action.action == "comment" else MAX_GLOSS)
        return Event(0, version.policy.id, version.lang, action.clause, text_sha(state.clause.text),
                     action.action, reviewer, _now(), action.practice,
                     action.kind if action.action in ("correct", "reject") else None,
                     action.concept if action.action in ("correct", "reject") else None,
                     action.replaces if action.action == "correct" else None, quote, note)

    def accept(self, corpus: Corpus, policy: str, lang: str, clause: str, practice: str, *,
               reviewer: str) -> Event:
        """Accept a practice (``data/purpose/basis``) of a clause."""
        return self.record(corpus, policy, lang, [Action(clause, "accept", reviewer, practice)])[0]

    def reject(self, corpus: Corpus, policy: str, lang: str, clause: str, practice: str, *,
               reviewer: str) -> Event:
        """Reject a practice of a clause."""
        return self.record(corpus, policy, lang, [Action(clause, "reject", reviewer, practice)])[0]

    def reject_concept(self, corpus: Corpus, policy: str, lang: str, clause: str, kind: str,
                       concept: str, *, reviewer: str) -> Event:
        """Remove one concept (a product, data category, purpose or basis) from a clause."""
        return self.record(corpus, policy, lang, [Action(clause, "reject", reviewer, kind=kind,
                                                         concept=concept)])[0]

    def correct(self, corpus: Corpus, policy: str, lang: str, clause: str, kind: str, concept: str,
                quote: str | None, *, reviewer: str, replaces: str | None = None) -> Event:
        """Add a concept to a clause (or replace one of its kind) with the quote it rests on."""
        return self.record(corpus, policy, lang, [Action(
            clause, "correct", reviewer, kind=kind, concept=concept, replaces=replaces or None,
            quote=quote)])[0]

    def comment(self, corpus: Corpus, policy: str, lang: str, clause: str, text: str, *,
                reviewer: str) -> Event:
        """Comment on a clause."""
        return self.record(corpus, policy, lang, [Action(clause, "comment", reviewer, note=text)])[0]

    def set_gloss(self, corpus: Corpus, policy: str, lang: str, clause: str, gloss: str, *,
                  reviewer: str) -> Event:
        """Give a clause its English gloss."""
        return self.record(corpus, policy, lang, [Action(clause, "gloss", reviewer, note=gloss)])[0]

    def sign_off(self, corpus: Corpus, policy: str, lang: str, *, reviewer: str,
                 note: str = "") -> SignOff:
        """Sign a language version off under a name, with an optional note."""
        version = _version(corpus, policy, lang)
        name = check_reviewer(reviewer)
        text = note.strip()
        if text:
            text = check_note(text, "sign-off note", MAX_SIGN_OFF_NOTE)
        at, sha = _now(), text_sha(version.text)
        with self._transaction() as db:
            cursor = db.execute("INSERT INTO sign_offs (policy, lang, reviewer, at, note, text_sha) "
                                "VALUES (?, ?, ?, ?, ?, ?)", (policy, lang, name, at, text, sha))
        return SignOff(int(cursor.lastrowid or 0), policy, lang, name, at, text, sha)
