"""An onboarding quiz from the practices: multiple-choice questions on what a policy
uses for what, on which legal basis and for whom, in the trainee's language.

Four kinds of question, each named after the kind of its answer:

- ``purpose``: what does <policy> use <data category> for?
- ``legal_basis``: on which legal basis does <policy> use <data category> for <purpose>?
- ``audience``: whose <data category> does <policy> use for <purpose>?
- ``data_category``: which information does <policy> use for <purpose>?

Exactly one option is right. The right answer is backed by a practice (a reviewed
one where the chosen policy has any); a distractor is a concept of the same kind
used elsewhere in the graph, and never one that any practice of that policy (any
language version, any source) gives for the same subject, so no true statement
is ever marked wrong. Distractors the policy itself uses come first (they are
the plausible ones). Everything random goes through ``random.Random(seed)`` over
sorted inputs: the same seed gives the identical quiz. Questions come from the
reviewed practices of the chosen policy and language version; where there are
none, from its projected and extracted ones, and the quiz's notes say so.

Concepts that would make a question meaningless are never asked about nor
offered: fallback concepts ("Personal information", which counts only where a
clause names nothing more precise), the "no purpose stated" purpose, and the
"everyone" audience (every reader is right). An audience question is only asked
where the policy does not use the data for that purpose about every one of its
audiences. "Not stated in this policy" *is* a legal-basis answer: a trainee must
learn that the supplement defers to the global policy there, and the clause,
which names no basis, settles it; questions with a stated basis are asked first.

>>> from policy_graph.corpus import load_corpus
>>> corpus = load_corpus()
>>> quiz = make_quiz(corpus, policy="wework-space-services", seed=3, count=4)
>>> quiz == make_quiz(corpus, policy="wework-space-services", seed=3, count=4)
True
>>> [q.kind for q in quiz.questions]
['purpose', 'legal_basis', 'data_category', 'purpose']
>>> score(quiz, [q.answer for q in quiz.questions]).right
4
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from .corpus import Corpus
from .errors import UserInputError
from .models import Practice
from .taxonomy import NOT_STATED, PURPOSE_NOT_STATED, Taxonomy
from .ui_text import UiStrings, ui_strings

__all__ = ["DEFAULT_COUNT", "MAX_COUNT", "MAX_SEED", "QUESTION_KINDS", "SUBJECT_KINDS", "Missed",
           "Option", "Question", "QuestionKind", "Quiz", "QuizResult", "make_quiz", "policy_name",
           "quiz_from_params", "quiz_strings", "score"]

QuestionKind = Literal["purpose", "legal_basis", "audience", "data_category"]
QUESTION_KINDS: tuple[QuestionKind, ...] = ("purpose", "legal_basis", "audience", "data_category")
# The concepts a question of each kind names (its subject), besides the policy.
SUBJECT_KINDS: dict[QuestionKind, tuple[str, ...]] = {
    "purpose": ("data_category",),
    "legal_basis": ("data_category", "purpose"),
    "audience": ("data_category", "purpose"),
    "data_category": ("purpose",),
}
OPTIONS = 4  # the right answer and up to three distractors
DEFAULT_COUNT = 8
MAX_COUNT = 20
MAX_SEED = 2**31 - 1
SOURCE_RANK = {"reviewed": 0, "projected": 1, "extracted": 2}

Subject = tuple[str, ...]  # concept ids, in the order of SUBJECT_KINDS[kind]


@dataclass(frozen=True)
class Option:
    """One choice: a concept and its label in the trainee's language."""

    concept: str
    label: str


@dataclass(frozen=True)
class Question:
    """One multiple-choice question and the clause that settles it."""

    kind: QuestionKind  # the kind of concept the answer is
    text: str  # in the trainee's language
    policy: str
    subject: tuple[tuple[str, str], ...]  # (kind, concept id) the question names
    options: tuple[Option, ...]
    answer: str  # concept id of the one right option
    practice: str  # id of the practice that backs the answer
    source: str  # that practice's source: reviewed, projected or extracted
    quote: str  # the clause, verbatim
    clause_ref: str  # policy/lang/clause
    clause_lang: str
    highlights: tuple[tuple[int, int], ...]  # spans of the named concepts in ``quote``
    gloss: str | None

    @property
    def answer_label(self) -> str:
        return next(o.label for o in self.options if o.concept == self.answer)

    def label_of(self, concept: str | None) -> str:
        """The label of an option (empty when ``concept`` is not one)."""
        return next((o.label for o in self.options if o.concept == concept), "")


