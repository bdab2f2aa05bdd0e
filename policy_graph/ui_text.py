"""Interface strings in the reader's language, from ``data/ui.yaml``.

>>> strings = load_ui_strings()
>>> strings.get("about.why", "nb")
'Hvorfor'
>>> strings.get("about.why", "xx")
'Why'
"""

from __future__ import annotations

from pathlib import Path

from pydantic import field_validator

from .models import Strict
from .taxonomy import DEFAULT_DATA_DIR
from .yamlio import load_model

__all__ = ["UiStrings", "load_ui_strings"]


class UiStrings(Strict):
    """``data/ui.yaml``: key -> language -> text (English required)."""

    strings: dict[str, dict[str, str]]

    @field_validator("strings")
    @classmethod
    def _english_everywhere(cls, strings: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
        missing = sorted(key for key, texts in strings.items() if "en" not in texts)
        if missing:
            raise ValueError(f"no English text for: {', '.join(missing)}")
        return strings

    def get(self, key: str, lang: str, **values: str) -> str:
        texts = self.strings.get(key, {})
        text = texts.get(lang) or texts.get("en") or key
        return text.format(**values) if values else text


def load_ui_strings(data_dir: Path = DEFAULT_DATA_DIR) -> UiStrings:
    return load_model(data_dir / "ui.yaml", UiStrings)
