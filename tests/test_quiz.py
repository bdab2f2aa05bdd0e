"""The onboarding quiz: determinism, answers checked against the practices, scoring,
the trainee's language, the notebook cell (AppTest), the Onboarding tour and exports."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Page as BrowserPage
from playwright.sync_api import expect

from policy_graph.cells import cell_output
from policy_graph.corpus import Corpus, load_corpus
from policy_graph.errors import UserInputError
from policy_graph.markup import escape_html, escape_markdown, highlight_markdown
from policy_graph.models import Practice
from policy_graph.notebook import Cell, Notebook
from policy_graph.notebook_io import from_markdown, from_yaml, to_html, to_markdown
from policy_graph.quiz import (
    QUESTION_KINDS,
    SUBJECT_KINDS,
    Question,
    Quiz,
    make_quiz,
    quiz_from_params,
    score,
)
from policy_graph.store import NotebookStore
from policy_graph.taxonomy import DEFAULT_DATA_DIR, NOT_STATED, PURPOSE_NOT_STATED
from tests.browser_support import open_app, wait_idle
from tests.test_app import Page, markdown

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "ui/pages/notebook.py"
TOUR = "Onboarding tour"
PLACEHOLDER = re.compile(r"\{(\w+)\}")
SETTINGS = [dict(seed=0), dict(seed=1, count=20), dict(seed=7, policy="wework", count=20),
            dict(seed=3, policy="wework-space-services", count=20, ui_lang="nb"),
            dict(seed=11, lang="vi", count=12, ui_lang="he")]


def _subject(p: Practice, question: Question) -> tuple[str, ...]:
    return tuple(getattr(p, kind) for kind in SUBJECT_KINDS[question.kind])


def _true_for(corpus: Corpus, question: Question) -> set[str]:
    """Every answer any practice of the question's policy gives for its subject."""
    subject = tuple(concept for _, concept in question.subject)
    return {getattr(p, question.kind) for p in corpus.practices
            if p.policy == question.policy and _subject(p, question) == subject}


def _dump(quiz: Quiz) -> str:
    return json.dumps([[q.kind, q.text, [o.concept for o in q.options], q.answer, q.clause_ref]
                       for q in quiz.questions], ensure_ascii=False)


# --- determinism --------------------------------------------------------------------

def test_the_same_seed_gives_the_identical_quiz_and_other_seeds_differ(corpus: Corpus) -> None:
    first = make_quiz(corpus, seed=42, count=10)
    assert first == make_quiz(corpus, seed=42, count=10)
    assert first == make_quiz(load_corpus(), seed=42, count=10)  # a fresh load, too
    assert len(first.questions) == 10
    others = [make_quiz(corpus, seed=s, count=10) for s in (0, 1, 2)]
    assert all(_dump(o) != _dump(first) for o in others)
    assert len({_dump(o) for o in others}) == 3


def test_the_quiz_does_not_depend_on_the_process(corpus: Corpus) -> None:
    """String hashing differs between processes: nothing may iterate a set unsorted."""
    script = ("from policy_graph.corpus import load_corpus\n"
              "from tests.test_quiz import _dump\n"
              "from policy_graph.quiz import make_quiz\n"
              "print(_dump(make_quiz(load_corpus(), seed=5, count=12, ui_lang='vi')))\n")
    outputs = set()
    for hash_seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": hash_seed}
        run = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env, check=True,
                             capture_output=True, text=True, timeout=300)
        outputs.add(run.stdout.strip())
    assert outputs == {_dump(make_quiz(corpus, seed=5, count=12, ui_lang="vi"))}


# --- answers checked against the practices --------------------------------------------

