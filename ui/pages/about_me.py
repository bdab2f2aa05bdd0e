"""What do you use about me: cards per data category for a product and a role.

In member mode the page is the whole app: no notebook, and everything, the tab
title and the document's language included, follows the reader's language."""

import streamlit as st

from policy_graph.params import read_params
from policy_graph.settings import app_mode
from ui.common import add_to_notebook, corpus, set_document_language, show_load_errors, strings, sync_url
from ui.views import ABOUT_PARAMS, about_me_view

member = app_mode() == "member"
if not member:
    show_load_errors(corpus())
params = about_me_view(read_params(st.query_params.to_dict(), ABOUT_PARAMS), key="about")
lang = params.get("lang", "en")
st.set_page_config(page_title=strings().get("about.title", lang))
set_document_language(lang)
sync_url(params)
if not member:
    add_to_notebook("about_me", params, key="about")
