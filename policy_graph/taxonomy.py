"""The taxonomy: concepts of five kinds, their labels and terms per language,
and the language profiles the segmenter uses.

>>> tax = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
>>> tax.label("payment-info", "nb")
'Betalingsopplysninger'
>>> [h.concept for h in tax.match("Thông tin Thanh toán", "vi", ("data_category",))]
['payment-info']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from .errors import DataFileError
from .models import CONCEPT_KINDS, Concept, ConceptKind, LanguageProfile, TaxonomyFile
from .text import FoldedText, find_terms, longest_non_overlapping
from .yamlio import load_model

__all__ = ["DEFAULT_DATA_DIR", "ConceptHit", "Taxonomy", "load_taxonomy"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NOT_STATED = "not-stated"


@dataclass(frozen=True)
class ConceptHit:
    """A concept found in a text, with the matched term and its span."""

    concept: str
    kind: ConceptKind
    start: int
    end: int
    term: str


class Taxonomy:
    """Read-only view over a validated taxonomy file."""

    def __init__(self, data: TaxonomyFile, path: str = "taxonomy.yaml") -> None:
        self.data = data
        self.path = path
        self.concepts: dict[str, Concept] = {c.id: c for c in data.concepts}

    @property
    def languages(self) -> dict[str, LanguageProfile]:
        return self.data.languages

    def profile(self, lang: str) -> LanguageProfile:
        """The language profile, or a DataFileError naming the language."""
        try:
            return self.data.languages[lang]
        except KeyError:
            raise DataFileError(
                self.path, "languages", lang, "no language profile for this language"
            ) from None

    def of_kind(self, kind: ConceptKind) -> list[Concept]:
        return [c for c in self.data.concepts if c.kind == kind]

    def get(self, concept_id: str) -> Concept:
        try:
            return self.concepts[concept_id]
        except KeyError:
            raise DataFileError(self.path, "concepts", concept_id, "unknown concept id") from None

    def label(self, concept_id: str, lang: str) -> str:
        concept = self.concepts.get(concept_id)
        return concept.label(lang) if concept else concept_id

    @cached_property
    def everyone_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.data.concepts if c.applies_to_all)

    def terms(self, lang: str, kinds: Iterable[ConceptKind]) -> dict[str, tuple[Concept, str]]:
        """Every term of ``lang`` for the given kinds, mapped to its concept."""
        wanted = set(kinds)
        out: dict[str, tuple[Concept, str]] = {}
        for concept in self.data.concepts:
            if concept.kind in wanted:
                for term in concept.terms.get(lang, []):
                    out.setdefault(term, (concept, term))
        return out

    def match(
        self,
        text: str | FoldedText,
        lang: str,
        kinds: Iterable[ConceptKind] = CONCEPT_KINDS,
        *,
        offset: int = 0,
        diacritics: bool = False,
    ) -> list[ConceptHit]:
        """Concepts whose terms occur in ``text``; longest non-overlapping terms win."""
        table = self.terms(lang, kinds)
        hits = [
            ConceptHit(table[m.term][0].id, table[m.term][0].kind, m.start + offset,
                       m.end + offset, m.term)
            for m in find_terms(text, table, diacritics=diacritics)
        ]
        return longest_non_overlapping(hits)


def load_taxonomy(path: Path) -> Taxonomy:
    """Load and validate ``taxonomy.yaml``."""
    return Taxonomy(load_model(path, TaxonomyFile), str(path))
