"""Notebook storage in embedded SQLite (the default), addressed by a database URL.

``POLICY_GRAPH_DB`` may be ``sqlite:////absolute/path.db``, ``sqlite:///relative.db``
or a plain path, with ``?mode=ro`` to open it read-only; other schemes are refused
with a clear message (a server database could be added behind the same methods).
Each call opens its own short connection, so Streamlit's threads never share one.

Nothing committed is lost to a crash and nothing is half-written: the file is in
WAL mode and every action is one transaction, taken (``BEGIN IMMEDIATE``) before
the notebook is read, so two writers are applied one after the other, each on the
other's result.  Every notebook row has a version, raised in the transaction of
each write; a save states the version it was based on (:class:`Opened`), and one
made on top of someone else's newer version is refused with what changed, except
pure additions, which are re-applied (see :func:`~policy_graph.notebook.apply_edit`).

A read-only database is opened for reading (``writable`` is false, ``problem``
says why); one that cannot be used at all (damaged, another program's tables, a
folder that cannot be made) raises :class:`NotebookDatabaseError`, and
:meth:`NotebookStore.stand_in` serves the example notebooks read-only meanwhile.

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
import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass
from pathlib import Path

from .errors import DataFileError, UserInputError
from .notebook import (
    CELL_TITLES,
    MAX_NAME,
    Cell,
    DeleteCell,
    Edit,
    EditConflict,
    Notebook,
    apply_edit,
    check_name,
    describe_changes,
)
from .yamlio import load_model

__all__ = [
    "DEFAULT_DB_URL",
    "MAX_TRASH",
    "NotebookDatabaseError",
    "NotebookStore",
    "Opened",
    "TrashItem",
    "connect_sqlite",
    "db_url_from_env",
]

DEFAULT_DB_URL = f"sqlite:///{Path.home() / '.local' / 'share' / 'policy-graph' / 'notebooks.db'}"
MAX_TRASH = 500  # the oldest deleted items are forgotten beyond this
SCHEMA = [
    """CREATE TABLE IF NOT EXISTS notebooks (
        name TEXT PRIMARY KEY,
        body TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        locked INTEGER NOT NULL DEFAULT 0,
        version INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE TABLE IF NOT EXISTS seeded (name TEXT PRIMARY KEY)",
    """CREATE TABLE IF NOT EXISTS trash (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        kind TEXT NOT NULL CHECK (kind IN ('notebook', 'cell')),
        notebook TEXT NOT NULL,
        position INTEGER NOT NULL DEFAULT 0,
        body TEXT NOT NULL,
        locked INTEGER NOT NULL DEFAULT 0,
        deleted_at TEXT NOT NULL
    )""",
    # One counter for the whole file: a version is never reused, not even by a
    # notebook deleted and created again under the same name.
    "CREATE TABLE IF NOT EXISTS clock (id INTEGER PRIMARY KEY CHECK (id = 1), value INTEGER NOT NULL)",
]
# The columns this code reads; a table of that name without them is another program's.
REQUIRED = {"notebooks": {"name", "body", "updated_at"}, "seeded": {"name"},
            "trash": {"id", "kind", "notebook", "position", "body", "locked", "deleted_at"},
            "clock": {"id", "value"}}
ENV = "POLICY_GRAPH_DB"


def connect_sqlite(path: str, *, read_only: bool = False) -> sqlite3.Connection:
    """A short autocommit connection (callers open transactions explicitly); read-only
    through SQLite's URI mode, which refuses every write whoever runs the process."""
    if read_only:
        return sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True, timeout=10,
                               isolation_level=None)
    return sqlite3.connect(path, timeout=10, isolation_level=None)


def db_url_from_env() -> str:
    """``POLICY_GRAPH_DB`` or the default per-user SQLite file."""
    return os.environ.get(ENV) or DEFAULT_DB_URL


def _parse(url: str) -> tuple[str, bool]:
    """The SQLite file of a URL and whether it is to be opened read-only.

    >>> _parse("sqlite:////tmp/n.db?mode=ro"), _parse("n.db")
    (('/tmp/n.db', True), ('n.db', False))
    """
    path, _, query = url.partition("?") if url.startswith("sqlite:") else (url, "", "")
    if query and query != "mode=ro":
        raise UserInputError(f"unsupported database URL option {query!r}: only ?mode=ro is available")
    if path in ("sqlite://", "sqlite:///:memory:"):
        return ":memory:", False
    if path.startswith("sqlite:///"):
        return path[len("sqlite:///"):], query == "mode=ro"
    if "://" in path:
        raise UserInputError(f"unsupported database URL {url!r}: only sqlite:/// is available")
    return path, False


