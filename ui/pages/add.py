"""Add a policy version: upload or paste, check the preview, then save."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pandas as pd
import streamlit as st

from policy_graph.add import ADD_ENV, Preview, adding_enabled, prepare, save
from policy_graph.errors import PolicyGraphError
from policy_graph.markup import escape_markdown
from policy_graph.sources import MAX_POLICY_BYTES
from ui.common import corpus, data_dir, show_load_errors

NEW = "＋ New policy…"
DETECT = ""

st.title("Add a policy version")
c = corpus()
show_load_errors(c)
if not adding_enabled():
    st.info(f"Adding policies is turned off on this server ({ADD_ENV}=off): the corpus is read-only.",
            icon="🔒")
    st.stop()

st.caption("Upload a saved policy page (.txt, .md or .html) or paste its text. You see what "
           "Policy Graph reads from it, and how it compares with the versions already held, "
           "before anything is saved.")
source = st.radio("Source", ["Upload a file", "Paste text"], horizontal=True, key="add-source")
raw: bytes | None = None
name = "pasted.txt"
if source == "Upload a file":
    upload = st.file_uploader("Policy file", type=["txt", "md", "html", "htm"], key="add-file",
                              help=f"UTF-8 text, at most {MAX_POLICY_BYTES // 1_000_000} MB")
    if upload is not None:
        raw, name = upload.getvalue(), upload.name
else:
    pasted = st.text_area("Policy text", height=220, key="add-text",
                          max_chars=MAX_POLICY_BYTES // 4)
    if pasted.strip():
        raw = pasted.encode("utf-8")

policies = sorted(c.policies)
left, right = st.columns(2)
with left:
    chosen = st.selectbox("Policy", [*policies, NEW], key="add-policy",
                          format_func=lambda p: p if p == NEW else
                          f"{c.policies[p].titles.get('en') or next(iter(c.policies[p].titles.values()))}"
                          f" ({p})")
    policy = st.text_input("New policy id", key="add-new-id", placeholder="e.g. wework-labs") \
        if chosen == NEW else chosen
with right:
    langs = sorted(c.taxonomy.language_files)
    lang = st.selectbox("Language", [DETECT, *langs], key="add-lang",
                        format_func=lambda code: "Detect from the text" if code == DETECT else
                        f"{c.taxonomy.language_files[code].profile.name} ({code})")
    region = st.text_input("Regional tag (optional)", key="add-region", placeholder="e.g. fr-CA",
                           help="Store the version under a regional BCP-47 tag such as fr-CA or pt-BR.")
title = st.text_input("Title in this language", key="add-title",
                      help="Required for a new policy; added to the policy's titles otherwise.")
products: list[str] = []
date: dt.date | None = None
if chosen == NEW:
    products = st.multiselect("Products it covers", [p.id for p in c.taxonomy.of_kind("product")],
                              key="add-products", help="Leave empty to take those the text names.")
    date = st.date_input("Effective date", value=None, key="add-date",
                         help="Leave empty to take the date the text states.")

if st.button("Preview", type="primary", key="add-preview", disabled=raw is None or not policy):
    assert raw is not None
    try:
        st.session_state["add-result"] = prepare(
            c, raw, name, policy, lang=region.strip() or lang or None, title=title.strip() or None,
            date=date, products=products or None)
    except PolicyGraphError as exc:
        st.session_state.pop("add-result", None)
        st.error(str(exc), icon="🚫")

preview: Preview | None = st.session_state.get("add-result")
if preview is not None:
    doc = preview.version.doc
    st.subheader(f"Preview: {preview.policy}/{preview.lang}")
    detected = ", ".join(f"{code} {share:.0%}" for code, share in preview.detection.candidates)
    st.caption(f"Stored as {escape_markdown(preview.file_name)} · detected: {escape_markdown(detected)}"
               + (" · new policy" if preview.new_policy else ""))
    for note in preview.notes:
        st.warning(note, icon="⚠️")
    sources = Counter(p.source for p in preview.practices)
    cols = st.columns(4)
    cols[0].metric("Sections", len(doc.sections))
    cols[1].metric("Clauses", len(doc.clauses))
    cols[2].metric("Practices", len(preview.practices))
    cols[3].metric("Effective date", doc.effective_date.isoformat() if doc.effective_date else "—")
    if sources:
        st.caption(" · ".join(f"{n} {s}" for s, n in sorted(sources.items())))
    tax = c.taxonomy
    st.dataframe(pd.DataFrame([
        {"clause": cl.id, "audience": tax.label(doc.section_of(cl).audience, "en"),
         "text": cl.text[:160]} for cl in doc.clauses]), hide_index=True, width="stretch")
    if preview.practices:
        st.dataframe(pd.DataFrame([
            {"clause": p.clause_id, "data": tax.label(p.data_category, "en"),
             "purpose": tax.label(p.purpose, "en"), "legal basis": tax.label(p.legal_basis, "en"),
             "source": p.source, "confidence": p.confidence} for p in preview.practices]),
            hide_index=True, width="stretch")
    if preview.comparison is not None:
        cmp = preview.comparison
        st.markdown(f"**Compared with the {escape_markdown(cmp.lang_a)} version:** "
                    f"{cmp.aligned} aligned, {cmp.differing} differing, {cmp.missing} missing")
        findings = cmp.findings()
        for topic, row, diff in findings[:12]:
            detail = f"{diff.only_a} / {diff.only_b}" if diff else "no counterpart"
            st.caption(f"{escape_markdown(topic)} · {escape_markdown(row.ref)} · {escape_markdown(detail)}")
    replace = False
    if preview.exists:
        replace = st.checkbox(f"Replace the {preview.lang} version already held", key="add-replace")
    if st.button("Save", key="add-save", disabled=preview.exists and not replace):
        try:
            written = save(data_dir(), preview, replace=replace)
        except (PolicyGraphError, OSError) as exc:
            st.error(f"Not saved: {exc}", icon="🚫")
        else:
            st.session_state.pop("add-result", None)
            st.success(f"Saved {written.name} in {preview.policy}. Every page shows it now.", icon="✅")
            st.page_link("ui/pages/explore.py", label="Open it in Explore",
                         query_params={"policy": preview.policy, "lang": preview.lang})
            st.page_link("ui/pages/compare.py", label="Compare it",
                         query_params={"mode": "versions", "policy": preview.policy,
                                       "b": preview.lang})
