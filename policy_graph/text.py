"""Unicode handling: NFC, case folding, diacritic folding and term matching with spans.

Matching works on a folded copy of the text and maps every hit back to
character offsets in the original, so evidence spans point into the source.

>>> fold_for_search("Thanh toán") == fold_for_search("THANH TOAN")
True
>>> [(m.term, m.start, m.end) for m in find_terms("Betalingsopplysninger, der", ["betalingsopplysning*"])]
[('betalingsopplysning*', 0, 21)]
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Protocol, TypeVar

__all__ = [
    "FoldedText",
    "TermMatch",
    "find_terms",
    "fold",
    "fold_for_search",
    "longest_non_overlapping",
    "nfc",
]


def nfc(text: str) -> str:
    """Return ``text`` in Unicode NFC (made stream-safe first, see ``stream_safe``)."""
    return unicodedata.normalize("NFC", stream_safe(text))


# Unicode's stream-safe format (UAX #15): at most 30 non-starters in a row.
MAX_NON_STARTERS = 30
GRAPHEME_JOINER = "\u034f"  # a starter that changes nothing a reader sees


@lru_cache(maxsize=1)
def _non_starter_run() -> re.Pattern[str]:
    """Runs of more than MAX_NON_STARTERS characters with a combining class (the
    marks normalisation reorders; all of them lie below U+20000)."""
    ranges: list[tuple[int, int]] = []
    for code in range(0x300, 0x20000):
        if unicodedata.combining(chr(code)):
            if ranges and ranges[-1][1] == code - 1:
                ranges[-1] = (ranges[-1][0], code)
            else:
                ranges.append((code, code))
    # No character from U+0300 on is special inside a regex class: no escaping needed.
    members = "".join(f"{chr(a)}-{chr(b)}" if b > a else chr(a) for a, b in ranges)
    return re.compile(f"[{members}]{{{MAX_NON_STARTERS + 1},}}")


def stream_safe(text: str) -> str:
    """``text`` with a combining grapheme joiner after every 30 marks in a row, as
    UAX #15 prescribes: normalising a long run of marks is quadratic (0.2 MB of
    bare accents took 37 s), and no language writes more than a few in a row.

    >>> stream_safe("e" + "\u0301" * 31).count("\u034f"), stream_safe("Tiếng Việt")
    (1, 'Tiếng Việt')
    """
    if text.isascii():
        return text

    def split(run: re.Match[str]) -> str:
        marks = run.group(0)
        return GRAPHEME_JOINER.join(marks[i:i + MAX_NON_STARTERS]
                                    for i in range(0, len(marks), MAX_NON_STARTERS))

    return _non_starter_run().sub(split, text)


def _casefold(text: str) -> str:
    # "İ" (Turkish dotted capital I) casefolds to "i" + U+0307, which no term matches.
    return text.replace("İ", "i").casefold()


def fold(text: str) -> str:
    """NFC then case-fold: the comparison form of a string.

    >>> fold("İLETİŞİM Bilgileri")
    'iletişim bilgileri'
    """
    return _casefold(nfc(text))


@lru_cache(maxsize=65536)  # per character: a corpus uses a few thousand
def _strip_marks(char: str) -> str:
    # đ/Đ and ø/Ø carry no combining mark; fold them by hand so "dia chi" finds "địa chỉ".
    special = {"đ": "d", "ø": "o", "æ": "ae", "ł": "l", "ß": "ss"}
    if char in special:
        return special[char]
    decomposed = unicodedata.normalize("NFD", char)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    # A Hangul syllable decomposes into jamo with no marks: keep the syllable.
    return stripped if len(stripped) < len(decomposed) else char


def fold_for_search(text: str) -> str:
    """Case- and diacritic-insensitive form used by search.

    >>> fold_for_search("Địa chỉ Bluetooth")
    'dia chi bluetooth'
    """
    return "".join(_strip_marks(c) for c in fold(text))


@lru_cache(maxsize=65536)
def _casefold_char(char: str) -> str:
    return _casefold(char)


@lru_cache(maxsize=65536)
def _search_fold(char: str) -> str:
    """One character case- and diacritic-folded (it may become several, or none)."""
    return "".join(_strip_marks(c) for c in _casefold(char))


@dataclass(frozen=True)
class FoldedText:
    """A folded copy of ``original`` with a map from folded to original offsets."""

    original: str
    folded: str
    origin: tuple[int, ...]

    @classmethod
    def of(cls, text: str, *, diacritics: bool = False) -> FoldedText:
        """Fold ``text`` char by char (case, and diacritics when asked)."""
        if not diacritics:
            folded_whole = _casefold(text)
            if len(folded_whole) == len(text):
                # No character changed length: offsets are the identity (the common case).
                return cls(text, folded_whole, tuple(range(len(text) + 1)))
        fold_char = _search_fold if diacritics else _casefold_char
        parts = [fold_char(char) for char in text]
        joined = "".join(parts)
        if len(joined) == len(text):
            return cls(text, joined, tuple(range(len(text) + 1)))
        origin: list[int] = []
        for index, folded in enumerate(parts):
            origin.extend([index] * len(folded))
        origin.append(len(text))
        return cls(text, joined, tuple(origin))

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a folded ``[start, end)`` to the original text."""
        if end <= start:
            return self.origin[start], self.origin[start]
        return self.origin[start], self.origin[end - 1] + 1


