"""Interface strings in the reader's language, from the ``ui`` section of each
``languages/<code>.yaml``; a string missing in a language falls back to English.

>>> from policy_graph.taxonomy import load_taxonomy, DEFAULT_DATA_DIR
>>> strings = ui_strings(load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml"))
>>> strings.get("about.why", "nb")
'Hvorfor'
>>> strings.get("about.why", "xx")
'Why'
>>> UiStrings({"k": {"nb": "Vist på {x}", "en": "Shown in {langs}"}}).get("k", "nb", langs="vi")
'Shown in vi'
"""

from __future__ import annotations

import string
from collections.abc import Mapping
from dataclasses import dataclass, field

from .taxonomy import Taxonomy

__all__ = ["UiStrings", "fill", "ui_strings"]


@dataclass(frozen=True)
class UiStrings:
    """key -> language -> text."""

    strings: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, key: str, lang: str, /, **values: str) -> str:
        """The string in ``lang`` (else English, else the key), filled with
        ``values``; a string whose placeholders cannot be filled gives way to
        English rather than break the page.  ``key`` and ``lang`` are positional, so
        a placeholder may be called ``{lang}``."""
        texts = self.strings.get(key, {})
        for text in (texts.get(lang), texts.get("en")):
            if text:
                filled = fill(text, values) if values else text
                if filled is not None:
                    return filled
        return key


def fill(text: str, values: Mapping[str, str]) -> str | None:
    """``text`` with its ``{name}`` placeholders replaced by ``values``; None when
    a placeholder is unknown or the braces do not parse (never an exception, and
    never attribute or index lookups: ``{value.__class__}`` is refused).

    >>> fill("In {langs}.", {"langs": "nb"}), fill("{x}", {"langs": "nb"}), fill("a {", {})
    ('In nb.', None, None)
    """
    out: list[str] = []
    try:
        for literal, name, spec, conversion in string.Formatter().parse(text):
            out.append(literal)
            if name is None:
                continue
            if name not in values or conversion or spec:
                return None
            out.append(str(values[name]))  # a caller may pass a number
    except ValueError:
        return None
    return "".join(out)


def ui_strings(taxonomy: Taxonomy) -> UiStrings:
    """Every language file's interface strings, gathered by key."""
    out: dict[str, dict[str, str]] = {}
    for code, lang in taxonomy.language_files.items():
        for key, text in lang.ui.items():
            out.setdefault(key, {})[code] = text
    return UiStrings(out)
