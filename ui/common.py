"""Shared Streamlit plumbing: the cached corpus, load errors, clause cards, URL sync.

Thin by design: everything here calls the library and draws the result.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import networkx as nx
import streamlit as st
from streamlit.runtime.scriptrunner import get_script_run_ctx

from policy_graph.cache import stat_signature
from policy_graph.corpus import Corpus, data_fingerprint, load_corpus
from policy_graph.errors import PolicyGraphError
from policy_graph.graph import build_graph
from policy_graph.markup import (
    escape_html,
    escape_markdown,
    escape_message,
    highlight_html,
    highlight_markdown,
)
from policy_graph.models import Practice
from policy_graph.notebook import MAX_NAME, AddCell, Cell, CellType, check_name
from policy_graph.params import pick
from policy_graph.query import ClauseCard
from policy_graph.search import search_index
from policy_graph.store import NotebookStore, db_url_from_env
from policy_graph.taxonomy import DEFAULT_DATA_DIR
from policy_graph.ui_text import UiStrings, ui_strings

ALL = "__all__"
MAX_REMEMBERED_SESSIONS = 10_000


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
    # Built now, once per corpus: the first search is then as quick as the next.
    search_index(corpus)
    # The corpus and its index are read-only from here on: keep their objects out of
    # the cyclic collector's passes, which otherwise walk every practice (a pause of
    # 0.1–0.5 s) on each full collection.
    gc.freeze()
    return corpus


# session id -> (this run's token, data folder, its stat signature): a page asks for
# the corpus several times per run; the data folder is walked once per run.
_SIGNATURES: dict[str, tuple[object, Path, str]] = {}


def _run_token() -> tuple[str, object] | None:
    """(session id, an object that lives exactly as long as this script run), or
    None outside a run. Streamlit gives each run a fresh ``cursors`` dict."""
    ctx = get_script_run_ctx()
    token = getattr(ctx, "cursors", None) if ctx is not None else None
    return (ctx.session_id, token) if ctx is not None and token is not None else None


def _signature(path: Path) -> str:
    """``stat_signature(path)``, once per script run."""
    run = _run_token()
    if run is not None:
        known = _SIGNATURES.get(run[0])
        if known is not None and known[0] is run[1] and known[1] == path:
            return known[2]
    signature = stat_signature(path)
    if run is not None:
        if len(_SIGNATURES) > MAX_REMEMBERED_SESSIONS:
            _SIGNATURES.clear()
        _SIGNATURES[run[0]] = (run[1], path, signature)
    return signature


def corpus() -> Corpus:
    """The corpus for the current data files (shared, read-only).  Without a
    readable taxonomy nothing can be shown: say which file and stop the page."""
    path = data_dir()
    try:
        return _corpus(_fingerprint(_signature(path), str(path)), str(path))
    except PolicyGraphError as exc:
        st.error(f"The policies cannot be loaded: {escape_message(str(exc))}", icon="🚫")
        st.stop()
        raise  # st.stop() does not return; this line keeps type checkers informed


def _corpus_or_none() -> Corpus | None:
    """The corpus, or None when it cannot be loaded (the page itself then says why)."""
    path = data_dir()
    try:
        return _corpus(_fingerprint(_signature(path), str(path)), str(path))
    except PolicyGraphError:
        return None


@st.cache_resource(max_entries=16)
def _graph(fingerprint: str, selection: str, lang: str, _c: Corpus,
           _practices: Sequence[Practice]) -> nx.DiGraph:
    # Keyed by the corpus fingerprint and what selected the practices (Streamlit
    # hashing a tuple of 10^5 ids took a second per run); the objects are not hashed.
    graph = build_graph(_practices, _c.taxonomy, lang)
    graph.graph["clause_count"] = len({p.clause_ref for p in _practices})
    return graph


def graph_for(c: Corpus, practices: Sequence[Practice], lang: str, selection: str) -> nx.DiGraph:
    """The (cached, read-only) graph of some practices with labels in ``lang``;
    ``selection`` names how they were chosen (e.g. the filters' repr), the cache
    key. ``graph.graph["clause_count"]`` counts the clauses behind them."""
    return _graph(c.fingerprint, selection, lang, c, practices)


def strings() -> UiStrings:
    """Interface strings from the language files (a bad one is among the load
    errors; its strings fall back to English)."""
    return _strings_of(corpus())


def _strings_of(c: Corpus) -> UiStrings:
    cached = c.cache.get("ui_strings")
    if not isinstance(cached, UiStrings):
        cached = c.cache["ui_strings"] = ui_strings(c.taxonomy)
    return cached


UI_PARAM = "ui"
_UI_WIDGET = "ui-lang"
_UI_CHOSEN = "ui-lang-chosen"
_UI_NOW = "ui-now"
_SLOT = "\ue000{}\ue001"


@dataclass(frozen=True)
class Interface:
    """This run's interface language and its strings, found once per run by the
    picker app.py draws (looking the corpus up walks the data folder)."""

    lang: str
    strings: UiStrings


def interface_languages(c: Corpus) -> list[str]:
    """The languages whose file has interface strings, by code."""
    return sorted(code for code, lang in c.taxonomy.language_files.items() if lang.ui)


def browser_language(c: Corpus, codes: Sequence[str]) -> str | None:
    """The browser's language (``st.context.locale``, its ``navigator.language``) when
    one of ``codes`` serves it: ``nb-NO`` -> ``nb``, ``zh-TW`` -> ``zh-Hant``."""
    locale = st.context.locale
    if not locale:
        return None
    try:
        code = c.taxonomy.resolve_lang(locale)
    except PolicyGraphError:
        return None
    return code if code in codes else None


def _ui_picked() -> None:
    # The pick outlives a page switch (which clears the URL) and goes into the link.
    chosen = st.session_state.get(_UI_WIDGET)
    if isinstance(chosen, str):
        st.session_state[_UI_CHOSEN] = chosen
        st.query_params[UI_PARAM] = chosen


def interface_language_picker() -> str:
    """Draw the sidebar's "Interface language" of the staff pages (once per run, from
    app.py) and return the language: the URL's ``?ui=``, else the reader's pick in this
    session, else the browser's language, else English.  A language the reader (or a
    link) chose is kept in the URL.  Without a readable corpus the page says why."""
    c = _corpus_or_none()
    if c is None:
        st.session_state[_UI_NOW] = Interface("en", UiStrings())
        return "en"
    ui = _strings_of(c)
    codes = interface_languages(c) or ["en"]
    default = browser_language(c, codes) or ("en" if "en" in codes else codes[0])
    wanted = st.query_params.get(UI_PARAM)
    if wanted in codes:
        st.session_state[_UI_CHOSEN] = wanted  # a link's language sticks, like a pick
    chosen = st.session_state.get(_UI_CHOSEN)
    lang, warning = pick(wanted, codes, chosen if chosen in codes else default)
    st.session_state[_UI_NOW] = Interface(lang, ui)
    st.session_state[_UI_WIDGET] = lang
    names = {code: c.taxonomy.languages[code].name for code in codes if code in c.taxonomy.languages}
    label = ui.get("common.ui_language", lang)
    st.sidebar.selectbox(label, codes, key=_UI_WIDGET, on_change=_ui_picked,
                         format_func=lambda code: names.get(code, code))
    if warning:
        note = ui.get("common.link_ignored", lang, value=repr(_shown(wanted or "")))
        st.sidebar.caption(f"⚠️ {escape_markdown(label)}: {escape_markdown(note)}")
    if chosen in codes:
        if st.query_params.get(UI_PARAM) != lang:
            st.query_params[UI_PARAM] = lang
    elif UI_PARAM in st.query_params:
        del st.query_params[UI_PARAM]
    return lang


def interface() -> Interface:
    """This run's interface language and strings (English where no picker ran: member mode)."""
    now = st.session_state.get(_UI_NOW)
    return now if isinstance(now, Interface) else Interface("en", strings())


