"""Pydantic models for every data file and record; unknown keys are refused.

>>> Concept.model_validate({"id": "x", "kind": "colour"})  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
pydantic_core._pydantic_core.ValidationError: ...
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

__all__ = [
    "CONCEPT_KINDS",
    "PRACTICE_SOURCES",
    "Concept",
    "ConceptEntry",
    "ConceptKind",
    "LanguageFile",
    "LanguageProfile",
    "PolicyMeta",
    "Practice",
    "PracticeSource",
    "ReviewClause",
    "ReviewFile",
    "TaxonomyFile",
]

ConceptKind = Literal["product", "audience", "data_category", "purpose", "legal_basis"]
CONCEPT_KINDS: tuple[ConceptKind, ...] = (
    "product",
    "audience",
    "data_category",
    "purpose",
    "legal_basis",
)
SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
LANG = r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$"
IRI = re.compile(r"^(dpv|pd|eu-gdpr|pg):[A-Za-z0-9][A-Za-z0-9/_.-]*$")
DPV_IRI = re.compile(r"^(dpv|pd|eu-gdpr):[A-Za-z0-9][A-Za-z0-9_.-]*$")


class Strict(BaseModel):
    """Base model: unknown keys are an error, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class LanguageProfile(Strict):
    """What the segmenter and the matcher need to know about one language."""

    name: str  # the language's own name for itself ("Norsk bokmål")
    english_name: str = ""
    direction: Literal["ltr", "rtl"] = "ltr"
    # BCP-47 tags that fall back to this language besides its base language
    # ("no" -> nb, "zh-TW" -> zh-Hant).
    aliases: list[str] = []
    # False for scripts written without spaces (zh, ja, th): terms match anywhere,
    # not only between word boundaries.
    word_boundaries: bool = True
    # Characters only this language's script variant uses (zh-Hans vs zh-Hant):
    # how detection tells two files with one base language apart.
    distinctive_chars: str = ""
    bullet_markers: list[str] = Field(min_length=1)
    sentence_terminators: list[str] = Field(min_length=1)
    list_conjunctions: list[str] = []
    # What ends an item of a list whose bullets were lost: "; and" is a separator
    # followed by a conjunction.
    list_separators: list[str] = [";"]
    # Phrases that open an inline audience lead-in ("If you are a ...:").
    audience_lead_ins: list[str] = []
    # Verbs of use ("we collect", "we process"): a sentence naming data with one of
    # these states a practice even when it gives no purpose.
    use_cues: list[str] = []
    effective_date_labels: list[str] = []
    date_patterns: list[str] = []
    months: dict[str, int] = {}
    question_cues: dict[str, list[str]] = {}  # intent ("legal_basis", "purpose") -> cue phrases

    @field_validator("date_patterns")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            groups = set(re.compile(pattern).groupindex)
            if groups != {"day", "month", "year"}:
                raise ValueError(f"date pattern needs groups day, month, year: {pattern!r}")
        return patterns


class ConceptEntry(Strict):
    """One concept as written in ``taxonomy.yaml``: language-neutral."""

    id: str = Field(pattern=SLUG)
    kind: ConceptKind
    parent: str | None = None
    applies_to_all: bool = False
    # A generic concept ("personal information") that counts only where a clause
    # names no other concept of its kind.
    fallback: bool = False
    iri: str
    broader: str | None = None
    fideslang: str | None = None
    description: str = Field(min_length=1)  # English: the definition reviewers agree on

    @field_validator("iri")
    @classmethod
    def _iri_well_formed(cls, iri: str) -> str:
        if not IRI.match(iri):
            raise ValueError(f"not a dpv:/pd:/eu-gdpr:/pg: IRI: {iri!r}")
        return iri

    @field_validator("broader")
    @classmethod
    def _broader_is_dpv(cls, broader: str | None) -> str | None:
        if broader is not None and not DPV_IRI.match(broader):
            raise ValueError(f"broader must be a DPV IRI: {broader!r}")
        return broader

    @model_validator(mode="after")
    def _project_ids_name_broader(self) -> ConceptEntry:
        if self.iri.startswith("pg:") and self.broader is None:
            raise ValueError(f"project IRI {self.iri} needs a broader DPV term")
        return self


class Concept(ConceptEntry):
    """A concept with what every language file says of it (built by the loader)."""

    labels: dict[str, str] = {}
    terms: dict[str, list[str]] = {}
    ask_terms: dict[str, list[str]] = {}  # everyday words readers use in questions
    descriptions: dict[str, str] = {}  # translations of ``description``

    def label(self, lang: str) -> str:
        """The label in ``lang``, falling back to English, then the id."""
        return self.labels.get(lang) or self.labels.get("en") or self.id

    def describe(self, lang: str) -> str:
        """The description in ``lang``, falling back to the English definition."""
        return self.descriptions.get(lang) or self.description


