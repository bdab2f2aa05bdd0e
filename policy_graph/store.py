"""Notebook storage in embedded SQLite (the default), addressed by a database URL.

``POLICY_GRAPH_DB`` may be ``sqlite:////absolute/path.db``, ``sqlite:///relative.db``
or a plain path; other schemes are refused with a clear message (a server
database could be added behind the same methods).  Each call opens its own
short connection, so Streamlit's threads never share one.

>>> store = NotebookStore("sqlite:///:memory:")
>>> store.save(Notebook(name="A"))
>>> store.names()
['A']
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import DataFileError, UserInputError
from .notebook import Notebook
from .yamlio import load_model

__all__ = ["DEFAULT_DB_URL", "NotebookStore", "db_url_from_env"]

DEFAULT_DB_URL = f"sqlite:///{Path.home() / '.local' / 'share' / 'policy-graph' / 'notebooks.db'}"
SCHEMA = """
CREATE TABLE IF NOT EXISTS notebooks (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seeded (name TEXT PRIMARY KEY);
"""


def db_url_from_env() -> str:
    """``POLICY_GRAPH_DB`` or the default per-user SQLite file."""
    return os.environ.get("POLICY_GRAPH_DB") or DEFAULT_DB_URL


def _path(url: str) -> str:
    """The SQLite file of a URL, SQLAlchemy style (``sqlite:///relative.db``,
    ``sqlite:////absolute.db``, ``sqlite://`` for memory) or a plain path.

    >>> _path("sqlite:////tmp/n.db"), _path("sqlite:///n.db"), _path("sqlite://"), _path("n.db")
    ('/tmp/n.db', 'n.db', ':memory:', 'n.db')
    """
    if url in ("sqlite://", "sqlite:///:memory:"):
        return ":memory:"
    if url.startswith("sqlite:///"):
        return url[len("sqlite:///"):]
    if "://" in url:
        raise UserInputError(f"unsupported database URL {url!r}: only sqlite:/// is available")
    return url


class NotebookStore:
    """Save, list, load, duplicate and delete notebooks by name."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path = _path(url)
        self._memory: sqlite3.Connection | None = None
        self.seed_errors: list[DataFileError] = []
        try:
            if self.path == ":memory:":
                self._memory = sqlite3.connect(":memory:", check_same_thread=False)
            else:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            with self._connect() as db:
                db.executescript(SCHEMA)
        except (OSError, sqlite3.Error) as exc:
            raise UserInputError(f"cannot open the notebook database {url!r}: {exc} "
                                 "(set POLICY_GRAPH_DB to a writable path)") from exc

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        db = self._memory or sqlite3.connect(self.path, timeout=10)
        try:
            with db:
                yield db
        finally:
            if self._memory is None:
                db.close()

    def names(self) -> list[str]:
        with self._connect() as db:
            return [r[0] for r in db.execute("SELECT name FROM notebooks ORDER BY name COLLATE NOCASE")]

    def exists(self, name: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM notebooks WHERE name = ?", (name,)).fetchone() is not None

    def load(self, name: str) -> Notebook:
        with self._connect() as db:
            row = db.execute("SELECT body FROM notebooks WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UserInputError(f"no notebook named {name!r}")
        return Notebook.model_validate_json(row[0])

    def save(self, notebook: Notebook) -> None:
        """Insert or replace (autosave calls this after every edit)."""
        now = dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
        with self._connect() as db:
            db.execute("INSERT INTO notebooks (name, body, updated_at) VALUES (?, ?, ?) "
                       "ON CONFLICT(name) DO UPDATE SET body = excluded.body, "
                       "updated_at = excluded.updated_at",
                       (notebook.name, notebook.model_dump_json(), now))

    def create(self, notebook: Notebook) -> None:
        if self.exists(notebook.name):
            raise UserInputError(f"a notebook named {notebook.name!r} already exists")
        self.save(notebook)

    def duplicate(self, name: str, new_name: str | None = None) -> str:
        source = self.load(name)
        target = new_name or self._free_name(f"{name} (copy)")
        self.create(source.renamed(target))
        return target

    def rename(self, name: str, new_name: str) -> None:
        notebook = self.load(name).renamed(new_name)
        self.create(notebook)
        self.delete(name)

    def delete(self, name: str) -> None:
        with self._connect() as db:
            db.execute("DELETE FROM notebooks WHERE name = ?", (name,))

    def _free_name(self, base: str) -> str:
        name, n = base, 2
        while self.exists(name):
            name, n = f"{base} {n}", n + 1
        return name

    def seed(self, folder: Path) -> list[str]:
        """Add the shipped example notebooks once (a deleted example stays deleted).
        A bad example file is recorded in ``seed_errors``; the others are still added."""
        added: list[str] = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            try:
                notebook = load_model(path, Notebook)
            except DataFileError as exc:
                self.seed_errors.append(exc)
                continue
            with self._connect() as db:
                if db.execute("SELECT 1 FROM seeded WHERE name = ?", (notebook.name,)).fetchone():
                    continue
                db.execute("INSERT INTO seeded (name) VALUES (?)", (notebook.name,))
            if not self.exists(notebook.name):
                self.save(notebook)
                added.append(notebook.name)
        return added

    def import_notebook(self, notebook: Notebook) -> str:
        """Save an imported notebook under a free name; returns the name used."""
        name = notebook.name if not self.exists(notebook.name) else self._free_name(
            f"{notebook.name} (imported)")
        self.create(notebook.renamed(name))
        return name

