"""The quiz view of a notebook cell: one radio per question (none chosen at first),
“Check answers”, then right or wrong, the answer and the clause that settles it
under each question, the score and the questions missed.

A trainee's answers live in this session's widget state only: they are never
part of the parameters the view returns, so they are never saved into the
notebook, and two trainees on one notebook never see each other's answers."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping

import streamlit as st

from policy_graph.corpus import Corpus
from policy_graph.errors import PolicyGraphError
from policy_graph.markup import escape_markdown
from policy_graph.quiz import (
    DEFAULT_COUNT,
    MAX_COUNT,
    MAX_SEED,
    Question,
    Quiz,
    QuizResult,
    make_quiz,
    policy_name,
    score,
)
from policy_graph.ui_text import UiStrings

from .common import corpus, policy_text, select, strings


def _number(ui: UiStrings, lang: str, wanted: str | None, default: int, low: int, high: int) -> int:
    """A whole number from the cell's parameters, else ``default`` with a note."""
    if wanted is None or not wanted.strip():
        return default
    try:
        number = int(wanted.strip())
    except ValueError:
        number = low - 1
    if low <= number <= high:
        return number
    st.caption("⚠️ " + escape_markdown(ui.get("quiz.ignored", lang, value=repr(wanted[:40]),
                                                default=str(default))))
    return default


def _settings(c: Corpus, ui: UiStrings, params: Mapping[str, str], key: str
              ) -> tuple[str, str, int, int]:
    """Policy, language of the questions, question set and count: this reader's
    choices, starting on the cell's saved parameters."""
    tax = c.taxonomy
    langs = sorted(tax.languages)
    current = st.session_state.get(f"{key}-lang") or params.get("lang") or "en"
    shown = current if current in langs else "en"  # labels follow a change at once
    with st.expander(ui.get("quiz.settings", shown)):
        cols = st.columns(4)
        with cols[0]:
            lang = select(ui.get("quiz.language", shown), langs, key=f"{key}-lang",
                          wanted=params.get("lang"), fallback="en",
                          fmt=lambda code: tax.languages[code].name)
        with cols[1]:
            policy = select(ui.get("quiz.policy", lang), ["", *sorted(c.policies)],
                            key=f"{key}-policy", wanted=params.get("policy"), fallback="",
                            fmt=lambda p: policy_name(c, p, lang) if p else
                            ui.get("quiz.all_policies", lang))
        with cols[2]:
            seed = st.number_input(
                ui.get("quiz.seed", lang), min_value=0, max_value=MAX_SEED, step=1,
                value=_number(ui, lang, params.get("seed"), 0, 0, MAX_SEED), key=f"{key}-seed",
                help=ui.get("quiz.seed_help", lang))
        with cols[3]:
            count = st.number_input(
                ui.get("quiz.count", lang), min_value=1, max_value=MAX_COUNT, step=1,
                value=_number(ui, lang, params.get("count"), DEFAULT_COUNT, 1, MAX_COUNT),
                key=f"{key}-count")
    return policy, lang, int(seed), int(count)


def _feedback(c: Corpus, ui: UiStrings, lang: str, question: Question, given: str | None) -> None:
    """Right or wrong, the answer, and the policy's own sentence that settles it."""
    answer = ui.get("quiz.answer_is", lang, answer=question.answer_label)
    if given == question.answer:
        st.success(escape_markdown(ui.get("quiz.right", lang)), icon="✅")
    else:
        verdict = ui.get("quiz.wrong" if given else "quiz.unanswered", lang)
        st.error(escape_markdown(f"{verdict} {answer}"), icon="❌")
    st.caption(escape_markdown(ui.get("quiz.settled_by", lang, ref=question.clause_ref)))
    policy_text(question.quote, question.highlights, question.clause_lang, c, quote=True)
    if question.gloss and question.clause_lang != lang:
        st.caption(escape_markdown(f"{ui.get('about.gloss', lang)}:") + "\n\n"
                   + escape_markdown(question.gloss))


