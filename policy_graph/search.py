"""Full-text search over clauses, glosses and concept labels in every language.

Text is NFC-normalised, case-folded and diacritic-folded, so "thanh toan"
finds "Thanh toán".  The rules, in the order they apply:

* **Every word must match** (AND), in the clause text, its reviewer's gloss or
  the labels of its concepts.
* A word matches a whole word, or the start of a longer word ("betaling" finds
  "Betalingsopplysninger") when it has at least two letters: a one-letter word
  matches only that one-letter word.  In scripts written without spaces
  (Chinese, Japanese, Thai) a word of two or more characters also matches
  inside a run of text.
* **"Quoted words"** must occur together and in that order, as whole words.
* **Words side by side win**: when some clause has the unquoted words next to
  each other in the order typed, clauses where they are apart are left out.  In
  Vietnamese a word is often two syllables: "thanh toan" is *thanh toán*
  (payment), not a clause that happens to contain *thành* (viên) and (an) *toàn*.
* Hits scoring under :data:`MIN_SCORE` (a common word found only in a label)
  are dropped; the rest are ranked (idf-weighted, exact words and phrases first)
  and carry highlight spans into the original text.
* Filters: policy, language version, product and audience (a clause belongs to
  the products and audiences of its practices, else of its policy and section).

:func:`no_match_reason` says why a query found nothing ("no clause contains
“xyzzy”"), so a page can say so instead of showing an empty list.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> hits = search(corpus, "thanh toan")
>>> hits[0].ref.startswith("wework/vi/"), hits[0].text[slice(*hits[0].text_highlights[0])]
(True, 'Thanh toán')
>>> hit = search(corpus, "betaling")[0]
>>> hit.ref, hit.text[slice(*hit.text_highlights[0])]
('wework-space-services/nb/s1.2', 'Betalingsopplysninger')
>>> search(corpus, "x" * 5000), no_match_reason(corpus, "x" * 5000)[:22]
([], 'No clause contains “xx')
"""

from __future__ import annotations

import bisect
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

from .corpus import Corpus
from .markup import merge_spans
from .models import CONCEPT_KINDS
from .text import FoldedText, fold_for_search

__all__ = [
    "MAX_QUERY_WORDS",
    "MIN_PREFIX",
    "MIN_SCORE",
    "Query",
    "SearchHit",
    "SearchIndex",
    "no_match_reason",
    "parse_query",
    "search",
    "spaceless",
]

_WORD = re.compile(r"\w+")
_QUOTES = str.maketrans({c: '"' for c in "“”„‟«»「」『』＂"})
FIELD_WEIGHT = {"text": 1.0, "gloss": 0.8, "concepts": 0.6}
PREFIX_WEIGHT = 0.7  # a word matching the start of a longer word counts less than a whole word
PHRASE_BONUS = 1.5
MIN_PREFIX = 2  # a word shorter than this matches whole words only
MIN_SCORE = 0.5
MAX_QUERY_WORDS = 64  # more distinct words than any clause holds: refused, and said so
Match = Literal["all", "any"]


def spaceless(word: str) -> bool:
    """True for words in scripts written without spaces (Han, kana, Thai, Lao, …)."""
    for ch in word:
        name = unicodedata.name(ch, "")
        if name.startswith(("CJK", "HIRAGANA", "KATAKANA", "THAI", "LAO", "KHMER", "MYANMAR")):
            return True
    return False