@pytest.mark.parametrize("settings", SETTINGS, ids=str)
def test_every_answer_is_backed_and_no_distractor_is_true(corpus: Corpus,
                                                          settings: dict[str, object]) -> None:
    quiz = make_quiz(corpus, **settings)  # type: ignore[arg-type]
    assert quiz.questions and not quiz.notes
    in_graph = {kind: corpus.concepts_in_use(kind) for kind in QUESTION_KINDS}
    never = {"personal-data", "everyone", PURPOSE_NOT_STATED}
    for q in quiz.questions:
        concepts = [o.concept for o in q.options]
        assert len(concepts) == len(set(concepts)) >= 2 and concepts.count(q.answer) == 1
        # The right answer: the practice named as settling it says so.
        practice = corpus.practice(q.practice)
        assert practice is not None and practice.source == "reviewed"
        assert getattr(practice, q.kind) == q.answer and practice.policy == q.policy
        assert _subject(practice, q) == tuple(c for _, c in q.subject)
        assert (q.quote, q.clause_ref, q.clause_lang) == (practice.quote, practice.clause_ref,
                                                          practice.lang)
        if settings.get("lang"):
            assert practice.lang == settings["lang"]
        # No distractor is true anywhere in that policy; each is a concept of the graph.
        true = _true_for(corpus, q)
        assert q.answer in true
        for wrong in (c for c in concepts if c != q.answer):
            assert wrong not in true, (q.text, wrong)
            assert wrong in in_graph[q.kind] and wrong not in never
        assert q.answer not in never and not never & {c for _, c in q.subject}
        for start, end in q.highlights:
            assert 0 <= start < end <= len(q.quote)


def test_question_kinds_mix_and_stated_bases_come_first(corpus: Corpus) -> None:
    quiz = make_quiz(corpus, policy="wework", seed=2, count=8)
    assert {q.kind for q in quiz.questions} == set(QUESTION_KINDS)
    bases = [q for q in quiz.questions if q.kind == "legal_basis"]
    assert bases and all(q.answer != NOT_STATED for q in bases)
    # An audience question never asks about something the policy says of every audience.
    for q in (q for q in quiz.questions if q.kind == "audience"):
        assert _true_for(corpus, q) != corpus.concepts_in_use("audience") & {
            p.audience for p in corpus.practices if p.policy == "wework"}


def test_a_policy_without_reviewed_practices_uses_the_others_and_says_so(data_copy: Path) -> None:
    (data_copy / "policies" / "wework-space-services" / "nb.review.yaml").unlink()
    corpus = load_corpus(data_copy)
    quiz = make_quiz(corpus, policy="wework-space-services", seed=1, count=5, ui_lang="nb")
    assert quiz.questions
    assert any("Ingen har gjennomgått disse praksisene" in note for note in quiz.notes)
    for q in quiz.questions:
        practice = corpus.practice(q.practice)
        assert practice is not None and practice.source == "extracted" == q.source
        assert getattr(practice, q.kind) == q.answer
    reviewed = make_quiz(corpus, policy="wework", seed=1, count=5)
    assert not reviewed.notes and {q.source for q in reviewed.questions} == {"reviewed"}


def test_fewer_questions_than_asked_is_said(corpus: Corpus) -> None:
    two_clauses = Corpus(corpus.data_dir, corpus.taxonomy, policies=corpus.policies,
                         practices=[p for p in corpus.practices if p.clause_ref in (
                             "wework-space-services/nb/s1.1", "wework-space-services/nb/s1.2")])
    quiz = make_quiz(two_clauses, seed=0, count=20)
    assert 0 < len(quiz.questions) < 20
    assert quiz.notes == (f"Only {len(quiz.questions)} questions with a single right answer "
                          "can be made from these practices.",)


