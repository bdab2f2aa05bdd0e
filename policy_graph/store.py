"""Notebook storage in embedded SQLite (the default), addressed by a database URL.

``POLICY_GRAPH_DB`` may be ``sqlite:////absolute/path.db``, ``sqlite:///relative.db``
or a plain path; other schemes are refused with a clear message (a server
database could be added behind the same methods).  Each call opens its own
short connection, so Streamlit's threads never share one.

Example notebooks (seeded from ``data/notebooks``) are *locked*: their cells
cannot be edited, moved, added or deleted, and they cannot be renamed;
:meth:`NotebookStore.duplicate` gives an editable copy.  Deleted notebooks
and cells go to a trash they can be restored from.

>>> store = NotebookStore("sqlite:///:memory:")
>>> store.save(Notebook(name="A").add("note", text="hi"))
>>> cell = store.load("A").cells[0].id
>>> trash_id = store.delete_cell("A", cell)
>>> store.load("A").cells, [t.kind for t in store.trash()]
([], ['cell'])
>>> store.restore(store.trash()[0].id)
'A'
>>> [c.text for c in store.load("A").cells]
['hi']
"""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError, UserInputError
from .notebook import CELL_TITLES, MAX_NAME, Cell, Notebook, check_name
from .yamlio import load_model

__all__ = ["DEFAULT_DB_URL", "MAX_TRASH", "NotebookStore", "TrashItem", "db_url_from_env"]

