"""Segment a policy text into intro, audience sections and clauses, with spans.

The layout knowledge (bullet markers, sentence ends, list separators, date
labels, audience headings and lead-ins) comes from the language file, never
from code. Sections are found from standalone headings ("Everyone."), from a
heading sentence before a lead-in ("Corporate Members. If you are …:"), and
from lead-ins that name an audience ("For members, visitors and guests:").
Clauses are bullets, numbered items, nested items and the lines of a list whose
bullets were lost ("…;" / "…; and"). A text that names no audience at all is
read as one section for everyone the policy covers.

>>> from policy_graph.taxonomy import load_taxonomy, DEFAULT_DATA_DIR
>>> tax = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
>>> doc = segment("Title\\n\\nEffective date: July 12, 2019\\n\\nEveryone. We use your "
...               "Device and Usage Information to improve our products.", "en", tax)
>>> doc.effective_date.isoformat(), doc.sections[0].audience, doc.sections[0].clauses[0].text
('2019-07-12', 'everyone', 'We use your Device and Usage Information to improve our products.')
>>> doc = segment("Members. If you are a corporate member, we use:\\nContact Information to "
...               "identify you;\\nPayment Information to bill you; and\\nName to greet you.", "en", tax)
>>> [c.text for c in doc.clauses]
['Contact Information to identify you', 'Payment Information to bill you', 'Name to greet you.']
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property

from .layout import GENERIC_PROFILE, Unit, is_heading_like, strip_span, units
from .models import LanguageProfile
from .taxonomy import ConceptHit, Taxonomy
from .text import FoldedText, find_terms, fold

__all__ = ["GENERIC_PROFILE", "HEADING_MAX_CHARS", "Clause", "Section", "SegmentedPolicy", "segment"]

HEADING_MAX_CHARS = 120
SHORT_HEADING_CHARS = 30  # "Everyone." / "Alle." / "Tất cả.": a heading with no bullets after it
LEAD_IN_MAX_CHARS = 400  # a longer paragraph ending in ":" is prose, not a lead-in
DATE_SEARCH_UNITS = 15  # the effective date is near the top
TIGHT_TERMINATORS = frozenset("。！？；：")  # end a sentence with no space after them
COLONS = (":", "：")


@dataclass(frozen=True)
class Clause:
    """One bullet, list item, or the sentence body of a heading paragraph.

    ``lead_in_span`` is the nearest lead-in the clause hangs from (a nested
    list's parent item, else the section's lead-in), or None."""

    id: str
    section_id: str
    kind: str  # "bullet" | "sentence"
    start: int
    end: int
    text: str
    lead_in_span: tuple[int, int] | None = None


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

    # Built once per document (the document is frozen): a loop over every clause
    # asking for its section or the audiences stays linear in the text's length.
    @cached_property
    def clauses(self) -> list[Clause]:
        return [c for s in self.sections for c in s.clauses]

    @cached_property
    def _clause_by_id(self) -> dict[str, Clause]:
        return {c.id: c for c in self.clauses}

    @cached_property
    def _section_by_id(self) -> dict[str, Section]:
        return {s.id: s for s in self.sections}

    def clause(self, clause_id: str) -> Clause | None:
        return self._clause_by_id.get(clause_id)

    def section_of(self, clause: Clause) -> Section:
        return self._section_by_id[clause.section_id]

    @cached_property
    def audiences(self) -> list[str]:
        return [s.audience for s in self.sections]


def _ends_with_colon(text: str, start: int, end: int) -> bool:
    return text[start:end].rstrip().endswith(COLONS)


def _trim_clause(text: str, start: int, end: int, profile: LanguageProfile) -> tuple[int, int]:
    """Drop list glue at the end of an item: '; and', '; og', ';', ',', '、'."""
    start, end = strip_span(text, start, end)
    tail = fold(text[start:end])
    separators = [*profile.list_separators, ","]
    for conj in profile.list_conjunctions:
        for sep in separators:
            for glue in (f"{sep} {conj}", f"{sep}{conj}"):
                if tail.endswith(glue) and end - len(glue) > start:
                    end -= len(glue)
                    tail = tail[: -len(glue)]
    while end > start and (text[end - 1] in ",、" or text[end - 1] in profile.list_separators):
        end -= 1
    return strip_span(text, start, end)


def _item_continues_list(text: str, unit: Unit, profile: LanguageProfile) -> bool:
    """True when a bullet-less list item ends in list glue, so the next line is
    another item ("…;", "…; and", "…、")."""
    tail = fold(text[unit.body:unit.end]).rstrip()
    if tail.endswith((*profile.list_separators, ",", "、")):
        return True
    return any(tail.endswith(f"{sep} {conj}") or tail.endswith(f"{sep}{conj}")
               for conj in profile.list_conjunctions for sep in profile.list_separators)


def _first_sentence_end(text: str, start: int, end: int, profile: LanguageProfile) -> int | None:
    limit = min(end, start + HEADING_MAX_CHARS)
    for index in range(start, limit):
        if text[index] in profile.sentence_terminators and (
            index + 1 >= end or text[index + 1].isspace() or text[index] in TIGHT_TERMINATORS
        ):
            return index
    return None


def _audience_at_start(text: str, start: int, stop: int, lang: str, taxonomy: Taxonomy
                       ) -> ConceptHit | None:
    hits = [h for h in taxonomy.match(text[start:stop], lang, ("audience",),
                                      offset=start) if h.start == start]
    return max(hits, key=lambda h: h.end - h.start) if hits else None


def _heading(text: str, start: int, end: int, lang: str, taxonomy: Taxonomy
             ) -> tuple[ConceptHit, int] | None:
    """An audience heading sentence at the start of a paragraph: (hit, heading end)."""
    stop = _first_sentence_end(text, start, end, taxonomy.profile(lang))
    if stop is None:
        return None
    hit = _audience_at_start(text, start, stop, lang, taxonomy)
    if hit is not None and hit.concept in taxonomy.everyone_ids and stop - start > SHORT_HEADING_CHARS:
        return None  # "Alle Angaben werden …": the word for everyone opening a sentence
    return (hit, stop) if hit else None


def _lead_in_audience(text: str, start: int, end: int, lang: str, taxonomy: Taxonomy
                      ) -> ConceptHit | None:
    """The audience a lead-in names ("If you are a corporate member, we use:"):
    the first audience after one of the language's lead-in phrases, else the
    first audience in it."""
    if end - start > LEAD_IN_MAX_CHARS or not _ends_with_colon(text, start, end):
        return None
    folded = FoldedText.of(text[start:end])
    hits = [h for h in taxonomy.match(folded, lang, ("audience",), offset=start)
            if h.concept not in taxonomy.everyone_ids]
    if not hits:
        return None
    profile = taxonomy.profile(lang)
    cues = find_terms(folded, profile.audience_lead_ins, word_boundaries=profile.word_boundaries)
    after_cue = [h for h in hits for c in cues if h.start >= c.end + start]
    return (after_cue or hits)[0]


def _effective_date(paragraph: str, profile: LanguageProfile) -> dt.date | None:
    folded = fold(paragraph).lstrip("#*_ ")
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
    audience: str | None  # None: a list under a lead-in that names no audience
    heading_span: tuple[int, int]
    lead_in_span: tuple[int, int]
    clauses: list[Clause] = field(default_factory=list)
    # Lead-ins of nested lists: indentation of the parent item -> its span.
    nested: list[tuple[int, tuple[int, int]]] = field(default_factory=list)

    def add(self, text: str, kind: str, span: tuple[int, int], indent: int = 0) -> None:
        while self.nested and self.nested[-1][0] >= indent:
            self.nested.pop()
        lead = self.nested[-1][1] if self.nested else (
            self.lead_in_span if self.lead_in_span[1] > self.lead_in_span[0] else None)
        self.clauses.append(Clause("", "", kind, span[0], span[1], text[span[0]:span[1]], lead))

    def close(self, text: str, index: int, audience: str) -> Section:
        section_id = f"s{index}"
        clauses = tuple(Clause(f"{section_id}.{n}", section_id, c.kind, c.start, c.end, c.text,
                               c.lead_in_span) for n, c in enumerate(self.clauses, 1))
        h, lead = self.heading_span, self.lead_in_span
        return Section(section_id, audience, text[h[0]:h[1]], h, text[lead[0]:lead[1]], lead, clauses)


def _sentences(text: str, start: int, end: int, profile: LanguageProfile) -> list[tuple[int, int]]:
    """Sentence spans of ``text[start:end]``."""
    out: list[tuple[int, int]] = []
    cut = start
    for index in range(start, end):
        char = text[index]
        if char in profile.sentence_terminators and (
                index + 1 >= end or text[index + 1].isspace() or char in TIGHT_TERMINATORS):
            span = strip_span(text, cut, index + 1)
            if span[1] > span[0]:
                out.append(span)
            cut = index + 1
    span = strip_span(text, cut, end)
    if span[1] > span[0]:
        out.append(span)
    return out


class _Reader:
    """One pass over the units of a text, opening sections and adding clauses."""

    def __init__(self, text: str, lang: str, taxonomy: Taxonomy, profile: LanguageProfile,
                 queue: list[str] | None) -> None:
        self.text, self.lang, self.taxonomy, self.profile = text, lang, taxonomy, profile
        self.queue = queue  # the reference version's audiences, for a language with no lexicon
        self.open: list[_OpenSection] = []
        self.current: _OpenSection | None = None
        self.in_list = False  # after a lead-in ("…:"), bullet-less lines are items
        self.prose: list[Unit] = []

    def start_section(self, audience: str | None, heading: tuple[int, int],
                      lead: tuple[int, int]) -> None:
        self.current = _OpenSection(len(self.open) + 1, audience, heading, lead)
        self.open.append(self.current)
        self.in_list = _ends_with_colon(self.text, *lead) if lead[1] > lead[0] else False

    def item(self, unit: Unit) -> None:
        text = self.text
        if self.current is None:
            # A list under no lead-in: kept aside, read only if the text names no audience.
            self.start_section(None, (unit.start, unit.start), (unit.start, unit.start))
        assert self.current is not None
        if _ends_with_colon(text, unit.body, unit.end) and unit.marker:
            # A parent item of a nested list ("• For employees:"): an audience opens a
            # section; otherwise it is the lead-in of the items under it.
            hit = self.lexicon_audience(unit)
            if hit is not None and hit.concept != self.current.audience:
                self.start_section(hit.concept, (hit.start, hit.end), (unit.body, unit.end))
                return
            self.current.nested.append((unit.indent, (unit.body, unit.end)))
            return
        span = _trim_clause(text, unit.body, unit.end, self.profile)
        if span[1] > span[0]:
            self.current.add(text, "bullet", span, unit.indent)

    def lexicon_audience(self, unit: Unit) -> ConceptHit | None:
        if self.queue is not None:
            return None
        return _lead_in_audience(self.text, unit.body, unit.end, self.lang, self.taxonomy)

    def heading(self, index: int, units_: list[Unit]) -> tuple[ConceptHit, int] | None:
        unit = units_[index]
        if self.queue is None:
            return _heading(self.text, unit.body, unit.end, self.lang, self.taxonomy)
        return self.structural_heading(index, units_)

    def structural_heading(self, index: int, units_: list[Unit]) -> tuple[ConceptHit, int] | None:
        """Without a lexicon, a heading is a short first sentence of a paragraph that
        a list follows (or a very short one, for an "everyone" section); its audience
        is the next one of the reference version's sections, in order."""
        assert self.queue is not None
        unit = units_[index]
        stop = _first_sentence_end(self.text, unit.body, unit.end, self.profile)
        if stop is None or not self.queue:
            return None
        nxt = units_[index + 1] if index + 1 < len(units_) else None
        list_follows = nxt is not None and (bool(nxt.marker) or _ends_with_colon(
            self.text, unit.body, unit.end))
        everyone = self.queue[0] in self.taxonomy.everyone_ids
        if (list_follows and not everyone) or (everyone and stop - unit.body <= SHORT_HEADING_CHARS):
            audience = self.queue.pop(0)
            return ConceptHit(audience, "audience", unit.body, stop, self.text[unit.body:stop]), stop
        return None

    def heading_line_audience(self, index: int, units_: list[Unit]) -> ConceptHit | None:
        """The audience a heading line names: by its words, or (no lexicon) by layout."""
        if self.queue is not None:
            found = self.structural_heading(index, units_)
            return found[0] if found else None
        unit = units_[index]
        return _audience_at_start(self.text, unit.body, unit.end, self.lang, self.taxonomy)

    def paragraph(self, index: int, units_: list[Unit]) -> None:
        text, unit = self.text, units_[index]
        found = self.heading(index, units_)
        if found is not None:
            hit, stop = found
            rest = strip_span(text, stop + 1, unit.end)
            if rest[1] > rest[0] and not _ends_with_colon(text, *rest):
                # No colon: the heading's paragraph is itself the statement, not a lead-in.
                self.start_section(hit.concept, (unit.body, stop), (rest[0], rest[0]))
                assert self.current is not None
                self.current.add(text, "sentence", _trim_clause(text, rest[0], rest[1], self.profile))
            else:
                self.start_section(hit.concept, (unit.body, stop), rest)
            return
        if _ends_with_colon(text, unit.body, unit.end) and unit.end - unit.body <= LEAD_IN_MAX_CHARS:
            hit_ = self.lexicon_audience(unit)
            if hit_ is not None:
                self.start_section(hit_.concept, (hit_.start, hit_.end), (unit.body, unit.end))
            elif self.current is not None and self.current.audience is not None \
                    and not self.current.clauses:
                # A second lead-in line under a heading ("We use the following:").
                self.current.lead_in_span = (self.current.lead_in_span[0], unit.end) \
                    if self.current.lead_in_span[1] > self.current.lead_in_span[0] else (unit.body, unit.end)
                self.in_list = True
            else:
                self.start_section(None, (unit.body, unit.body), (unit.body, unit.end))
            return
        # Prose: it ends the section's list; it is read only if the text names no audience.
        self.current = None
        self.in_list = False
        self.prose.append(unit)

    def read(self, units_: list[Unit]) -> None:
        text = self.text
        for index, unit in enumerate(units_):
            if unit.marker in ("bullet", "number") and not (
                    unit.marker == "number" and is_heading_like(text, unit)):
                self.item(unit)
                self.in_list = False  # the list has markers: a bare line after it is not an item
                continue
            if unit.marker == "hash" or (is_heading_like(text, unit) and not self.in_list):
                hit = self.heading_line_audience(index, units_)
                if hit is not None:
                    self.start_section(hit.concept, (unit.body, unit.end), (unit.end, unit.end))
                    self.in_list = True
                else:
                    self.current, self.in_list = None, False
                continue
            if self.in_list and self.current is not None and not (
                    _ends_with_colon(text, unit.body, unit.end) and self.lexicon_audience(unit)):
                self.item(unit)
                self.in_list = _item_continues_list(text, unit, self.profile)
                continue
            self.paragraph(index, units_)