@dataclass(frozen=True)
class Quiz:
    """Questions for one seed; ``notes`` say what the trainee should know about them
    (practices not reviewed, fewer questions than asked for), in their language."""

    seed: int
    ui_lang: str
    policy: str | None
    lang: str | None
    questions: tuple[Question, ...]
    notes: tuple[str, ...] = ()

    @property
    def signature(self) -> str:
        """A short digest of the questions: a new quiz gets fresh answers in a UI."""
        digest = hashlib.sha256(repr(self.questions).encode()).hexdigest()
        return digest[:10]


@dataclass(frozen=True)
class Missed:
    """A question answered wrongly or not at all (``given`` is None)."""

    number: int  # 1-based
    question: Question
    given: str | None


@dataclass(frozen=True)
class QuizResult:
    right: int
    total: int
    correct: tuple[bool, ...]  # per question
    missed: tuple[Missed, ...] = field(default=())


def score(quiz: Quiz, answers: Sequence[str | None]) -> QuizResult:
    """Mark ``answers`` (concept ids in question order; None, a missing entry or a
    concept that is not an option counts as wrong and is listed as missed).

    >>> q = Question("purpose", "?", "p", (), (Option("a", "A"), Option("b", "B")), "a", "",
    ...              "reviewed", "", "p/en/s1.1", "en", (), None)
    >>> result = score(Quiz(0, "en", None, None, (q, q, q)), ["a", "b"])
    >>> result.right, result.total, [(m.number, m.given) for m in result.missed]
    (1, 3, [(2, 'b'), (3, None)])
    """
    correct: list[bool] = []
    missed: list[Missed] = []
    for index, question in enumerate(quiz.questions):
        given = answers[index] if index < len(answers) else None
        right = given is not None and given == question.answer
        correct.append(right)
        if not right:
            missed.append(Missed(index + 1, question, given))
    return QuizResult(sum(correct), len(quiz.questions), tuple(correct), tuple(missed))


def quiz_strings(corpus: Corpus) -> UiStrings:
    """The interface strings, built once per corpus (shared with the pages' cache)."""
    cached = corpus.cache.get("ui_strings")
    if not isinstance(cached, UiStrings):
        cached = corpus.cache["ui_strings"] = ui_strings(corpus.taxonomy)
    return cached


def policy_name(corpus: Corpus, policy: str, lang: str) -> str:
    """A short name for a policy in questions: its first product ("WeWork"), or its
    title where another policy has the same first product.

    >>> from policy_graph.corpus import load_corpus
    >>> policy_name(load_corpus(), "wework-space-services", "nb")
    'WeWork Space Services'
    """
    meta = corpus.policies.get(policy)
    if meta is None:
        return policy
    first = meta.products[0]
    if any(other.id != policy and other.products[0] == first for other in corpus.policies.values()):
        return meta.titles.get(lang) or meta.titles.get("en") or next(iter(meta.titles.values()), policy)
    return corpus.taxonomy.label(first, lang)


def _never_asked(taxonomy: Taxonomy) -> frozenset[str]:
    """Concepts no question names or offers (see the module's docstring)."""
    return frozenset(c.id for c in taxonomy.concept_list if c.fallback or c.applies_to_all) \
        | {PURPOSE_NOT_STATED}


def _subject(p: Practice, kind: QuestionKind) -> Subject:
    return tuple(getattr(p, k) for k in SUBJECT_KINDS[kind])


@dataclass
class _Index:
    """What the policies say, to check answers: per (kind, policy, subject) every
    answer any practice gives, and the concepts each policy uses per kind."""

    truth: dict[tuple[QuestionKind, str, Subject], set[str]] = field(default_factory=dict)
    used: dict[tuple[str, str], set[str]] = field(default_factory=dict)  # (policy, kind)
    in_graph: dict[str, set[str]] = field(default_factory=dict)  # kind -> concepts

    @classmethod
    def build(cls, practices: Iterable[Practice]) -> _Index:
        index = cls()
        for p in practices:
            for kind in QUESTION_KINDS:
                index.truth.setdefault((kind, p.policy, _subject(p, kind)), set()).add(getattr(p, kind))
                index.used.setdefault((p.policy, kind), set()).add(getattr(p, kind))
                index.in_graph.setdefault(kind, set()).add(getattr(p, kind))
        return index