def ui_lang() -> str:
    """The staff pages' interface language (see :func:`interface_language_picker`)."""
    return interface().lang


def tr(key: str, **values: object) -> str:
    """The interface string ``key`` in the interface language (English when missing),
    as plain text: for widget labels, options, metrics and table headings."""
    now = interface()
    return now.strings.get(key, now.lang, **{k: str(v) for k, v in values.items()})


def tr_md(key: str, **values: str) -> str:
    """The interface string ``key`` as Markdown: its own words escaped (a translation
    is text, not markup) and ``values`` put in as given, so callers pass escaped data
    or their own Markdown (a bold name, a code span)."""
    now = interface()
    slots = {name: _SLOT.format(i) for i, name in enumerate(values)}
    text = escape_message(now.strings.get(key, now.lang, **slots))
    for name, slot in slots.items():
        text = text.replace(slot, values[name])
    return text


def _shown(value: str) -> str:
    """A raw URL value cut short enough to quote in a note."""
    return value if len(value) <= 40 else value[:37] + "..."


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
        with st.expander(f"⚠️ {tr('common.load_errors', n=len(c.errors))}", expanded=True):
            for error in c.errors:
                st.error(escape_message(str(error)), icon="🚫")  # values are data, not markup


def labeller(c: Corpus, lang: str) -> Callable[[str | None], str]:
    """A ``format_func`` that shows concept labels (and 'All' for ALL)."""
    # Words are looked up now: a format_func may be called outside the script run.
    all_label = tr("common.all")

    def fmt(value: str | None) -> str:
        if value in (None, ALL):
            return all_label
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
        note = ignored(wanted or "") if ignored else tr("common.link_ignored",
                                                        value=repr(_shown(wanted or "")))
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
        icon = {"reviewed": "✅", "projected": "📥"}.get(card.source, "🤖")
        source = card.source if card.source in ("reviewed", "projected") else "extracted"
        st.caption(f"{escape_markdown(card.ref)} · {icon} "
                   f"{escape_markdown(tr(f'common.badge.{source}'))}")
        policy_text(card.text, card.highlights, card.lang, c)
        if card.gloss:
            st.caption(f"EN: {escape_markdown(card.gloss)}")
        shown = []
        for kind in ("audience", "data_category", "purpose", "legal_basis", "product"):
            labels = [c.taxonomy.label(i, lang) for i in card.concepts.get(kind, [])]
            if labels:
                shown.append(f"**{escape_markdown(tr(f'common.kind.{kind}'))}**: "
                             f"{escape_markdown(', '.join(labels))}")
        st.markdown(" · ".join(shown))


