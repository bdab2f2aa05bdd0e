"""Policy Graph: the Streamlit entry point. Navigation only; no logic here."""

import streamlit as st

st.set_page_config(page_title="Policy Graph", page_icon="🕸️", layout="wide")
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
st.navigation(pages).run()
