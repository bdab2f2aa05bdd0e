"""Policy Graph: the Streamlit entry point. Navigation only; no logic here."""

import streamlit as st

st.set_page_config(page_title="Policy Graph", page_icon="🕸️", layout="wide")
pages = [
    st.Page("ui/pages/explore.py", title="Explore", icon="🕸️", url_path="explore", default=True),
    st.Page("ui/pages/about_me.py", title="What do you use about me?", icon="🙋",
            url_path="about-me"),
]
st.navigation(pages).run()