@pytest.mark.parametrize(("kwargs", "message"), [
    (dict(policy="nope"), "there is no policy 'nope'"),
    (dict(count=0), "a quiz has 1 to 20 questions"),
    (dict(count=21), "a quiz has 1 to 20 questions"),
    (dict(ui_lang="xx"), "no language file for 'xx'"),
    (dict(policy="wework", lang="nb"), "no practices to ask about in policy 'wework', language "
                                       "version 'nb'"),
])
def test_bad_arguments_are_messages(corpus: Corpus, kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(UserInputError, match=message):
        make_quiz(corpus, **kwargs)  # type: ignore[arg-type]


def test_bad_cell_parameters_are_messages(corpus: Corpus) -> None:
    with pytest.raises(UserInputError, match="seed must be a whole number"):
        quiz_from_params(corpus, {"seed": "abc"})
    with pytest.raises(UserInputError, match="number of questions must be between 1 and 20"):
        quiz_from_params(corpus, {"count": "99"})
    out = cell_output(corpus, Cell(type="quiz", params={"seed": "-1"}))
    assert out.summary[0].startswith("This cell cannot be shown: the quiz's seed must be between")
    assert quiz_from_params(corpus, {"lang": "nb-NO"}).ui_lang == "nb"


# --- scoring ------------------------------------------------------------------------

def test_scoring_all_right_some_wrong_and_unanswered(corpus: Corpus) -> None:
    quiz = make_quiz(corpus, seed=9, count=6)
    right = [q.answer for q in quiz.questions]
    perfect = score(quiz, right)
    assert (perfect.right, perfect.total, perfect.missed) == (6, 6, ())
    assert perfect.correct == (True,) * 6
    wrong = next(o.concept for o in quiz.questions[1].options if o.concept != right[1])
    answers: list[str | None] = [right[0], wrong, None, right[3]]  # 5 and 6 not given at all
    result = score(quiz, answers)
    assert (result.right, result.total) == (2, 6)
    assert result.correct == (True, False, False, True, False, False)
    assert [(m.number, m.given) for m in result.missed] == [(2, wrong), (3, None), (5, None),
                                                            (6, None)]
    assert result.missed[0].question is quiz.questions[1]
    assert score(quiz, ["not-an-option"] * 6).right == 0
    assert score(quiz, []).right == 0 and len(score(quiz, []).missed) == 6


# --- the trainee's language -------------------------------------------------------------

@pytest.mark.parametrize(("lang", "phrase"), [
    ("en", "What does"), ("nb", "Hva bruker"), ("vi", "sử dụng"), ("he", "נעשה שימוש"),
    ("ar", "يتم استخدام"), ("ja", "利用していますか"),
])
def test_questions_and_options_use_the_trainees_language(corpus: Corpus, lang: str,
                                                         phrase: str) -> None:
    tax = corpus.taxonomy
    quiz = make_quiz(corpus, seed=4, count=12, ui_lang=lang)
    english = make_quiz(corpus, seed=4, count=12)
    assert [q.answer for q in quiz.questions] == [q.answer for q in english.questions]
    assert any(phrase in q.text for q in quiz.questions)
    for q, en in zip(quiz.questions, english.questions, strict=True):
        for _, concept in q.subject:
            assert tax.label(concept, lang) in q.text
        assert [o.label for o in q.options] == [tax.label(o.concept, lang) for o in q.options]
        if lang != "en":
            assert q.text != en.text
            assert tax.label(q.answer, lang) != tax.label(q.answer, "en")


def test_every_language_has_every_quiz_string_with_its_placeholders(corpus: Corpus) -> None:
    files = corpus.taxonomy.language_files
    english = {k: v for k, v in files["en"].ui.items() if k.startswith("quiz.")}
    assert len(english) >= 30 and len(files) == 22
    for code, file in files.items():
        mine = {k: v for k, v in file.ui.items() if k.startswith("quiz.")}
        assert set(mine) == set(english), code
        for key, text in mine.items():
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(english[key])), \
                (code, key)
        quiz = make_quiz(corpus, seed=0, count=8, ui_lang=code)
        assert all("{" not in q.text and "quiz." not in q.text for q in quiz.questions), code


# --- the notebook cell ------------------------------------------------------------------

def _quiz_radios(at: object, cell: str) -> list[object]:
    return [r for r in at.radio if str(r.key).startswith(f"c-{cell}-")]  # type: ignore[attr-defined]


def _button(at: object, cell: str, suffix: str) -> object:
    return next(b for b in at.button  # type: ignore[attr-defined]
                if str(b.key).startswith(f"c-{cell}-") and str(b.key).endswith(suffix))


