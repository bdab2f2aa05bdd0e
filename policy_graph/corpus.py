"""The corpus: taxonomy, policies, texts, reviews, and the merged practice table.

A bad file is recorded in ``Corpus.errors`` with a message naming it; every
other file keeps loading, so the app serves what it can.

>>> corpus = load_corpus()
>>> sorted(corpus.versions)
[('wework', 'vi'), ('wework-space-services', 'nb')]
>>> corpus.errors
[]
"""

from __future__ import annotations

import gc
import hashlib
import os
import re
import stat
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Literal

from .cache import CacheFile, ReadCache, default_cache_dir, lexicon_fingerprint, parsed_files_cache
from .datafiles import bad_file_names, check_inside, is_printable_name, read_data_file, text_problem
from .errors import DataFileError, UserInputError
from .extract import (
    ClauseConcepts,
    LeadInCache,
    extract_clause,
    practices_for_clause,
    section_audience,
)
from .models import ConceptKind, PolicyMeta, Practice, ReviewFile
from .practice_set import PracticeList
from .project import Projection, project
from .review import load_review
from .segment import Clause, SegmentedPolicy, segment
from .sources import MAX_POLICY_BYTES, policy_text
from .taxonomy import DEFAULT_DATA_DIR, LANGUAGES_DIR, Taxonomy, load_taxonomy
from .yamlio import load_model

__all__ = ["Corpus", "PolicyVersion", "data_fingerprint", "load_corpus", "project_from_reviewed",
           "read_version", "reference_version"]

TEXT_NAME = re.compile(r"^(?P<lang>[a-z]{2,3}(?:-[A-Za-z]{2,4})?)\.(?:txt|md|html)$")


@dataclass
class PolicyVersion:
    """One language version of one policy, segmented, extracted and reviewed."""

    policy: PolicyMeta
    lang: str
    path: Path
    doc: SegmentedPolicy
    extracted: dict[str, ClauseConcepts]
    reviewed: dict[str, ClauseConcepts] = field(default_factory=dict)
    review: ReviewFile | None = None
    # A language with no language file is segmented by structure alone,
    # following this reference version's sections; its lexicon reading is empty.
    reference_lang: str | None = None
    # Reviewed concepts of another version carried over, by clause id.
    projected: dict[str, Projection] = field(default_factory=dict)

    @property
    def has_lexicon(self) -> bool:
        return self.reference_lang is None

    @property
    def text(self) -> str:
        return self.doc.text

    def concepts(self, clause_id: str) -> ClauseConcepts:
        """What a clause says: reviewed, else projected from a reviewed version,
        else the lexicon's reading."""
        projection = self.projected.get(clause_id)
        return self.reviewed.get(clause_id) or (projection.concepts if projection else None) \
            or self.extracted[clause_id]

    def own_reading(self, clause_id: str) -> ClauseConcepts:
        """This version's own reading: reviewed, else its lexicon's (never projected)."""
        return self.reviewed.get(clause_id) or self.extracted[clause_id]

    def practices(self, taxonomy: Taxonomy, *, extracted_only: bool = False) -> list[Practice]:
        out: list[Practice] = []
        # Each audience once (not once per section): every clause is given this list.
        audiences = list(dict.fromkeys(self.doc.audiences))
        for clause in self.doc.clauses:
            reviewed = None if extracted_only else self.reviewed.get(clause.id)
            projection = None if extracted_only or reviewed else self.projected.get(clause.id)
            found = reviewed or (projection.concepts if projection else self.extracted[clause.id])
            source = "reviewed" if reviewed else "projected" if projection else "extracted"
            out.extend(practices_for_clause(
                found, policy=self.policy.id, lang=self.lang,
                products=self.policy.products, policy_audiences=audiences,
                taxonomy=taxonomy, source=source,
                confidence=projection.confidence if projection else None))
        return out


@dataclass
class Corpus:
    """Everything loaded from a data directory."""

    data_dir: Path
    taxonomy: Taxonomy
    fingerprint: str = ""  # data_fingerprint() of the files this corpus was loaded from
    policies: dict[str, PolicyMeta] = field(default_factory=dict)
    versions: dict[tuple[str, str], PolicyVersion] = field(default_factory=dict)
    errors: list[DataFileError] = field(default_factory=list)
    practices: PracticeList = field(default_factory=PracticeList)  # indexed; read-only once loaded
    # Derived, read-only structures built on first use (e.g. the search index).
    cache: dict[str, object] = field(default_factory=dict, repr=False, compare=False)

    def version(self, policy: str, lang: str) -> PolicyVersion | None:
        return self.versions.get((policy, lang))

    @property
    def languages(self) -> list[str]:
        return sorted({lang for _, lang in self.versions})

    def concepts_in_use(self, kind: ConceptKind) -> set[str]:
        """Ids of the concepts of ``kind`` that some practice uses (what filters offer)."""
        return self.practices.values(kind)

    def practice(self, practice_id: str) -> Practice | None:
        return self.by_id.get(practice_id)

    @cached_property
    def by_id(self) -> dict[str, Practice]:
        """Practices by id (built once; the corpus is read-only after loading)."""
        return {p.id: p for p in self.practices}


