"""Add a policy version to a data directory: check, preview, then save atomically.

``prepare`` reads the file (txt, md or html), detects or resolves its language,
segments and extracts it, projects a reviewed version's concepts onto it, and
compares it with the versions already held, changing nothing. ``save`` writes
the file byte for byte (and ``policy.yaml`` for a new policy) through temporary
files renamed into place, so a crash leaves the corpus as it was.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> text = ("WeWork Space Services\\n\\nAlle. Vi bruker betalingsopplysninger til å behandle "
...         "en økonomisk transaksjon.")
>>> preview = prepare(corpus, text.encode(), "nb.txt", "wework-space-services")
>>> preview.lang, preview.exists, [p.source for p in preview.practices][:1]
('nb', True, ['extracted'])
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .compare import Alignment, align_versions
from .corpus import Corpus, PolicyVersion, project_from_reviewed, read_version, reference_version
from .detect import Detection, detect_language
from .errors import UserInputError
from .models import PolicyMeta, Practice
from .sources import SourceFormat, policy_text, source_format

__all__ = ["ADD_ENV", "Preview", "adding_enabled", "prepare", "save"]

ADD_ENV = "POLICY_GRAPH_ADD"
OFF = ("0", "off", "false", "no")
SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")


def adding_enabled() -> bool:
    """Adding is on unless ``POLICY_GRAPH_ADD`` is ``off`` (read-only deployments)."""
    return os.environ.get(ADD_ENV, "on").strip().lower() not in OFF


@dataclass
class Preview:
    """Everything a user checks before saving one new version."""

    policy: str
    lang: str  # the BCP-47 tag the version is stored under
    fmt: SourceFormat
    raw: bytes
    detection: Detection
    version: PolicyVersion
    meta: PolicyMeta
    new_policy: bool
    meta_changed: bool  # an existing policy.yaml gains a title
    exists: bool  # a version of this policy in this language is already held
    practices: list[Practice] = field(default_factory=list)
    comparison: Alignment | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def file_name(self) -> str:
        return f"{self.lang}.{self.fmt}"


def _check_policy_id(policy: str) -> str:
    policy = policy.strip()
    if not policy or not set(policy) <= SLUG_CHARS or policy.startswith("-") or policy.endswith("-") \
            or "--" in policy:
        raise UserInputError(f"policy id {policy!r}: use lower-case letters, digits and single "
                             "hyphens, e.g. wework-labs")
    return policy


def _language(corpus: Corpus, text: str, lang: str | None) -> tuple[str, Detection]:
    detection = detect_language(text, corpus.taxonomy)
    if lang:
        corpus.taxonomy.resolve_lang(lang)  # an unknown tag: one error naming the languages
        return corpus.taxonomy.storage_tag(lang), detection
    if detection.lang is None:
        raise UserInputError("the language could not be detected: give it (e.g. --lang da)")
    return detection.lang, detection


def _meta(corpus: Corpus, policy: str, lang: str, version: PolicyVersion, title: str | None,
          date: dt.date | None, products: list[str] | None) -> tuple[PolicyMeta, bool]:
    known = corpus.policies.get(policy)
    if known is not None:
        titles = {**known.titles, **({lang: title} if title else {})}
        return known.model_copy(update={"titles": titles}), False
    effective = date or version.doc.effective_date
    chosen = products or list(version.doc.intro_products)
    missing = [what for what, value in (("a title", title), ("an effective date", effective),
                                        ("the products it covers", chosen)) if not value]
    if missing:
        raise UserInputError(f"policy {policy!r} is new: give {', '.join(missing)} "
                             "(the text names none)")
    for product in chosen:
        concept = corpus.taxonomy.concepts.get(product)
        if concept is None or concept.kind != "product":
            raise UserInputError(f"{product!r} is not a product of the taxonomy")
    assert title is not None and effective is not None
    return PolicyMeta(id=policy, titles={lang: title}, products=chosen, effective_date=effective), True


def prepare(corpus: Corpus, raw: bytes, name: str, policy: str, *, lang: str | None = None,
            title: str | None = None, date: dt.date | None = None,
            products: list[str] | None = None) -> Preview:
    """Check and read one file as a new version of ``policy`` (nothing is written).

    Raises UserInputError with a message for the user on bad input."""
    policy = _check_policy_id(policy)
    fmt = source_format(name)
    text = policy_text(raw, name)
    tag, detection = _language(corpus, text, lang)
    others = [v for (p, _), v in corpus.versions.items() if p == policy and v.lang != tag]
    reference = None if corpus.taxonomy.knows(tag) else reference_version(others)
    # A new policy's metadata comes partly from the text (date, products): read the
    # text under a stand-in first, then put the real metadata on the version.
    placeholder = corpus.policies.get(policy) or PolicyMeta(
        id=policy, titles={tag: title or policy}, products=["wework"],
        effective_date=date or dt.date(2000, 1, 1))
    if reference is None and not corpus.taxonomy.knows(tag):
        raise UserInputError(f"no language file for {tag!r}, and no other version of {policy!r} "
                             "to align the text to")
    version = read_version(placeholder, text, tag, corpus.taxonomy, reference)
    project_from_reviewed([*others, version])
    if not version.practices(corpus.taxonomy):
        hint = f"; the text reads as {detection.lang}, not {tag}" \
            if detection.lang and detection.lang != corpus.taxonomy.resolve_lang(tag) else ""
        raise UserInputError(f"{name}: no recognisable structure: no clause says what data is "
                             f"used for what (is this a privacy policy, in the chosen language?){hint}")
    meta, new_policy = _meta(corpus, policy, tag, version, title, date, products)
    version.policy = meta
    preview = Preview(policy, tag, fmt, raw, detection, version, meta, new_policy,
                      meta_changed=not new_policy and meta != corpus.policies[policy],
                      exists=(policy, tag) in corpus.versions, practices=version.practices(corpus.taxonomy))
    held = reference_version(others) or (others[0] if others else None)
    if held is not None:
        scratch = dataclasses.replace(corpus, versions={**corpus.versions, (policy, tag): version},
                                      cache={})
        preview.comparison = align_versions(scratch, policy, held.lang, tag)
    if detection.lang and lang and corpus.taxonomy.resolve_lang(tag) != detection.lang:
        preview.notes.append(f"the text reads as {detection.lang}, not {tag}: check the language")
    return preview


def _atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place."""
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _meta_yaml(meta: PolicyMeta) -> bytes:
    data = meta.model_dump(mode="json", exclude_defaults=True)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False).encode("utf-8")


