"""Compare extraction with reviewed annotations: precision, recall and F1 per
concept kind, micro-averaged over clauses.

>>> s = Score(tp=9, fp=1, fn=1)
>>> round(s.precision, 2), round(s.recall, 2), round(s.f1, 2)
(0.9, 0.9, 0.9)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .corpus import Corpus
from .models import CONCEPT_KINDS, ConceptKind

__all__ = ["Evaluation", "Score", "evaluate"]


@dataclass
class Score:
    """Counts of true positives, false positives and false negatives."""

    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, predicted: set[str], expected: set[str]) -> None:
        self.tp += len(predicted & expected)
        self.fp += len(predicted - expected)
        self.fn += len(expected - predicted)

    def as_dict(self) -> dict[str, float | int]:
        return {"tp": self.tp, "fp": self.fp, "fn": self.fn, "precision": round(self.precision, 4),
                "recall": round(self.recall, 4), "f1": round(self.f1, 4)}


@dataclass
class Evaluation:
    """Scores per kind, overall, and the clause-level disagreements behind them."""

    by_kind: dict[ConceptKind, Score] = field(default_factory=dict)
    overall: Score = field(default_factory=Score)
    clauses: int = 0
    misses: list[dict[str, object]] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {"clauses": self.clauses, "overall": self.overall.as_dict(),
                "by_kind": {k: s.as_dict() for k, s in self.by_kind.items()},
                "disagreements": self.misses}


def evaluate(corpus: Corpus) -> Evaluation:
    """Score every reviewed clause of the corpus against the extractor's output."""
    result = Evaluation(by_kind={kind: Score() for kind in CONCEPT_KINDS})
    for (policy, lang), version in sorted(corpus.versions.items()):
        for clause_id, reviewed in version.reviewed.items():
            extracted = version.extracted[clause_id]
            result.clauses += 1
            for kind in CONCEPT_KINDS:
                predicted, expected = set(extracted.ids(kind)), set(reviewed.ids(kind))
                result.by_kind[kind].add(predicted, expected)
                result.overall.add(predicted, expected)
                if predicted != expected:
                    result.misses.append({
                        "policy": policy, "lang": lang, "clause": clause_id, "kind": kind,
                        "missed": sorted(expected - predicted),
                        "spurious": sorted(predicted - expected)})
    return result