def _default_audience(title: str, lang: str, taxonomy: Taxonomy) -> str:
    """The audience of a text that names none in its body: the one its title
    names ("Guest and Visitor Privacy Policy"), else everyone it covers."""
    hits = [h for h in taxonomy.match(title, lang, ("audience",))]
    if hits:
        return hits[0].concept
    return min(taxonomy.everyone_ids) if taxonomy.everyone_ids else "everyone"


def segment(text: str, lang: str, taxonomy: Taxonomy,
            reference: Sequence[str] | None = None) -> SegmentedPolicy:
    """Split a policy into title, effective date, intro products and audience sections.

    With ``reference`` (the audiences of another version's sections, in order), a
    language without a profile is segmented by structure alone: same section and
    bullet order, headings found by layout instead of by their words."""
    queue = list(reference) if reference is not None else None
    profile = taxonomy.languages.get(lang) if queue is not None else taxonomy.profile(lang)
    profile = profile or GENERIC_PROFILE
    all_units = list(units(text, profile))
    effective: dt.date | None = None
    body_units: list[Unit] = []
    for index, unit in enumerate(all_units):
        if effective is None and index < DATE_SEARCH_UNITS and (
                found := _effective_date(text[unit.body:unit.end], profile)):
            effective = found
            continue
        body_units.append(unit)
    title = body_units[0].body_text(text) if body_units else ""
    reader = _Reader(text, lang, taxonomy, profile, queue)
    reader.read(body_units)
    named = [s for s in reader.open if s.audience is not None and s.clauses]
    if not named and queue is None:
        named = _unnamed_sections(reader, text, lang, taxonomy, profile, title)
    sections = tuple(s.close(text, n, s.audience or "") for n, s in enumerate(named, 1))
    intro_end = sections[0].heading_span[0] if sections else (
        body_units[1].end if len(body_units) > 1 else len(text))
    intro = FoldedText.of(text[:intro_end])
    products = tuple(dict.fromkeys(h.concept for h in taxonomy.match(intro, lang, ("product",))))
    return SegmentedPolicy(lang, text, title, effective, products, sections)


def _unnamed_sections(reader: _Reader, text: str, lang: str, taxonomy: Taxonomy,
                      profile: LanguageProfile, title: str) -> list[_OpenSection]:
    """A text that names no audience: its list items and prose sentences, in text
    order, are one section for the audience its title names, or for everyone."""
    whole = _OpenSection(1, _default_audience(title, lang, taxonomy), (0, 0), (0, 0))
    pieces = [c for s in reader.open for c in s.clauses]
    pieces += [Clause("", "", "sentence", start, end, text[start:end])
               for unit in reader.prose for start, end in _sentences(text, unit.body, unit.end, profile)]
    whole.clauses = sorted(pieces, key=lambda c: c.start)
    return [whole] if whole.clauses else []
