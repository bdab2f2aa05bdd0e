"""Shared Streamlit plumbing: the cached corpus, load errors, clause cards, URL sync.

Thin by design: everything here calls the library and draws the result.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping, Sequence
from pathlib import Path

import networkx as nx
import streamlit as st

from policy_graph.cache import stat_signature
from policy_graph.corpus import Corpus, data_fingerprint, load_corpus
from policy_graph.errors import PolicyGraphError
from policy_graph.graph import build_graph
from policy_graph.markup import escape_html, escape_markdown, highlight_html, highlight_markdown
from policy_graph.models import Practice
from policy_graph.notebook import MAX_NAME, CellType, Notebook, check_name
from policy_graph.params import pick
from policy_graph.query import ClauseCard
from policy_graph.store import NotebookStore, db_url_from_env
from policy_graph.taxonomy import DEFAULT_DATA_DIR
from policy_graph.ui_text import UiStrings, ui_strings

ALL = "__all__"


def data_dir() -> Path:
    """The data directory: ``POLICY_GRAPH_DATA`` or the shipped ``data/``."""
    return Path(os.environ.get("POLICY_GRAPH_DATA", str(DEFAULT_DATA_DIR)))


@st.cache_resource(max_entries=64)
def _fingerprint(signature: str, path: str) -> str:
    # Hashing every file's bytes on every rerun costs ~0.1 s at 1,000 versions; the
    # content hash is kept until a file's size, time or name changes.
    return data_fingerprint(Path(path))


@st.cache_resource(show_spinner="Loading the policies…", max_entries=4)
def _corpus(fingerprint: str, path: str) -> Corpus:
    # Keyed by the data files' hash: an edited file reloads, an unchanged one never does.
    corpus = load_corpus(Path(path))
    # The corpus is read-only from here on: keep its objects out of the cyclic
    # collector's passes, which otherwise walk every practice on each full collection.
    gc.freeze()
    return corpus


def corpus() -> Corpus:
    """The corpus for the current data files (shared, read-only).  Without a
    readable taxonomy nothing can be shown: say which file and stop the page."""
    path = data_dir()
    try:
        return _corpus(data_fingerprint(path), str(path))
    except PolicyGraphError as exc:
        st.error(f"The policies cannot be loaded: {exc}", icon="🚫")
        st.stop()
        raise  # st.stop() does not return; this line keeps type checkers informed


@st.cache_resource(max_entries=16)
def _graph(fingerprint: str, practice_ids: tuple[str, ...], lang: str,
           _c: Corpus) -> nx.DiGraph:
    # Keyed by the corpus fingerprint and the practice ids; the corpus itself is not hashed.
    chosen = [p for i in practice_ids if (p := _c.practice(i)) is not None]
    return build_graph(chosen, _c.taxonomy, lang)


def graph_for(c: Corpus, practices: Sequence[Practice], lang: str) -> nx.DiGraph:
    """The (cached, read-only) graph of some practices with labels in ``lang``."""
    return _graph(c.fingerprint, tuple(p.id for p in practices), lang, c)


def strings() -> UiStrings:
    """Interface strings from the language files (a bad one is among the load
    errors; its strings fall back to English)."""
    c = corpus()
    cached = c.cache.get("ui_strings")
    if not isinstance(cached, UiStrings):
        cached = c.cache["ui_strings"] = ui_strings(c.taxonomy)
    return cached


def set_document_language(lang: str) -> None:
    """Set ``<html lang>`` of the page to a language that has a file (screen readers,
    fonts and hyphenation follow it). The code comes from the language files, never
    from the reader, so the one-line script cannot carry anything else."""
    if lang not in corpus().taxonomy.languages:
        return
    st.iframe(f"<script>window.parent.document.documentElement.lang = {lang!r};</script>",
              height=1)


def show_load_errors(c: Corpus) -> None:
    """Name every bad data file once; the rest of the app keeps working."""
    if c.errors:
        with st.expander(f"⚠️ {len(c.errors)} data file(s) could not be loaded", expanded=True):
            for error in c.errors:
                st.error(str(error), icon="🚫")


def labeller(c: Corpus, lang: str) -> Callable[[str | None], str]:
    """A ``format_func`` that shows concept labels (and 'All' for ALL)."""
    def fmt(value: str | None) -> str:
        if value in (None, ALL):
            return "All"
        return c.taxonomy.label(value, lang) if value in c.taxonomy.concepts else str(value)
    return fmt


def select(label: str, options: Sequence[str], *, key: str, wanted: str | None,
           fallback: str | None = None, fmt: Callable[[str], str] | None = None,
           help: str | None = None, radio: bool = False,
           ignored: Callable[[str], str] | None = None) -> str:
    """A selectbox (or, with ``radio``, a list whose long labels wrap on a phone) that
    starts on ``wanted`` (a raw URL value) when it is one of ``options``, else on
    ``fallback`` (or the first option), noting an ignored value."""
    default, warning = pick(wanted, options, fallback)
    # Once the reader has used the widget, its value is theirs: a URL value that no
    # longer fits (a role the new product does not have) is not a link to warn about.
    if warning and key not in st.session_state:
        # ``ignored`` phrases the note in the reader's language (the member page).
        note = ignored(wanted or "") if ignored else f"link parameter {warning}"
        st.caption(f"⚠️ {escape_markdown(label)}: {escape_markdown(note)}")
    index = options.index(default) if default in options else 0
    if radio:
        chosen: str = st.radio(label, options, index=index, key=key, format_func=fmt or str, help=help)
        return chosen
    value: str = st.selectbox(label, options, index=index, key=key,
                              format_func=fmt or str, help=help)
    return value


def policy_text(text: str, highlights: Sequence[tuple[int, int]], lang: str, c: Corpus,
                *, quote: bool = False) -> None:
    """Show policy text with highlights.  Right-to-left languages (Hebrew, Arabic)
    get a ``dir="rtl"`` block so punctuation and numbers sit where readers expect;
    the text is escaped either way (``st.html`` also sanitises)."""
    profile = c.taxonomy.languages.get(lang)
    if profile is not None and profile.direction == "rtl":
        style = "border-inline-start:3px solid #ccc;padding-inline-start:.75rem;" if quote else ""
        st.html(f'<div dir="rtl" lang="{escape_html(lang)}" style="{style}">'
                f"{highlight_html(text, highlights)}</div>")
    else:
        st.markdown(("> " if quote else "") + highlight_markdown(text, highlights))


def clause_card(card: ClauseCard, c: Corpus, lang: str) -> None:
    """Draw one clause: reference, highlighted text, gloss, concepts."""
    with st.container(border=True):
        badge = {"reviewed": "✅ reviewed", "projected": "📥 projected from a reviewed version"}.get(
            card.source, "🤖 extracted")
        st.caption(f"{escape_markdown(card.ref)} · {badge}")
        policy_text(card.text, card.highlights, card.lang, c)
        if card.gloss:
            st.caption(f"EN: {escape_markdown(card.gloss)}")
        shown = []
        for kind in ("audience", "data_category", "purpose", "legal_basis", "product"):
            labels = [c.taxonomy.label(i, lang) for i in card.concepts.get(kind, [])]
            if labels:
                shown.append(f"**{kind.replace('_', ' ')}**: {escape_markdown(', '.join(labels))}")
        st.markdown(" · ".join(shown))


def sync_url(params: Mapping[str, str]) -> None:
    """Mirror a view's parameters into the URL so the view can be linked."""
    current = {k: st.query_params[k] for k in st.query_params}
    wanted = {k: v for k, v in params.items() if v}
    if current != wanted:
        st.query_params.from_dict(wanted)