def test_a_trainee_answers_checks_and_sees_the_score_and_the_settling_clause(
        corpus: Corpus, private_notebook_db: Path) -> None:
    params = {"policy": "wework-space-services", "lang": "nb", "seed": "3", "count": "4"}
    nb = Notebook(name="Training").add("quiz", params)
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(nb)
    cell = nb.cells[0].id
    quiz = quiz_from_params(corpus, params)
    at = Page(NOTEBOOK, nb="Training").run()
    assert not at.exception, at.exception
    radios = _quiz_radios(at, cell)
    assert [r.value for r in radios] == [None] * 4  # type: ignore[attr-defined]
    assert radios[0].label == "1\\. " + escape_markdown(quiz.questions[0].text)  # type: ignore[attr-defined]
    wrong = next(o.concept for o in quiz.questions[1].options if o.concept != quiz.questions[1].answer)
    radios[0].set_value(quiz.questions[0].answer)  # type: ignore[attr-defined]
    radios[1].set_value(wrong)  # type: ignore[attr-defined]
    _button(at, cell, "-check").click().run()  # type: ignore[attr-defined]
    assert not at.exception, at.exception
    text = markdown(at)
    assert "#### Resultat\\: 1 av 4" in text
    assert "**Spørsmål du bommet på\\:**" in text
    assert escape_markdown(quiz.questions[2].text) in text  # unanswered: listed as missed
    assert [s.value for s in at.success] == ["Riktig\\!"]
    errors = [e.value for e in at.error]
    assert errors[0] == escape_markdown(f"Feil. Svaret: «{quiz.questions[1].answer_label}».")
    assert errors[1].startswith("Ikke besvart\\.")
    for q in quiz.questions:  # the policy's own sentence, as text with the concepts marked
        assert "> " + highlight_markdown(q.quote, q.highlights) in text
        assert any(escape_markdown(q.clause_ref) in c.value for c in at.caption)
    # The answers are this reader's only: nothing is saved, and another session starts blank.
    assert store.load("Training") == nb
    assert not [b for b in at.button if str(b.key).startswith("saveview-")]
    other = Page(NOTEBOOK, nb="Training").run()
    assert [r.value for r in _quiz_radios(other, cell)] == [None] * 4  # type: ignore[attr-defined]
    assert "Resultat" not in markdown(other)
    # "Try again" clears this reader's answers and marks.
    _button(at, cell, "-retry").click().run()  # type: ignore[attr-defined]
    assert [r.value for r in _quiz_radios(at, cell)] == [None] * 4  # type: ignore[attr-defined]
    assert "Resultat" not in markdown(at)


def test_editors_change_the_seed_and_language_like_other_parameters(private_notebook_db: Path) -> None:
    nb = Notebook(name="Editable").add("quiz", {"lang": "en", "seed": "1", "count": "3"})
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(nb)
    cell = nb.cells[0].id
    at = Page(NOTEBOOK, nb="Editable").run()
    before = [r.label for r in _quiz_radios(at, cell)]  # type: ignore[attr-defined]
    at.number_input(key=f"c-{cell}-seed").set_value(2).run()
    at.selectbox(key=f"c-{cell}-lang").set_value("vi").run()
    assert not at.exception, at.exception
    after = [r.label for r in _quiz_radios(at, cell)]  # type: ignore[attr-defined]
    assert after != before and any("sử dụng" in label for label in after)
    at.button(key=f"saveview-{cell}").click().run()
    assert store.load("Editable").cells[0].params == {"lang": "vi", "seed": "2", "count": "3"}


