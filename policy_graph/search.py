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
>>> search(corpus, "x" * 1000), no_match_reason(corpus, "x" * 1000)[:22]
([], 'No clause contains “xx')
>>> no_match_reason(corpus, "x " * 5000)[:30]
'The query is 10,000 characters'
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
    "MAX_QUERY_CHARS",
    "MAX_QUERY_WORDS",
    "MIN_PREFIX",
    "MIN_SCORE",
    "Query",
    "SearchHit",
    "SearchIndex",
    "no_match_reason",
    "parse_query",
    "search",
    "search_index",
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
MAX_QUERY_CHARS = 2000  # a query longer than a long clause: refused, and said so
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


@dataclass(frozen=True, eq=False)
class _Field:
    """One searchable text, folded and tokenised once; identical texts share one."""

    original: str
    folded: FoldedText
    tokens: tuple[tuple[str, int, int], ...]  # (folded token, start, end in folded)
    counts: dict[str, int]  # token -> occurrences

    @classmethod
    def of(cls, text: str) -> _Field:
        folded = FoldedText.of(text, diacritics=True)
        tokens = tuple((m.group(0), m.start(), m.end()) for m in _WORD.finditer(folded.folded))
        return cls(text, folded, tokens, dict(Counter(t for t, _, _ in tokens)))


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


@dataclass
class _Plan:
    """One query, worked out once against the vocabulary."""

    terms: list[tuple[str, ...]]
    phrases: set[tuple[str, ...]]
    loose: dict[str, dict[str, _TokenMatch]]
    strict: dict[str, dict[str, _TokenMatch]]
    idf: dict[str, float]
    sequence: tuple[str, ...]
    match: Match
    # Per distinct field (by identity): (score per term, runs of the sequence); a
    # text shared by many versions is scored once.
    memo: dict[int, tuple[list[float], bool]] = field(default_factory=dict)


