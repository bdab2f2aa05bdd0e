"""An on-disk cache of segmented and extracted texts, keyed by what they depend on.

Reading a text is deterministic given its bytes, its language tag, the
reference sections it follows (a language with no file), the taxonomy and
language files, and this code's version. The key hashes all of these, so an
edited text, lexicon or release simply misses; nothing is ever invalidated by
hand. Entries live in ``POLICY_GRAPH_CACHE`` or the user's cache directory
(``~/.cache/policy-graph``); a cache that cannot be written is skipped.

Entries are pickles written by this program into the user's own cache
directory (as Python's ``__pycache__`` is), kept in one SQLite file; a damaged
entry or file is a miss.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_ENV", "CacheFile", "ReadCache", "default_cache_dir", "lexicon_fingerprint",
           "parsed_files_cache", "stat_signature"]

CACHE_ENV = "POLICY_GRAPH_CACHE"
FORMAT = "2"  # bump when the cached structures change shape
CACHE_FILE = "cache.sqlite"
COMMIT_EVERY = 256  # writes per transaction


def default_cache_dir() -> Path | None:
    """``POLICY_GRAPH_CACHE`` (``off`` disables caching), else ~/.cache/policy-graph."""
    value = os.environ.get(CACHE_ENV)
    if value is not None:
        return None if value.strip().lower() in ("", "off", "0") else Path(value)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "policy-graph"


def _code_fingerprint() -> bytes:
    # Any change to the library's code is a new reader: hash its source files.
    digest = hashlib.sha256(FORMAT.encode())
    for path in sorted(Path(__file__).parent.glob("*.py")):
        digest.update(path.read_bytes())
    return digest.digest()


def lexicon_fingerprint(files: Iterable[Path]) -> str:
    """SHA-256 over this code, the taxonomy and the language files (names and bytes)."""
    digest = hashlib.sha256(_code_fingerprint())
    for path in sorted(files):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def parsed_files_cache(file: CacheFile | Path | None) -> ReadCache:
    """A cache of parsed data files, keyed by their bytes and this code."""
    return ReadCache(file, _code_fingerprint().hex())


class CacheFile:
    """The SQLite file entries live in (``cache.sqlite`` in the folder), opened on
    first use. Writes are kept in one transaction until :meth:`flush`: a load of a
    thousand texts is one commit, not a thousand files created and renamed. Any
    fault of the file (unwritable, locked, damaged) turns the cache off for this
    load: it costs speed, never correctness."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self._db: sqlite3.Connection | None = None
        self._off = folder is None
        self._pending = 0

    def connection(self) -> sqlite3.Connection | None:
        if self._db is None and not self._off and self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                db = sqlite3.connect(self.folder / CACHE_FILE, timeout=5, isolation_level=None)
                db.execute("PRAGMA journal_mode=WAL")
                db.execute("PRAGMA synchronous=NORMAL")  # a cache: an entry lost on power loss is a miss
                db.execute("CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB)")
                self._db = db
            except (OSError, sqlite3.Error):
                self._off = True
        return self._db

    def write(self, key: str, value: bytes) -> None:
        """Keep ``value`` under ``key`` (committed by :meth:`flush`, or every few
        hundred writes so another process waiting to write is not held long)."""
        db = self.connection()
        if db is None:
            return
        if not db.in_transaction:
            db.execute("BEGIN")
        db.execute("INSERT OR REPLACE INTO entries VALUES (?, ?)", (key, value))
        self._pending += 1
        if self._pending >= COMMIT_EVERY:
            db.execute("COMMIT")
            self._pending = 0

    def fault(self) -> None:
        """The file failed: stop using it for this load."""
        self._off = True
        db, self._db = self._db, None
        if db is not None:
            with contextlib.suppress(sqlite3.Error):
                db.close()

    def flush(self) -> None:
        """Commit what was put and close the file (a later use reopens it)."""
        db, self._db = self._db, None
        if db is None:
            return
        self._pending = 0
        try:
            if db.in_transaction:
                db.execute("COMMIT")
        except sqlite3.Error:
            self._off = True
        finally:
            db.close()


class ReadCache:
    """get/put of pickled values by a key built from the inputs of a read (see
    :class:`CacheFile` for where they live). Caches of different inputs may share
    one file."""

    def __init__(self, file: CacheFile | Path | None, lexicon: str) -> None:
        self.file = file if isinstance(file, CacheFile) else CacheFile(file)
        self.lexicon = lexicon
        self.hits = self.misses = 0

    def key(self, raw: bytes, name: str, lang: str, reference: tuple[str, ...] | None) -> str:
        digest = hashlib.sha256(self.lexicon.encode())
        for part in (name, lang, repr(reference)):
            digest.update(part.encode())
            digest.update(b"\0")
        digest.update(raw)
        return digest.hexdigest()

    def get(self, key: str) -> Any | None:
        db = self.file.connection()
        row = None
        if db is not None:
            try:
                row = db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
            except sqlite3.Error:
                self.file.fault()
        try:
            # Written by this program into the user's own cache: see the module doc.
            value = pickle.loads(row[0]) if row is not None else None
        except (EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError,
                TypeError, IndexError):
            value = None
        if value is None:
            self.misses += self.file.folder is not None
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        db = self.file.connection()
        if db is None:
            return
        try:
            self.file.write(key, pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
        except sqlite3.Error:
            self.file.fault()

    def flush(self) -> None:
        """Commit what was put (see :meth:`CacheFile.flush`)."""
        self.file.flush()


def stat_signature(data_dir: Path) -> str:
    """A hash of every entry's name, type, size and modification time under
    ``data_dir``: cheap (no file is read), and it changes whenever a file is
    written, so a caller can keep the content fingerprint until it does.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> before = stat_signature(folder)
    >>> _ = (folder / "a.txt").write_text("x")
    >>> before != stat_signature(folder)
    True
    """
    digest = hashlib.sha256()
    _stat_tree(os.fsencode(data_dir), b"", digest)
    return digest.hexdigest()


def _stat_tree(folder: bytes, relative: bytes, digest: Any) -> None:
    """Feed ``digest`` every entry under ``folder`` (names as bytes, sorted; symlinks
    not followed) with its type, size and time: one ``scandir`` per directory and
    no ``Path`` objects, as a page checks this on every run."""
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda e: e.name)
    except OSError:
        digest.update(relative + b"\0unreadable")
        return
    for entry in entries:
        name = relative + b"/" + entry.name if relative else entry.name
        digest.update(name + b"\0")
        try:
            info = entry.stat(follow_symlinks=False)
        except OSError:
            digest.update(b"gone")
            continue
        digest.update(f"{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode())
        if entry.is_dir(follow_symlinks=False):
            _stat_tree(entry.path, name, digest)
