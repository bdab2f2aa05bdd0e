"""An on-disk cache of segmented and extracted texts, keyed by what they depend on.

Reading a text is deterministic given its bytes, its language tag, the
reference sections it follows (a language with no file), the taxonomy and
language files, and this code's version. The key hashes all of these, so an
edited text, lexicon or release simply misses; nothing is ever invalidated by
hand. Entries live in ``POLICY_GRAPH_CACHE`` or the user's cache directory
(``~/.cache/policy-graph``); a cache that cannot be written is skipped.

Entries are pickles written by this program into the user's own cache
directory (as Python's ``__pycache__`` is); a damaged entry is a miss.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterable
from pathlib import Path
from typing import Any

__all__ = ["CACHE_ENV", "ReadCache", "default_cache_dir", "lexicon_fingerprint", "parsed_files_cache",
           "stat_signature"]

CACHE_ENV = "POLICY_GRAPH_CACHE"
FORMAT = "1"  # bump when the cached structures change shape


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


def parsed_files_cache(folder: Path | None) -> ReadCache:
    """A cache of parsed data files in ``folder``, keyed by their bytes and this code."""
    return ReadCache(folder, _code_fingerprint().hex())


class ReadCache:
    """get/put of pickled values by a key built from the inputs of a read."""

    def __init__(self, folder: Path | None, lexicon: str) -> None:
        self.folder = folder
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
        if self.folder is None:
            return None
        path = self.folder / key[:2] / f"{key}.pickle"
        try:
            with path.open("rb") as handle:
                value = pickle.load(handle)  # written by this program: see the module doc
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError, ValueError):
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        if self.folder is None:
            return
        folder = self.folder / key[:2]
        try:
            folder.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=folder, suffix=".tmp")
            with os.fdopen(fd, "wb") as handle:
                pickle.dump(value, handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, folder / f"{key}.pickle")
        except OSError:
            return  # a read-only or full disk costs speed, never correctness


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