class SearchIndex:
    """An in-memory inverted index of every clause of a corpus.

    Identical texts (a clause repeated across versions, the labels of one set of
    concepts) are folded and tokenised once and shared.  A query touches only the
    clauses holding its words (through the postings), scores each distinct text
    once, and computes highlights only for the hits it returns."""

    def __init__(self, corpus: Corpus) -> None:
        tax = corpus.taxonomy
        scopes: dict[str, tuple[set[str], set[str]]] = {}
        for group in corpus.practices.groups():  # like practices: one walk of their clauses
            for ref in group.refs:
                products, audiences = scopes.setdefault(ref, (set(), set()))
                products.update(group.products)
                audiences.add(group.audience)
        shared: dict[str, _Field] = {}
        labels_of: dict[tuple[str, ...], str] = {}  # concept ids -> their labels, joined
        concepts_of: dict[tuple[tuple[str, ...], ...], dict[str, list[str]]] = {}
        fields_of: dict[tuple[_Field, _Field, _Field | None], dict[str, _Field]] = {}

        def shared_field(text: str) -> _Field:
            found = shared.get(text)
            if found is None:
                found = shared[text] = _Field.of(text)
            return found

        # Read-only values many clauses have alike are shared, not copied per clause.
        alike: dict[frozenset[str], frozenset[str]] = {}

        def one_of(value: frozenset[str]) -> frozenset[str]:
            return alike.setdefault(value, value)

        self.docs: list[_Doc] = []
        for (policy, lang), version in sorted(corpus.versions.items()):
            section_audience = {s.id: s.audience for s in version.doc.sections}
            for clause in version.doc.clauses:
                found = version.concepts(clause.id)
                by_kind = found.ids_by_kind()
                per_kind = tuple(tuple([found.audience.concept] if k == "audience" else
                                       by_kind.get(k, [])) for k in CONCEPT_KINDS)
                concepts = concepts_of.get(per_kind)
                if concepts is None:
                    concepts = concepts_of[per_kind] = {
                        k: list(ids) for k, ids in zip(CONCEPT_KINDS, per_kind, strict=True)}
                named = tuple(cid for ids in per_kind for cid in ids)
                labels = labels_of.get(named)
                if labels is None:
                    labels = labels_of[named] = " · ".join(
                        label for cid in named for label in tax.get(cid).labels.values())
                texts = (shared_field(clause.text), shared_field(labels),
                         shared_field(found.gloss) if found.gloss else None)
                fields = fields_of.get(texts)
                if fields is None:
                    fields = fields_of[texts] = {"text": texts[0], "concepts": texts[1]}
                    if texts[2] is not None:
                        fields["gloss"] = texts[2]
                ref = f"{policy}/{lang}/{clause.id}"
                products, audiences = scopes.get(ref, (set(), set()))
                self.docs.append(_Doc(
                    ref, policy, lang, clause.id, fields, concepts,
                    one_of(frozenset(products or version.policy.products)),
                    one_of(frozenset(audiences | {section_audience.get(clause.section_id, "")}
                                     - {""}))))
        # Clauses with the same fields (the same text, concepts and gloss in many
        # versions) match alike: postings name these "shapes", a few per distinct
        # text, not every clause (10^5 clauses held ~10^7 postings).
        shape_of: dict[tuple[int, ...], int] = {}
        self.shapes: list[list[int]] = []  # shape -> its clauses, as doc numbers
        postings: dict[str, list[int]] = {}  # token -> the shapes holding it (any field)
        for number, doc in enumerate(self.docs):
            key = tuple(id(f) for f in doc.fields.values())
            shape = shape_of.get(key)
            if shape is None:
                shape = shape_of[key] = len(self.shapes)
                self.shapes.append([])
                tokens = set(doc.fields["text"].counts).union(
                    *(f.counts for name, f in doc.fields.items() if name != "text"))
                for token in tokens:
                    postings.setdefault(token, []).append(shape)
            self.shapes[shape].append(number)
        self.postings = postings
        self.vocabulary = sorted(postings)

    # -- matching -------------------------------------------------------------------

    def _matches(self, word: str, *, exact: bool) -> dict[str, _TokenMatch]:
        """Every token of the vocabulary ``word`` matches, with weight and offsets."""
        out: dict[str, _TokenMatch] = {}
        if word in self.postings:
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

    def _holding(self, tokens: Iterable[str]) -> set[int]:
        """The shapes (see ``__init__``) holding any of ``tokens``."""
        shapes: set[int] = set()
        for token in tokens:
            shapes.update(self.postings.get(token, ()))
        return shapes

    def _idf(self, shapes: set[int]) -> float:
        """Inverse document frequency of a word held by the clauses of ``shapes``."""
        holding = sum(len(self.shapes[shape]) for shape in shapes)
        return math.log(1 + len(self.docs) / (1 + holding))

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
        if len(query) > MAX_QUERY_CHARS:
            return []
        parsed = parse_query(query)
        terms = parsed.terms
        if not terms or len(terms) > MAX_QUERY_WORDS:
            return []
        loose = {w: self._matches(w, exact=False) for w in parsed.words}
        strict = {w: self._matches(w, exact=True) for p in parsed.phrases for w in p}
        if match == "all" and (any(not m for m in loose.values())
                               or any(not m for m in strict.values())):
            return []  # a word no clause contains: nothing can match every word
        holding = {w: self._holding(m) for w, m in loose.items()}
        holding.update({f'"{w}"': self._holding(m) for w, m in strict.items()})
        plan = _Plan(terms, set(parsed.phrases), loose, strict,
                     {key: self._idf(shapes) for key, shapes in holding.items()},
                     tuple(parsed.words) if len(set(parsed.words)) > 1 else (), match)
        sets = sorted(holding.values(), key=len)
        shapes = set(sets[0]).intersection(*sets[1:]) if match == "all" else set().union(*sets)
        ranked: list[tuple[float, str, int, bool]] = []
        for number in (n for shape in shapes for n in self.shapes[shape]):
            doc = self.docs[number]
            if (lang and doc.lang != lang) or (policy and doc.policy != policy) or \
                    (product and product not in doc.products) or \
                    (audience and audience not in doc.audiences):
                continue
            found = self._rank(doc, plan)
            if found is not None:
                ranked.append((found[0], doc.ref, number, found[1]))
        if any(together for *_, together in ranked):
            ranked = [entry for entry in ranked if entry[3]]
        ranked = sorted(entry for entry in ranked if -entry[0] >= MIN_SCORE)  # scores are negated
        return [self._hit(self.docs[number], plan, -score)
                for score, _, number, _ in ranked[:max(0, limit)]]

    @staticmethod
    def _runs(fld: _Field, words: tuple[str, ...], table: dict[str, dict[str, _TokenMatch]]
              ) -> list[tuple[int, int]]:
        """Folded spans where ``words`` occur side by side, in order."""
        tokens, size, out = fld.tokens, len(words), []
        first_tokens = table[words[0]]
        for i in range(len(tokens) - size + 1):
            if tokens[i][0] in first_tokens and \
                    all(tokens[i + j][0] in table[words[j]] for j in range(1, size)):
                first = first_tokens[tokens[i][0]]
                last = table[words[-1]][tokens[i + size - 1][0]]
                out.append((tokens[i][1] + first[1], tokens[i + size - 1][1] + last[2]))
        return out

    def _field_scores(self, fld: _Field, plan: _Plan) -> tuple[list[float], bool]:
        """Each term's score in one field (unweighted), and whether the unquoted
        words stand side by side there; worked out once per distinct text."""
        known = plan.memo.get(id(fld))
        if known is not None:
            return known
        scores = []
        for term in plan.terms:
            if term in plan.phrases:
                scores.append(len(self._runs(fld, term, plan.strict))
                              * sum(plan.idf[f'"{w}"'] for w in term) * PHRASE_BONUS)
                continue
            table, word, score = plan.loose[term[0]], term[0], 0.0
            if len(table) < len(fld.counts):
                pairs = ((t, fld.counts[t]) for t in table if t in fld.counts)
            else:
                pairs = ((t, n) for t, n in fld.counts.items() if t in table)
            for token, count in pairs:
                score += plan.idf[word] * table[token][0] * count
            scores.append(score)
        together = bool(plan.sequence) and bool(self._runs(fld, plan.sequence, plan.loose))
        plan.memo[id(fld)] = (scores, together)
        return scores, together

    def _rank(self, doc: _Doc, plan: _Plan) -> tuple[float, bool] | None:
        """(negated score, words side by side) of a clause, or None if it does not match."""
        per_field = {name: self._field_scores(fld, plan) for name, fld in doc.fields.items()}
        adjacent = any(together for _, together in per_field.values())
        score, found = 0.0, 0
        for index in range(len(plan.terms)):
            term_score = sum(FIELD_WEIGHT[name] * scores[index]
                             for name, (scores, _) in per_field.items())
            if not term_score and plan.match == "all":
                return None
            found += bool(term_score)
            score += term_score
        if not found:
            return None
        if adjacent:
            score *= PHRASE_BONUS
        coverage = found / len(plan.terms)
        return -round(score * coverage * coverage, 4), adjacent

    def _hit(self, doc: _Doc, plan: _Plan, score: float) -> SearchHit:
        """The hit of a clause already ranked, with its highlights."""
        spans: dict[str, list[tuple[int, int]]] = {}
        matched_in: set[str] = set()
        together = {name: self._runs(fld, plan.sequence, plan.loose) if plan.sequence else []
                    for name, fld in doc.fields.items()}
        adjacent = any(together.values())
        for index, term in enumerate(plan.terms):
            for name, fld in doc.fields.items():
                if not self._field_scores(fld, plan)[0][index]:
                    continue
                matched_in.add(name)
                if term in plan.phrases:
                    runs = self._runs(fld, term, plan.strict)
                elif adjacent and term[0] in plan.sequence:
                    runs = together[name]  # highlight the words where they stand together
                else:
                    table = plan.loose[term[0]]
                    runs = [(start + table[t][1], start + table[t][2])
                            for t, start, _ in fld.tokens if t in table]
                spans.setdefault(name, []).extend(fld.folded.span(s, e) for s, e in runs)
        text = doc.fields["text"].original
        gloss = doc.fields["gloss"].original if "gloss" in doc.fields else ""
        return SearchHit(doc.ref, doc.policy, doc.lang, doc.clause_id, score, text,
                         merge_spans(spans.get("text", []), len(text), text), gloss or None,
                         merge_spans(spans.get("gloss", []), len(gloss), gloss),
                         doc.concepts, [n for n in FIELD_WEIGHT if n in matched_in])


