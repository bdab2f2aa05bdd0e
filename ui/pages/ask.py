"""Ask the policies."""

import streamlit as st

from policy_graph.params import read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url
from ui.views import QUESTION_PARAMS, question_view

st.title("Ask the policies")
show_load_errors(corpus())
params = question_view(read_params(st.query_params.to_dict(), QUESTION_PARAMS), key="ask")
sync_url(params)
add_to_notebook("question", params, key="ask")
