"""One exception hierarchy; every message names the file, the place and the value."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DataFileError", "PolicyGraphError", "QuoteNotFoundError", "UserInputError",
           "printable"]


def printable(text: str) -> str:
    """``text`` with the undecodable bytes of a file name (kept by Python as lone
    surrogates, which cannot be printed or sent to a browser) shown as ``\\xNN``.

    >>> printable("policies/\\udcff.txt")
    'policies/\\\\xff.txt'
    """
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a surrogate no file name decodes to: show it escaped too
        raw = text.encode("utf-8", "backslashreplace")
    return raw.decode("utf-8", "backslashreplace")


class PolicyGraphError(Exception):
    """Base class of every error the library raises on purpose."""


class DataFileError(PolicyGraphError):
    """A data file is unreadable or invalid.

    >>> str(DataFileError("data/x.yaml", "concepts[3].kind", "colour", "unknown kind"))
    "data/x.yaml: concepts[3].kind: unknown kind (got 'colour')"
    """

    def __init__(
        self, path: str | Path, location: str, value: object, problem: str
    ) -> None:
        self.path = printable(str(path))
        self.location = location
        self.value = value
        self.problem = problem
        where = f"{self.path}: {location}: " if location else f"{self.path}: "
        shown = repr(value) if value is not None else ""
        if len(shown) > 120:
            shown = shown[:117] + "..."
        suffix = f" (got {shown})" if shown else ""
        super().__init__(printable(f"{where}{problem}{suffix}"))


class QuoteNotFoundError(DataFileError):
    """A reviewed quote does not occur verbatim in the policy text."""

    def __init__(self, path: str | Path, clause_id: str, quote: str) -> None:
        super().__init__(
            path, f"clause {clause_id}", quote, "quote not found in the source text"
        )
        self.clause_id = clause_id
        self.quote = quote


class UserInputError(PolicyGraphError):
    """A value given by a user (URL parameter, CLI flag, upload) is not acceptable."""
