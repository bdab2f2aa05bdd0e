"""Interface strings in the reader's language, from the ``ui`` section of each
``languages/<code>.yaml``; a string missing in a language falls back to English.

>>> from policy_graph.taxonomy import load_taxonomy, DEFAULT_DATA_DIR
>>> strings = ui_strings(load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml"))
>>> strings.get("about.why", "nb")
'Hvorfor'
>>> strings.get("about.why", "xx")
'Why'
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .taxonomy import Taxonomy

__all__ = ["UiStrings", "ui_strings"]


@dataclass(frozen=True)
class UiStrings:
    """key -> language -> text."""

    strings: dict[str, dict[str, str]] = field(default_factory=dict)

    def get(self, key: str, lang: str, **values: str) -> str:
        texts = self.strings.get(key, {})
        text = texts.get(lang) or texts.get("en") or key
        return text.format(**values) if values else text


def ui_strings(taxonomy: Taxonomy) -> UiStrings:
    """Every language file's interface strings, gathered by key."""
    out: dict[str, dict[str, str]] = {}
    for code, lang in taxonomy.language_files.items():
        for key, text in lang.ui.items():
            out.setdefault(key, {})[code] = text
    return UiStrings(out)
