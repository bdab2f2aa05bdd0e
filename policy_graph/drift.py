"""Translation drift: every language version of a policy against its reference.

The reference is the version other versions follow (:func:`corpus.reference_version`:
the best-reviewed one, English on a tie). Each other version is aligned with it
clause by clause (:func:`compare.align_versions`). The matrix has one row per
reference clause and one column per other language; a cell is

- ``same``: the aligned clause states the same concepts;
- ``differs``: it states other ones (which, on which side: the cell's row says);
- ``missing``: the language has no clause for it;
- ``projected``: the language has no lexicon and carries the reviewed concepts
  over (not checked by a reading of its own);
- ``unchecked``: the language has no lexicon and nothing to project: aligned by
  structure only.

A clause a language has and the reference lacks gets a row of its own after the
reference clause it follows, ``added`` in that language's column (and no
status elsewhere). :meth:`DriftMatrix.sides` gives both clauses of a cell.

:func:`version_findings` lists, for one version, what differs from every other
version of its policy: one entry per language, legal bases first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from .compare import Alignment, Difference, Row, align_versions
from .corpus import Corpus, reference_version
from .errors import UserInputError
from .segment import Clause
from .taxonomy import Taxonomy

__all__ = ["CELL_STATUSES", "FINDING_TOPICS", "DriftCell", "DriftMatrix", "DriftRow",
           "LanguageFindings", "drift_matrix", "version_findings"]

# compare.Row.status -> drift cell status
CELL_STATUSES = {"same": "same", "differs": "differs", "only_a": "missing",
                 "projected": "projected", "aligned": "unchecked", "only_b": "added"}
# The columns of the findings, in the order a reviewer reads them.
FINDING_TOPICS = ("legal_basis", "missing", "data_category", "purpose", "product")


@dataclass(frozen=True)
class DriftCell:
    """One language's version of one row: its status and the aligned pair."""

    status: str
    row: Row  # a: the reference clause (or None), b: this language's clause (or None)

    @property
    def differences(self) -> list[Difference]:
        return self.row.differences


@dataclass(frozen=True)
class DriftRow:
    """A reference clause (or a clause only one language has) across the languages."""

    key: str  # the reference clause id, or "<lang>:<clause id>" for an added clause
    clause: Clause | None  # the reference clause
    cells: dict[str, DriftCell]


@dataclass(frozen=True)
class DriftMatrix:
    """Rows × languages of one policy, against its reference version."""

    policy: str
    reference: str
    langs: tuple[str, ...]
    rows: tuple[DriftRow, ...]
    alignments: dict[str, Alignment] = field(default_factory=dict)

    def cell(self, key: str, lang: str) -> DriftCell | None:
        row = next((r for r in self.rows if r.key == key), None)
        return row.cells.get(lang) if row else None

    def sides(self, key: str, lang: str) -> tuple[Clause | None, Clause | None]:
        """Both clauses of a cell: the reference's and the language's."""
        found = self.cell(key, lang)
        if found is None:
            raise UserInputError(f"the drift matrix of {self.policy} has no cell {key} × {lang}")
        return found.row.a, found.row.b

    def counts(self) -> dict[str, Counter[str]]:
        """Per language: how many cells of each status."""
        return {lang: Counter(r.cells[lang].status for r in self.rows if lang in r.cells)
                for lang in self.langs}

    def table(self) -> list[dict[str, str]]:
        """One dict per row: ``clause`` and a status per language (empty where none)."""
        return [{"clause": r.key, **{lang: r.cells[lang].status if lang in r.cells else ""
                                     for lang in self.langs}} for r in self.rows]


def drift_matrix(corpus: Corpus, policy: str) -> DriftMatrix:
    """The drift matrix of a policy (no language columns when it has one version).

    >>> from policy_graph.corpus import load_corpus
    >>> m = drift_matrix(load_corpus(), "wework")
    >>> m.reference, m.langs, len(m.rows)
    ('vi', (), 21)
    """
    versions = [v for (p, _), v in sorted(corpus.versions.items()) if p == policy]
    reference = reference_version(versions)
    if reference is None:
        raise UserInputError(f"policy {policy!r} has no version in the corpus")
    langs = tuple(v.lang for v in versions if v is not reference)
    rows = {c.id: DriftRow(c.id, c, {}) for c in reference.doc.clauses}
    added: dict[str | None, list[DriftRow]] = {}  # after which reference clause
    alignments = {}
    for lang in langs:
        alignment = alignments[lang] = align_versions(corpus, policy, reference.lang, lang)
        previous: str | None = None
        for row in alignment.rows:
            cell = DriftCell(CELL_STATUSES[row.status], row)
            if row.a is not None:
                rows[row.a.id].cells[lang] = cell
                previous = row.a.id
            elif row.b is not None:
                added.setdefault(previous, []).append(DriftRow(f"{lang}:{row.b.id}", None,
                                                               {lang: cell}))
    ordered = [*added.get(None, [])]
    for clause in reference.doc.clauses:
        ordered += [rows[clause.id], *added.get(clause.id, [])]
    return DriftMatrix(policy, reference.lang, langs, tuple(ordered), alignments)


@dataclass(frozen=True)
class LanguageFindings:
    """What differs between a version and another language version, by topic."""

    lang: str
    findings: dict[str, list[str]]  # topic (FINDING_TOPICS) -> one line per finding

    @property
    def total(self) -> int:
        return sum(len(lines) for lines in self.findings.values())


def _finding(alignment: Alignment, topic: str, row: Row, diff: Difference | None,
             taxonomy: Taxonomy, label_lang: str) -> str:
    a, b = alignment.lang_a, alignment.lang_b
    if diff is None:
        return f"{row.ref}: only in {a if row.status == 'only_a' else b}"

    def labels(ids: tuple[str, ...]) -> str:
        return ", ".join(taxonomy.label(i, label_lang) for i in ids) or "—"

    return f"{row.ref}: {a} has {labels(diff.only_a)}; {b} has {labels(diff.only_b)}"


def version_findings(corpus: Corpus, policy: str, lang: str, label_lang: str = "en"
                     ) -> list[LanguageFindings]:
    """For one version, the findings against every other language version of its policy.

    >>> from policy_graph.corpus import load_corpus
    >>> version_findings(load_corpus(), "wework", "vi")
    []
    """
    if corpus.version(policy, lang) is None:
        raise UserInputError(f"there is no {policy}/{lang} version in the corpus")
    out = []
    for other in sorted(lg for p, lg in corpus.versions if p == policy and lg != lang):
        alignment = align_versions(corpus, policy, lang, other)
        found: dict[str, list[str]] = {topic: [] for topic in FINDING_TOPICS}
        for topic, row, diff in alignment.findings():
            found.setdefault(topic, []).append(
                _finding(alignment, topic, row, diff, corpus.taxonomy, label_lang))
        out.append(LanguageFindings(other, found))
    return out
