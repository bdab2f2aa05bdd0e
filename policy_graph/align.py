"""Clause alignment primitives shared by projection and Compare.

Two versions of one policy are aligned section by section (paired by audience,
in order), and clauses inside a pair by a sequence alignment
(Needleman-Wunsch) over a similarity score. Without concepts to compare, the
score rests on what survives translation: proper names and numbers, the
number of parentheses, the position in the section and the length.

>>> sorted(names("Made by We Market, WeWork Go og 12 MAC-adresser"))
['12', 'mac', 'wework']
"""

from __future__ import annotations

import re
from collections.abc import Callable

from .segment import Clause, SegmentedPolicy

__all__ = ["MATCH_FLOOR", "align_sequences", "jaccard", "names", "paired_sections", "structural_pairs",
           "structural_similarity"]

MATCH_FLOOR = 0.25
_NAME = re.compile(r"\b(?:[A-Z][a-z]*[A-Z]\w*|[A-Z]{2,}|\d+(?:[.,]\d+)?)\b")


def names(text: str) -> set[str]:
    """Proper names and numbers: the tokens that survive translation
    (camel-case product names, acronyms such as "MAC", numbers such as "2019")."""
    return {m.group(0).casefold() for m in _NAME.finditer(text)}


def jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 1.0


def _position(index: int, size: int) -> float:
    return index / (size - 1) if size > 1 else 0.0


def structural_similarity(a: Clause, b: Clause, pos_a: float, pos_b: float) -> float:
    """0..1 from names and numbers, parentheses, position and length.

    >>> c = Clause("s1.1", "s1", "bullet", 0, 20, "WeWork Go (MAC) 2019")
    >>> structural_similarity(c, c, 0.0, 0.0)
    1.0
    """
    na, nb = names(a.text), names(b.text)
    name_score = jaccard(na, nb) if na | nb else 0.5
    pa, pb = a.text.count("(") + a.text.count("（"), b.text.count("(") + b.text.count("（")
    parens = 1.0 if pa == pb else 1.0 - abs(pa - pb) / max(pa, pb)
    length = min(len(a.text), len(b.text)) / max(len(a.text), len(b.text), 1)
    return round(0.35 * name_score + 0.35 * (1.0 - abs(pos_a - pos_b)) + 0.1 * parens
                 + 0.2 * length, 6)


def align_sequences(scores: list[list[float]]) -> list[tuple[int | None, int | None]]:
    """Needleman-Wunsch on (score - floor): a pair is matched only when that pays.

    >>> align_sequences([[0.9, 0.1], [0.1, 0.1], [0.1, 0.8]])
    [(0, 0), (1, None), (2, 1)]
    """
    n, m = len(scores), len(scores[0]) if scores else 0
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(1, n + 1):
        for j in range(1, m + 1):
            best[i][j] = max(best[i - 1][j], best[i][j - 1],
                             best[i - 1][j - 1] + scores[i - 1][j - 1] - MATCH_FLOOR)
    pairs: list[tuple[int | None, int | None]] = []
    i, j = n, m
    while i > 0 or j > 0:
        if i > 0 and j > 0 and best[i][j] == best[i - 1][j - 1] + scores[i - 1][j - 1] - MATCH_FLOOR:
            pairs.append((i - 1, j - 1))
            i, j = i - 1, j - 1
        elif i > 0 and (j == 0 or best[i][j] == best[i - 1][j]):
            pairs.append((i - 1, None))
            i -= 1
        else:
            pairs.append((None, j - 1))
            j -= 1
    return pairs[::-1]


def paired_sections(a: SegmentedPolicy, b: SegmentedPolicy
                    ) -> list[tuple[str, list[Clause], list[Clause]]]:
    """(audience, clauses in a, clauses in b) for each audience, in a's order, then b's rest."""
    sections_b = {s.audience: s for s in b.sections}
    out: list[tuple[str, list[Clause], list[Clause]]] = []
    used: set[str] = set()
    for section in a.sections:
        partner = sections_b.get(section.audience)
        if partner is not None:
            used.add(partner.audience)
        out.append((section.audience, list(section.clauses), list(partner.clauses) if partner else []))
    out += [(s.audience, [], list(s.clauses)) for s in b.sections if s.audience not in used]
    return out


def structural_pairs(a: list[Clause], b: list[Clause],
                     blend: Callable[[Clause, Clause, float], float] | None = None
                     ) -> list[tuple[int, int, float]]:
    """Matched (index in a, index in b, similarity) of two clause lists; ``blend``
    may mix the structural score with what else is known of a pair."""
    if not a or not b:
        return []
    scores = [[structural_similarity(x, y, _position(i, len(a)), _position(j, len(b)))
               for j, y in enumerate(b)] for i, x in enumerate(a)]
    if blend is not None:
        scores = [[blend(x, y, scores[i][j]) for j, y in enumerate(b)] for i, x in enumerate(a)]
    return [(i, j, scores[i][j]) for i, j in align_sequences(scores) if i is not None and j is not None]
