"""Validate raw URL/query parameters against the choices a view offers.

Query-parameter values arrive as arbitrary strings; a value that is not one of
the choices is dropped (the view falls back to its default) and reported.

>>> pick("vi", ["en", "nb", "vi"], "en")
('vi', None)
>>> pick("<script>", ["en", "nb"], "en")
('en', "ignored unknown value '<script>'")
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TypeVar

__all__ = ["MAX_PARAM_CHARS", "pick", "read_params"]

MAX_PARAM_CHARS = 200
T = TypeVar("T", bound=str | None)


def pick(value: str | None, choices: Sequence[str], default: T) -> tuple[str | T, str | None]:
    """``value`` if it is one of ``choices``, else ``default`` with a warning."""
    if value is None or value == "":
        return default, None
    if value in choices:
        return value, None
    shown = value if len(value) <= 40 else value[:37] + "..."
    return default, f"ignored unknown value {shown!r}"


def read_params(raw: Mapping[str, str], names: Sequence[str]) -> dict[str, str]:
    """Keep only known parameter names with short string values.

    >>> read_params({"lang": "vi", "x": "1", "product": "a" * 500}, ["lang", "product"])
    {'lang': 'vi'}
    """
    return {k: v for k, v in raw.items()
            if k in names and isinstance(v, str) and len(v) <= MAX_PARAM_CHARS}