def search_index(corpus: Corpus) -> SearchIndex:
    """The corpus's search index, built on first use and kept on the corpus."""
    index = corpus.cache.get("search-index")
    if not isinstance(index, SearchIndex):
        index = corpus.cache["search-index"] = SearchIndex(corpus)
    return index


def search(corpus: Corpus, query: str, **options: object) -> list[SearchHit]:
    """Search ``corpus`` (the index is built once per corpus and kept on it);
    ``options`` are those of :meth:`SearchIndex.search`."""
    return search_index(corpus).search(query, **options)  # type: ignore[arg-type]


def no_match_reason(corpus: Corpus, query: str, *, filtered: bool = False) -> str:
    """Why ``query`` finds nothing, in one sentence for the reader."""
    if len(query) > MAX_QUERY_CHARS:
        return (f"The query is {len(query):,} characters long; a search takes at most "
                f"{MAX_QUERY_CHARS:,}. Search for a few words of it.")
    parsed = parse_query(query)
    if not parsed:
        return "Type a word: the query has no letters or digits."
    if len(parsed.terms) > MAX_QUERY_WORDS:
        return (f"The query has {len(parsed.terms):,} different words; a search takes at most "
                f"{MAX_QUERY_WORDS}. No clause has that many words in common with it.")
    missing = search_index(corpus).missing(parsed)
    if missing:
        shown = ", ".join(f"“{m if len(m) <= 40 else m[:37] + '…'}”" for m in missing[:5])
        more = f" and {len(missing) - 5:,} more" if len(missing) > 5 else ""
        return f"No clause contains {shown}{more}."
    if filtered:
        return "No clause matches every word with these filters. Set a filter back to “All”."
    return "No clause has every one of these words. Try fewer words."
