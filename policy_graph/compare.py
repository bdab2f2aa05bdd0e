"""Compare two language versions clause by clause, or two policies by concepts.

Alignment of two versions of one policy: sections are paired by audience, then
clauses inside a pair by a sequence alignment whose score prefers the same
position, the same concepts, and the same proper names and numbers.  Each row
is ``same``, ``differs`` (with the concept kind and side), ``only_a`` or
``only_b``; the summary lists what a reviewer must read, legal bases first.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .align import align_sequences, jaccard, names, paired_sections
from .corpus import Corpus, PolicyVersion
from .errors import UserInputError
from .matrix import diff_by
from .models import ConceptKind, Practice
from .segment import Clause

__all__ = [
    "Alignment",
    "ConceptComparison",
    "Difference",
    "Row",
    "align_versions",
    "compare_concepts",
    "default_comparison",
    "row_sides",
]

COMPARED_KINDS: tuple[ConceptKind, ...] = ("legal_basis", "data_category", "purpose", "product")
# Reviewers read legal-basis gaps first, then missing clauses, then the rest.
PRIORITY = {"legal_basis": 0, "missing": 1, "data_category": 2, "purpose": 3, "product": 4}


@dataclass(frozen=True)
class Difference:
    """One concept kind on which two aligned clauses disagree."""

    kind: str
    only_a: tuple[str, ...]
    only_b: tuple[str, ...]


@dataclass
class Row:
    """One aligned row: a clause in A, in B, or both."""

    # "same" | "differs" | "aligned" (no lexicon: concepts not compared) | "projected"
    # (no lexicon: the reviewed side's concepts carried over) | "only_a" | "only_b"
    status: str
    audience: str
    a: Clause | None
    b: Clause | None
    gloss_a: str | None
    gloss_b: str | None
    concepts_a: dict[str, list[str]]
    concepts_b: dict[str, list[str]]
    differences: list[Difference] = field(default_factory=list)
    score: float = 0.0

    @property
    def ref(self) -> str:
        return " ↔ ".join(c.id if c else "—" for c in (self.a, self.b))


@dataclass
class Alignment:
    """Rows plus the summary a reviewer reads first."""

    policy: str
    lang_a: str
    lang_b: str
    rows: list[Row]

    unchecked_langs: tuple[str, ...] = ()  # versions with no lexicon: only structure compared

    @property
    def aligned(self) -> int:
        return sum(r.status in ("same", "differs", "aligned", "projected") for r in self.rows)

    @property
    def differing(self) -> int:
        return sum(r.status == "differs" for r in self.rows)

    @property
    def missing(self) -> int:
        return sum(r.status in ("only_a", "only_b") for r in self.rows)

    def findings(self) -> list[tuple[str, Row, Difference | None]]:
        """(topic, row, difference) for every discrepancy, legal bases first."""
        out: list[tuple[str, Row, Difference | None]] = []
        for row in self.rows:
            if row.status in ("only_a", "only_b"):
                out.append(("missing", row, None))
            out.extend((d.kind, row, d) for d in row.differences)
        return sorted(out, key=lambda t: PRIORITY.get(t[0], 9))


def _concepts(version: PolicyVersion, clause: Clause) -> dict[str, list[str]]:
    # Each side's own reading: a projection would agree with its source by construction.
    found = version.own_reading(clause.id) if version.has_lexicon else version.concepts(clause.id)
    return {kind: found.ids(kind) for kind in COMPARED_KINDS}


def _similarity(ca: dict[str, list[str]], cb: dict[str, list[str]], na: set[str], nb: set[str],
                pos_a: float, pos_b: float, length_ratio: float, concepts: bool) -> float:
    if not concepts:
        # No lexicon on one side: proper names and numbers, position and length only.
        names = jaccard(na, nb) if na | nb else 0.5
        return 0.4 * names + 0.4 * (1.0 - abs(pos_a - pos_b)) + 0.2 * length_ratio
    return (0.45 * jaccard(set(ca["data_category"]), set(cb["data_category"]))
            + 0.25 * jaccard(set(ca["purpose"]), set(cb["purpose"]))
            + 0.15 * jaccard(na, nb)
            + 0.15 * (1.0 - abs(pos_a - pos_b)))


def _diff(ca: dict[str, list[str]], cb: dict[str, list[str]]) -> list[Difference]:
    out = []
    for kind in COMPARED_KINDS:
        a, b = set(ca[kind]), set(cb[kind])
        if a != b:
            out.append(Difference(kind, tuple(sorted(a - b)), tuple(sorted(b - a))))
    return out


def _section_rows(va: PolicyVersion, vb: PolicyVersion, audience: str,
                  ca: list[Clause], cb: list[Clause]) -> list[Row]:
    checked = va.has_lexicon and vb.has_lexicon
    con_a = [_concepts(va, c) for c in ca]
    con_b = [_concepts(vb, c) for c in cb]
    names_a = [names(c.text) for c in ca]
    names_b = [names(c.text) for c in cb]

    def pos(i: int, size: int) -> float:
        return i / (size - 1) if size > 1 else 0.0

    def ratio(a: Clause, b: Clause) -> float:
        return min(len(a.text), len(b.text)) / max(len(a.text), len(b.text), 1)

    scores = [[_similarity(con_a[i], con_b[j], names_a[i], names_b[j], pos(i, len(ca)),
                           pos(j, len(cb)), ratio(ca[i], cb[j]), checked)
               for j in range(len(cb))] for i in range(len(ca))]
    rows: list[Row] = []
    for i, j in align_sequences(scores) if ca and cb else \
            [(i, None) for i in range(len(ca))] + [(None, j) for j in range(len(cb))]:
        a = ca[i] if i is not None else None
        b = cb[j] if j is not None else None
        concepts_a = con_a[i] if i is not None else {}
        concepts_b = con_b[j] if j is not None else {}
        diffs = _diff(concepts_a, concepts_b) if a and b and checked else []
        status = "only_b" if a is None else "only_a" if b is None else \
            (_unchecked_status(va, vb, a, b) if not checked else "differs" if diffs else "same")
        rows.append(Row(status, audience, a, b, _gloss(va, a), _gloss(vb, b), concepts_a,
                        concepts_b, diffs,
                        scores[i][j] if i is not None and j is not None else 0.0))
    return rows


def _unchecked_status(va: PolicyVersion, vb: PolicyVersion, a: Clause, b: Clause) -> str:
    """A pair with no lexicon on one side: "projected" where that side carries the
    other's reviewed concepts, else only "aligned" by structure."""
    if b.id in vb.projected or a.id in va.projected:
        return "projected"
    return "aligned"