def save(data_dir: Path, preview: Preview, *, replace: bool = False) -> Path:
    """Write the previewed version into ``data_dir``; return the text file's path."""
    if preview.exists and not replace:
        raise UserInputError(f"{preview.policy} already has a {preview.lang} version: "
                             "choose to replace it (--replace) or give another language")
    folder = data_dir / "policies" / preview.policy
    target = folder / preview.file_name
    if preview.new_policy:
        if folder.exists():
            raise UserInputError(f"{folder} exists but has no valid policy.yaml: fix or remove it")
        # A new policy appears whole or not at all: build it aside, then rename the folder.
        staging = Path(tempfile.mkdtemp(dir=folder.parent, prefix=f".{preview.policy}."))
        try:
            (staging / "policy.yaml").write_bytes(_meta_yaml(preview.meta))
            (staging / preview.file_name).write_bytes(preview.raw)
            os.replace(staging, folder)
        except BaseException:
            for leftover in staging.glob("*"):
                leftover.unlink()
            staging.rmdir()
            raise
        return target
    _atomic_write(target, preview.raw)
    for old in folder.glob(f"{preview.lang}.*"):
        if old != target and old.suffix in (".txt", ".md", ".html") and ".review." not in old.name:
            old.unlink()  # the replaced version in another format
    if preview.meta_changed:
        _atomic_write(folder / "policy.yaml", _meta_yaml(preview.meta))
    return target
