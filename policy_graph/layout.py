"""Lines of a policy text as layout units: bullets, numbered items, headings, prose.

Real pages lose their markup when copied: bullets vanish, lines are hard-wrapped,
headings become capitals or numbers. A :class:`Unit` is one logical line (a
hard-wrapped continuation is joined to the line it continues) with its list
marker, indentation and the character span of its body.

>>> text = "x\\n  • a;\\n  2. b\\n## C\\nd"
>>> [(u.marker, u.body_text(text)) for u in units(text, GENERIC_PROFILE)]
[('', 'x'), ('bullet', 'a;'), ('number', 'b'), ('hash', 'C'), ('', 'd')]
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from .models import LanguageProfile

__all__ = ["GENERIC_PROFILE", "Marker", "Unit", "is_heading_like", "strip_span", "units"]

# Used for a language with no profile yet, which is segmented by structure alone.
GENERIC_PROFILE = LanguageProfile(
    name="(no lexicon)", bullet_markers=["•", "●", "◦", "▪", "-", "*", "·"],
    sentence_terminators=[".", "!", "?", "。", "！", "？", "؟", "।"],
    list_separators=[";", "；"])

Marker = Literal["", "bullet", "number", "hash"]
# "1." "1)" "1.2" "(a)" "a)" "(iv)" "iv." followed by whitespace: a numbered item.
NUMBER = re.compile(r"(?:\((?:\d{1,3}|[a-z]|[ivx]{1,5})\)|(?:\d{1,3}|[a-z]|[ivx]{1,5})\)"
                    r"|\d{1,3}(?:\.\d{1,3})*\.?|[ivx]{1,5}\.)(?=\s)", re.IGNORECASE)
HASH = re.compile(r"#{1,6}(?=\s)")
# Characters that end a line which is complete in itself (not hard-wrapped).
LINE_END = frozenset(".;:!?。；：！？،؛؟…)")
# Bullets that often stand with no space before the text ("•Contact").
TIGHT_BULLETS = frozenset("•●◦▪·▸►‣⁃・")
HEADING_LINE_CHARS = 90
CAPITALS_HEADING_CHARS = 200  # a line in capitals longer than this is not a heading


@dataclass(frozen=True)
class Unit:
    """One logical line: ``start`` is where the line's text begins (marker
    included), ``body`` where its content begins, ``end`` where it ends."""

    start: int
    body: int
    end: int
    indent: int
    marker: Marker
    blank_before: bool

    def body_text(self, text: str) -> str:
        return text[self.body:self.end]


def strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    """Narrow ``[start, end)`` to exclude surrounding whitespace."""
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _marker(text: str, start: int, end: int, profile: LanguageProfile) -> tuple[Marker, int]:
    """The list marker at ``start`` and where the content after it begins."""
    for bullet in sorted(profile.bullet_markers, key=len, reverse=True):
        after = start + len(bullet)
        if text.startswith(bullet, start) and (
                after >= end or text[after].isspace() or bullet in TIGHT_BULLETS):
            return "bullet", strip_span(text, after, end)[0]
    found = NUMBER.match(text, start, end) or None
    if found is not None and found.end() < end:
        return "number", strip_span(text, found.end(), end)[0]
    found = HASH.match(text, start, end)
    if found is not None:
        return "hash", strip_span(text, found.end(), end)[0]
    return "", start


def _continues(text: str, previous: Unit, start: int, marker: Marker, blank: bool) -> bool:
    """A hard-wrapped line: no blank line and no marker before it, the previous
    line not finished, and this one starting in lower case or after a comma."""
    if blank or marker or previous.marker == "hash":
        return False
    last = text[previous.end - 1]
    if last in LINE_END:
        return False
    first = text[start]
    return first.islower() or last in ",-–—"


def units(text: str, profile: LanguageProfile) -> Iterator[Unit]:
    """The logical lines of ``text``, in order (linear in the text's length)."""
    pending: Unit | None = None
    blank = True
    position = 0
    for line in text.split("\n"):
        line_start, line_end = position, position + len(line)
        position = line_end + 1
        start, end = strip_span(text, line_start, line_end)
        if start == end:
            blank = True
            continue
        indent = len(line) - len(line.lstrip(" \t\u00a0\u3000"))
        marker, body = _marker(text, start, end, profile)
        if pending is not None and _continues(text, pending, start, marker, blank):
            pending = Unit(pending.start, pending.body, end, pending.indent, pending.marker,
                           pending.blank_before)
            continue
        if pending is not None:
            yield pending
        pending = Unit(start, body, end, indent, marker, blank)
        blank = False
    if pending is not None:
        yield pending


def _capitals(body: str) -> tuple[bool, bool]:
    """(all of at least three cased letters are capitals, the first cased letter is
    lower case), stopping at the first lower-case letter: most lines have one early.

    >>> _capitals("1. PERSONAL DATA"), _capitals("ÅPEN tekst"), _capitals("kontakt")
    ((True, False), (False, False), (False, True))
    """
    capitals = 0
    for char in body:
        if char.isalpha():
            if char.islower():
                return False, capitals == 0
            capitals += char.isupper()
    return capitals >= 3, False


def is_heading_like(text: str, unit: Unit) -> bool:
    """A line that reads as a heading: a Markdown ``#`` line, a line in capitals
    ("1. PERSONAL INFORMATION WE COLLECT"), or a short line with no closing
    punctuation ("How We Use Your Personal Information")."""
    if unit.marker == "hash":
        return True
    if unit.end - unit.body > CAPITALS_HEADING_CHARS:
        return False  # a paragraph: its letters are never looked at (linear in the text)
    body = unit.body_text(text)
    in_capitals, starts_lower = _capitals(body)
    if in_capitals:
        return True
    if unit.marker == "bullet":
        return False
    return len(body) <= HEADING_LINE_CHARS and body[-1] not in LINE_END and body[-1] not in ",-–—" \
        and not starts_lower