def _gloss(version: PolicyVersion, clause: Clause | None) -> str | None:
    if clause is None:
        return None
    reviewed = version.reviewed.get(clause.id)
    return reviewed.gloss if reviewed else None


def align_versions(corpus: Corpus, policy: str, lang_a: str, lang_b: str) -> Alignment:
    """Align two language versions of one policy clause by clause.

    >>> from policy_graph.corpus import load_corpus
    >>> a = align_versions(load_corpus(), "wework", "vi", "vi")
    >>> a.aligned, a.differing, a.missing
    (21, 0, 0)
    """
    va, vb = corpus.version(policy, lang_a), corpus.version(policy, lang_b)
    for lang, version in ((lang_a, va), (lang_b, vb)):
        if version is None:
            raise UserInputError(f"policy {policy!r} has no {lang!r} version in the corpus")
    assert va is not None and vb is not None
    rows: list[Row] = []
    for audience, clauses_a, clauses_b in paired_sections(va.doc, vb.doc):
        rows += _section_rows(va, vb, audience, clauses_a, clauses_b)
    unchecked = tuple(v.lang for v in (va, vb) if not v.has_lexicon)
    return Alignment(policy, lang_a, lang_b, rows, unchecked)


@dataclass
class ConceptComparison:
    """Two versions (of any policies) compared by (data category, purpose) → bases."""

    a: tuple[str, str]
    b: tuple[str, str]
    only_a: list[tuple[str, str]]
    only_b: list[tuple[str, str]]
    other_basis: list[tuple[str, str, list[str], list[str]]]
    same: list[tuple[str, str, list[str]]]
    refs: dict[tuple[str, str], list[str]]  # (data, purpose) -> clause refs on either side
    # (data, purpose) -> the legal bases each side states (empty on the side that lacks the
    # row), so a row present on one side only still shows its basis.
    bases: dict[tuple[str, str], tuple[list[str], list[str]]] = field(default_factory=dict)


