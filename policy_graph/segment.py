"""Segment a policy text into intro, audience sections and clauses, with spans.

The layout knowledge (bullet markers, sentence ends, date labels, audience
headings) comes from the taxonomy's language profile, never from code.

>>> from policy_graph.taxonomy import load_taxonomy, DEFAULT_DATA_DIR
>>> tax = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
>>> doc = segment("Title\\n\\nEffective date: July 12, 2019\\n\\nEveryone. We use your "
...               "Device and Usage Information to improve our products.", "en", tax)
>>> doc.effective_date.isoformat(), doc.sections[0].audience, doc.sections[0].clauses[0].text
('2019-07-12', 'everyone', 'We use your Device and Usage Information to improve our products.')
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from .models import LanguageProfile
from .taxonomy import ConceptHit, Taxonomy
from .text import FoldedText, fold

__all__ = ["HEADING_MAX_CHARS", "Clause", "Section", "SegmentedPolicy", "paragraphs", "segment"]

HEADING_MAX_CHARS = 120
SHORT_HEADING_CHARS = 30  # "Everyone." / "Alle." / "Tất cả.": a heading with no bullets after it
# Used for a language with no profile yet, which is segmented by structure alone.
GENERIC_PROFILE = LanguageProfile(
    name="(no lexicon)", bullet_markers=["•", "●", "◦", "▪", "-", "*", "·"],
    sentence_terminators=[".", "!", "?", "。", "！", "？", "؟", "।"])


@dataclass(frozen=True)
class Clause:
    """One bullet, or the sentence body of a heading paragraph."""

    id: str
    section_id: str
    kind: str  # "bullet" | "sentence"
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class Section:
    """An audience section: heading, optional lead-in, and its clauses."""

    id: str
    audience: str
    heading: str
    heading_span: tuple[int, int]
    lead_in: str
    lead_in_span: tuple[int, int]
    clauses: tuple[Clause, ...]

    @property
    def span(self) -> tuple[int, int]:
        end = self.clauses[-1].end if self.clauses else self.lead_in_span[1]
        return self.heading_span[0], max(end, self.heading_span[1])


@dataclass(frozen=True)
class SegmentedPolicy:
    """The structure of one policy text."""

    lang: str
    text: str
    title: str
    effective_date: dt.date | None
    intro_products: tuple[str, ...]
    sections: tuple[Section, ...]

    @property
    def clauses(self) -> list[Clause]:
        return [c for s in self.sections for c in s.clauses]

    def clause(self, clause_id: str) -> Clause | None:
        return next((c for c in self.clauses if c.id == clause_id), None)

    def section_of(self, clause: Clause) -> Section:
        return next(s for s in self.sections if s.id == clause.section_id)

    @property
    def audiences(self) -> list[str]:
        return [s.audience for s in self.sections]


def paragraphs(text: str) -> Iterator[tuple[int, int]]:
    """Spans of the non-blank paragraphs of ``text`` (separated by blank lines).

    >>> list(paragraphs("a\\n\\n  b c \\n"))
    [(0, 1), (5, 8)]
    """
    for match in re.finditer(r"\S(?:.*\S)?(?:\n[ \t]*\S.*)*", text):
        start, end = match.span()
        yield start, len(text[:end].rstrip())


def _split_bullet_lines(text: str, start: int, end: int, profile: LanguageProfile
                        ) -> Iterator[tuple[int, int]]:
    """Split a paragraph where a line starts with a bullet marker: lists are
    often written one bullet per line with no blank line between them."""
    cut = start
    line_start = text.find("\n", start, end)
    while line_start != -1:
        at = line_start + 1
        while at < end and text[at] in " \t":
            at += 1
        if _bullet_body(text, at, end, profile) is not None:
            yield _strip_span(text, cut, line_start)
            cut = at
        line_start = text.find("\n", at, end)
    yield _strip_span(text, cut, end)


def _strip_span(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _bullet_body(text: str, start: int, end: int, profile: LanguageProfile) -> tuple[int, int] | None:
    for marker in sorted(profile.bullet_markers, key=len, reverse=True):
        if text.startswith(marker, start) and (
            start + len(marker) >= end or text[start + len(marker)].isspace()
        ):
            return _trim_clause(text, start + len(marker), end, profile)
    return None


def _trim_clause(text: str, start: int, end: int, profile: LanguageProfile) -> tuple[int, int]:
    """Drop list glue at the end of a bullet: '; and', ';', ','."""
    start, end = _strip_span(text, start, end)
    tail = fold(text[start:end])
    for conj in profile.list_conjunctions:
        for glue in (f"; {conj}", f", {conj}"):
            if tail.endswith(glue):
                end -= len(glue)
                tail = tail[: -len(glue)]
    while end > start and text[end - 1] in ";,":
        end -= 1
    return _strip_span(text, start, end)


def _first_sentence_end(text: str, start: int, end: int, profile: LanguageProfile) -> int | None:
    limit = min(end, start + HEADING_MAX_CHARS)
    for index in range(start, limit):
        if text[index] in profile.sentence_terminators and (
            index + 1 >= end or text[index + 1].isspace() or text[index] in "。！？"
        ):
            return index
    return None


def _heading(
    text: str, start: int, end: int, lang: str, taxonomy: Taxonomy
) -> tuple[ConceptHit, int] | None:
    """An audience heading at the start of the paragraph: (audience hit, heading end)."""
    profile = taxonomy.profile(lang)
    stop = _first_sentence_end(text, start, end, profile)
    if stop is None:
        return None
    hits = [
        h
        for h in taxonomy.match(FoldedText.of(text[start:stop]), lang, ("audience",), offset=start)
        if h.start == start
    ]
    if not hits:
        return None
    return max(hits, key=lambda h: h.end - h.start), stop


def _structural_heading(text: str, spans: list[tuple[int, int]], index: int,
                        profile: LanguageProfile, queue: list[str], taxonomy: Taxonomy
                        ) -> tuple[ConceptHit, int] | None:
    """Without a lexicon, a heading is a short first sentence of a paragraph that
    bullets follow (or a very short one, for an "everyone" section); its audience
    is the next one of the reference version's sections, in order."""
    start, end = spans[index]
    stop = _first_sentence_end(text, start, end, profile)
    if stop is None or not queue:
        return None
    bullets_follow = index + 1 < len(spans) and _bullet_body(
        text, spans[index + 1][0], spans[index + 1][1], profile) is not None
    everyone = queue[0] in taxonomy.everyone_ids
    if (bullets_follow and not everyone) or (everyone and stop - start <= SHORT_HEADING_CHARS):
        return ConceptHit(queue.pop(0), "audience", start, stop, text[start:stop]), stop
    return None


