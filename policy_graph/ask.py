"""Answer plain-language questions from the practices, never beyond them.

The question is matched (case- and diacritic-insensitively) against the
taxonomy's terms and everyday ``ask_terms`` in each language; the language
with the most matches wins.  The recognised concepts select practices; the
answer lists what they say with the quotes behind them.  When nothing is
recognised, or no practice has all the recognised concepts, the answer says
the policies do not answer it and shows the nearest clauses from search.

>>> from policy_graph.corpus import load_corpus
>>> a = ask(load_corpus(), "What do you use my payment information for?")
>>> a.answered, a.recognised["data_category"], a.lines[0].purposes[0].bases
(True, ['payment-info'], ['contract'])
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .corpus import Corpus
from .detect import detect_language
from .models import Concept, ConceptKind, Practice
from .query import ClauseCard, Filters, PurposeLine, clause_cards, filter_practices, purpose_lines
from .search import SearchHit, search
from .taxonomy import ConceptHit
from .text import FoldedText, find_terms, longest_non_overlapping

__all__ = ["Answer", "AnswerLine", "ask"]

ASKED_KINDS: tuple[ConceptKind, ...] = ("product", "audience", "data_category", "purpose",
                                         "legal_basis")
MAX_QUESTION_CHARS = 500


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

    @property
    def summary(self) -> str:
        """A one-paragraph answer in plain text (labels in the question's language)."""
        if not self.answered:
            asked = ", ".join(c for ids in self.recognised.values() for c in ids)
            known = f" They state nothing that combines: {asked}." if asked else ""
            return (f"The policies do not answer this question.{known} The nearest clauses are "
                    "shown below; nothing else is stated.")
        parts = []
        for line in self.lines:
            uses = "; ".join(f"{p.label} ({', '.join(p.basis_labels)})" for p in line.purposes)
            parts.append(f"{line.label}: {uses}.")
        return " ".join(parts)

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


def _recognise(corpus: Corpus, question: str) -> tuple[str | None, list[ConceptHit], str | None]:
    """Best language, the concept hits in it, and the question's intent."""
    tax = corpus.taxonomy
    folded = FoldedText.of(question, diacritics=True)
    detected = detect_language(question, tax).lang
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


def _lines(corpus: Corpus, practices: list[Practice], lang: str) -> list[AnswerLine]:
    tax = corpus.taxonomy
    return [AnswerLine(data, tax.label(data, lang), lines)
            for data, lines in purpose_lines(practices, tax, lang).items()]


def ask(corpus: Corpus, question: str, *, label_lang: str | None = None) -> Answer:
    """Answer ``question`` from the corpus's practices (see module docstring)."""
    question = question.strip()[:MAX_QUESTION_CHARS]
    lang, hits, intent = _recognise(corpus, question)
    recognised: dict[str, list[str]] = {}
    for hit in hits:
        ids = recognised.setdefault(hit.kind, [])
        if hit.concept not in ids:
            ids.append(hit.concept)
    chosen: list[Practice] = []
    if any(recognised.get(k) for k in ("data_category", "purpose", "legal_basis")):
        for p in filter_practices(corpus.practices, Filters()):
            if all(not recognised.get(k) or getattr(p, k) in recognised[k]
                   for k in ("data_category", "purpose", "legal_basis", "audience")) and \
                    (not recognised.get("product") or set(recognised["product"]) & set(p.products)):
                chosen.append(p)
    labels = label_lang or lang or "en"
    focus = [c for ids in recognised.values() for c in ids]
    nearest = [] if chosen else search(corpus, question, limit=3)
    return Answer(question, lang, recognised, intent, bool(chosen), _lines(corpus, chosen, labels),
                  clause_cards(chosen, focus), nearest)