def _pool(corpus: Corpus, policy: str | None, lang: str | None) -> tuple[list[Practice], bool]:
    """The practices questions are drawn from, and whether they are reviewed ones."""
    if policy is not None and policy not in corpus.policies:
        known = ", ".join(sorted(corpus.policies)) or "none"
        raise UserInputError(f"there is no policy {policy!r}; the policies are: {known}")
    scope = [p for p in corpus.practices
             if (policy is None or p.policy == policy) and (lang is None or p.lang == lang)]
    if not scope:
        where = (f"policy {policy!r}" if policy else "the policies") + \
            (f", language version {lang!r}" if lang else "")
        raise UserInputError(f"no practices to ask about in {where}")
    reviewed = [p for p in scope if p.source == "reviewed"]
    return (reviewed, True) if reviewed else (scope, False)


def _candidates(pool: list[Practice], index: _Index, skip: frozenset[str], rng: random.Random
                ) -> dict[QuestionKind, list[tuple[str, Subject, tuple[str, ...]]]]:
    """Per kind, the (policy, subject, answers the pool backs) to ask about, shuffled;
    legal-basis questions with a stated basis first."""
    found: dict[tuple[QuestionKind, str, Subject], set[str]] = {}
    for p in pool:
        for kind in QUESTION_KINDS:
            subject, answer = _subject(p, kind), getattr(p, kind)
            if answer in skip or any(s in skip for s in subject):
                continue
            found.setdefault((kind, p.policy, subject), set()).add(answer)
    out: dict[QuestionKind, list[tuple[str, Subject, tuple[str, ...]]]] = {k: [] for k in QUESTION_KINDS}
    for (kind, policy, subject), answers in sorted(found.items()):
        if _everyone(index, kind, policy, subject, skip):
            continue
        out[kind].append((policy, subject, tuple(sorted(answers))))
    for kind, items in out.items():
        rng.shuffle(items)
        if kind == "legal_basis":  # a stable sort keeps the shuffled order within each group
            items.sort(key=lambda item: set(item[2]) == {NOT_STATED})
    return out


def _round_robin(candidates: Mapping[QuestionKind, list[tuple[str, Subject, tuple[str, ...]]]]
                 ) -> list[tuple[QuestionKind, str, Subject, tuple[str, ...]]]:
    """Every candidate, the kinds taking turns (so a short quiz mixes them)."""
    queues = {kind: list(items) for kind, items in candidates.items()}
    out: list[tuple[QuestionKind, str, Subject, tuple[str, ...]]] = []
    while any(queues.values()):
        for kind in QUESTION_KINDS:
            if queues[kind]:
                policy, subject, answers = queues[kind].pop(0)
                out.append((kind, policy, subject, answers))
    return out


def _settling(pool: list[Practice], kind: QuestionKind, policy: str, subject: Subject,
              answer: str, ui_lang: str) -> Practice:
    """The practice that settles the answer: reviewed first, then a clause in the
    trainee's language, then the first in the corpus."""
    backing = [(i, p) for i, p in enumerate(pool) if p.policy == policy
               and _subject(p, kind) == subject and getattr(p, kind) == answer]
    return min(backing, key=lambda ip: (SOURCE_RANK.get(ip[1].source, 3), ip[1].lang != ui_lang,
                                        ip[0]))[1]


def _highlights(p: Practice, concepts: Iterable[str]) -> tuple[tuple[int, int], ...]:
    """Spans of the named concepts' evidence inside the quote."""
    wanted = set(concepts)
    spans = sorted({(start - p.span[0], end - p.span[0]) for concept, (start, end) in p.evidence.items()
                    if concept in wanted and p.span[0] <= start and end <= p.span[1]})
    return tuple(spans)


def _distractors(index: _Index, kind: QuestionKind, policy: str, subject: Subject,
                 skip: frozenset[str], rng: random.Random) -> list[str]:
    """Up to OPTIONS - 1 concepts of ``kind`` in the graph that are false for the
    subject in this policy; the policy's own concepts first."""
    true = index.truth.get((kind, policy, subject), set())
    possible = sorted(index.in_graph.get(kind, set()) - true - skip)
    own = index.used.get((policy, kind), set())
    near = [c for c in possible if c in own]
    far = [c for c in possible if c not in own]
    rng.shuffle(near)
    rng.shuffle(far)
    return (near + far)[:OPTIONS - 1]