def compare_concepts(corpus: Corpus, a: tuple[str, str], b: tuple[str, str]) -> ConceptComparison:
    """Compare what two versions say at the concept level, ignoring audiences
    (which differ between products).

    >>> from policy_graph.corpus import load_corpus
    >>> cmp = compare_concepts(load_corpus(), ("wework-space-services", "nb"), ("wework", "vi"))
    >>> ("payment-info", "process-payment") in [(d, p) for d, p, _ in cmp.same]
    True
    """
    for policy, lang in (a, b):
        if corpus.version(policy, lang) is None:
            raise UserInputError(f"no version {policy}/{lang} in the corpus")
    rows = diff_by(corpus.practices, lambda p: (p.policy, p.lang) == a,
                   lambda p: (p.policy, p.lang) == b)

    def pairs(status: str) -> list[tuple[str, str]]:
        return [(r.data_category, r.purpose) for r in rows if r.status == status]

    return ConceptComparison(
        a, b, only_a=pairs("only_a"), only_b=pairs("only_b"),
        other_basis=[(r.data_category, r.purpose, r.bases_a, r.bases_b) for r in rows
                     if r.status == "other_basis"],
        same=[(r.data_category, r.purpose, r.bases_a) for r in rows if r.status == "same"],
        refs={(r.data_category, r.purpose): r.clauses for r in rows},
        bases={(r.data_category, r.purpose): (r.bases_a, r.bases_b) for r in rows},
    )


Scope = Literal["version", "product", "audience"]


def _inside(scope: Scope, value: str, p: Practice) -> bool:
    if scope == "version":
        return f"{p.policy}/{p.lang}" == value
    if scope == "product":
        return value in p.products
    return p.audience == value


def row_sides(practices: Iterable[Practice], scope: Scope, a: str, b: str, data_category: str,
              purpose: str) -> tuple[list[Practice], list[Practice]]:
    """The practices behind one compared row, side A and side B, to read side by side.
    ``a`` and ``b`` are ``policy/lang`` for versions, else product or audience ids.

    >>> from policy_graph.corpus import load_corpus
    >>> left, right = row_sides(load_corpus().practices, "version", "wework-space-services/nb",
    ...                         "wework/vi", "payment-info", "process-payment")
    >>> {p.lang for p in left}, {p.lang for p in right}
    ({'nb'}, {'vi'})
    """
    row = [p for p in practices if p.data_category == data_category and p.purpose == purpose]
    return [p for p in row if _inside(scope, a, p)], [p for p in row if _inside(scope, b, p)]


def default_comparison(corpus: Corpus, mode: str | None = None) -> dict[str, str]:
    """The comparison a Compare page opens on, one the data supports: two language
    versions of the first policy that has two; else two versions of different
    policies at the concept level (in different languages when there are); else
    two products; else two audiences; else nothing.  With ``mode``, the default
    parameters of that mode (empty when the data cannot fill it).

    >>> from policy_graph.corpus import load_corpus
    >>> default_comparison(load_corpus())
    {'mode': 'policies', 'a': 'wework-space-services/nb', 'b': 'wework/vi'}
    """
    candidates: dict[str, dict[str, str]] = {}
    by_policy: dict[str, list[str]] = {}
    for policy, lang in sorted(corpus.versions):
        by_policy.setdefault(policy, []).append(lang)
    twice = [(policy, langs) for policy, langs in by_policy.items() if len(langs) >= 2]
    if twice:
        policy, langs = twice[0]
        candidates["versions"] = {"policy": policy, "a": langs[0], "b": langs[1]}
    versions = sorted(corpus.versions, key=lambda v: (v[1], v[0]))  # by language
    if len(versions) >= 2:
        first = versions[0]
        other = next((v for v in versions[1:] if v[1] != first[1]), versions[1])
        candidates["policies"] = {"a": "/".join(first), "b": "/".join(other)}
    scopes: tuple[tuple[str, ConceptKind], ...] = (("products", "product"),
                                                   ("audiences", "audience"))
    for name, kind in scopes:
        ids = sorted(corpus.concepts_in_use(kind))
        if len(ids) >= 2:
            candidates[name] = {"a": ids[0], "b": ids[1]}
    if mode is not None:
        return candidates.get(mode, {})
    for name in ("versions", "policies", "products", "audiences"):
        if name in candidates:
            return {"mode": name, **candidates[name]}
    return {}