def test_a_new_quiz_cell_can_be_added(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Empty"))
    at = Page(NOTEBOOK, nb="Empty").run()
    at.selectbox(key="nb-add-type").set_value("quiz").run()
    at.button(key="nb-add-cell").click().run()
    assert not at.exception, at.exception
    cell = store.load("Empty").cells[0]
    assert cell.type == "quiz"
    assert len(_quiz_radios(at, cell.id)) == 8


def test_the_onboarding_tour_ends_with_a_quiz_a_trainee_can_answer(
        corpus: Corpus, private_notebook_db: Path) -> None:
    path = DEFAULT_DATA_DIR / "notebooks" / "onboarding.yaml"
    tour = from_yaml(path.read_text(encoding="utf-8"), str(path))
    last = tour.cells[-1]
    assert tour.name == TOUR and last.type == "quiz"
    out = cell_output(corpus, last)
    assert out.rows and out.quotes and not any("cannot be shown" in s for s in out.summary)
    quiz = quiz_from_params(corpus, last.params)
    at = Page(NOTEBOOK, nb=TOUR).run()  # a locked example: answering still works
    assert any("example notebook, so it is locked" in i.value for i in at.info)
    radios = _quiz_radios(at, last.id)
    assert len(radios) == len(quiz.questions) >= 4
    for radio, q in zip(radios, quiz.questions, strict=True):
        radio.set_value(q.answer)  # type: ignore[attr-defined]
    _button(at, last.id, "-check").click().run()  # type: ignore[attr-defined]
    assert f"#### Score\\: {len(quiz.questions)} of {len(quiz.questions)}" in markdown(at)
    assert any("Every answer is right" in s.value for s in at.success)



@pytest.mark.browser
def test_a_trainee_answers_the_tour_quiz_in_a_browser(corpus: Corpus, server: str,
                                                      page: BrowserPage) -> None:
    path = DEFAULT_DATA_DIR / "notebooks" / "onboarding.yaml"
    last = from_yaml(path.read_text(encoding="utf-8"), str(path)).cells[-1]
    quiz = quiz_from_params(corpus, last.params)
    first, second = quiz.questions[:2]
    wrong = next(o.label for o in second.options if o.concept != second.answer)
    open_app(page, f"{server}/?nb=Onboarding%20tour")
    form = page.locator(f".st-key-cell-{last.id} [data-testid='stForm']")
    radios = form.locator("[data-testid='stRadio']")
    expect(radios).to_have_count(len(quiz.questions), timeout=30_000)  # drawn one by one
    wait_idle(page)
    assert form.locator("input[type='radio']:checked").count() == 0
    radios.nth(0).get_by_text(first.answer_label, exact=True).click()
    radios.nth(1).get_by_text(wrong, exact=True).click()
    page.get_by_role("button", name="Check answers").click()
    page.get_by_text(f"Score: 1 of {len(quiz.questions)}").wait_for(timeout=30_000)
    expect(form.locator("blockquote")).to_have_count(len(quiz.questions), timeout=30_000)
    wait_idle(page)
    assert form.locator("input[type='radio']:checked").count() == 2  # the answers stay shown
    quotes = [" ".join(q.split()) for q in form.locator("blockquote").all_inner_texts()]
    assert quotes == [" ".join(q.quote.split()) for q in quiz.questions]
    page.get_by_text(f"Wrong. The answer: “{second.answer_label}”.").wait_for()
    assert page.blocked == []  # type: ignore[attr-defined]


# --- exports ------------------------------------------------------------------------

def test_exports_show_the_questions_the_answer_key_and_the_quotes(corpus: Corpus) -> None:
    params = {"policy": "wework", "lang": "vi", "seed": "6", "count": "5"}
    nb = Notebook(name="Exported").add("note", text="Before the quiz").add("quiz", params,
                                                                             title="Check yourself")
    quiz = quiz_from_params(corpus, params)
    md = to_markdown(nb, corpus)
    html = to_html(nb, corpus)
    for number, q in enumerate(quiz.questions, 1):
        letter = "ABCD"[[o.concept for o in q.options].index(q.answer)]
        key = f"{letter}) {q.answer_label}"
        assert f"| {number} | {escape_markdown(q.text)} |" in md
        assert f"| {escape_markdown(key)} | {escape_markdown(q.clause_ref)} |" in md
        assert f"<td>{escape_html(q.text)}</td>" in html and f"<td>{escape_html(key)}</td>" in html
        for o in q.options:
            assert escape_html(o.label) in html
        assert q.quote.split()[0] in md and escape_html(q.clause_ref) in html
    assert "| \\# | Câu hỏi | Lựa chọn | Đáp án | Điều khoản |" in md
    assert "lang='vi' dir='ltr'" in html
    back = from_markdown(md, "export.md")
    assert [(c.type, c.title, c.params) for c in back.cells] == \
        [(c.type, c.title, c.params) for c in nb.cells]