def _path(url: str) -> str:
    """The SQLite file of a URL, SQLAlchemy style (``sqlite:///relative.db``,
    ``sqlite:////absolute.db``, ``sqlite://`` for memory) or a plain path.

    >>> _path("sqlite:////tmp/n.db"), _path("sqlite:///n.db"), _path("sqlite://"), _path("n.db")
    ('/tmp/n.db', 'n.db', ':memory:', 'n.db')
    """
    return _parse(url)[0]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class NotebookDatabaseError(UserInputError):
    """The notebook database cannot be used: which file, why, and what to do."""

    def __init__(self, path: str, action: str, problem: str, advice: str) -> None:
        self.db_path = path
        self.read_only = False
        super().__init__(f"The app cannot {action} the notebook database {path}: {problem}. {advice}.")


def _database_error(path: str, exc: BaseException) -> NotebookDatabaseError:
    """A SQLite or file-system failure in the words of someone running the app."""
    code = str(getattr(exc, "sqlite_errorname", ""))
    detail = str(exc) or type(exc).__name__
    restart = f"set {ENV} to another file, and restart the app"
    if code.startswith("SQLITE_READONLY") or "readonly" in detail:
        error = NotebookDatabaseError(
            path, "save to", "it is read-only (the file or its folder is not writable, or the URL "
            "asks for mode=ro), so notebooks can be read but nothing can be saved",
            f"To edit, make it writable for the app or {restart}")
        error.read_only = True
        return error
    if code in ("SQLITE_NOTADB", "SQLITE_CORRUPT") or code.startswith("SQLITE_CORRUPT"):
        return NotebookDatabaseError(path, "open", f"it is damaged or is not a database ({detail})",
                                     "Move the file away (an empty one is made at the next start) "
                                     f"or {restart}")
    if code in ("SQLITE_BUSY", "SQLITE_LOCKED") or code.startswith("SQLITE_BUSY"):
        return NotebookDatabaseError(path, "use", "it is busy (another program holds it), so "
                                     "nothing was saved",
                                     "Try again in a moment")
    if code == "SQLITE_FULL":
        return NotebookDatabaseError(path, "write to", "the disk is full, so nothing was saved",
                                     "Free some disk space and try again")
    if code.startswith("SQLITE_CANTOPEN") or isinstance(exc, OSError):
        return NotebookDatabaseError(path, "open", f"{detail}: its folder is missing and cannot "
                                     "be made, the path is a folder, or (opened read-only) the "
                                     "file does not exist",
                                     f"Make the folder (writable for the app) or {restart}")
    return NotebookDatabaseError(path, "use", detail, f"Check the file, or {restart}")


@dataclass(frozen=True)
class Opened:
    """A notebook as read, with the version it had: a later save states it."""

    notebook: Notebook
    version: int
    locked: bool


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


def _columns(db: sqlite3.Connection, table: str) -> set[str]:
    return {str(r[1]) for r in db.execute(f"PRAGMA table_info({table})")}  # a fixed table name