@dataclass(frozen=True)
class Query:
    """A parsed query: the unquoted words in the order typed, and the quoted phrases."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]

    @property
    def terms(self) -> list[tuple[str, ...]]:
        """Every term that must match: each distinct word, then each phrase."""
        return [(w,) for w in dict.fromkeys(self.words)] + [p for p in dict.fromkeys(self.phrases)]

    def __bool__(self) -> bool:
        return bool(self.words or self.phrases)


def parse_query(text: str) -> Query:
    """Fold ``text`` and split it into words and "quoted phrases" (an unclosed
    quote runs to the end).

    >>> parse_query('Betaling "Thanh  Toán" e-post')
    Query(words=('betaling', 'e', 'post'), phrases=(('thanh', 'toan'),))
    """
    words: list[str] = []
    phrases: list[tuple[str, ...]] = []
    for index, part in enumerate(text.translate(_QUOTES).split('"')):
        found = _WORD.findall(fold_for_search(part))
        if index % 2 == 0:
            words += found
        elif found:
            phrases.append(tuple(found))
    return Query(tuple(words), tuple(phrases))


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
    products: frozenset[str]
    audiences: frozenset[str]


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


# How a word meets one token: (weight, start and end offsets inside the token).
_TokenMatch = tuple[float, int, int]


class SearchIndex:
    """An in-memory index of every clause of a corpus (tiny corpora: a scan over
    pre-folded tokens is fast and exact; the vocabulary is sorted so that a word
    no clause contains is rejected without scanning)."""

    def __init__(self, corpus: Corpus) -> None:
        tax = corpus.taxonomy
        scopes: dict[str, tuple[set[str], set[str]]] = {}
        for p in corpus.practices:
            products, audiences = scopes.setdefault(p.clause_ref, (set(), set()))
            products.update(p.products)
            audiences.add(p.audience)
        self.docs: list[_Doc] = []
        for (policy, lang), version in sorted(corpus.versions.items()):
            section_audience = {s.id: s.audience for s in version.doc.sections}
            for clause in version.doc.clauses:
                found = version.concepts(clause.id)
                concepts: dict[str, list[str]] = {k: found.ids(k) for k in CONCEPT_KINDS}
                labels = " · ".join(label for ids in concepts.values() for cid in ids
                                    for label in tax.get(cid).labels.values())
                fields = {"text": _Field.of(clause.text), "concepts": _Field.of(labels)}
                if found.gloss:
                    fields["gloss"] = _Field.of(found.gloss)
                ref = f"{policy}/{lang}/{clause.id}"
                products, audiences = scopes.get(ref, (set(), set()))
                self.docs.append(_Doc(
                    ref, policy, lang, clause.id, fields, concepts,
                    frozenset(products or version.policy.products),
                    frozenset(audiences | {section_audience.get(clause.section_id, "")} - {""})))
        postings: dict[str, set[int]] = {}
        for number, doc in enumerate(self.docs):
            for token in {t for f in doc.fields.values() for t, _, _ in f.tokens}:
                postings.setdefault(token, set()).add(number)
        self.postings = postings
        self.df = Counter({token: len(docs) for token, docs in postings.items()})
        self.vocabulary = sorted(postings)

    # -- matching -------------------------------------------------------------------

    def _matches(self, word: str, *, exact: bool) -> dict[str, _TokenMatch]:
        """Every token of the vocabulary ``word`` matches, with weight and offsets."""
        out: dict[str, _TokenMatch] = {}
        if word in self.df:
            out[word] = (1.0, 0, len(word))
        if len(word) < MIN_PREFIX:
            return out
        if not exact:
            at = bisect.bisect_left(self.vocabulary, word)
            while at < len(self.vocabulary) and self.vocabulary[at].startswith(word):
                token = self.vocabulary[at]
                out.setdefault(token, (PREFIX_WEIGHT, 0, len(token)))
                at += 1
        if spaceless(word):
            for token in self.vocabulary:
                index = token.find(word)
                if index >= 0:
                    out.setdefault(token, (PREFIX_WEIGHT, index, index + len(word)))
        return out

    def _idf(self, tokens: Iterable[str]) -> float:
        """Inverse document frequency of a word: over the clauses holding any token it matches."""
        docs: set[int] = set()
        for token in tokens:
            docs |= self.postings.get(token, set())
        return math.log(1 + len(self.docs) / (1 + len(docs)))

    def missing(self, query: str | Query) -> list[str]:
        """The words and "phrases" of ``query`` that no clause contains at all."""
        parsed = parse_query(query) if isinstance(query, str) else query
        out = []
        for term in parsed.terms:
            exact = term in parsed.phrases
            if any(not self._matches(w, exact=exact) for w in term):
                out.append(" ".join(term) if len(term) == 1 else f'"{" ".join(term)}"')
        return out

    # -- search ---------------------------------------------------------------------

    def search(self, query: str, *, limit: int = 20, lang: str | None = None,
               policy: str | None = None, product: str | None = None,
               audience: str | None = None, match: Match = "all") -> list[SearchHit]:
        """Ranked hits for ``query`` (see the module docstring).  ``match="any"``
        ranks clauses by however many of the words they contain (used to show
        the nearest clauses to a question); an empty query finds nothing."""
        parsed = parse_query(query)
        terms = parsed.terms
        if not terms or len(terms) > MAX_QUERY_WORDS:
            return []
        loose = {w: self._matches(w, exact=False) for w in parsed.words}
        strict = {w: self._matches(w, exact=True) for p in parsed.phrases for w in p}
        if match == "all" and (any(not m for m in loose.values())
                               or any(not m for m in strict.values())):
            return []  # a word no clause contains: nothing can match every word
        idf = {w: self._idf(m) for w, m in loose.items()}
        idf.update({f'"{w}"': self._idf(m) for w, m in strict.items()})
        sequence = tuple(parsed.words) if len(set(parsed.words)) > 1 else ()
        scored: list[tuple[SearchHit, bool]] = []
        for doc in self.docs:
            if (lang and doc.lang != lang) or (policy and doc.policy != policy) or \
                    (product and product not in doc.products) or \
                    (audience and audience not in doc.audiences):
                continue
            found = self._score(doc, terms, set(parsed.phrases), loose, strict, idf, sequence,
                                match)
            if found is not None:
                scored.append(found)
        if any(together for _, together in scored):
            scored = [(hit, together) for hit, together in scored if together]
        hits = [hit for hit, _ in scored if hit.score >= MIN_SCORE]
        hits.sort(key=lambda h: (-h.score, h.ref))
        return hits[:limit]

    @staticmethod
    def _runs(fld: _Field, words: tuple[str, ...], table: dict[str, dict[str, _TokenMatch]]
              ) -> list[tuple[int, int]]:
        """Folded spans where ``words`` occur side by side, in order."""
        tokens, size, out = fld.tokens, len(words), []
        for i in range(len(tokens) - size + 1):
            if all(tokens[i + j][0] in table[words[j]] for j in range(size)):
                first = table[words[0]][tokens[i][0]]
                last = table[words[-1]][tokens[i + size - 1][0]]
                out.append((tokens[i][1] + first[1], tokens[i + size - 1][1] + last[2]))
        return out

    def _score(self, doc: _Doc, terms: list[tuple[str, ...]], phrases: set[tuple[str, ...]],
               loose: dict[str, dict[str, _TokenMatch]], strict: dict[str, dict[str, _TokenMatch]],
               idf: dict[str, float], sequence: tuple[str, ...], match: Match
               ) -> tuple[SearchHit, bool] | None:
        spans: dict[str, list[tuple[int, int]]] = {}
        matched_in: set[str] = set()
        together = {name: self._runs(fld, sequence, loose) if sequence else []
                    for name, fld in doc.fields.items()}
        adjacent = any(together.values())
        score, found = 0.0, 0
        for term in terms:
            quoted = term in phrases
            table = strict if quoted else loose
            term_score = 0.0
            for name, fld in doc.fields.items():
                if quoted:
                    runs = self._runs(fld, term, table)
                    field_score = len(runs) * sum(idf[f'"{w}"'] for w in term) * PHRASE_BONUS
                else:
                    word, runs, field_score = term[0], [], 0.0
                    for token, start, _ in fld.tokens:
                        met = table[word].get(token)
                        if met:
                            field_score += idf[word] * met[0]
                            runs.append((start + met[1], start + met[2]))
                    if adjacent and word in sequence:
                        runs = together[name]  # highlight the words where they stand together
                if field_score:
                    matched_in.add(name)
                    term_score += FIELD_WEIGHT[name] * field_score
                    spans.setdefault(name, []).extend(fld.folded.span(s, e) for s, e in runs)
            if not term_score and match == "all":
                return None
            found += bool(term_score)
            score += term_score
        if not found:
            return None
        if adjacent:
            score *= PHRASE_BONUS
        coverage = found / len(terms)
        text = doc.fields["text"].original
        gloss = doc.fields["gloss"].original if "gloss" in doc.fields else ""
        hit = SearchHit(doc.ref, doc.policy, doc.lang, doc.clause_id,
                        round(score * coverage * coverage, 4), text,
                        merge_spans(spans.get("text", []), len(text), text), gloss or None,
                        merge_spans(spans.get("gloss", []), len(gloss), gloss),
                        doc.concepts, [n for n in FIELD_WEIGHT if n in matched_in])
        return hit, adjacent


def _index(corpus: Corpus) -> SearchIndex:
    index = corpus.cache.get("search-index")
    if not isinstance(index, SearchIndex):
        index = corpus.cache["search-index"] = SearchIndex(corpus)
    return index


def search(corpus: Corpus, query: str, **options: object) -> list[SearchHit]:
    """Search ``corpus`` (the index is built once per corpus and kept on it);
    ``options`` are those of :meth:`SearchIndex.search`."""
    return _index(corpus).search(query, **options)  # type: ignore[arg-type]


def no_match_reason(corpus: Corpus, query: str, *, filtered: bool = False) -> str:
    """Why ``query`` finds nothing, in one sentence for the reader."""
    parsed = parse_query(query)
    if not parsed:
        return "Type a word: the query has no letters or digits."
    if len(parsed.terms) > MAX_QUERY_WORDS:
        return (f"The query has {len(parsed.terms):,} different words; a search takes at most "
                f"{MAX_QUERY_WORDS}. No clause has that many words in common with it.")
    missing = _index(corpus).missing(parsed)
    if missing:
        shown = ", ".join(f"“{m if len(m) <= 40 else m[:37] + '…'}”" for m in missing[:5])
        more = f" and {len(missing) - 5:,} more" if len(missing) > 5 else ""
        return f"No clause contains {shown}{more}."
    if filtered:
        return "No clause matches every word with these filters. Set a filter back to “All”."
    return "No clause has every one of these words. Try fewer words."
