"""The taxonomy: language-neutral concepts of five kinds (``taxonomy.yaml``) and,
from one file per language (``languages/<code>.yaml``), their labels, terms,
the language profiles the segmenter uses and the interface strings.

>>> tax = load_taxonomy(DEFAULT_DATA_DIR / "taxonomy.yaml")
>>> tax.label("payment-info", "nb")
'Betalingsopplysninger'
>>> [h.concept for h in tax.match("Thông tin Thanh toán", "vi", ("data_category",))]
['payment-info']
>>> tax.resolve_lang("nb-NO"), tax.resolve_lang("no")
('nb', 'nb')
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .errors import DataFileError, UserInputError
from .models import CONCEPT_KINDS, Concept, ConceptKind, LanguageFile, LanguageProfile, TaxonomyFile
from .text import FoldedText, find_terms, longest_non_overlapping
from .yamlio import load_model

__all__ = ["DEFAULT_DATA_DIR", "NOT_STATED", "PURPOSE_NOT_STATED", "ConceptHit", "Taxonomy",
           "canonical_tag", "load_taxonomy"]

DEFAULT_DATA_DIR = Path(__file__).resolve().parent.parent / "data"
NOT_STATED = "not-stated"
PURPOSE_NOT_STATED = "purpose-not-stated"
LANGUAGES_DIR = "languages"


@dataclass(frozen=True)
class ConceptHit:
    """A concept found in a text, with the matched term and its span."""

    concept: str
    kind: ConceptKind
    start: int
    end: int
    term: str


def canonical_tag(tag: str) -> str:
    """BCP-47 case conventions: ``ZH-hant-tw`` -> ``zh-Hant-TW``."""
    parts = tag.strip().replace("_", "-").split("-")
    out = [parts[0].lower()]
    for part in parts[1:]:
        out.append(part.title() if len(part) == 4 else part.upper() if len(part) == 2 else part.lower())
    return "-".join(out)


@dataclass
class Taxonomy:
    """Read-only view over the validated taxonomy and language files.

    ``errors`` lists the language files that could not be used; every other
    language keeps working."""

    entries: TaxonomyFile
    language_files: dict[str, LanguageFile]
    path: str = "taxonomy.yaml"
    errors: list[DataFileError] = field(default_factory=list)

    def __post_init__(self) -> None:
        merged: list[Concept] = []
        for entry in self.entries.concepts:
            per_lang: dict[str, dict[str, object]] = {
                "labels": {}, "terms": {}, "ask_terms": {}, "descriptions": {}}
            for code, lang in self.language_files.items():
                for name, values in per_lang.items():
                    value = getattr(lang, name).get(entry.id)
                    if value is not None:
                        values[code] = value
            merged.append(Concept(**entry.model_dump(), **per_lang))
        self.concept_list = merged
        self.concepts: dict[str, Concept] = {c.id: c for c in merged}

    @cached_property
    def languages(self) -> dict[str, LanguageProfile]:
        """Profiles by code (built once: the language files do not change after loading)."""
        return {code: f.profile for code, f in self.language_files.items()}

    def profile(self, lang: str) -> LanguageProfile:
        """The language profile (``lang`` may be any BCP-47 tag that resolves)."""
        return self.language_files[self.resolve_lang(lang)].profile

    def resolve_lang(self, tag: str) -> str:
        """The language file a BCP-47 tag falls back to: the tag itself, an alias
        (``zh-TW`` -> ``zh-Hant``), then the tag with its last subtag dropped
        (``fr-CA`` -> ``fr``). Unknown tags raise one error naming the languages."""
        known = self._resolved.get(tag)
        if known is not None:
            return known
        aliases = {canonical_tag(a): code for code, f in self.language_files.items()
                   for a in f.profile.aliases}
        codes = {canonical_tag(code): code for code in self.language_files}
        parts = canonical_tag(tag).split("-") if tag.strip() else []
        while parts:
            candidate = "-".join(parts)
            found = codes.get(candidate) or aliases.get(candidate)
            if found is not None:
                self._resolved[tag] = found
                return found
            parts.pop()
        known = ", ".join(sorted(self.language_files))
        raise UserInputError(f"no language file for {tag!r}; the languages there are: {known}")

    def storage_tag(self, tag: str) -> str:
        """The tag a version is stored under: an alias becomes its language file's
        code (``no`` -> ``nb``, ``zh-TW`` -> ``zh-Hant``); a regional tag stays
        (``fr-CA``), since it names another text than ``fr``."""
        tag = canonical_tag(tag)
        for code, lang in self.language_files.items():
            if tag in {canonical_tag(a) for a in lang.profile.aliases}:
                return code
        return tag

    def knows(self, tag: str) -> bool:
        """Whether a BCP-47 tag resolves to a language file."""
        try:
            self.resolve_lang(tag)
        except UserInputError:
            return False
        return True

    def of_kind(self, kind: ConceptKind) -> list[Concept]:
        return [c for c in self.concept_list if c.kind == kind]

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
        return frozenset(c.id for c in self.concept_list if c.applies_to_all)

    def terms(self, lang: str, kinds: Iterable[ConceptKind]) -> dict[str, tuple[Concept, str]]:
        """Every term of ``lang`` for the given kinds, mapped to its concept."""
        key = (lang, tuple(sorted(set(kinds))))
        cached = self._term_tables.get(key)
        if cached is not None:
            return cached
        wanted = set(key[1])
        out: dict[str, tuple[Concept, str]] = {}
        for concept in self.concept_list:
            if concept.kind in wanted:
                for term in concept.terms.get(lang, []):
                    out.setdefault(term, (concept, term))
        self._term_tables[key] = out
        return out

    @cached_property
    def _resolved(self) -> dict[str, str]:
        return {}

    @cached_property
    def _term_tables(self) -> dict[tuple[str, tuple[str, ...]], dict[str, tuple[Concept, str]]]:
        return {}

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
        profile = self.language_files.get(lang)
        bounded = profile.profile.word_boundaries if profile else True
        hits = [
            ConceptHit(table[m.term][0].id, table[m.term][0].kind, m.start + offset,
                       m.end + offset, m.term)
            for m in find_terms(text, table, diacritics=diacritics, word_boundaries=bounded)
        ]
        return longest_non_overlapping(hits)

    def missing(self, lang: str) -> dict[str, list[str]]:
        """What ``lang``'s file lacks that English has: concept labels, concept
        terms and interface strings (the app falls back to English for these)."""
        mine = self.language_files.get(lang)
        english = self.language_files.get("en")
        if mine is None or english is None:
            return {}
        return {
            "labels": sorted(set(english.labels) - set(mine.labels)),
            "terms": sorted(c for c, t in english.terms.items() if t and not mine.terms.get(c)),
            "ui": sorted(set(english.ui) - set(mine.ui)),
        }


def _check_language(lang: LanguageFile, path: Path, entries: TaxonomyFile) -> None:
    if lang.code != path.stem:
        raise DataFileError(path, "code", lang.code, f"must match the file name {path.stem!r}")
    known = {c.id for c in entries.concepts}
    for section in ("labels", "terms", "ask_terms", "descriptions"):
        for concept_id in getattr(lang, section):
            if concept_id not in known:
                raise DataFileError(path, f"{section}.{concept_id}", concept_id,
                                    "not a concept of the taxonomy")


def load_languages(folder: Path, entries: TaxonomyFile
                   ) -> tuple[dict[str, LanguageFile], list[DataFileError]]:
    """Every valid ``<code>.yaml`` in ``folder``; the bad ones as errors."""
    files: dict[str, LanguageFile] = {}
    errors: list[DataFileError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        try:
            lang = load_model(path, LanguageFile)
            _check_language(lang, path, entries)
        except DataFileError as exc:
            errors.append(exc)
            continue
        files[lang.code] = lang
    return files, errors


def load_taxonomy(path: Path) -> Taxonomy:
    """Load and validate ``taxonomy.yaml`` and the ``languages/`` folder beside it.

    A broken ``taxonomy.yaml`` raises; a broken language file is recorded in
    ``errors`` and left out."""
    entries = load_model(path, TaxonomyFile)
    files, errors = load_languages(path.parent / LANGUAGES_DIR, entries)
    return Taxonomy(entries, files, str(path), errors)
