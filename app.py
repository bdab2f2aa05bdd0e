"""Policy Graph: the Streamlit entry point. Navigation only; no logic here.

``POLICY_GRAPH_MODE=member`` serves the "What do you use about me?" page alone
(read-only, no notebook database); the default, staff, serves every page."""

import streamlit as st

from policy_graph.errors import PolicyGraphError
from policy_graph.settings import app_mode

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
    pages = [
        st.Page("ui/pages/notebook.py", title="Notebook", icon="📓", default=True),
        st.Page("ui/pages/explore.py", title="Explore", icon="🕸️", url_path="explore"),
        st.Page("ui/pages/about_me.py", title="What do you use about me?", icon="🙋",
                url_path="about-me"),
        st.Page("ui/pages/compare.py", title="Compare", icon="⚖️", url_path="compare"),
        st.Page("ui/pages/search.py", title="Search", icon="🔎", url_path="search"),
        st.Page("ui/pages/ask.py", title="Ask", icon="💬", url_path="ask"),
        st.Page("ui/pages/add.py", title="Add a policy", icon="➕", url_path="add"),
    ]
st.navigation(pages, position="hidden" if member else "sidebar").run()
