"""Counts that summarise a corpus (``policy-graph stats``)."""

from __future__ import annotations

from collections import Counter

from .corpus import Corpus
from .taxonomy import NOT_STATED

__all__ = ["corpus_stats"]


def corpus_stats(corpus: Corpus) -> dict[str, object]:
    """Policies, versions, clauses, practices by source and the not-stated gap.

    >>> from policy_graph.corpus import load_corpus
    >>> corpus_stats(load_corpus())["versions"]
    2
    """
    clauses = sum(len(v.doc.clauses) for v in corpus.versions.values())
    reviewed = sum(len(v.reviewed) for v in corpus.versions.values())
    by_kind = Counter(c.kind for c in corpus.taxonomy.concepts.values())
    no_basis = {(p.policy, p.lang, p.clause_id) for p in corpus.practices
                if p.legal_basis == NOT_STATED}
    return {
        "policies": len(corpus.policies),
        "versions": len(corpus.versions),
        "languages": corpus.languages,
        "clauses": clauses,
        "reviewed_clauses": reviewed,
        "practices": len(corpus.practices),
        "practices_by_source": dict(sorted(Counter(p.source for p in corpus.practices).items())),
        "clauses_without_legal_basis": len(no_basis),
        "concepts": dict(sorted(by_kind.items())),
        "errors": [str(e) for e in corpus.errors],
    }
