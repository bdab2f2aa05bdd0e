"""Reading data files defensively: regular files only, inside the data directory,
size-capped before a byte is read, and text that is UTF-8 or one clear error.

A FIFO would block a reader for ever and ``/dev/zero`` would fill memory; a
symlink could show a file from anywhere on the machine; a file name that is not
UTF-8 cannot be printed or sent to a browser. Each becomes a ``DataFileError``
naming the file, the place and the value, and loading goes on without it.

>>> text_problem(b"caf\\xe9\\n")
('line 1, byte 3', b'\\xe9\\n', 'not valid UTF-8 text: save the file as UTF-8')
>>> text_problem(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
('byte 8', b'\\x89PNG\\r\\n\\x1a\\n', 'a binary file, not text')
>>> text_problem("ok".encode()) is None
True
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from pathlib import Path

from .errors import DataFileError

__all__ = ["BINARY", "bad_file_names", "check_inside", "decode_text", "file_kind", "is_printable_name",
           "read_data_file", "text_problem"]

BINARY_SNIFF_BYTES = 8192  # a NUL byte this early means a binary file (as git and grep judge)
BINARY = "a binary file, not text"


def is_printable_name(name: str) -> bool:
    """False for a file name whose bytes are not UTF-8 (Python keeps those as
    lone surrogates, which cannot be printed or sent to a browser).

    >>> is_printable_name("nb.txt"), is_printable_name("\\udcff.txt")
    (True, False)
    """
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def file_kind(mode: int) -> str:
    """A reader's word for a file type that is not a regular file."""
    kinds = ((stat.S_ISDIR, "directory"), (stat.S_ISFIFO, "FIFO (named pipe)"),
             (stat.S_ISCHR, "character device"), (stat.S_ISBLK, "block device"),
             (stat.S_ISSOCK, "socket"))
    return next((word for test, word in kinds if test(mode)), "special file")


def check_inside(path: Path, root: Path) -> None:
    """Refuse a path that resolves (through symlinks) to outside ``root``."""
    try:
        target = path.resolve()
        inside = target.is_relative_to(root.resolve())
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop (Python 3.11)
        raise DataFileError(path, "symlink", None, f"cannot be resolved: {exc}") from exc
    if not inside:
        raise DataFileError(path, "symlink", str(target), "points outside the data directory")


def read_data_file(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes (inside ``root``
    when given). Nothing outside ``root`` and nothing but a regular file is
    ever opened, and never more than ``limit`` bytes are read."""
    if root is not None:
        check_inside(path, root)
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(path, "file type", file_kind(info.st_mode), "not a regular file")
        # O_NONBLOCK: should the file be swapped for a FIFO after the check, opening
        # it still returns at once, and the fstat below refuses it.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOCTTY", 0))
    except OSError as exc:
        raise DataFileError(path, "", None, f"cannot read file: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise DataFileError(path, "file type", file_kind(info.st_mode), "not a regular file")
        if info.st_size > limit:
            raise DataFileError(path, "size", info.st_size, f"over the limit of {limit:,} bytes")
        raw = handle.read(limit + 1)
    if len(raw) > limit:  # it grew while being read
        raise DataFileError(path, "size", len(raw), f"over the limit of {limit:,} bytes")
    return raw


def text_problem(raw: bytes) -> tuple[str, bytes, str] | None:
    """What keeps ``raw`` from being UTF-8 text, as (place, bytes there, problem)."""
    nul = raw.find(b"\x00", 0, BINARY_SNIFF_BYTES)
    if nul >= 0:
        return f"byte {nul}", raw[max(0, nul - 8):nul], BINARY
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        return (f"line {line}, byte {exc.start}", raw[exc.start:exc.start + 2],
                "not valid UTF-8 text: save the file as UTF-8")
    return None


def decode_text(raw: bytes, path: Path | str) -> str:
    """UTF-8 text of a data file (a byte-order mark dropped), or a DataFileError."""
    problem = text_problem(raw)
    if problem is not None:
        where, value, message = problem
        raise DataFileError(path, where, value, message)
    return raw.decode("utf-8-sig")


def _walk(root: Path) -> Iterator[Path]:
    for folder, dirs, files in os.walk(root):
        for name in [*dirs, *files]:
            yield Path(folder) / name


def bad_file_names(root: Path) -> list[DataFileError]:
    """Every file or folder under ``root`` whose name is not UTF-8 (loaders skip them)."""
    return [DataFileError(path, "file name", os.fsencode(path.name),
                          "the name is not UTF-8: rename the file")
            for path in sorted(_walk(root)) if not is_printable_name(path.name)]