def _everyone(index: _Index, kind: QuestionKind, policy: str, subject: Subject,
              skip: frozenset[str]) -> bool:
    """An audience question whose answer is every audience of the policy."""
    if kind != "audience":
        return False
    audiences = index.used.get((policy, "audience"), set()) - skip
    return audiences <= index.truth.get((kind, policy, subject), set())


def make_quiz(corpus: Corpus, *, policy: str | None = None, lang: str | None = None,
              seed: int = 0, count: int = DEFAULT_COUNT, ui_lang: str = "en") -> Quiz:
    """Up to ``count`` questions on ``policy`` (all policies when None), from its
    ``lang`` version (all when None), worded in ``ui_lang``; the same arguments
    give the identical quiz. Raises ``UserInputError`` for an unknown policy or
    language, or a count outside 1..MAX_COUNT."""
    if not 1 <= count <= MAX_COUNT:
        raise UserInputError(f"a quiz has 1 to {MAX_COUNT} questions, not {count}")
    ui_lang = corpus.taxonomy.resolve_lang(ui_lang)
    pool, reviewed = _pool(corpus, policy, lang)
    index = _Index.build(corpus.practices)
    skip = _never_asked(corpus.taxonomy)
    rng = random.Random(seed)
    strings = quiz_strings(corpus)
    questions: list[Question] = []
    for kind, pol, subject, answers in _round_robin(_candidates(pool, index, skip, rng)):
        if len(questions) == count:
            break
        wrong = _distractors(index, kind, pol, subject, skip, rng)
        if not wrong:
            continue
        stated = [a for a in answers if a != NOT_STATED]
        answer = rng.choice(stated if kind == "legal_basis" and stated else list(answers))
        questions.append(_question(corpus, strings, pool, kind, pol, subject, answer, wrong,
                                   ui_lang, rng))
    notes = []
    if not reviewed:
        scope = policy_name(corpus, policy, ui_lang) if policy else strings.get("quiz.all_policies", ui_lang)
        notes.append(strings.get("quiz.note_unreviewed", ui_lang, scope=scope))
    if not questions:
        notes.append(strings.get("quiz.none", ui_lang))
    elif len(questions) < count:
        notes.append(strings.get("quiz.fewer", ui_lang, n=str(len(questions))))
    return Quiz(seed, ui_lang, policy, lang, tuple(questions), tuple(notes))


def _question(corpus: Corpus, strings: UiStrings, pool: list[Practice], kind: QuestionKind,
              policy: str, subject: Subject, answer: str, wrong: list[str], ui_lang: str,
              rng: random.Random) -> Question:
    tax = corpus.taxonomy
    named = dict(zip(SUBJECT_KINDS[kind], subject, strict=True))
    text = strings.get(f"quiz.q.{kind}", ui_lang, policy=policy_name(corpus, policy, ui_lang),
                       **{("data" if k == "data_category" else k): tax.label(v, ui_lang)
                          for k, v in named.items()})
    options = [Option(c, tax.label(c, ui_lang)) for c in [answer, *wrong]]
    rng.shuffle(options)
    settle = _settling(pool, kind, policy, subject, answer, ui_lang)
    return Question(kind, text, policy, tuple(named.items()), tuple(options), answer, settle.id,
                    settle.source, settle.quote, settle.clause_ref, settle.lang,
                    _highlights(settle, [*subject, answer]), settle.gloss)


def _whole(value: str | None, name: str, default: int, low: int, high: int) -> int:
    if value is None or not value.strip():
        return default
    try:
        number = int(value.strip())
    except ValueError:
        raise UserInputError(f"the quiz's {name} must be a whole number (got {value[:40]!r})") from None
    if not low <= number <= high:
        raise UserInputError(f"the quiz's {name} must be between {low} and {high} (got {number})")
    return number


def quiz_from_params(corpus: Corpus, params: Mapping[str, str]) -> Quiz:
    """The quiz of a notebook cell: ``policy`` (empty: all), ``lang`` (of the
    questions), ``seed`` and ``count``; a bad value raises ``UserInputError``."""
    return make_quiz(corpus, policy=params.get("policy") or None,
                     seed=_whole(params.get("seed"), "seed", 0, 0, MAX_SEED),
                     count=_whole(params.get("count"), "number of questions", DEFAULT_COUNT, 1,
                                  MAX_COUNT),
                     ui_lang=params.get("lang") or "en")
