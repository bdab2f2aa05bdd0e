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

import re
import string
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .cache import ReadCache
from .datafiles import is_printable_name
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
# Texts whose concept matches are remembered: a load's distinct clauses, lead-ins and
# headings (~10^4 at a thousand versions), a few MB.
MATCH_MEMO_ENTRIES = 50_000
# A BCP-47-shaped tag: language, then subtags of letters and digits (nothing a
# file name or a path could smuggle in).
TAG = re.compile(r"^[A-Za-z]{2,3}(?:-[A-Za-z0-9]{1,8})*$")
# What a version can be stored under: the names the corpus reads (``fr-CA.txt``).
STORED_TAG = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z]{2,4})?$")


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
        if not TAG.match(canonical_tag(tag)):
            shown = tag if len(tag) <= 40 else tag[:37] + "..."
            raise UserInputError(f"{shown!r} is not a language tag (such as nb, fr-CA or zh-Hant); "
                                 f"the languages there are: {', '.join(sorted(self.language_files))}")
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
        if not STORED_TAG.match(tag):
            shown = tag if len(tag) <= 40 else tag[:37] + "..."
            raise UserInputError(f"a version is stored under a language and at most one region or "
                                 f"script, such as fr-CA or zh-Hant; {shown!r} has more")
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

    @cached_property
    def _match_memo(self) -> dict[tuple[str, str | None, str, tuple[str, ...], bool], list[ConceptHit]]:
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
        """Concepts whose terms occur in ``text``; longest non-overlapping terms win.

        Remembered by text (see ``forget_matches``): the versions of a policy
        family repeat most clauses, lead-ins and headings word for word."""
        kinds = tuple(kinds)
        key = (text.original, text.folded, lang, kinds, diacritics) if isinstance(text, FoldedText) \
            else (text, None, lang, kinds, diacritics)
        memo = self._match_memo
        hits = memo.get(key)
        if hits is None:
            hits = self._match(text, lang, kinds, diacritics)
            if len(memo) >= MATCH_MEMO_ENTRIES:
                memo.clear()  # a bound, not an LRU: clearing is safe while other threads read
            memo[key] = hits
        if offset == 0:
            return list(hits)
        return [ConceptHit(h.concept, h.kind, h.start + offset, h.end + offset, h.term) for h in hits]

    def forget_matches(self) -> None:
        """Drop the remembered matches (a loaded corpus no longer needs them)."""
        self._match_memo.clear()
        self._use_memo.clear()

    def _match(self, text: str | FoldedText, lang: str, kinds: tuple[ConceptKind, ...],
               diacritics: bool) -> list[ConceptHit]:
        table = self.terms(lang, kinds)
        profile = self.language_files.get(lang)
        bounded = profile.profile.word_boundaries if profile else True
        hits = [
            ConceptHit(table[m.term][0].id, table[m.term][0].kind, m.start, m.end, m.term)
            for m in find_terms(text, table, diacritics=diacritics, word_boundaries=bounded)
        ]
        return longest_non_overlapping(hits)

    @cached_property
    def _use_memo(self) -> dict[tuple[str, str], bool]:
        return {}

    def states_use(self, text: str | FoldedText, lang: str) -> bool:
        """Whether ``text`` has one of the language's verbs of use ("we collect");
        remembered by text, as matches are."""
        key = (text.original if isinstance(text, FoldedText) else text, lang)
        found = self._use_memo.get(key)
        if found is None:
            profile = self.profile(lang)
            found = bool(find_terms(text, profile.use_cues, word_boundaries=profile.word_boundaries))
            if len(self._use_memo) >= MATCH_MEMO_ENTRIES:
                self._use_memo.clear()
            self._use_memo[key] = found
        return found

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


def ui_placeholders(text: str) -> set[str] | None:
    """The ``{names}`` an interface string is filled with; None when its braces
    do not parse.

    >>> sorted(ui_placeholders("Shown in: {langs} ({n})") or ()), ui_placeholders("a {")
    (['langs', 'n'], None)
    """
    try:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
    except ValueError:
        return None


def _ui_problem(text: str, english: str | None) -> str | None:
    """Why an interface string would break its page: braces that do not parse, or a
    placeholder the English string (what the code fills in) does not have."""
    names = ui_placeholders(text)
    if names is None:
        return "a '{' or '}' without its pair (write '{{' or '}}' for a brace)"
    allowed = ui_placeholders(english) if english is not None else None
    unknown = sorted(n for n in names if not n.isidentifier() or (
        allowed is not None and n not in allowed))
    if not unknown:
        return None
    takes = ", ".join(f"{{{n}}}" for n in sorted(allowed or ())) or "no placeholder"
    return f"unknown placeholder {', '.join(f'{{{n}}}' for n in unknown)}; this string takes {takes}"


def _checked_ui(files: dict[str, LanguageFile], paths: dict[str, Path]) -> list[DataFileError]:
    """Drop every interface string that would break its page (it falls back to
    English) and name it: one stray ``{x}`` must not take a page down."""
    english = files.get("en")
    errors: list[DataFileError] = []
    for code, lang in list(files.items()):
        bad = {}
        for key, text in lang.ui.items():
            reference = english.ui.get(key) if english is not None and code != "en" else None
            problem = _ui_problem(text, reference)
            if problem is not None:
                bad[key] = problem
                errors.append(DataFileError(paths[code], f"ui.{key}", text, problem))
        if bad:
            files[code] = lang.model_copy(
                update={"ui": {k: v for k, v in lang.ui.items() if k not in bad}})
    return errors


def load_languages(folder: Path, entries: TaxonomyFile, root: Path | None = None,
                   cache: ReadCache | None = None
                   ) -> tuple[dict[str, LanguageFile], list[DataFileError]]:
    """Every valid ``<code>.yaml`` in ``folder`` (files inside ``root`` only); the
    bad ones as errors. A name that is not UTF-8 is skipped: the corpus names it."""
    files: dict[str, LanguageFile] = {}
    paths: dict[str, Path] = {}
    errors: list[DataFileError] = []
    for path in sorted(folder.glob("*.yaml")) if folder.is_dir() else []:
        if not is_printable_name(path.name):
            continue
        try:
            lang = load_model(path, LanguageFile, root, cache)
            _check_language(lang, path, entries)
        except DataFileError as exc:
            errors.append(exc)
            continue
        files[lang.code], paths[lang.code] = lang, path
    return files, errors + _checked_ui(files, paths)


def load_taxonomy(path: Path, cache: ReadCache | None = None) -> Taxonomy:
    """Load and validate ``taxonomy.yaml`` and the ``languages/`` folder beside it
    (no file outside that data directory is read).

    A broken ``taxonomy.yaml`` raises; a broken language file is recorded in
    ``errors`` and left out. ``cache`` keeps the parsed files (see ``load_model``)."""
    root = path.parent
    entries = load_model(path, TaxonomyFile, root, cache)
    files, errors = load_languages(root / LANGUAGES_DIR, entries, root, cache)
    return Taxonomy(entries, files, str(path), errors)
