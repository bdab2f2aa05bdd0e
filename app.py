"""Policy Graph: the Streamlit entry point. Navigation only; no logic here.

``POLICY_GRAPH_MODE=member`` serves the "What do you use about me?" page alone
(read-only, no notebook database); the default, staff, serves every page."""

import streamlit as st

from policy_graph.errors import PolicyGraphError
from policy_graph.settings import app_mode
from ui.common import interface_language_picker, tr

st.set_page_config(page_title="Policy Graph", page_icon="🕸️", layout="wide")
try:
    member = app_mode() == "member"
except PolicyGraphError as exc:
    st.error(str(exc), icon="🚫")
    st.stop()
if member:
    pages = [st.Page("ui/pages/about_me.py", title="What do you use about me?", icon="🙋",
                     default=True)]
else:
    # The staff pages' interface language (the member page has its own picker).
    interface_language_picker()
    pages = [
        st.Page("ui/pages/notebook.py", title=tr("nav.notebook"), icon="📓", default=True),
        st.Page("ui/pages/explore.py", title=tr("nav.explore"), icon="🕸️", url_path="explore"),
        st.Page("ui/pages/about_me.py", title=tr("about.title"), icon="🙋",
                url_path="about-me"),
        st.Page("ui/pages/compare.py", title=tr("nav.compare"), icon="⚖️", url_path="compare"),
        st.Page("ui/pages/review.py", title=tr("nav.review"), icon="🧑‍⚖️", url_path="review"),
        st.Page("ui/pages/search.py", title=tr("nav.search"), icon="🔎", url_path="search"),
        st.Page("ui/pages/ask.py", title=tr("nav.ask"), icon="💬", url_path="ask"),
        st.Page("ui/pages/add.py", title=tr("nav.add"), icon="➕", url_path="add"),
    ]
st.navigation(pages, position="hidden" if member else "sidebar").run()