class TaxonomyFile(Strict):
    """The whole of ``data/taxonomy.yaml``: concepts only, no language."""

    version: int
    concepts: list[ConceptEntry]

    @model_validator(mode="after")
    def _consistent(self) -> TaxonomyFile:
        ids = [c.id for c in self.concepts]
        dupes = sorted({i for i in ids if ids.count(i) > 1})
        if dupes:
            raise ValueError(f"duplicate concept ids: {', '.join(dupes)}")
        by_id = {c.id: c for c in self.concepts}
        for concept in self.concepts:
            parent = by_id.get(concept.parent) if concept.parent else None
            if concept.parent and parent is None:
                raise ValueError(f"concept {concept.id}: parent {concept.parent!r} does not exist")
            if parent is not None and parent.kind != concept.kind:
                raise ValueError(f"concept {concept.id}: parent {parent.id} is a {parent.kind}")
        return self


class LanguageFile(Strict):
    """``data/languages/<code>.yaml``: everything Policy Graph knows of one language.

    Labels, terms, question words and descriptions are keyed by concept id;
    ``ui`` holds the interface strings (a missing one falls back to English)."""

    code: str = Field(pattern=LANG)
    profile: LanguageProfile
    labels: dict[str, str] = {}
    terms: dict[str, list[str]] = {}
    ask_terms: dict[str, list[str]] = {}
    descriptions: dict[str, str] = {}
    ui: dict[str, str] = {}

class PolicyMeta(Strict):
    """``policies/<id>/policy.yaml``."""

    id: str = Field(pattern=SLUG)
    titles: dict[str, str]
    products: list[str] = Field(min_length=1)
    effective_date: dt.date
    supplements: str | None = None
    source_urls: dict[str, str] = {}  # the published text, per language
    global_policy_urls: dict[str, str] = {}  # the global policy this one supplements

    @field_validator("source_urls", "global_policy_urls")
    @classmethod
    def _https_only(cls, urls: dict[str, str]) -> dict[str, str]:
        for lang, url in urls.items():
            if not url.startswith("https://"):
                raise ValueError(f"{lang}: links must start with https:// (got {url!r})")
        return urls


class ReviewClause(Strict):
    """Reviewed concepts of one clause; each concept maps to a verbatim quote."""

    clause: str
    gloss: str = Field(min_length=1)
    audience: dict[str, str]
    products: dict[str, str] = {}
    data_categories: dict[str, str]
    purposes: dict[str, str]
    legal_bases: dict[str, str | None]


class ReviewFile(Strict):
    """``policies/<id>/<lang>.review.yaml``."""

    policy: str = Field(pattern=SLUG)
    lang: str = Field(pattern=LANG)
    reviewer: str = Field(min_length=1)
    reviewed_on: dt.date
    clauses: list[ReviewClause]


PracticeSource = Literal["reviewed", "projected", "extracted"]
PRACTICE_SOURCES: tuple[PracticeSource, ...] = ("reviewed", "projected", "extracted")


@dataclass(slots=True)
class Practice:
    """One statement of one clause: the unit of truth behind every graph edge.

    A plain slotted record, not a pydantic model: practices are built by this
    program from validated files (never parsed from user input), and a corpus
    holds 10^5 of them, so construction time and memory matter (a validated
    model cost ~13 µs and ~1 KB each; a frozen dataclass 4 µs, this one 1 µs).
    Read-only by contract: a loaded corpus is shared by every session, and the
    lists and dicts are shared between the practices of one clause."""

    id: str
    policy: str
    lang: str
    clause_id: str
    audience: str
    section_audience: str
    products: list[str]
    data_category: str
    purpose: str
    legal_basis: str
    quote: str
    span: tuple[int, int]
    source: PracticeSource
    confidence: float
    named_products: list[str] = dc_field(default_factory=list)
    evidence: dict[str, tuple[int, int]] = dc_field(default_factory=dict)
    gloss: str | None = None

    @property
    def clause_ref(self) -> str:
        """``policy/lang/clause``: how a clause is named everywhere it is shown."""
        return f"{self.policy}/{self.lang}/{self.clause_id}"

    def concept(self, kind: ConceptKind) -> str:
        """The concept id of ``kind`` (for products: the first product)."""
        if kind == "product":
            return self.products[0]
        value: str = getattr(self, kind)
        return value
