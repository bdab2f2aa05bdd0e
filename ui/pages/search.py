"""Search the policies."""

import streamlit as st

from policy_graph.params import read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url
from ui.views import SEARCH_PARAMS, search_view

st.title("Search the policies")
show_load_errors(corpus())
params = search_view(read_params(st.query_params.to_dict(), SEARCH_PARAMS), key="search")
sync_url(params)
add_to_notebook("search", params, key="search")
