"""Add a policy version: upload or paste, check the preview, then save."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import streamlit as st

from policy_graph.add import ADD_ENV, Preview, adding_enabled, prepare, save
from policy_graph.errors import PolicyGraphError
from policy_graph.markup import escape_markdown, escape_message
from policy_graph.sources import MAX_POLICY_BYTES
from ui.common import corpus, data_dir, show_load_errors, tr, tr_md, ui_lang

# Option values stay English (links, tests and widget state survive a change of
# interface language); what the reader sees is translated by format_func.
NEW = "＋ New policy…"
DETECT = ""
SOURCES = {"Upload a file": "add.upload", "Paste text": "add.paste"}

st.title(tr("add.title"))
c = corpus()
show_load_errors(c)
lang_ui = ui_lang()
if not adding_enabled():
    st.info(tr_md("add.off", setting=f"`{ADD_ENV}=off`"), icon="🔒")
    st.stop()

st.caption(tr_md("add.intro"))
# Words are looked up now: a format_func may be called outside the script run.
source_labels = {s: tr(key) for s, key in SOURCES.items()}
new_label, detect_label = f"＋ {tr('add.new_policy')}", tr("add.detect")
source = st.radio(tr("add.source"), list(SOURCES), horizontal=True, key="add-source",
                  format_func=source_labels.__getitem__)
raw: bytes | None = None
name = "pasted.txt"
if source == "Upload a file":
    upload = st.file_uploader(tr("add.file"), type=["txt", "md", "html", "htm"], key="add-file",
                              help=tr("add.file_help", mb=MAX_POLICY_BYTES // 1_000_000))
    if upload is not None:
        raw, name = upload.getvalue(), upload.name
else:
    pasted = st.text_area(tr("add.text"), height=220, key="add-text",
                          max_chars=MAX_POLICY_BYTES // 4)
    if pasted.strip():
        raw = pasted.encode("utf-8")

policies = sorted(c.policies)


def policy_title(policy_id: str) -> str:
    """The policy's title in the interface language, else English, else any."""
    titles = c.policies[policy_id].titles
    return titles.get(lang_ui) or titles.get("en") or next(iter(titles.values()), policy_id)


left, right = st.columns(2)
with left:
    chosen = st.selectbox(tr("common.policy"), [*policies, NEW], key="add-policy",
                          format_func=lambda p: new_label if p == NEW else
                          f"{policy_title(p)} ({p})")
    policy = st.text_input(tr("add.new_id"), key="add-new-id",
                           placeholder=tr("add.example", example="wework-labs")) \
        if chosen == NEW else chosen
with right:
    langs = sorted(c.taxonomy.language_files)
    lang = st.selectbox(tr("add.language"), [DETECT, *langs], key="add-lang",
                        format_func=lambda code: detect_label if code == DETECT else
                        f"{c.taxonomy.language_files[code].profile.name} ({code})")
    region = st.text_input(tr("add.region"), key="add-region",
                           placeholder=tr("add.example", example="fr-CA"), help=tr("add.region_help"))
title = st.text_input(tr("add.title_field"), key="add-title", help=tr("add.title_help"))
products: list[str] = []
date: dt.date | None = None
if chosen == NEW:
    products = st.multiselect(tr("add.products"), [p.id for p in c.taxonomy.of_kind("product")],
                              key="add-products", help=tr("add.products_help"))
    date = st.date_input(tr("add.date"), value=None, key="add-date", help=tr("add.date_help"))

if st.button(tr("add.preview"), type="primary", key="add-preview",
             disabled=raw is None or not policy):
    assert raw is not None
    try:
        st.session_state["add-result"] = prepare(
            c, raw, name, policy, lang=region.strip() or lang or None, title=title.strip() or None,
            date=date, products=products or None)
    except PolicyGraphError as exc:
        st.session_state.pop("add-result", None)
        st.error(escape_message(str(exc)), icon="🚫")  # holds the file name and inputs

preview: Preview | None = st.session_state.get("add-result")
if preview is not None:
    doc = preview.version.doc
    st.subheader(tr_md("add.preview_of", version=escape_message(f"{preview.policy}/{preview.lang}")))
    detected = ", ".join(f"{code} {share:.0%}" for code, share in preview.detection.candidates)
    st.caption(tr_md("add.stored_as", file=escape_markdown(preview.file_name),
                     detected=escape_markdown(detected))
               + (f" · {tr_md('add.new_policy_note')}" if preview.new_policy else ""))
    for note in preview.notes:
        st.warning(note, icon="⚠️")
    sources = Counter(p.source for p in preview.practices)
    cols = st.columns(4)
    cols[0].metric(tr("add.sections"), len(doc.sections))
    cols[1].metric(tr("add.clauses"), len(doc.clauses))
    cols[2].metric(tr("add.practices"), len(preview.practices))
    cols[3].metric(tr("add.date"), doc.effective_date.isoformat() if doc.effective_date else "—")
    if sources:
        st.caption(escape_markdown(" · ".join(f"{n} {tr(f'review.source.{s}')}"
                                              for s, n in sorted(sources.items()))))
    tax = c.taxonomy
    st.dataframe(pd.DataFrame([
        {tr("review.col.clause"): cl.id,
         tr("review.col.audience"): tax.label(doc.section_of(cl).audience, lang_ui),
         tr("review.col.text"): cl.text[:160]} for cl in doc.clauses]), hide_index=True, width="stretch")
    if preview.practices:
        st.dataframe(pd.DataFrame([
            {tr("review.col.clause"): p.clause_id,
             tr("common.kind.data_category"): tax.label(p.data_category, lang_ui),
             tr("common.kind.purpose"): tax.label(p.purpose, lang_ui),
             tr("common.kind.legal_basis"): tax.label(p.legal_basis, lang_ui),
             tr("add.col.source"): tr(f"review.source.{p.source}"),
             tr("add.col.confidence"): p.confidence} for p in preview.practices]),
            hide_index=True, width="stretch")
    if preview.comparison is not None:
        cmp = preview.comparison
        st.markdown(f"**{tr_md('add.compared', lang=escape_markdown(cmp.lang_a))}** "
                    + tr_md("add.compared_counts", aligned=str(cmp.aligned),
                            differing=str(cmp.differing), missing=str(cmp.missing)))
        findings = cmp.findings()
        for topic, row, diff in findings[:12]:
            detail = f"{diff.only_a} / {diff.only_b}" if diff else tr("add.no_counterpart")
            st.caption(f"{escape_markdown(topic)} · {escape_markdown(row.ref)} · {escape_markdown(detail)}")
    replace = False
    if preview.exists:
        replace = st.checkbox(tr("add.replace", lang=preview.lang), key="add-replace")
    if st.button(tr("add.save"), key="add-save", disabled=preview.exists and not replace):
        try:
            written = save(data_dir(), preview, replace=replace)
        except (PolicyGraphError, OSError) as exc:
            st.error(tr_md("add.not_saved", error=escape_message(str(exc))), icon="🚫")
        else:
            st.session_state.pop("add-result", None)
            st.success(tr_md("add.saved", file=escape_message(written.name),
                             policy=escape_message(preview.policy)), icon="✅")
            st.page_link("ui/pages/explore.py", label=tr("add.open_explore"),
                         query_params={"policy": preview.policy, "lang": preview.lang})
            st.page_link("ui/pages/compare.py", label=tr("add.compare_it"),
                         query_params={"mode": "versions", "policy": preview.policy,
                                       "b": preview.lang})
