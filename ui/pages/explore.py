"""Explore: the graph with filters, the clauses behind it, and the practice table."""

import streamlit as st

from policy_graph.params import read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url, tr, tr_md
from ui.views import EXPLORE_PARAMS, explore_view

st.title(tr("explore.title"))
st.caption(tr_md("explore.intro"))
show_load_errors(corpus())
params = explore_view(read_params(st.query_params.to_dict(), EXPLORE_PARAMS), key="explore")
sync_url(params)
add_to_notebook("graph", params, key="explore")