def _effective_date(paragraph: str, profile: LanguageProfile) -> dt.date | None:
    folded = fold(paragraph)
    if not any(folded.startswith(fold(label)) for label in profile.effective_date_labels):
        return None
    for pattern in profile.date_patterns:
        found = re.search(pattern, folded)
        if not found:
            continue
        month_text = found["month"]
        month = int(month_text) if month_text.isdigit() else profile.months.get(month_text)
        if month is None:
            continue
        try:
            return dt.date(int(found["year"]), month, int(found["day"]))
        except ValueError:
            continue
    return None


@dataclass
class _OpenSection:
    index: int
    audience: str
    heading_span: tuple[int, int]
    lead_in_span: tuple[int, int]
    clauses: list[Clause]

    @property
    def id(self) -> str:
        return f"s{self.index}"

    def add(self, text: str, kind: str, span: tuple[int, int]) -> None:
        clause_id = f"{self.id}.{len(self.clauses) + 1}"
        self.clauses.append(Clause(clause_id, self.id, kind, span[0], span[1], text[span[0]:span[1]]))

    def close(self, text: str) -> Section:
        h, lead = self.heading_span, self.lead_in_span
        return Section(self.id, self.audience, text[h[0]:h[1]], h, text[lead[0]:lead[1]], lead,
                       tuple(self.clauses))


def segment(text: str, lang: str, taxonomy: Taxonomy,
            reference: Sequence[str] | None = None) -> SegmentedPolicy:
    """Split a policy into title, effective date, intro products and audience sections.

    With ``reference`` (the audiences of another version's sections, in order), a
    language without a profile is segmented by structure alone: same section and
    bullet order, headings found by layout instead of by their words."""
    queue = list(reference) if reference is not None else None
    profile = taxonomy.languages.get(lang) if queue is not None else taxonomy.profile(lang)
    profile = profile or GENERIC_PROFILE
    spans = [piece for start, end in paragraphs(text)
             for piece in _split_bullet_lines(text, start, end, profile)]
    title = text[spans[0][0]:spans[0][1]] if spans else ""
    effective: dt.date | None = None
    intro_end = spans[0][1] if spans else 0
    sections: list[Section] = []
    current: _OpenSection | None = None
    for index, (start, end) in enumerate(spans):
        if effective is None and (found := _effective_date(text[start:end], profile)):
            effective, intro_end = found, end
            continue
        body = _bullet_body(text, start, end, profile)
        if body is not None:
            if current is not None:
                current.add(text, "bullet", body)
            continue
        heading = _heading(text, start, end, lang, taxonomy) if queue is None else \
            _structural_heading(text, spans, index, profile, queue, taxonomy)
        if current is not None:
            sections.append(current.close(text))
            current = None
        if heading is None:
            continue
        hit, stop = heading
        rest = _strip_span(text, stop + 1, end)
        current = _OpenSection(len(sections) + 1, hit.concept, (start, stop), rest, [])
        if rest[1] > rest[0] and not text[rest[0]:rest[1]].rstrip().endswith((":", "：")):
            # No colon: the heading's paragraph is itself the statement, not a lead-in.
            current.lead_in_span = (rest[0], rest[0])
            current.add(text, "sentence", _trim_clause(text, rest[0], rest[1], profile))
    if current is not None:
        sections.append(current.close(text))
    intro = FoldedText.of(text[:intro_end])
    products = tuple(dict.fromkeys(h.concept for h in taxonomy.match(intro, lang, ("product",))))
    return SegmentedPolicy(lang, text, title, effective, products, tuple(sections))