def data_fingerprint(data_dir: Path = DEFAULT_DATA_DIR) -> str:
    """SHA-256 over every data file's path and bytes: the cache key of a corpus.

    Any name is hashed as its bytes (UTF-8 or not). A symlink, a file over the
    size limit, a FIFO or a device counts by its type, size and time and is
    never read, so no stray file can block or exhaust this."""
    digest = hashlib.sha256()
    for path in sorted(data_dir.rglob("*")):
        digest.update(os.fsencode(path.relative_to(data_dir)) + b"\0")
        try:
            info = path.stat()
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_POLICY_BYTES \
                    and not path.is_symlink():
                digest.update(path.read_bytes())
            else:
                digest.update(f"{info.st_mode}:{info.st_size}:{info.st_mtime_ns}".encode())
        except OSError:
            digest.update(b"unreadable")  # a dangling symlink or a loop: loading names it
    return digest.hexdigest()


def _check_products(meta: PolicyMeta, path: Path, taxonomy: Taxonomy) -> None:
    for index, product in enumerate(meta.products):
        concept = taxonomy.concepts.get(product)
        if concept is None or concept.kind != "product":
            raise DataFileError(path, f"products[{index}]", product, "not a product in the taxonomy")
    if meta.id != path.parent.name:
        raise DataFileError(path, "id", meta.id, f"must match the folder name {path.parent.name!r}")


def _load_version(meta: PolicyMeta, text_path: Path, lang: str, taxonomy: Taxonomy,
                  reference: PolicyVersion | None, cache: ReadCache, root: Path) -> PolicyVersion:
    raw = read_data_file(text_path, MAX_POLICY_BYTES, root)
    problem = text_problem(raw)
    if problem is not None:
        raise DataFileError(text_path, *problem)
    key = cache.key(raw, text_path.name, lang,
                    tuple(reference.doc.audiences) if reference is not None else None)
    stored = cache.get(key)
    if isinstance(stored, tuple) and len(stored) == 2:
        doc, extracted = stored
        return PolicyVersion(meta, lang, text_path, doc, extracted,
                             reference_lang=reference.lang if reference is not None else None)
    try:
        text = policy_text(raw, text_path.name)
    except UserInputError as exc:
        raise DataFileError(text_path, "", None, str(exc).split(": ", 1)[-1]) from exc
    version = read_version(meta, text, lang, taxonomy, reference, text_path)
    if version.doc.sections:
        cache.put(key, (version.doc, version.extracted))
    if not version.doc.sections:
        raise DataFileError(text_path, "", None, "no audience section found (check the language "
                            "file's headings and bullet markers)")
    return version


def read_version(meta: PolicyMeta, text: str, lang: str, taxonomy: Taxonomy,
                 reference: PolicyVersion | None = None, path: Path | None = None) -> PolicyVersion:
    """Segment and extract one language version from its text. With ``reference``
    (a language with no file), segment by structure following its sections."""
    audiences = reference.doc.audiences if reference is not None else None
    code = lang if reference is not None else taxonomy.resolve_lang(lang)
    doc = segment(text, code, taxonomy, audiences)
    lead_cache: LeadInCache = {}
    extracted = {
        c.id: extract_clause(c, doc.section_of(c), doc.text, code, taxonomy, lead_cache)
        for c in doc.clauses
    } if reference is None else {c.id: _no_reading(c, doc) for c in doc.clauses}
    return PolicyVersion(meta, lang, path or Path(f"{lang}.txt"), doc, extracted,
                         reference_lang=reference.lang if reference is not None else None)


def _no_reading(clause: Clause, doc: SegmentedPolicy) -> ClauseConcepts:
    """A clause of a language with no lexicon: its audience, no concepts."""
    return ClauseConcepts(clause, section_audience(doc.section_of(clause), doc.text), (), "none")


def project_from_reviewed(versions: list[PolicyVersion]) -> None:
    """Give every version the concepts of the best-reviewed other version, clause by
    clause, where its own clauses are not reviewed."""
    for version in versions:
        others = [v for v in versions if v is not version and v.reviewed]
        reference = reference_version(others)
        if reference is None:
            continue
        own = version.extracted if version.has_lexicon else None
        projected = project(reference.doc, reference.reviewed,
                            f"{reference.policy.id}/{reference.lang}", version.doc, own)
        version.projected = {k: p for k, p in projected.items() if k not in version.reviewed}