def _result(ui: UiStrings, lang: str, result: QuizResult) -> None:
    """The score, then every question missed with its answer."""
    st.markdown("#### " + escape_markdown(ui.get("quiz.score", lang, right=str(result.right),
                                                 total=str(result.total))))
    if not result.missed:
        st.success(escape_markdown(ui.get("quiz.all_right", lang)), icon="🎉")
        return
    lines = [f"{m.number}\\. {escape_markdown(m.question.text)} — "
             + escape_markdown(ui.get("quiz.answer_is", lang, answer=m.question.answer_label))
             for m in result.missed]
    st.markdown(f"**{escape_markdown(ui.get('quiz.missed', lang))}**\n\n"
                + "\n".join(f"- {line}" for line in lines))


def _shown(labels: Mapping[str, str]) -> Callable[[str], str]:
    """Show an option's label as text (labels come from data files)."""
    def show(concept: str) -> str:
        return escape_markdown(labels[concept])
    return show


def _direction(c: Corpus, lang: str, tag: str) -> None:
    """Right-to-left questions, options, marks and score for a right-to-left language
    (the quotes keep their own language's direction). ``tag`` is built from a cell id
    and a hex digest: only [A-Za-z0-9_-] may reach the style sheet."""
    profile = c.taxonomy.languages.get(lang)
    if profile is None or profile.direction != "rtl" or not re.fullmatch(r"[A-Za-z0-9_-]+", tag):
        return
    scope = f".st-key-{tag}-questions, .st-key-{tag}-result"
    # Captions mix the trainee's words with clause refs and English glosses: each
    # paragraph takes the direction of its first letter.
    st.html(f"<style>:is({scope}) {{direction: rtl}} "
            f":is({scope}) blockquote {{direction: ltr; text-align: left}} "
            f":is({scope}) [data-testid='stCaptionContainer'] p "
            "{unicode-bidi: plaintext; text-align: start}</style>")


def _questions(c: Corpus, ui: UiStrings, lang: str, quiz: Quiz, key: str) -> None:
    """The form of questions; once checked, the feedback under each and the score."""
    tag = f"{key}-{quiz.signature}"  # other questions (seed, count, language) start afresh
    checked_key = f"{tag}-checked"
    checked = bool(st.session_state.get(checked_key))
    answers: list[str | None] = []
    _direction(c, lang, tag)
    with st.container(key=f"{tag}-questions"), st.form(key=f"{tag}-form", border=False):
        st.caption(escape_markdown(ui.get("quiz.intro", lang)))
        for number, question in enumerate(quiz.questions, 1):
            labels = {o.concept: o.label for o in question.options}
            given: str | None = st.radio(
                f"{number}\\. {escape_markdown(question.text)}", list(labels), index=None,
                key=f"{tag}-a{number}", format_func=_shown(labels))
            answers.append(given)
            if checked:
                _feedback(c, ui, lang, question, given)
        # Checking again after changing answers marks the new ones (a form sends the
        # answers together, so choosing one does not rerun the notebook).
        if st.form_submit_button(ui.get("quiz.check", lang), type="primary", key=f"{tag}-check"):
            st.session_state[checked_key] = True
            st.rerun()
    if not checked:
        return
    with st.container(key=f"{tag}-result"):
        _result(ui, lang, score(quiz, answers))
    if st.button(ui.get("quiz.retry", lang), key=f"{tag}-retry"):
        for name in [k for k in st.session_state if str(k).startswith(tag)]:
            del st.session_state[name]
        st.rerun()


def quiz_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """A quiz on the practices in the trainee's language; returns the cell's
    parameters as the reader left them (never the answers)."""
    c = corpus()
    ui = strings()
    policy, lang, seed, count = _settings(c, ui, params, key)
    out = {"lang": lang, "seed": str(seed), "count": str(count)}
    if policy:
        out["policy"] = policy
    try:
        quiz = make_quiz(c, policy=policy or None, seed=seed, count=count, ui_lang=lang)
    except PolicyGraphError as exc:
        st.info(escape_markdown(str(exc)), icon="🤷")
        return out
    for note in quiz.notes:
        st.info(escape_markdown(note), icon="ℹ️")
    if quiz.questions:
        _questions(c, ui, lang, quiz, key)
    return out