DEFAULT_DB_URL = f"sqlite:///{Path.home() / '.local' / 'share' / 'policy-graph' / 'notebooks.db'}"
MAX_TRASH = 500  # the oldest deleted items are forgotten beyond this
SCHEMA = """
CREATE TABLE IF NOT EXISTS notebooks (
    name TEXT PRIMARY KEY,
    body TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS seeded (name TEXT PRIMARY KEY);
CREATE TABLE IF NOT EXISTS trash (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    kind TEXT NOT NULL CHECK (kind IN ('notebook', 'cell')),
    notebook TEXT NOT NULL,
    position INTEGER NOT NULL DEFAULT 0,
    body TEXT NOT NULL,
    locked INTEGER NOT NULL DEFAULT 0,
    deleted_at TEXT NOT NULL
);
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


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class TrashItem:
    """A deleted notebook or cell, newest first in :meth:`NotebookStore.trash`."""

    id: int
    kind: str  # "notebook" or "cell"
    notebook: str  # the notebook's name (for a cell: the notebook it was in)
    label: str  # what to show: the notebook's name, or the cell's title / first words
    deleted_at: str


def _cell_label(cell: Cell) -> str:
    if cell.title:
        return cell.title
    if cell.type == "note":
        words = " ".join(cell.text.split())
        return f"Note: {words[:60]}…" if len(words) > 60 else f"Note: {words or '(empty)'}"
    shown = ", ".join(f"{k}={v}" for k, v in sorted(cell.params.items()) if v)
    return f"{CELL_TITLES[cell.type]} ({shown[:60]})" if shown else CELL_TITLES[cell.type]


class NotebookStore:
    """Save, list, load, duplicate, rename and delete notebooks by name."""

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
                columns = {r[1] for r in db.execute("PRAGMA table_info(notebooks)")}
                if "locked" not in columns:
                    # A database from before examples were locked: lock the examples in it.
                    db.execute("ALTER TABLE notebooks ADD COLUMN locked INTEGER NOT NULL DEFAULT 0")
                    db.execute("UPDATE notebooks SET locked = 1 WHERE name IN (SELECT name FROM seeded)")
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

    def editable_names(self) -> list[str]:
        """The notebooks that are not locked examples."""
        with self._connect() as db:
            return [r[0] for r in db.execute(
                "SELECT name FROM notebooks WHERE locked = 0 ORDER BY name COLLATE NOCASE")]

    def exists(self, name: str) -> bool:
        with self._connect() as db:
            return db.execute("SELECT 1 FROM notebooks WHERE name = ?", (name,)).fetchone() is not None

    def is_locked(self, name: str) -> bool:
        """Whether ``name`` is a locked example notebook."""
        with self._connect() as db:
            row = db.execute("SELECT locked FROM notebooks WHERE name = ?", (name,)).fetchone()
        return bool(row and row[0])

    def _refuse_locked(self, db: sqlite3.Connection, name: str) -> None:
        row = db.execute("SELECT locked FROM notebooks WHERE name = ?", (name,)).fetchone()
        if row and row[0]:
            raise UserInputError(f"“{name}” is an example notebook and cannot be changed: "
                                 "duplicate it to edit a copy")

    def load(self, name: str) -> Notebook:
        with self._connect() as db:
            row = db.execute("SELECT body FROM notebooks WHERE name = ?", (name,)).fetchone()
        if row is None:
            raise UserInputError(f"no notebook named “{name}”")
        return Notebook.model_validate_json(row[0])

    @staticmethod
    def _write(db: sqlite3.Connection, notebook: Notebook, *, locked: bool = False) -> None:
        db.execute("INSERT INTO notebooks (name, body, updated_at, locked) VALUES (?, ?, ?, ?) "
                   "ON CONFLICT(name) DO UPDATE SET body = excluded.body, "
                   "updated_at = excluded.updated_at",
                   (notebook.name, notebook.model_dump_json(), _now(), int(locked)))

    def save(self, notebook: Notebook) -> None:
        """Insert or replace (every edit calls this); a locked example is refused."""
        with self._connect() as db:
            self._refuse_locked(db, notebook.name)
            self._write(db, notebook)

    def create(self, notebook: Notebook) -> None:
        if self.exists(notebook.name):
            raise UserInputError(f"a notebook named “{notebook.name}” already exists")
        self.save(notebook)

    def duplicate(self, name: str, new_name: str | None = None) -> str:
        """An editable copy (of an example too); returns its name."""
        source = self.load(name)
        target = check_name(new_name) if new_name else self._free_name(name, " (copy)")
        self.create(source.renamed(target))
        return target

    def rename(self, name: str, new_name: str) -> str:
        """Rename a notebook (its cells in the trash follow); returns the new name."""
        new_name = check_name(new_name)
        notebook = self.load(name).renamed(new_name)
        if new_name == name:
            return name
        with self._connect() as db:
            self._refuse_locked(db, name)
            if db.execute("SELECT 1 FROM notebooks WHERE name = ?", (new_name,)).fetchone():
                raise UserInputError(f"a notebook named “{new_name}” already exists")
            db.execute("UPDATE notebooks SET name = ?, body = ?, updated_at = ? WHERE name = ?",
                       (new_name, notebook.model_dump_json(), _now(), name))
            db.execute("UPDATE trash SET notebook = ? WHERE kind = 'cell' AND notebook = ?",
                       (new_name, name))
        return new_name

    def _to_trash(self, db: sqlite3.Connection, kind: str, notebook: str, body: str,
                  position: int = 0, locked: bool = False) -> int:
        cursor = db.execute("INSERT INTO trash (kind, notebook, position, body, locked, deleted_at) "
                            "VALUES (?, ?, ?, ?, ?, ?)",
                            (kind, notebook, position, body, int(locked), _now()))
        db.execute("DELETE FROM trash WHERE id NOT IN "
                   "(SELECT id FROM trash ORDER BY id DESC LIMIT ?)", (MAX_TRASH,))
        return int(cursor.lastrowid or 0)

    def delete(self, name: str) -> int | None:
        """Move a notebook to the trash; returns the trash id (None if there was none)."""
        with self._connect() as db:
            row = db.execute("SELECT body, locked FROM notebooks WHERE name = ?", (name,)).fetchone()
            if row is None:
                return None
            db.execute("DELETE FROM notebooks WHERE name = ?", (name,))
            return self._to_trash(db, "notebook", name, row[0], locked=bool(row[1]))

    def delete_cell(self, name: str, cell_id: str) -> int:
        """Move one cell to the trash (remembering its place); returns the trash id."""
        notebook = self.load(name)
        cell = notebook.cell(cell_id)
        position = notebook.cells.index(cell)
        with self._connect() as db:
            self._refuse_locked(db, name)
            self._write(db, notebook.delete(cell_id))
            return self._to_trash(db, "cell", name, cell.model_dump_json(), position)

    def trash(self) -> list[TrashItem]:
        """What can be restored, newest first."""
        with self._connect() as db:
            rows = db.execute("SELECT id, kind, notebook, body, deleted_at FROM trash "
                              "ORDER BY id DESC").fetchall()
        items = []
        for id_, kind, notebook, body, deleted_at in rows:
            label = notebook if kind == "notebook" else _cell_label(Cell.model_validate_json(body))
            items.append(TrashItem(int(id_), str(kind), str(notebook), label, str(deleted_at)))
        return items

    def restore(self, trash_id: int) -> str:
        """Put a deleted notebook or cell back; returns the name of the notebook it is in.
        A notebook whose name was taken since comes back as “… (restored)"; a cell goes
        back to its place (or the end); a cell whose notebook is in the trash needs the
        notebook restored first."""
        with self._connect() as db:
            row = db.execute("SELECT kind, notebook, position, body, locked FROM trash WHERE id = ?",
                             (trash_id,)).fetchone()
            if row is None:
                raise UserInputError("this item is no longer in the trash")
            kind, name, position, body, locked = row
            if kind == "notebook":
                notebook = Notebook.model_validate_json(body)
                if db.execute("SELECT 1 FROM notebooks WHERE name = ?", (name,)).fetchone():
                    notebook = notebook.renamed(self._free_name(name, " (restored)"))
                self._write(db, notebook, locked=bool(locked))
            else:
                cell = Cell.model_validate_json(body)
                current = db.execute("SELECT body FROM notebooks WHERE name = ?", (name,)).fetchone()
                if current is None:
                    if db.execute("SELECT 1 FROM trash WHERE kind = 'notebook' AND notebook = ?",
                                  (name,)).fetchone():
                        raise UserInputError(f"the cell was in “{name}”, which is in the trash too: "
                                             "restore the notebook first")
                    notebook = Notebook(name=name)
                else:
                    self._refuse_locked(db, name)
                    notebook = Notebook.model_validate_json(current[0])
                self._write(db, notebook.insert(cell, at=int(position)))
            db.execute("DELETE FROM trash WHERE id = ?", (trash_id,))
            return notebook.name

    def empty_trash(self) -> int:
        """Forget everything in the trash; returns how many items there were."""
        with self._connect() as db:
            return db.execute("DELETE FROM trash").rowcount

    def _free_name(self, base: str, suffix: str = "") -> str:
        """``base + suffix``, numbered until free, shortened to fit ``MAX_NAME``."""
        n = 1
        while True:
            tail = suffix if n == 1 else f"{suffix} {n}"
            name = base[:MAX_NAME - len(tail)].rstrip() + tail
            if not self.exists(name):
                return name
            n += 1

    def seed(self, folder: Path) -> list[str]:
        """Add the shipped example notebooks once, locked (a deleted example stays deleted).
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
                if not db.execute("SELECT 1 FROM notebooks WHERE name = ?",
                                  (notebook.name,)).fetchone():
                    self._write(db, notebook, locked=True)
                    added.append(notebook.name)
        return added

    def import_notebook(self, notebook: Notebook) -> str:
        """Save an imported notebook under a free name; returns the name used."""
        name = notebook.name if not self.exists(notebook.name) else self._free_name(
            notebook.name, " (imported)")
        self.create(notebook.renamed(name))
        return name