def sync_url(params: Mapping[str, str]) -> None:
    """Mirror a view's parameters into the URL so the view can be linked."""
    current = {k: st.query_params[k] for k in st.query_params}
    wanted = {k: v for k, v in params.items() if v}
    if UI_PARAM in current:  # the interface language is the sidebar's, not the view's
        wanted[UI_PARAM] = current[UI_PARAM]
    if current != wanted:
        st.query_params.from_dict(wanted)


@st.cache_resource(max_entries=4)
def _store(url: str) -> NotebookStore:
    store = NotebookStore(url)
    store.seed(data_dir() / "notebooks")  # bad examples land in store.seed_errors
    return store


@st.cache_resource(max_entries=4)
def _stand_in(problem: str, examples: str) -> NotebookStore:
    return NotebookStore.stand_in(problem, Path(examples))


def store() -> NotebookStore:
    """The notebook store named by ``POLICY_GRAPH_DB`` (SQLite by default).  A database
    that cannot be used (damaged, another program's, in a folder that cannot be made,
    or gone bad since it was opened) gives a read-only stand-in holding the examples,
    whose ``problem`` the notebook page shows; the database is tried again next rerun."""
    try:
        s = _store(db_url_from_env())
        s.check()
        return s
    except PolicyGraphError as exc:
        _store.clear()  # a file that went bad is opened afresh once it is mended
        return _stand_in(str(exc), str(data_dir() / "notebooks"))


def add_to_notebook(cell_type: CellType, params: Mapping[str, str], *, key: str) -> None:
    """'Add to notebook': append this view, with its current parameters, to a notebook
    (example notebooks are locked, so they are not offered).  A bad name (empty, over
    ``MAX_NAME`` characters) or a full notebook is refused with a message."""
    s = store()
    if not s.writable:
        st.caption(tr_md("common.notebooks_unavailable", problem=escape_markdown(s.problem or "")))
        return
    with st.popover(f"➕ {tr('common.add_to_notebook')}"):
        names = s.editable_names()
        new = "＋ New notebook…"  # the option's value; shown in the interface language
        new_label = f"＋ {tr('common.new_notebook')}"
        target = st.selectbox(tr("common.notebook"), [*names, new], key=f"{key}-nb-target",
                              help=tr("common.notebook_help"),
                              format_func=lambda n: new_label if n == new else n)
        name = st.text_input(tr("common.new_notebook_name"), key=f"{key}-nb-new",
                             help=tr("common.name_help", n=MAX_NAME)) \
            if target == new else target
        if st.button(tr("common.add"), key=f"{key}-nb-add", type="primary", disabled=not name.strip()):
            try:
                name = check_name(name)
                # Appended to the newest version in one transaction: nobody's cell is lost.
                s.apply(name, AddCell(Cell(type=cell_type, params=dict(params))), create=True)
            except PolicyGraphError as exc:
                st.error(escape_markdown(str(exc)))
                return
            st.success(tr_md("common.added", name=escape_markdown(name)))
            st.page_link("ui/pages/notebook.py", label=tr_md("common.open_notebook",
                                                             name=escape_markdown(name)),
                         query_params={"nb": name})