@dataclass(frozen=True)
class TermMatch:
    """One occurrence of a term: which term, and where in the original text."""

    term: str
    start: int
    end: int


# Compiled on first use: a language's ~1,000 terms cost ~0.5 ms each to compile,
# and most never appear in a given text or question.
@lru_cache(maxsize=65536)
def _term_pattern(term: str, word_boundaries: bool = True) -> re.Pattern[str]:
    """The term's regex. The left word boundary is not in it (``find_terms`` checks
    it): a pattern that starts with its literal text lets the regex engine jump
    between occurrences instead of trying every position (~10x on a clause)."""
    prefix = term.endswith("*")
    body = re.escape(fold(term.rstrip("*")))
    # Whitespace in a term matches any run of whitespace in the text.
    body = body.replace(r"\ ", r"\s+")
    if not word_boundaries:
        # Scripts written without spaces (zh, ja, th): a term may sit anywhere.
        return re.compile(body + (r"\w*" if prefix else ""))
    return re.compile(body + (r"\w*" if prefix else r"(?!\w)"))


def _occurrences(pattern: re.Pattern[str], haystack: str, bounded: bool) -> Iterator[re.Match[str]]:
    r"""Matches of ``pattern`` not preceded by a word character when ``bounded``
    (as ``(?<!\w)`` would, retrying one character on when the check fails)."""
    position = 0
    while (hit := pattern.search(haystack, position)) is not None:
        start = hit.start()
        if bounded and start > 0 and _WORD_CHAR.match(haystack, start - 1):
            position = start + 1
            continue
        yield hit
        position = max(hit.end(), start + 1)


_WORD = re.compile(r"\w+")
_WORD_CHAR = re.compile(r"\w")
_Entry = tuple[str, str, str, str]  # term, two needles, the form its pattern is made from


def _needles(source: str) -> tuple[str, str]:
    """Two plain substrings every match of the term contains (its two longest words):
    a cheap test that skips the regex for the many terms a clause does not contain."""
    words = sorted(set(fold(source.rstrip("*")).split()), key=len, reverse=True)
    return (words[0] if words else "", words[1] if len(words) > 1 else "")


@dataclass(frozen=True)
class _TermIndex:
    """Terms indexed once per term list. With word boundaries, each term is filed
    under one of its whole words (a ``\\w+`` token every match contains as a token):
    the one fewest terms share ("thanh" rather than "thông" in "thông tin thanh
    toán"), so a text is checked only against the terms whose key word it contains."""

    by_word: dict[str, list[_Entry]]
    loose: list[_Entry]  # prefix-only terms, or no word boundaries: always checked