class NotebookStore:
    """Save, list, load, duplicate, rename and delete notebooks by name."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.path, asked_read_only = _parse(url)
        self.writable = True
        self.problem: str | None = None  # why nothing can be saved, when ``writable`` is false
        self.seed_errors: list[DataFileError] = []
        self._memory: sqlite3.Connection | None = None
        self._lock = threading.RLock()  # the in-memory connection is shared by threads
        self._optional = {"locked": "locked", "version": "version"}  # columns an old file may lack
        self._read_only_uri = asked_read_only
        if self.path == ":memory:":
            self._memory = sqlite3.connect(":memory:", check_same_thread=False, isolation_level=None)
        elif not asked_read_only:
            try:
                Path(self.path).parent.mkdir(parents=True, exist_ok=True)
            except OSError as exc:
                raise _database_error(self.path, exc) from exc
        try:
            self._prepare()
        except NotebookDatabaseError as exc:
            if not exc.read_only:
                raise
            self.writable, self.problem = False, str(exc)
            with self._read() as db:
                self._check_schema(db)
                columns = _columns(db, "notebooks")
                if not columns:
                    raise NotebookDatabaseError(
                        self.path, "open", "it is read-only and holds no notebooks yet",
                        f"Make it writable for the app, or set {ENV} to another file, and restart "
                        "the app") from exc
                self._optional = {k: k if k in columns else "0" for k in self._optional}

    # --- connections and transactions ---------------------------------------------

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A short autocommit connection (transactions are explicit); every SQLite or
        file failure becomes a :class:`NotebookDatabaseError` naming the file."""
        try:
            with self._lock if self._memory is not None else nullcontext():
                if self._memory is not None:
                    yield self._memory
                    return
                db = connect_sqlite(self.path, read_only=self._read_only_uri)
                try:
                    yield db
                finally:
                    db.close()
        except (sqlite3.Error, OSError) as exc:
            raise _database_error(self.path, exc) from exc

    @contextmanager
    def _read(self) -> Iterator[sqlite3.Connection]:
        with self._connection() as db:
            yield db

    @contextmanager
    def _transaction(self) -> Iterator[sqlite3.Connection]:
        """One write transaction, taken before anything is read (``BEGIN IMMEDIATE``)."""
        if not self.writable:
            raise UserInputError(self.problem or "the notebook database cannot be changed")
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                yield db
            except BaseException:
                if db.in_transaction:
                    db.execute("ROLLBACK")
                raise
            db.execute("COMMIT")

    def _check_schema(self, db: sqlite3.Connection) -> None:
        tables = {str(r[0]) for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, needed in REQUIRED.items():
            missing = needed - _columns(db, table) if table in tables else set()
            if missing:
                raise NotebookDatabaseError(
                    self.path, "open", f"it was not made by Policy Graph (its table “{table}” "
                    f"has no column {', '.join(sorted(missing))})",
                    f"Move the file away or set {ENV} to another file, and restart the app")

    def _prepare(self) -> None:
        """WAL mode, the tables (an older file is brought up to date), and a write that
        tells a read-only file at once rather than at the first save."""
        with self._connection() as db:
            if self._memory is None and not self._read_only_uri:
                db.execute("PRAGMA journal_mode=WAL")  # a crashed writer never leaves a torn file
            self._check_schema(db)
        with self._transaction() as db:
            for statement in SCHEMA:
                db.execute(statement)
            columns = _columns(db, "notebooks")
            if "locked" not in columns:
                # A database from before examples were locked: lock the examples in it.
                db.execute("ALTER TABLE notebooks ADD COLUMN locked INTEGER NOT NULL DEFAULT 0")
                db.execute("UPDATE notebooks SET locked = 1 WHERE name IN (SELECT name FROM seeded)")
            if "version" not in columns:
                db.execute("ALTER TABLE notebooks ADD COLUMN version INTEGER NOT NULL DEFAULT 0")
            db.execute("INSERT OR IGNORE INTO clock (id, value) "
                       "SELECT 1, COALESCE(MAX(version), 0) FROM notebooks")
            db.execute("UPDATE clock SET value = value")  # fails now on a read-only file

    def check(self) -> None:
        """Raise :class:`NotebookDatabaseError` if the database cannot be read any more
        (deleted, replaced or damaged since it was opened)."""
        with self._read() as db:
            db.execute("SELECT COUNT(*) FROM notebooks").fetchone()

    @classmethod
    def stand_in(cls, problem: str, examples: Path) -> NotebookStore:
        """An in-memory, read-only store holding the example notebooks, for when the
        real database cannot be used: the page still shows something, and says why."""
        store = cls("sqlite://")
        store.seed(examples)
        store.writable = False
        store.problem = f"{problem} Meanwhile the example notebooks are shown, read-only."
        return store

    # --- reading --------------------------------------------------------------------

    def _row(self, db: sqlite3.Connection, name: str) -> tuple[str, bool, int] | None:
        row = db.execute(f"SELECT body, {self._optional['locked']}, {self._optional['version']} "
                         "FROM notebooks WHERE name = ?", (name,)).fetchone()
        return None if row is None else (str(row[0]), bool(row[1]), int(row[2]))

    def names(self) -> list[str]:
        with self._read() as db:
            return [r[0] for r in db.execute("SELECT name FROM notebooks ORDER BY name COLLATE NOCASE")]

    def editable_names(self) -> list[str]:
        """The notebooks that are not locked examples (none when nothing can be saved)."""
        if not self.writable:
            return []
        with self._read() as db:
            return [r[0] for r in db.execute(
                "SELECT name FROM notebooks WHERE locked = 0 ORDER BY name COLLATE NOCASE")]

    def exists(self, name: str) -> bool:
        with self._read() as db:
            return db.execute("SELECT 1 FROM notebooks WHERE name = ?", (name,)).fetchone() is not None

    def is_locked(self, name: str) -> bool:
        """Whether ``name`` is a locked example notebook."""
        with self._read() as db:
            row = self._row(db, name)
        return bool(row and row[1])

    def open(self, name: str) -> Opened:
        """A notebook with its version (state it when saving a change made on it)."""
        with self._read() as db:
            row = self._row(db, name)
        if row is None:
            raise UserInputError(f"no notebook named “{name}”")
        return Opened(Notebook.model_validate_json(row[0]), row[2], row[1])

    def load(self, name: str) -> Notebook:
        return self.open(name).notebook

    # --- writing: one transaction each --------------------------------------------

    @staticmethod
    def _refuse_locked(name: str, locked: bool) -> None:
        if locked:
            raise UserInputError(f"“{name}” is an example notebook and cannot be changed: "
                                 "duplicate it to edit a copy")

    @staticmethod
    def _write(db: sqlite3.Connection, notebook: Notebook, *, locked: bool = False,
               name: str | None = None) -> int:
        """Insert or replace ``notebook`` (in place of ``name`` when renaming) under a
        new version, in the caller's transaction; returns the version."""
        version = int(db.execute("UPDATE clock SET value = value + 1 RETURNING value").fetchone()[0])
        if name is not None and name != notebook.name:
            db.execute("UPDATE notebooks SET name = ? WHERE name = ?", (notebook.name, name))
        db.execute("INSERT INTO notebooks (name, body, updated_at, locked, version) "
                   "VALUES (?, ?, ?, ?, ?) ON CONFLICT(name) DO UPDATE SET body = excluded.body, "
                   "updated_at = excluded.updated_at, version = excluded.version",
                   (notebook.name, notebook.model_dump_json(), _now(), int(locked), version))
        return version

    def save(self, notebook: Notebook, *, based_on: Opened | None = None) -> None:
        """Insert or replace; a locked example is refused, and so is a save ``based_on``
        a version someone else has changed since (the message says what changed)."""
        with self._transaction() as db:
            row = self._row(db, notebook.name)
            if row is not None:
                self._refuse_locked(notebook.name, row[1])
            if based_on is not None and (row is None or row[2] != based_on.version):
                if row is None:
                    raise EditConflict(f"“{notebook.name}” was deleted or renamed by someone else "
                                       "since this page was drawn, so your change was not saved.")
                current = Notebook.model_validate_json(row[0])
                what = "; ".join(describe_changes(based_on.notebook, current)) or "it was saved again"
                raise EditConflict(f"“{notebook.name}” was changed by someone else since this page "
                                   f"was drawn ({what}), so your change was not saved. The page now "
                                   "shows the newest version.")
            self._write(db, notebook)

    def apply(self, name: str, edit: Edit, *, based_on: Opened | None = None,
              create: bool = False) -> Opened:
        """Apply one reader's ``edit`` to the newest version of ``name`` (``based_on`` is
        what the reader saw); with ``create``, a missing notebook is made for an added
        cell.  Returns the notebook as saved."""
        return self._apply(name, edit, based_on, create)[0]

    def _apply(self, name: str, edit: Edit, based_on: Opened | None,
               create: bool) -> tuple[Opened, int | None]:
        with self._transaction() as db:
            row = self._row(db, name)
            if row is None:
                if not create:
                    raise EditConflict(f"There is no notebook named “{name}” any more: it may have "
                                       "been renamed or deleted (see the Trash).")
                current, version, locked = Notebook(name=check_name(name)), 0, False
            else:
                current, version, locked = Notebook.model_validate_json(row[0]), row[2], row[1]
            self._refuse_locked(name, locked)
            seen = based_on.notebook if based_on is not None and based_on.version != version else None
            updated = apply_edit(current, edit, seen)
            trash_id = None
            if isinstance(edit, DeleteCell):
                cell = current.cell(edit.cell_id)
                trash_id = self._to_trash(db, "cell", name, cell.model_dump_json(),
                                          current.cells.index(cell))
            return Opened(updated, self._write(db, updated), False), trash_id

    def create(self, notebook: Notebook) -> None:
        with self._transaction() as db:
            if self._row(db, notebook.name) is not None:
                raise UserInputError(f"a notebook named “{notebook.name}” already exists")
            self._write(db, notebook)

    def duplicate(self, name: str, new_name: str | None = None) -> str:
        """An editable copy (of an example too); returns its name."""
        with self._transaction() as db:
            row = self._row(db, name)
            if row is None:
                raise UserInputError(f"no notebook named “{name}”")
            target = check_name(new_name) if new_name else self._free_name(db, name, " (copy)")
            if self._row(db, target) is not None:
                raise UserInputError(f"a notebook named “{target}” already exists")
            self._write(db, Notebook.model_validate_json(row[0]).renamed(target))
        return target

    def rename(self, name: str, new_name: str) -> str:
        """Rename a notebook (its cells in the trash follow); returns the new name."""
        new_name = check_name(new_name)
        with self._transaction() as db:
            row = self._row(db, name)
            if row is None:
                raise UserInputError(f"no notebook named “{name}”")
            if new_name == name:
                return name
            self._refuse_locked(name, row[1])
            if self._row(db, new_name) is not None:
                raise UserInputError(f"a notebook named “{new_name}” already exists")
            self._write(db, Notebook.model_validate_json(row[0]).renamed(new_name), name=name)
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
        with self._transaction() as db:
            row = self._row(db, name)
            if row is None:
                return None
            db.execute("DELETE FROM notebooks WHERE name = ?", (name,))
            return self._to_trash(db, "notebook", name, row[0], locked=row[1])

    def delete_cell(self, name: str, cell_id: str, *, based_on: Opened | None = None) -> int:
        """Move one cell to the trash (remembering its place); returns the trash id."""
        trash_id = self._apply(name, DeleteCell(cell_id), based_on, False)[1]
        assert trash_id is not None  # a deletion always puts the cell in the trash
        return trash_id

    def trash(self) -> list[TrashItem]:
        """What can be restored, newest first."""
        with self._read() as db:
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
        with self._transaction() as db:
            row = db.execute("SELECT kind, notebook, position, body, locked FROM trash WHERE id = ?",
                             (trash_id,)).fetchone()
            if row is None:
                raise UserInputError("this item is no longer in the trash")
            kind, name, position, body, locked = row
            if kind == "notebook":
                notebook = Notebook.model_validate_json(body)
                if self._row(db, name) is not None:
                    notebook = notebook.renamed(self._free_name(db, name, " (restored)"))
                self._write(db, notebook, locked=bool(locked))
            else:
                cell = Cell.model_validate_json(body)
                current = self._row(db, name)
                if current is None:
                    if db.execute("SELECT 1 FROM trash WHERE kind = 'notebook' AND notebook = ?",
                                  (name,)).fetchone():
                        raise UserInputError(f"the cell was in “{name}”, which is in the trash too: "
                                             "restore the notebook first")
                    notebook = Notebook(name=name)
                else:
                    self._refuse_locked(name, current[1])
                    notebook = Notebook.model_validate_json(current[0])
                self._write(db, notebook.insert(cell, at=int(position)))
            db.execute("DELETE FROM trash WHERE id = ?", (trash_id,))
            return notebook.name

    def empty_trash(self) -> int:
        """Forget everything in the trash; returns how many items there were."""
        with self._transaction() as db:
            return db.execute("DELETE FROM trash").rowcount

    def _free_name(self, db: sqlite3.Connection, base: str, suffix: str = "") -> str:
        """``base + suffix``, numbered until free, shortened to fit ``MAX_NAME``."""
        n = 1
        while True:
            tail = suffix if n == 1 else f"{suffix} {n}"
            name = base[:MAX_NAME - len(tail)].rstrip() + tail
            if self._row(db, name) is None:
                return name
            n += 1

    def seed(self, folder: Path) -> list[str]:
        """Add the shipped example notebooks once, locked (a deleted example stays deleted).
        A bad example file is recorded in ``seed_errors``; the others are still added.
        A read-only database is left as it is."""
        examples: list[Notebook] = []
        for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
            try:
                examples.append(load_model(path, Notebook))
            except DataFileError as exc:
                self.seed_errors.append(exc)
        if not self.writable:
            return []
        added: list[str] = []
        with self._transaction() as db:
            for notebook in examples:
                if db.execute("SELECT 1 FROM seeded WHERE name = ?", (notebook.name,)).fetchone():
                    continue
                db.execute("INSERT INTO seeded (name) VALUES (?)", (notebook.name,))
                if self._row(db, notebook.name) is None:
                    self._write(db, notebook, locked=True)
                    added.append(notebook.name)
        return added

    def import_notebook(self, notebook: Notebook) -> str:
        """Save an imported notebook under a free name; returns the name used."""
        with self._transaction() as db:
            name = notebook.name if self._row(db, notebook.name) is None else self._free_name(
                db, notebook.name, " (imported)")
            self._write(db, notebook.renamed(name))
        return name
