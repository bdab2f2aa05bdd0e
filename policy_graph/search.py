"""Full-text search over clauses, glosses and concept labels in every language.

Text is NFC-normalised, case-folded and diacritic-folded, so "thanh toan" finds
"Thanh toán"; a query word also matches the start of a longer word, so
"betaling" finds "Betalingsopplysninger".  Hits are ranked (idf-weighted,
preferring clauses that match every query word, exact words and phrases) and
carry highlight spans into the original text.

>>> from policy_graph.corpus import load_corpus
>>> hits = search(load_corpus(), "thanh toan")
>>> hits[0].ref.startswith("wework/vi/"), hits[0].text[slice(*hits[0].text_highlights[0])]
(True, 'Thanh toán')
>>> hit = search(load_corpus(), "betaling")[0]
>>> hit.ref, hit.text[slice(*hit.text_highlights[0])]
('wework-space-services/nb/s1.2', 'Betalingsopplysninger')
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field

from .corpus import Corpus
from .markup import merge_spans
from .models import CONCEPT_KINDS
from .text import FoldedText, fold_for_search

__all__ = ["SearchHit", "SearchIndex", "search"]

_WORD = re.compile(r"\w+")
FIELD_WEIGHT = {"text": 1.0, "gloss": 0.8, "concepts": 0.6}


@dataclass(frozen=True)
class _Field:
    original: str
    folded: FoldedText
    tokens: tuple[tuple[str, int, int], ...]  # (folded token, start, end in folded)

    @classmethod
    def of(cls, text: str) -> _Field:
        folded = FoldedText.of(text, diacritics=True)
        return cls(text, folded, tuple((m.group(0), m.start(), m.end())
                                       for m in _WORD.finditer(folded.folded)))


@dataclass(frozen=True)
class _Doc:
    ref: str
    policy: str
    lang: str
    clause_id: str
    fields: dict[str, _Field]
    concepts: dict[str, list[str]]


@dataclass
class SearchHit:
    """One clause that matches, with highlights in its text and gloss."""

    ref: str
    policy: str
    lang: str
    clause_id: str
    score: float
    text: str
    text_highlights: list[tuple[int, int]]
    gloss: str | None
    gloss_highlights: list[tuple[int, int]]
    concepts: dict[str, list[str]]
    matched_in: list[str] = field(default_factory=list)


class SearchIndex:
    """An in-memory index of every clause of a corpus (tiny corpora: a linear scan
    over pre-folded tokens is fast and exact)."""

    def __init__(self, corpus: Corpus) -> None:
        tax = corpus.taxonomy
        self.docs: list[_Doc] = []
        for (policy, lang), version in sorted(corpus.versions.items()):
            for clause in version.doc.clauses:
                found = version.concepts(clause.id)
                concepts: dict[str, list[str]] = {k: found.ids(k) for k in CONCEPT_KINDS}
                labels = " · ".join(label for ids in concepts.values() for cid in ids
                                    for label in tax.get(cid).labels.values())
                fields = {"text": _Field.of(clause.text), "concepts": _Field.of(labels)}
                if found.gloss:
                    fields["gloss"] = _Field.of(found.gloss)
                self.docs.append(_Doc(f"{policy}/{lang}/{clause.id}", policy, lang, clause.id,
                                      fields, concepts))
        df: Counter[str] = Counter()
        for doc in self.docs:
            df.update({t for f in doc.fields.values() for t, _, _ in f.tokens})
        self.df = df

    def _idf(self, word: str) -> float:
        count = sum(n for token, n in self.df.items() if token.startswith(word))
        return math.log(1 + len(self.docs) / (1 + count))

    def search(self, query: str, *, limit: int = 20, lang: str | None = None,
               policy: str | None = None) -> list[SearchHit]:
        """Ranked hits for ``query``; an empty or blank query finds nothing."""
        words = [w for w in _WORD.findall(fold_for_search(query))]
        if not words:
            return []
        phrase = " ".join(words)
        idf = {w: self._idf(w) for w in set(words)}
        hits = []
        for doc in self.docs:
            if (lang and doc.lang != lang) or (policy and doc.policy != policy):
                continue
            hit = self._score(doc, words, phrase, idf)
            if hit:
                hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.ref))
        return hits[:limit]

    def _score(self, doc: _Doc, words: list[str], phrase: str, idf: dict[str, float]
               ) -> SearchHit | None:
        score, matched_words, matched_in = 0.0, set(), []
        spans: dict[str, list[tuple[int, int]]] = {}
        for name, fld in doc.fields.items():
            field_score = 0.0
            for token, start, end in fld.tokens:
                for word in words:
                    if token.startswith(word):
                        exact = 1.0 if token == word else 0.7
                        field_score += idf[word] * exact
                        matched_words.add(word)
                        spans.setdefault(name, []).append(fld.folded.span(start, end))
            if len(words) > 1 and phrase in " ".join(t for t, _, _ in fld.tokens):
                field_score *= 1.5
            if field_score:
                matched_in.append(name)
                score += FIELD_WEIGHT[name] * field_score
        if not matched_words:
            return None
        coverage = len(matched_words) / len(set(words))
        text = doc.fields["text"].original
        gloss = doc.fields["gloss"].original if "gloss" in doc.fields else ""
        return SearchHit(doc.ref, doc.policy, doc.lang, doc.clause_id,
                         round(score * coverage * coverage, 4), text,
                         merge_spans(spans.get("text", []), len(text), text), gloss or None,
                         merge_spans(spans.get("gloss", []), len(gloss), gloss),
                         doc.concepts, matched_in)


def search(corpus: Corpus, query: str, **options: object) -> list[SearchHit]:
    """Search ``corpus`` (the index is built once per corpus and kept on it)."""
    index = corpus.cache.get("search-index")
    if not isinstance(index, SearchIndex):
        index = corpus.cache["search-index"] = SearchIndex(corpus)
    return index.search(query, **options)  # type: ignore[arg-type]