# Large enough for every term list of every language (a corpus's lead-in and heading
# lists included): a list evicted and compiled again costs ~1 ms per question.
@lru_cache(maxsize=8192)
def _compiled(terms: tuple[str, ...], diacritics: bool, word_boundaries: bool) -> _TermIndex:
    by_word: dict[str, list[_Entry]] = {}
    loose: list[_Entry] = []
    parsed = []
    for term in terms:
        source = fold_for_search(term) if diacritics else term
        tokens = _WORD.findall(fold(source.rstrip("*")))
        parsed.append((term, source, tokens[:-1] if source.endswith("*") else tokens))
    shared = Counter(word for _, _, whole in parsed for word in set(whole))
    for term, source, whole in parsed:
        entry = (term, *_needles(source), source)
        if word_boundaries and whole:
            by_word.setdefault(min(whole, key=lambda w: (shared[w], -len(w))), []).append(entry)
        else:
            loose.append(entry)
    return _TermIndex(by_word, loose)


def find_terms(
    text: str | FoldedText, terms: Iterable[str], *, diacritics: bool = False,
    word_boundaries: bool = True,
) -> list[TermMatch]:
    """All occurrences of ``terms`` in ``text`` (between word boundaries unless
    ``word_boundaries`` is false), sorted by position.

    >>> [(m.start, m.end) for m in find_terms("我们的联系信息", ["联系信息"], word_boundaries=False)]
    [(3, 7)]
    """
    folded = text if isinstance(text, FoldedText) else FoldedText.of(text, diacritics=diacritics)
    matches: list[TermMatch] = []
    haystack = folded.folded
    index = _compiled(tuple(terms), diacritics, word_boundaries)
    candidates = index.loose
    if index.by_word:
        words = set(_WORD.findall(haystack)).intersection(index.by_word)
        candidates = [*candidates, *(e for w in words for e in index.by_word[w])]
    for term, first, second, source in candidates:
        if first not in haystack or second not in haystack:
            continue
        pattern = _term_pattern(source, word_boundaries)  # compiled when first needed
        for hit in _occurrences(pattern, haystack, word_boundaries):
            start, end = folded.span(hit.start(), hit.end())
            matches.append(TermMatch(term, start, end))
    matches.sort(key=lambda m: (m.start, -(m.end - m.start), m.term))
    return matches


class _Spanned(Protocol):
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...


SpannedT = TypeVar("SpannedT", bound=_Spanned)


def longest_non_overlapping(matches: Iterable[SpannedT]) -> list[SpannedT]:
    """Keep the longest matches that do not overlap, in text order.

    >>> ms = [TermMatch("wework", 0, 6), TermMatch("wework go", 0, 9), TermMatch("go", 7, 9)]
    >>> [m.term for m in longest_non_overlapping(ms)]
    ['wework go']
    """
    # Chosen non-empty spans never overlap: kept sorted by start, a new one is
    # checked against its two neighbours only (bisect), n log n rather than n^2
    # (a clause naming one term 10^4 times took seconds). Longest first, so any
    # empty span comes after every non-empty one and is checked against all.
    starts: list[int] = []
    chosen: list[SpannedT] = []
    for match in sorted(matches, key=lambda m: (-(m.end - m.start), m.start)):
        if match.end <= match.start:
            fits = all(match.end <= c.start or match.start >= c.end for c in chosen)
            at = bisect.bisect_right(starts, match.start)
        else:
            at = bisect.bisect_right(starts, match.start)
            fits = (at == 0 or chosen[at - 1].end <= match.start) and \
                (at == len(chosen) or match.end <= chosen[at].start)
        if fits:
            starts.insert(at, match.start)
            chosen.insert(at, match)
    return chosen
