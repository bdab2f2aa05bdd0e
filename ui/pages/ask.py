"""Ask the policies."""

import streamlit as st

from policy_graph.params import MAX_PARAM_CHARS, read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url, tr, tr_md
from ui.views import QUESTION_PARAMS, question_view

st.title(tr("ask.title"))
show_load_errors(corpus())
raw = st.query_params.to_dict()
if len(raw.get("q", "")) > MAX_PARAM_CHARS:
    # The same limit as the question box, so any question typed there survives a reload.
    st.caption("⚠️ " + tr_md("ask.link_too_long", n=f"{len(raw['q']):,}",
                             max=str(MAX_PARAM_CHARS)))
params = question_view(read_params(raw, QUESTION_PARAMS), key="ask")
sync_url(params)
add_to_notebook("question", params, key="ask")