def reference_version(versions: list[PolicyVersion]) -> PolicyVersion | None:
    """The version a lexicon-less text follows: a reviewed one if there is one."""
    return max(versions, key=lambda v: (len(v.reviewed), v.lang == "en"), default=None)


def _load_policy(folder: Path, corpus: Corpus, cache: ReadCache, parsed: ReadCache) -> None:
    meta_path = folder / "policy.yaml"
    try:
        meta = load_model(meta_path, PolicyMeta, corpus.data_dir, parsed)
        _check_products(meta, meta_path, corpus.taxonomy)
    except DataFileError as exc:
        corpus.errors.append(exc)
        return
    corpus.policies[meta.id] = meta
    texts = [(t, m["lang"]) for t in sorted(folder.iterdir()) if (m := TEXT_NAME.match(t.name))]
    # Languages with a lexicon first: the others are aligned to one of them.
    texts.sort(key=lambda tl: not corpus.taxonomy.knows(tl[1]))
    loaded: list[PolicyVersion] = []
    for text_path, lang in texts:
        reference = None
        if not corpus.taxonomy.knows(lang):
            reference = reference_version(loaded)
            if reference is None:
                corpus.errors.append(DataFileError(
                    text_path, "", lang, "no language profile in the taxonomy, and no other "
                    "version of this policy to align it to"))
                continue
        try:
            version = _load_version(meta, text_path, lang, corpus.taxonomy, reference, cache,
                                    corpus.data_dir)
        except DataFileError as exc:
            corpus.errors.append(exc)
            continue
        loaded.append(version)
        review_path = folder / f"{lang}.review.yaml"
        if review_path.exists():
            try:
                check_inside(review_path, corpus.data_dir)
                version.review, version.reviewed = load_review(
                    review_path, version.doc, meta.id, corpus.taxonomy)
            except DataFileError as exc:
                corpus.errors.append(exc)
        corpus.versions[(meta.id, lang)] = version
    project_from_reviewed(loaded)


def load_corpus(data_dir: Path = DEFAULT_DATA_DIR, *,
                cache_dir: Path | Literal["default"] | None = "default") -> Corpus:
    """Load a data directory.  A broken taxonomy is fatal (nothing can be read
    without it); any other bad file is recorded and skipped. Segmented texts are
    cached on disk (``cache_dir``; None turns the cache off), so only new or
    changed files are read again."""
    # Loading makes millions of objects and frees few: the cyclic collector's full
    # passes over all of them made large loads grow faster than linearly.
    enabled = gc.isenabled()
    gc.disable()
    try:
        return _load_corpus(data_dir, cache_dir)
    finally:
        if enabled:
            gc.enable()


def _load_corpus(data_dir: Path, cache_dir: Path | Literal["default"] | None) -> Corpus:
    fingerprint = data_fingerprint(data_dir)
    file = CacheFile(default_cache_dir() if cache_dir == "default" else cache_dir)
    try:
        return _load_corpus_cached(data_dir, fingerprint, file)
    finally:
        file.flush()  # one commit for the whole load


def _load_corpus_cached(data_dir: Path, fingerprint: str, file: CacheFile) -> Corpus:
    parsed = parsed_files_cache(file)
    taxonomy = load_taxonomy(data_dir / "taxonomy.yaml", parsed)
    # Names that are not UTF-8 are named once here; every loader skips them.
    corpus = Corpus(data_dir, taxonomy, fingerprint,
                    errors=[*bad_file_names(data_dir), *taxonomy.errors])
    # Only the files that loaded: a refused one (a FIFO, a huge file) is never read.
    lexicon = lexicon_fingerprint([data_dir / "taxonomy.yaml",
                                   *(data_dir / LANGUAGES_DIR / f"{code}.yaml"
                                     for code in taxonomy.language_files)])
    cache = ReadCache(file, lexicon)
    policies_dir = data_dir / "policies"
    folders = sorted(p for p in policies_dir.iterdir() if p.is_dir() and is_printable_name(p.name)) \
        if policies_dir.is_dir() else []
    for policy_folder in folders:
        _load_policy(policy_folder, corpus, cache, parsed)
    taxonomy.forget_matches()  # remembered while reading the texts; not needed after
    corpus.cache["read-cache"] = cache
    corpus.cache["parsed-cache"] = parsed
    for version in corpus.versions.values():
        corpus.practices.extend(version.practices(taxonomy))
    return corpus
