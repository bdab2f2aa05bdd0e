"""Compare language versions, policies, products and audiences."""

import streamlit as st

from policy_graph.params import read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url, tr
from ui.views import COMPARE_PARAMS, compare_view

st.title(tr("compare.title"))
show_load_errors(corpus())
params = compare_view(read_params(st.query_params.to_dict(), COMPARE_PARAMS), key="compare")
sync_url(params)
add_to_notebook("compare", params, key="compare")
