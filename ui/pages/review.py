"""Legal review of one language version: drift matrix, coverage, legal bases,
findings against the other languages, Art. 13(1)(c), per-clause decisions with an
audit trail, sign-off and the report. Recording is off unless the operator sets
``POLICY_GRAPH_REVIEW=on``."""

import streamlit as st

from policy_graph.params import read_params
from ui.common import corpus, show_load_errors, sync_url
from ui.review_view import REVIEW_PARAMS, review_view

show_load_errors(corpus())
params = review_view(read_params(st.query_params.to_dict(), REVIEW_PARAMS), key="review")
sync_url(params)
