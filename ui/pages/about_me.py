"""What do you use about me: cards per data category for a product and a role."""

import streamlit as st

from policy_graph.params import read_params
from ui.common import add_to_notebook, corpus, show_load_errors, sync_url
from ui.views import ABOUT_PARAMS, about_me_view

show_load_errors(corpus())
params = about_me_view(read_params(st.query_params.to_dict(), ABOUT_PARAMS), key="about")
sync_url(params)
add_to_notebook("about_me", params, key="about")
