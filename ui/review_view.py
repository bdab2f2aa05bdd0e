"""The Review page: drift matrix, checks, findings and per-clause decisions of one
language version. Thin: the library derives, checks and stores; this draws.

Editing is off unless ``POLICY_GRAPH_REVIEW=on``: then a reviewer names
themselves (or the sign-in proxy names them, ``POLICY_GRAPH_REVIEWER_HEADER``)
and every action is stored at once; otherwise no control is drawn at all.
Policy and reviewer text is shown escaped, or in dataframes (plain text)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import pandas as pd
import streamlit as st

from policy_graph.corpus import Corpus, PolicyVersion
from policy_graph.drift import FINDING_TOPICS, DriftMatrix, drift_matrix, version_findings
from policy_graph.errors import PolicyGraphError
from policy_graph.markup import escape_markdown
from policy_graph.models import ConceptKind
from policy_graph.review_export import export_review
from policy_graph.review_report import (
    art13_purposes,
    build_report,
    coverage,
    report_csv,
    report_markdown,
    without_basis,
)
from policy_graph.review_state import MAX_REVIEWER, ClauseState, Event, check_reviewer, version_state
from policy_graph.review_store import ReviewStore, review_db_url_from_env
from policy_graph.settings import review_enabled, reviewer_header
from policy_graph.taxonomy import NOT_STATED, PURPOSE_NOT_STATED

from .common import corpus, policy_text, select, strings

REVIEW_PARAMS = ("policy", "lang", "labels", "clause")
STATUS_COLOURS = {"same": "#d4edda", "differs": "#ffe8a1", "missing": "#f8c9c9",
                  "projected": "#cfe2ff", "unchecked": "#e2e3e5", "added": "#e4d4f4"}
# The legend's Streamlit colours, matching the cells' backgrounds.
LEGEND_COLOURS = {"same": "green", "differs": "orange", "missing": "red", "projected": "blue",
                  "unchecked": "gray", "added": "violet"}
EMPTY_ROW = "background-color: #f8c9c9"
GLOBAL_ROW = "background-color: #ffe8a1"
KINDS: tuple[ConceptKind, ...] = ("data_category", "purpose", "legal_basis", "product", "audience")
Text = Callable[..., str]


@st.cache_resource(max_entries=4)
def _review_store(url: str, read_only: bool) -> ReviewStore:
    return ReviewStore(url, read_only=read_only)


def _store(read_only: bool) -> ReviewStore:
    """The review database (``POLICY_GRAPH_REVIEW_DB``); read-only when editing is off."""
    try:
        return _review_store(review_db_url_from_env(), read_only)
    except PolicyGraphError as exc:
        st.error(str(exc), icon="🚫")
        st.stop()
        raise


def _editing() -> bool:
    try:
        return review_enabled()
    except PolicyGraphError as exc:  # a bad setting: say so, stay read-only
        st.error(str(exc), icon="🚫")
        return False


def _flash(key: str, kind: str, text: str) -> None:
    st.session_state[f"{key}-flash"] = (kind, text)


def _show_flash(key: str) -> None:
    kind, text = st.session_state.pop(f"{key}-flash", ("", ""))
    if kind == "error":
        st.error(escape_markdown(text), icon="🚫")
    elif kind == "success":
        st.success(escape_markdown(text), icon="✅")


def _reviewer(t: Text, key: str) -> str | None:
    """The reviewer's name: from the sign-in proxy's header if the operator named one,
    else typed in (checked: non-empty, at most 80 characters, one line)."""
    header = reviewer_header()
    if header:
        name = st.context.headers.get(header, "")
        try:
            name = check_reviewer(name)
        except PolicyGraphError:
            st.warning(escape_markdown(t("review.no_proxy_name")), icon="🔒")
            return None
        st.caption(escape_markdown(t("review.signed_in", name=name)))
        return name
    typed = st.text_input(t("review.name"), key=f"{key}-reviewer", max_chars=MAX_REVIEWER,
                          help=t("review.name_help"))
    if not typed.strip():
        st.info(escape_markdown(t("review.name_needed")), icon="✍️")
        return None
    try:
        return check_reviewer(typed)
    except PolicyGraphError as exc:
        st.error(escape_markdown(str(exc)), icon="🚫")
        return None


def _name_now(key: str) -> str:
    """The reviewer at the moment of a click: the name in the box (the store checks it),
    or the one the sign-in proxy gave on the run that drew the button."""
    if reviewer_header():
        return str(st.session_state.get(f"{key}-reviewer-now", ""))
    return str(st.session_state.get(f"{key}-reviewer", ""))


def _act(key: str, t: Text, what: str, action: Callable[[], object]) -> None:
    """Run one store action from a button; its outcome is shown after the rerun."""
    try:
        action()
    except PolicyGraphError as exc:
        _flash(key, "error", str(exc))
        return
    _flash(key, "success", t("review.recorded", what=what))


def review_view(params: Mapping[str, str], *, key: str) -> dict[str, str]:
    """Pickers, then the tabs of the review of one language version."""
    c = corpus()
    ui = strings()
    tax = c.taxonomy
    policies = sorted(c.policies)
    # The widget's current value wins over the URL's, so the page follows a change at once.
    current = st.session_state.get(f"{key}-labels") or params.get("labels") or "en"
    shown = current if current in tax.languages else "en"
    st.title(ui.get("review.title", shown))
    cols = st.columns(3)
    with cols[2]:
        labels = select(ui.get("review.labels", shown), sorted(tax.languages), key=f"{key}-labels",
                        wanted=params.get("labels"), fallback="en",
                        fmt=lambda code: f"{tax.languages[code].name} ({code})")

    def t(name: str, **values: object) -> str:
        return ui.get(name, labels, **{k: str(v) for k, v in values.items()})

    if not policies:
        st.info(escape_markdown(t("review.none")))
        return {"labels": labels}
    with cols[0]:
        policy = select(t("review.policy"), policies, key=f"{key}-policy",
                        wanted=params.get("policy"),
                        fmt=lambda p: c.policies[p].titles.get(labels) or c.policies[p].titles.get(
                            "en") or next(iter(c.policies[p].titles.values()), p))
    langs = sorted(lg for p, lg in c.versions if p == policy)
    if not langs:
        st.info(escape_markdown(t("review.none")))
        return {"policy": policy, "labels": labels}
    with cols[1]:
        lang = select(t("review.version"), langs, key=f"{key}-lang", wanted=params.get("lang"),
                      fmt=lambda x: f"{tax.languages[x].name} ({x})" if x in tax.languages else x)
    out = {"policy": policy, "lang": lang, "labels": labels}
    version = c.version(policy, lang)
    assert version is not None
    editing = _editing()
    store = _store(read_only=not editing)
    reviewer = _reviewer(t, key) if editing else None
    st.session_state[f"{key}-reviewer-now"] = reviewer or ""
    if not editing:
        st.caption(escape_markdown(t("review.read_only")))
    _show_flash(key)
    states = version_state(version, store.events(policy, lang))
    # Keyed, its choice kept by the server: a rerun (a name typed, a decision recorded)
    # stays on the tab the reviewer is working in.
    tabs = st.tabs([t(f"review.tab_{name}") for name in
                    ("drift", "coverage", "no_basis", "findings", "art13", "clauses", "signoff",
                     "report")], key=f"{key}-tabs", on_change="rerun")
    with tabs[0]:
        _drift(c, policy, labels, t, key)
    with tabs[1]:
        _coverage(c, states, labels, t, key)
    with tabs[2]:
        _no_basis(c, states, labels, t, key)
    with tabs[3]:
        _findings(c, policy, lang, labels, t, key)
    with tabs[4]:
        _art13(c, states, labels, t, key)
    with tabs[5]:
        clause = _clauses(c, version, states, params.get("clause"), labels, t, key,
                          reviewer if editing else None, editing)
        if clause:
            out["clause"] = clause
    with tabs[6]:
        _sign_off(c, version, store, states, t, key, reviewer, editing)
    with tabs[7]:
        _report(c, store, policy, lang, labels, t, key)
    return out


# --- drift, checks, findings ------------------------------------------------------------

def _drift(c: Corpus, policy: str, labels: str, t: Text, key: str) -> None:
    matrix = drift_matrix(c, policy)
    if not matrix.langs:
        st.info(escape_markdown(t("review.drift_single")), icon="ℹ️")
        return
    st.caption(escape_markdown(t("review.drift_intro", ref=matrix.reference)))
    st.markdown(" ".join(f":{LEGEND_COLOURS[s]}-background[{escape_markdown(t(f'review.status.{s}'))}]"
                         for s in STATUS_COLOURS))
    reference = c.version(policy, matrix.reference)
    assert reference is not None
    rows = []
    for row in matrix.rows:
        text = row.clause.text if row.clause else ""
        rows.append({t("review.col.clause"): row.key,
                     t("review.col.text"): text[:80] + ("…" if len(text) > 80 else ""),
                     **{lang: t(f"review.status.{row.cells[lang].status}") if lang in row.cells else ""
                        for lang in matrix.langs}})
    colour = {t(f"review.status.{s}"): c_ for s, c_ in STATUS_COLOURS.items()}
    frame = pd.DataFrame(rows)
    styled = frame.style.map(lambda v: f"background-color: {colour[v]}" if v in colour else "",
                             subset=list(matrix.langs))
    st.dataframe(styled, hide_index=True, key=f"{key}-drift")
    _drift_cell(c, matrix, labels, t, key)


def _drift_cell(c: Corpus, matrix: DriftMatrix, labels: str, t: Text, key: str) -> None:
    """Pick a cell: both clauses side by side, the reference on the left."""
    options = ["", *(f"{r.key}|{lang}" for r in matrix.rows for lang in matrix.langs
                     if lang in r.cells)]

    def fmt(option: str) -> str:
        if not option:
            return t("review.drift_pick")
        row_key, _, lang = option.partition("|")
        cell = matrix.cell(row_key, lang)
        return f"{row_key} × {lang}: {t(f'review.status.{cell.status}') if cell else ''}"

    chosen = st.selectbox(t("review.drift_cell"), options, key=f"{key}-drift-cell", format_func=fmt)
    if not chosen:
        return
    row_key, _, lang = chosen.partition("|")
    cell = matrix.cell(row_key, lang)
    if cell is None:
        return
    fmt_label = _labeller(c, labels)
    titles = (t("review.reference", version=matrix.reference), lang)
    for col, clause, side, title, concepts in zip(
            st.columns(2), matrix.sides(row_key, lang), (matrix.reference, lang), titles,
            (cell.row.concepts_a, cell.row.concepts_b), strict=True):
        with col:
            st.markdown(f"**{escape_markdown(title)}**")
            if clause is None:
                st.markdown(f"*{escape_markdown(t('review.no_clause'))}*")
                continue
            st.caption(escape_markdown(clause.id))
            policy_text(clause.text, [], side, c, quote=True)
            st.caption(escape_markdown(" · ".join(
                fmt_label(i) for k in ("data_category", "purpose", "legal_basis")
                for i in concepts.get(k, []))))
    for diff in cell.differences:
        sides = (f"{matrix.reference}: {', '.join(map(fmt_label, diff.only_a)) or '—'} · "
                 f"{lang}: {', '.join(map(fmt_label, diff.only_b)) or '—'}")
        st.markdown(f"- **{escape_markdown(t(f'review.topic.{diff.kind}'))}**: {escape_markdown(sides)}")


def _labeller(c: Corpus, lang: str) -> Callable[[str], str]:
    return lambda concept: c.taxonomy.label(concept, lang)


def _coverage(c: Corpus, states: Sequence[ClauseState], labels: str, t: Text, key: str) -> None:
    rows = coverage(states)
    empty = sum(r.empty for r in rows)
    st.caption(escape_markdown(t("review.coverage_intro", clauses=len(rows), empty=empty,
                                 open=sum(r.open for r in rows))))
    frame = pd.DataFrame([{
        t("review.col.clause"): r.clause, t("review.col.audience"): c.taxonomy.label(r.audience, labels),
        t("review.col.practices"): r.practices, t("review.col.open"): r.open,
        t("review.col.reading"): t(f"review.source.{r.source}"), t("review.col.text"): r.text,
    } for r in rows])
    flags = [r.empty for r in rows]
    styled = frame.style.apply(lambda row: [EMPTY_ROW if flags[row.name] else ""] * len(row), axis=1)
    st.dataframe(styled, hide_index=True, key=f"{key}-coverage")


def _no_basis(c: Corpus, states: Sequence[ClauseState], labels: str, t: Text, key: str) -> None:
    rows = without_basis(states)
    if not rows:
        st.success(escape_markdown(t("review.no_basis_none")))
        return
    st.caption(escape_markdown(t("review.no_basis_intro", n=len(rows))))
    st.dataframe(pd.DataFrame([{
        t("review.col.clause"): r.clause, t("review.col.data"): c.taxonomy.label(r.data_category, labels),
        t("review.col.purpose"): c.taxonomy.label(r.purpose, labels),
        t("review.col.status"): t(f"review.practice.{r.status}")} for r in rows]),
        hide_index=True, key=f"{key}-no-basis")


def _findings(c: Corpus, policy: str, lang: str, labels: str, t: Text, key: str) -> None:
    found = version_findings(c, policy, lang, labels)
    if not found:
        st.info(escape_markdown(t("review.findings_none")), icon="ℹ️")
        return
    st.caption(escape_markdown(t("review.findings_intro")))
    st.dataframe(pd.DataFrame([{t("review.col.language"): f.lang,
                                **{t(f"review.topic.{topic}"): len(f.findings.get(topic, []))
                                   for topic in FINDING_TOPICS}} for f in found]),
                 hide_index=True, key=f"{key}-findings")
    for f in found:
        st.markdown(f"**{escape_markdown(f.lang)}**")
        lines = [f"- {escape_markdown(t(f'review.topic.{topic}'))}: {escape_markdown(line)}"
                 for topic in FINDING_TOPICS for line in f.findings.get(topic, [])]
        st.markdown("\n".join(lines) or escape_markdown(t("review.findings_same")))


def _art13(c: Corpus, states: Sequence[ClauseState], labels: str, t: Text, key: str) -> None:
    st.caption(escape_markdown(t("review.art13_intro")))
    checks = art13_purposes(states)
    names = {"stated": "review.art13.stated", "partly": "review.art13.partly",
             "global policy": "review.art13.global"}
    frame = pd.DataFrame([{
        t("review.col.purpose"): c.taxonomy.label(p.purpose, labels),
        t("review.col.status"): t(names[p.status]),
        t("review.col.bases"): ", ".join(c.taxonomy.label(b, labels) for b in p.bases) or "—",
        t("review.col.with"): ", ".join(p.stated_in) or "—",
        t("review.col.without"): ", ".join(p.not_stated_in) or "—"} for p in checks])
    flags = [p.status != "stated" for p in checks]
    styled = frame.style.apply(lambda row: [GLOBAL_ROW if flags[row.name] else ""] * len(row), axis=1)
    st.dataframe(styled, hide_index=True, key=f"{key}-art13")


# --- clauses: practices, corrections, comments, the audit trail ----------------------------

def _slug(text: str) -> str:
    """A widget key part: clause ids and practice keys hold dots and slashes."""
    return text.replace(".", "_").replace("/", "--")


def _clauses(c: Corpus, version: PolicyVersion, states: Sequence[ClauseState], wanted: str | None,
             labels: str, t: Text, key: str, reviewer: str | None, editing: bool) -> str:
    by_id = {s.clause.id: s for s in states}
    if not by_id:
        return ""
    clause_id = select(t("review.clause"), list(by_id), key=f"{key}-clause", wanted=wanted,
                       fmt=lambda cid: t("review.clause_option", clause=cid,
                                         n=len(by_id[cid].practices), open=by_id[cid].open_count()))
    state = by_id[clause_id]
    fmt = _labeller(c, labels)
    concepts = state.concepts
    st.caption(escape_markdown(f"{version.policy.id}/{version.lang}/{clause_id} · "
                               f"{t(f'review.source.{state.source}')} · {fmt(concepts.audience.concept)}"))
    spans = [(h.start - state.clause.start, h.end - state.clause.start) for h in concepts.hits
             if state.clause.start <= h.start < state.clause.end]
    policy_text(state.clause.text, spans, version.lang, c, quote=True)
    if state.gloss:
        st.caption(f"EN: {escape_markdown(state.gloss)}")
    st.markdown(" · ".join(f"**{escape_markdown(t(f'review.kind.{k}'))}**: "
                           f"{escape_markdown(', '.join(map(fmt, concepts.ids(k))))}"
                           for k in KINDS if concepts.ids(k)))
    if state.stale:
        st.warning(escape_markdown(t("review.stale", n=state.stale)), icon="🕰️")
    if not state.practices:
        st.info(escape_markdown(t("review.no_practice")), icon="ℹ️")
    slug = _slug(clause_id)
    for practice in state.practices:
        cols = st.columns([6, 3, 1, 1] if editing else [6, 3])
        cols[0].markdown(escape_markdown(" → ".join(
            fmt(x) for x in (practice.data_category, practice.purpose, practice.legal_basis))))
        status = t(f"review.practice.{practice.status}")
        if practice.reviewer and practice.at:
            status = t("review.by", status=status, who=practice.reviewer,
                       when=practice.at[:16].replace("T", " "))
        cols[1].caption(escape_markdown(status))
        if not editing:
            continue
        what = f"{clause_id} {practice.key}"
        for col, name, run in ((cols[2], "accept", "accept"), (cols[3], "reject", "reject")):
            col.button(t(f"review.{name}"), key=f"{key}-{name}-{slug}-{_slug(practice.key)}",
                       disabled=reviewer is None or practice.status == ("accepted" if run == "accept"
                                                                         else "rejected"),
                       on_click=_act, args=(key, t, f"{name} {what}", _store_action(
                           c, version, run, clause_id, practice.key, key)))
    if editing:
        _correction(c, version, state, labels, t, key, reviewer)
        _notes(c, version, state, t, key, reviewer)
    _trail(c, state, labels, t, key)
    return clause_id


def _store_action(c: Corpus, version: PolicyVersion, action: str, clause: str, practice: str,
                  key: str) -> Callable[[], object]:
    """Accept or reject, under the name in the box at the moment of the click."""
    def run() -> object:
        name = _name_now(key)
        store = _store(read_only=False)
        method = store.accept if action == "accept" else store.reject
        return method(c, version.policy.id, version.lang, clause, practice, reviewer=name)
    return run


def _correction(c: Corpus, version: PolicyVersion, state: ClauseState, labels: str, t: Text,
                key: str, reviewer: str | None) -> None:
    """Add a concept, or put one in the place of another of its kind, with its quote."""
    slug = _slug(state.clause.id)
    fmt = _labeller(c, labels)
    with st.container(border=True):
        st.markdown(f"**{escape_markdown(t('review.correct'))}**")
        cols = st.columns(3)
        kind: ConceptKind = cols[0].selectbox(t("review.kind"), KINDS, key=f"{key}-fix-kind-{slug}",
                                              format_func=lambda k: t(f"review.kind.{k}"))
        options = sorted((x.id for x in c.taxonomy.of_kind(kind) if x.id != PURPOSE_NOT_STATED),
                         key=fmt)
        concept = cols[1].selectbox(t("review.concept"), options, key=f"{key}-fix-concept-{slug}",
                                    format_func=fmt)
        replaceable = [] if kind == "audience" else [
            x for x in state.concepts.ids(kind) if x not in (NOT_STATED, PURPOSE_NOT_STATED)]
        cols[2].selectbox(t("review.replaces"), ["", *replaceable], key=f"{key}-fix-replaces-{slug}",
                          format_func=lambda x: fmt(x) if x else t("review.replaces_none"),
                          disabled=kind == "audience")
        st.text_input(t("review.quote"), key=f"{key}-fix-quote-{slug}", help=t("review.quote_help"),
                      disabled=concept == NOT_STATED)

        def record() -> object:
            # What the boxes hold at the moment of the click.
            chosen = {name: st.session_state.get(f"{key}-fix-{name}-{slug}") or ""
                      for name in ("kind", "concept", "replaces", "quote")}
            done = _store(read_only=False).correct(
                c, version.policy.id, version.lang, state.clause.id, chosen["kind"], chosen["concept"],
                chosen["quote"], reviewer=_name_now(key), replaces=chosen["replaces"] or None)
            st.session_state[f"{key}-fix-quote-{slug}"] = ""
            return done

        st.button(t("review.record_correction"), key=f"{key}-fix-{slug}", disabled=reviewer is None,
                  type="primary", on_click=_act,
                  args=(key, t, f"{state.clause.id} {kind} {concept}", record))


def _notes(c: Corpus, version: PolicyVersion, state: ClauseState, t: Text, key: str,
           reviewer: str | None) -> None:
    """The English gloss and comments."""
    slug = _slug(state.clause.id)
    cols = st.columns(2)
    for col, field, button, store_call in (
            (cols[0], "gloss", "save_gloss", "set_gloss"), (cols[1], "comment", "add_comment", "comment")):
        with col:
            box = f"{key}-{field}-{slug}"
            if field == "gloss":
                st.text_area(t("review.gloss"), key=box, height=80)
            else:
                st.text_area(t("review.comment"), key=box, height=80)

            def record(box: str = box, store_call: str = store_call) -> object:
                method = getattr(_store(read_only=False), store_call)
                done = method(c, version.policy.id, version.lang, state.clause.id,
                              st.session_state.get(box, ""), reviewer=_name_now(key))
                st.session_state[box] = ""
                return done

            st.button(t(f"review.{button}"), key=f"{key}-{field}-add-{slug}", disabled=reviewer is None,
                      on_click=_act, args=(key, t, f"{state.clause.id} {field}", record))


def _trail(c: Corpus, state: ClauseState, labels: str, t: Text, key: str) -> None:
    with st.expander(t("review.trail", n=len(state.events)), expanded=bool(state.events)):
        if not state.events:
            st.caption(escape_markdown(t("review.trail_empty")))
            return
        # A list, oldest first: who, when, what (all escaped: names and quotes are data).
        st.markdown("\n".join(
            f"{i}. {escape_markdown(e.at)} · **{escape_markdown(e.reviewer)}** · "
            f"{escape_markdown(t(f'review.action.{e.action}'))}: {escape_markdown(_what(c, e, labels))}"
            for i, e in enumerate(state.events, 1)))


def _what(c: Corpus, event: Event, labels: str) -> str:
    fmt = _labeller(c, labels)
    if event.practice:
        return " → ".join(fmt(x) for x in event.practice.split("/"))
    if event.action in ("correct", "reject"):
        text = fmt(event.concept or "")
        if event.replaces:
            text = f"{fmt(event.replaces)} → {text}"
        return text + (f" — “{event.quote}”" if event.quote else "")
    return event.note or ""


# --- sign-off and the report ----------------------------------------------------------------

def _sign_off(c: Corpus, version: PolicyVersion, store: ReviewStore, states: Sequence[ClauseState],
              t: Text, key: str, reviewer: str | None, editing: bool) -> None:
    done = store.sign_offs(version.policy.id, version.lang)
    open_count = sum(s.open_count() for s in states)
    total = sum(len(s.practices) for s in states)
    st.caption(escape_markdown(t("review.open_count", open=open_count, total=total)))
    if done:
        st.markdown("\n".join(f"- {escape_markdown(s.at)} · **{escape_markdown(s.reviewer)}**"
                               + (f": {escape_markdown(s.note)}" if s.note else "") for s in done))
    else:
        st.caption(escape_markdown(t("review.signoffs_none")))
    if not editing:
        return
    st.text_input(t("review.signoff_note"), key=f"{key}-signoff-note", max_chars=500)

    def record() -> object:
        done = _store(read_only=False).sign_off(
            c, version.policy.id, version.lang, reviewer=_name_now(key),
            note=st.session_state.get(f"{key}-signoff-note", ""))
        st.session_state[f"{key}-signoff-note"] = ""
        return done

    st.button(t("review.signoff"), key=f"{key}-signoff", type="primary", disabled=reviewer is None,
              on_click=_act, args=(key, t, t("review.signoff"), record))


def _report(c: Corpus, store: ReviewStore, policy: str, lang: str, labels: str, t: Text,
            key: str) -> None:
    report = build_report(c, store, policy, lang, labels)
    name = f"review-{policy}-{lang}"
    cols = st.columns(3)
    cols[0].download_button(t("review.report_md"), report_markdown(report), file_name=f"{name}.md",
                            mime="text/markdown", key=f"{key}-report-md")
    cols[1].download_button(t("review.report_csv"), report_csv(report), file_name=f"{name}.csv",
                            mime="text/csv", key=f"{key}-report-csv")
    try:
        exported = export_review(c, store, policy, lang)
    except PolicyGraphError:
        cols[2].caption(escape_markdown(t("review.export_none")))
        return
    cols[2].download_button(t("review.review_yaml"), exported, file_name=f"{lang}.review.yaml",
                            mime="application/x-yaml", key=f"{key}-report-yaml")
