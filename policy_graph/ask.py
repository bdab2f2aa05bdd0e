"""Answer plain-language questions from the practices, never beyond them.

The question is matched (case- and diacritic-insensitively) against the
taxonomy's terms and everyday ``ask_terms`` in each language; the detected
language is tried first, then the language with the most matches wins.  The
recognised concepts select practices; the answer lists what they say with the
quotes behind them, clauses in the question's language first and each
sentence once (a sentence repeated in several sections is one quote).

Three ways a question is not answered, each said plainly:

* **Nothing recognised, or no practice has every recognised concept**: "the
  policies do not answer this", with the nearest clauses from search.
* **The question's language has no question lexicon** (its language file has
  neither ``question_cues`` nor ``ask_terms``): the answer names the languages
  whose questions are understood instead of pretending the policies are silent.
* **The question names an activity the taxonomy has no concept for.**  An
  ``ask_terms`` entry maps an everyday word to the nearest concept, and most
  such words are only other ways of saying what the policies say.  But when a
  word recognised as a purpose (an activity: "do you … my data?") appears
  nowhere in what is known of that purpose — its labels, match terms and
  descriptions in every language, nor the text or gloss of any clause that
  states it — the activity is not in the policies at all.  The
  answer says so ("the policies do not mention “sell”") and then shows the
  nearest related practices.  English "sell", "sold" and "sale of" are mapped
  this way to the *marketing* purpose in ``data/languages/en.yaml``: selling
  personal data has no concept (no shipped policy speaks of it), marketing is
  the nearest practice that does exist, and since no clause or label of
  marketing says "sell", a question about selling is told that selling is not
  mentioned, then what is said about marketing.  No special case is coded; any
  language file can point an unattested everyday word at its nearest concept.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> a = ask(corpus, "What do you use my payment information for?")
>>> a.answered, a.recognised["data_category"], a.lines[0].purposes[0].bases
(True, ['payment-info'], ['contract'])
>>> sold = ask(corpus, "Do you sell my data?")
>>> sold.not_mentioned, sold.answered, sold.summary.split(".")[0]
(['sell'], False, 'The policies do not mention “sell”')
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .corpus import Corpus
from .detect import detect_language
from .models import Concept, ConceptKind, Practice
from .practice_set import PracticeList
from .query import (
    ClauseCard,
    PurposeLine,
    purpose_lines,
    sentence_cards,
)
from .search import SearchHit, search, spaceless
from .taxonomy import ConceptHit, Taxonomy
from .text import FoldedText, find_terms, fold_for_search, longest_non_overlapping

__all__ = ["Answer", "AnswerLine", "ask", "question_languages"]

ASKED_KINDS: tuple[ConceptKind, ...] = ("product", "audience", "data_category", "purpose",
                                         "legal_basis")
SELECTING_KINDS = ("data_category", "purpose", "legal_basis")
MAX_QUESTION_CHARS = 500
_WORD = re.compile(r"\w+")
ACTIVITY_KINDS = ("purpose",)  # what a question can ask "do you …?" about
MIN_JUDGED = 4
STEM = 5  # words sharing their first five letters count as the same word ("selling", "seller")


@dataclass
class AnswerLine:
    """What the policies say about one data category."""

    data_category: str
    label: str
    purposes: list[PurposeLine] = field(default_factory=list)


@dataclass
class Answer:
    question: str
    lang: str | None
    recognised: dict[str, list[str]]
    intent: str | None  # "legal_basis" | "purpose" | None
    answered: bool
    lines: list[AnswerLine]
    quotes: list[ClauseCard]
    nearest: list[SearchHit]
    detected: str | None = None  # the language the question is written in, when known
    # The detected language has no question lexicon: these are the languages that do.
    understood: list[str] = field(default_factory=list)
    language_names: dict[str, str] = field(default_factory=dict)
    # Words of the question naming an activity the policies never mention; ``lines``
    # and ``quotes`` then hold the nearest related practices.
    not_mentioned: list[str] = field(default_factory=list)

    @property
    def unsupported_language(self) -> bool:
        return bool(self.understood)

    def _lines_text(self) -> str:
        parts = []
        for line in self.lines:
            uses = "; ".join(f"{p.label} ({', '.join(p.basis_labels)})" for p in line.purposes)
            parts.append(f"{line.label}: {uses}.")
        return " ".join(parts)

    @property
    def summary(self) -> str:
        """A one-paragraph answer in plain text (labels in the question's language)."""
        if self.understood:
            name = self.language_names.get(self.detected or "", self.detected or "?")
            known = ", ".join(f"{self.language_names.get(c, c)} ({c})" for c in self.understood)
            return (f"Questions in {name} ({self.detected}) cannot be read yet: its language file "
                    f"has no question words. Questions are understood in: {known}.")
        if self.not_mentioned:
            words = ", ".join(f"“{w}”" for w in self.not_mentioned)
            if not self.lines:
                return (f"The policies do not mention {words}. Nothing related is stated either; "
                        "the nearest clauses are shown below.")
            return (f"The policies do not mention {words}. The nearest related practices they "
                    f"do state: {self._lines_text()}")
        if not self.answered:
            asked = ", ".join(c for ids in self.recognised.values() for c in ids)
            known = f" They state nothing that combines: {asked}." if asked else ""
            return (f"The policies do not answer this question.{known} The nearest clauses are "
                    "shown below; nothing else is stated.")
        return self._lines_text()

    def as_dict(self) -> dict[str, object]:
        """The stable JSON shape of ``policy-graph ask --json``."""
        return {
            "question": self.question, "lang": self.lang, "recognised": self.recognised,
            "intent": self.intent, "answered": self.answered, "summary": self.summary,
            "answer": [{"data_category": ln.data_category, "label": ln.label,
                        "purposes": [{"purpose": p.purpose, "label": p.label, "bases": p.bases}
                                     for p in ln.purposes]} for ln in self.lines],
            "quotes": [{"ref": q.ref, "text": q.text, "gloss": q.gloss,
                        "highlights": q.highlights} for q in self.quotes],
            "nearest": [{"ref": h.ref, "text": h.text, "score": h.score} for h in self.nearest],
        }


def question_languages(taxonomy: Taxonomy) -> list[str]:
    """Codes of the languages whose questions are understood: the language file
    has question cues or everyday ``ask_terms``."""
    with_terms = {lang for c in taxonomy.concept_list for lang, terms in c.ask_terms.items()
                  if terms}
    return sorted(code for code, profile in taxonomy.languages.items()
                  if any(profile.question_cues.values()) or code in with_terms)


def _recognise(corpus: Corpus, question: str, detected: str | None
               ) -> tuple[str | None, list[ConceptHit], str | None]:
    """Best language, the concept hits in it, and the question's intent."""
    tax = corpus.taxonomy
    folded = FoldedText.of(question, diacritics=True)
    best: tuple[int, str | None, list[ConceptHit], str | None] = (0, None, [], None)
    for lang, profile in sorted(tax.languages.items()):
        table: dict[str, Concept] = {}
        for concept in tax.concept_list:
            if concept.kind in ASKED_KINDS and not concept.applies_to_all:
                for term in [*concept.terms.get(lang, []), *concept.ask_terms.get(lang, [])]:
                    table.setdefault(term, concept)
        hits = longest_non_overlapping(
            ConceptHit(table[m.term].id, table[m.term].kind, m.start, m.end, m.term)
            for m in find_terms(folded, table, diacritics=True,
                                word_boundaries=profile.word_boundaries))
        intent = None
        cue_count = 0
        for name in ("legal_basis", "purpose"):
            cues = find_terms(folded, profile.question_cues.get(name, []), diacritics=True,
                              word_boundaries=profile.word_boundaries)
            cue_count += len(cues)
            if cues and intent is None:
                intent = name
        score = 2 * len(hits) + cue_count
        if hits and lang == detected:
            return lang, hits, intent  # the question's own language, when it names something
        if score > best[0]:
            best = (score, lang, hits, intent)
    return best[1], best[2], best[3]


def _words(text: str) -> list[str]:
    return _WORD.findall(fold_for_search(text.rstrip("*")))


def _vocabulary(corpus: Corpus) -> dict[str, list[str]]:
    """Per concept, the sorted folded words known to speak of it: its labels, terms
    and descriptions in every language, and the text and gloss of every clause
    stating it."""
    cached = corpus.cache.get("ask-vocabulary")
    if isinstance(cached, dict):
        return cached
    words: dict[str, set[str]] = {}
    for concept in corpus.taxonomy.concept_list:
        bag = words.setdefault(concept.id, set())
        for text in [*concept.labels.values(), *(t for ts in concept.terms.values() for t in ts),
                     concept.description, *concept.descriptions.values()]:
            bag.update(_words(text))
    clause_words: dict[str, set[str]] = {}
    for p in corpus.practices:
        said = clause_words.get(p.clause_ref)
        if said is None:
            said = clause_words[p.clause_ref] = set(_words(f"{p.quote} {p.gloss or ''}"))
        for concept_id in (p.audience, p.data_category, p.purpose, p.legal_basis, *p.products):
            words.setdefault(concept_id, set()).update(said)
    vocabulary = {concept: sorted(bag) for concept, bag in words.items()}
    corpus.cache["ask-vocabulary"] = vocabulary
    return vocabulary


def _attested(word: str, vocabulary: list[str]) -> bool:
    """``word`` (or a word sharing its first :data:`STEM` letters) is in ``vocabulary``;
    in scripts written without spaces, anywhere inside one of its runs."""
    if spaceless(word):
        return any(word in known for known in vocabulary)
    key = word[:STEM]
    at = bisect.bisect_left(vocabulary, key)
    return at < len(vocabulary) and vocabulary[at].startswith(key)


def _unattested(corpus: Corpus, question: str, hits: list[ConceptHit]) -> list[ConceptHit]:
    """Hits naming an activity (a purpose) in words that appear nowhere in what is
    known of their concept.  Words shorter than :data:`MIN_JUDGED` letters
    ("ads", "app") are too short to judge and count as known."""
    vocabulary = _vocabulary(corpus)
    out = []
    for hit in hits:
        if hit.kind not in ACTIVITY_KINDS:
            continue
        said = [w for w in _words(question[hit.start:hit.end])
                if len(w) >= MIN_JUDGED or (spaceless(w) and len(w) >= 2)]
        if said and not any(_attested(w, vocabulary.get(hit.concept, [])) for w in said):
            out.append(hit)
    return out


def _select(practices: list[Practice], recognised: dict[str, list[str]]) -> list[Practice]:
    if not any(recognised.get(k) for k in SELECTING_KINDS):
        return []
    if isinstance(practices, PracticeList):
        # Start from the practices of the first concept kind named (through the index).
        kind = next(k for k in SELECTING_KINDS if recognised.get(k))
        practices = practices.having(kind, recognised[kind])
    return [p for p in practices
            if all(not recognised.get(k) or getattr(p, k) in recognised[k]
                   for k in (*SELECTING_KINDS, "audience"))
            and (not recognised.get("product") or set(recognised["product"]) & set(p.products))]


def _group(hits: list[ConceptHit]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for hit in hits:
        ids = out.setdefault(hit.kind, [])
        if hit.concept not in ids:
            ids.append(hit.concept)
    return out


def _lines(corpus: Corpus, practices: list[Practice], lang: str) -> list[AnswerLine]:
    tax = corpus.taxonomy
    return [AnswerLine(data, tax.label(data, lang), lines)
            for data, lines in purpose_lines(practices, tax, lang).items()]


def _quotes(practices: list[Practice], focus: list[str], lang: str | None) -> list[ClauseCard]:
    """Clauses in the question's language first, each sentence once."""
    cards = sentence_cards(practices, focus)
    return sorted(cards, key=lambda card: card.lang != lang)  # stable: keeps clause order


def ask(corpus: Corpus, question: str, *, label_lang: str | None = None) -> Answer:
    """Answer ``question`` from the corpus's practices (see module docstring)."""
    tax = corpus.taxonomy
    question = question.strip()[:MAX_QUESTION_CHARS]
    detected = detect_language(question, tax).lang
    lang, hits, intent = _recognise(corpus, question, detected)
    recognised = _group(hits)
    practices = corpus.practices
    unattested = _unattested(corpus, question, hits)
    related = {h.concept for h in unattested} - {h.concept for h in hits if h not in unattested}
    not_mentioned = list(dict.fromkeys(question[h.start:h.end] for h in unattested
                                       if h.concept in related))
    if not_mentioned:
        direct = _group([h for h in hits if h.concept not in related])
        chosen = _select(practices, recognised) or _select(practices, direct) or \
            _select(practices, _group([h for h in hits if h.concept in related]))
    else:
        chosen = _select(practices, recognised)
    labels = label_lang or lang or detected or "en"
    focus = [c for ids in recognised.values() for c in ids]
    answered = bool(chosen) and not not_mentioned
    understood: list[str] = []
    readable = question_languages(tax)
    if not answered and not not_mentioned and detected and detected not in readable:
        understood = readable
    nearest = [] if chosen else search(corpus, question, limit=3, match="any")
    names = {code: profile.name for code, profile in tax.languages.items()}
    return Answer(question, lang, recognised, intent, answered, _lines(corpus, chosen, labels),
                  _quotes(chosen, focus, lang or detected), nearest, detected, understood,
                  names, not_mentioned)