@st.cache_resource(max_entries=4)
def _store(url: str) -> NotebookStore:
    store = NotebookStore(url)
    store.seed(data_dir() / "notebooks")  # bad examples land in store.seed_errors
    return store


def store() -> NotebookStore:
    """The notebook store named by ``POLICY_GRAPH_DB`` (SQLite by default); a
    database that cannot be opened is reported and the page stops."""
    try:
        return _store(db_url_from_env())
    except PolicyGraphError as exc:
        st.error(str(exc), icon="🚫")
        st.stop()
        raise


def add_to_notebook(cell_type: CellType, params: Mapping[str, str], *, key: str) -> None:
    """'Add to notebook': append this view, with its current parameters, to a notebook
    (example notebooks are locked, so they are not offered).  A bad name (empty, over
    ``MAX_NAME`` characters) or a full notebook is refused with a message."""
    try:
        s = _store(db_url_from_env())
    except PolicyGraphError as exc:
        st.caption(f"Notebooks are unavailable: {escape_markdown(str(exc))}")
        return
    with st.popover("➕ Add to notebook"):
        names = s.editable_names()
        new = "＋ New notebook…"
        target = st.selectbox("Notebook", [*names, new], key=f"{key}-nb-target",
                              help="Example notebooks are locked: duplicate one on the Notebook "
                                   "page to add views to it.")
        name = st.text_input("Name of the new notebook", key=f"{key}-nb-new",
                             help=f"At most {MAX_NAME} characters, on one line.") \
            if target == new else target
        if st.button("Add", key=f"{key}-nb-add", type="primary", disabled=not name.strip()):
            try:
                name = check_name(name)
                notebook = s.load(name) if s.exists(name) else Notebook(name=name)
                s.save(notebook.add(cell_type, dict(params)))
            except PolicyGraphError as exc:
                st.error(escape_markdown(str(exc)))
                return
            st.success(f"Added to “{escape_markdown(name)}”.")
            st.page_link("ui/pages/notebook.py", label=f"Open “{escape_markdown(name)}”",
                         query_params={"nb": name})
