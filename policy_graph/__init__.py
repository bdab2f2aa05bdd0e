"""Policy Graph: multilingual privacy policies as a graph of practices.

The library never imports streamlit; the app pages and the CLI call into it.
"""

__version__ = "0.1.0"
