"""Search the policies."""

import streamlit as st

from policy_graph.params import MAX_PARAM_CHARS, read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url, tr, tr_md
from ui.views import SEARCH_PARAMS, search_view

st.title(tr("search.title"))
show_load_errors(corpus())
raw = st.query_params.to_dict()
if len(raw.get("q", "")) > MAX_PARAM_CHARS:
    # The same limit as the search box, so any query typed there survives a reload.
    st.caption("⚠️ " + tr_md("search.link_too_long", n=f"{len(raw['q']):,}",
                             max=str(MAX_PARAM_CHARS)))
params = search_view(read_params(raw, SEARCH_PARAMS), key="search")
sync_url(params)
add_to_notebook("search", params, key="search")
