"""The notebook: cells of notes and views.

Edits to cells (notes, titles, order, adding, deleting) are saved at once for
everyone; a view's filters change only this reader's view until “Save view
into cell”.  Example notebooks are locked.  Deleted cells and notebooks go to
the Trash.  Names and titles are always shown as text, never as Markdown.
"""

from typing import Any

import streamlit as st

from policy_graph.errors import PolicyGraphError
from policy_graph.markup import escape_markdown as md
from policy_graph.notebook import (
    CELL_TITLES,
    CELL_TYPES,
    MAX_NAME,
    MAX_TEXT,
    MAX_TITLE,
    AddCell,
    Cell,
    Edit,
    EditConflict,
    MoveCell,
    Notebook,
    UpdateCell,
    changed_params,
    check_name,
)
from policy_graph.notebook_io import export_file_name, note_markdown, read_upload, to_html, to_markdown
from policy_graph.store import Opened
from ui.common import corpus, show_load_errors, store, tr, tr_md
from ui.views import VIEWS

PAGE = "ui/pages/notebook.py"
s = store()
c = corpus()
show_load_errors(c)
for error in s.seed_errors:
    st.error(tr_md("notebook.example_not_loaded", error=md(str(error))), icon="🚫")
if s.problem:  # a read-only, damaged or missing database: reading still works
    st.error(md(s.problem), icon="🚫")

# Which notebook is open is the URL's ?nb= (so every notebook has a link); buttons
# that open one (create, duplicate, import, restore) ask for it through "nb-open".
if "nb-open" in st.session_state:
    target = st.session_state.pop("nb-open")
    if target:
        st.query_params["nb"] = target
    elif "nb" in st.query_params:
        del st.query_params["nb"]
names = s.names()
url_nb = st.query_params.get("nb")
current = url_nb if url_nb in names else None
st.session_state["nb-select"] = current
if st.session_state.pop("nb-add-reset", False):
    st.session_state.pop("nb-add-where", None)


def open_notebook(name: str | None) -> None:
    st.session_state["nb-open"] = name
    st.rerun()


def flash(kind: str, text: str) -> None:
    """A message shown once, after the rerun that follows an action."""
    st.session_state["nb-flash"] = (kind, text)


def _picked() -> None:
    value = st.session_state.get("nb-select")
    if value:
        st.query_params["nb"] = value
    elif "nb" in st.query_params:
        del st.query_params["nb"]


top = st.columns([4, 1, 1, 1])
with top[0]:
    st.selectbox(tr("common.notebook"), names, index=None, key="nb-select", on_change=_picked,
                 placeholder=tr("notebook.open") if names else tr("notebook.none_yet"))
with top[1], st.popover(tr("notebook.new"), use_container_width=True):
    new_name = st.text_input(tr("notebook.name"), key="nb-new-name",
                             help=tr("common.name_help", n=MAX_NAME))
    if st.button(tr("notebook.create"), key="nb-create", type="primary",
                 disabled=not new_name.strip()):
        try:
            created = Notebook(name=check_name(new_name))
            s.create(created)
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            open_notebook(created.name)
with top[2], st.popover(tr("notebook.import"), use_container_width=True):
    upload = st.file_uploader(tr("notebook.import_file"), type=["md", "markdown", "yaml", "yml"],
                              key="nb-import-file")
    if upload is not None and st.button(tr("notebook.import"), key="nb-import", type="primary"):
        try:
            name = s.import_notebook(read_upload(upload.getvalue(), upload.name))
        except PolicyGraphError as exc:
            st.error(tr_md("notebook.import_failed", error=md(str(exc))))
        else:
            flash("success", tr_md("notebook.imported", name=md(name)))
            open_notebook(name)
with top[3], st.popover(tr("notebook.trash"), use_container_width=True):
    items = s.trash()
    if not items:
        st.caption(tr_md("notebook.trash_empty"))
    for item in items[:50]:
        row = st.columns([4, 1])
        where = md(tr("notebook.trash_notebook")) if item.kind == "notebook" \
            else tr_md("notebook.trash_cell_of", name=md(item.notebook))
        when = md(item.deleted_at[:16].replace("T", " "))
        row[0].markdown(f"{'📓' if item.kind == 'notebook' else '▫️'} {md(item.label)}  \n"
                        f":gray[{tr_md('notebook.deleted_at', where=where, when=when)}]")
        if row[1].button(tr("notebook.restore"), key=f"nb-restore-{item.id}"):
            try:
                restored = s.restore(item.id)
            except PolicyGraphError as exc:
                st.error(md(str(exc)))
            else:
                flash("success", tr_md("notebook.restored_into" if item.kind == "cell"
                                       else "notebook.restored", name=md(restored)))
                open_notebook(restored)
    if items:
        sure = st.checkbox(tr("notebook.forget"), key="nb-trash-sure")
        if st.button(tr("notebook.empty_trash"), key="nb-trash-empty",
                     disabled=not sure or not s.writable):
            try:
                flash("info", tr_md("notebook.emptied", n=str(s.empty_trash())))
            except PolicyGraphError as exc:
                flash("error", md(str(exc)))
            st.rerun()

message = st.session_state.pop("nb-flash", None)
if message:
    getattr(st, message[0])(message[1])
undo: dict[str, Any] | None = st.session_state.get("nb-undo-offer")
if undo and undo["nb"] != current:  # the undo offer stays with the page it was made on
    st.session_state.pop("nb-undo-offer", None)
    undo = None
if undo:
    line = st.columns([6, 1])
    line[0].info(undo["text"], icon="🗑")
    if line[1].button(tr("notebook.undo"), key="nb-undo", use_container_width=True):
        st.session_state.pop("nb-undo-offer", None)
        try:
            restored = s.restore(undo["id"])
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            open_notebook(restored)


def deleted(trash_id: int | None, text: str, then: str | None) -> None:
    """Offer to undo a deletion (on the page shown next), then rerun."""
    if trash_id is not None:
        st.session_state["nb-undo-offer"] = {"id": trash_id, "text": text, "nb": then}
    open_notebook(then)


if current is None:
    # The start page: no notebook named in the URL (or one that does not exist).
    if url_nb:
        st.warning(tr_md("notebook.no_such", name=md(url_nb)), icon="🔎")
    st.title(tr("notebook.title"))
    new_button = f"**{tr_md('notebook.new')}**"
    st.markdown(tr_md("notebook.intro", cells=f"**{tr_md('notebook.cells')}**",
                      about_me=f"*{tr_md('notebook.about_me')}*", new=new_button,
                      add=f"**➕ {tr_md('common.add_to_notebook')}**"))
    if "Onboarding tour" in names:
        st.page_link(PAGE, label=tr_md("notebook.tour"), icon="🧭",
                     query_params={"nb": "Onboarding tour"})
    if names:
        st.subheader(tr("notebook.notebooks"))
        for name in names:
            locked_note = f" · 🔒 {md(tr('notebook.example'))}" if s.is_locked(name) else ""
            st.page_link(PAGE, label=f"{md(name)}{locked_note}", icon="📓", query_params={"nb": name})
    else:
        st.info(tr_md("notebook.none", new=new_button))
    st.stop()
opened: str = current
st.query_params["nb"] = opened  # keep the link in the address bar (a page link may not)

try:
    view = s.open(opened)
except PolicyGraphError as exc:
    st.error(md(str(exc)), icon="🚫")
    st.stop()
# Every action states the version the reader saw (the previous run's), so a change made
# on top of someone else's newer one is refused or re-applied, never silently lost.
seen = st.session_state.get("nb-seen")
if not isinstance(seen, Opened) or seen.notebook.name != opened:
    seen = view
st.session_state["nb-seen"] = view
notebook = view.notebook
locked = view.locked or not s.writable
actions = st.columns([1, 1, 1, 1, 1])
if actions[0].button(tr("notebook.duplicate"), key="nb-duplicate", use_container_width=True,
                     disabled=not s.writable):
    try:
        open_notebook(s.duplicate(current))
    except PolicyGraphError as exc:
        st.error(md(str(exc)))
with actions[1], st.popover(tr("notebook.rename"), use_container_width=True, disabled=locked):
    renamed = st.text_input(tr("notebook.new_name"), key="nb-rename-name",
                            help=tr("common.name_help", n=MAX_NAME))
    if st.button(tr("notebook.rename"), key="nb-rename", type="primary", disabled=not renamed.strip()):
        try:
            final = s.rename(current, renamed)
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            flash("success", tr_md("notebook.renamed", name=md(final)))
            open_notebook(final)
with actions[2], st.popover(tr("notebook.delete"), use_container_width=True, disabled=not s.writable):
    st.warning(tr_md("notebook.delete_ask", name=md(current)))
    if st.button(tr("notebook.delete_yes"), key="nb-delete-confirm", type="primary"):
        try:
            deleted(s.delete(current), tr_md("notebook.deleted", name=md(current)), None)
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
actions[3].download_button(tr("notebook.export_md"), to_markdown(notebook, c),
                           file_name=export_file_name(notebook, "md"),
                           mime="text/markdown", key="nb-export-md", use_container_width=True)
actions[4].download_button(tr("notebook.export_html"), to_html(notebook, c),
                           file_name=export_file_name(notebook, "html"),
                           mime="text/html", key="nb-export-html", use_container_width=True)

if view.locked and s.writable:
    with st.container(border=True, key="nb-locked"):
        st.info(tr_md("notebook.locked", name=md(current)), icon="🔒")
        if st.button(tr("notebook.duplicate_edit"), key="nb-duplicate-edit", type="primary"):
            try:
                copy = s.duplicate(current)
            except PolicyGraphError as exc:
                st.error(md(str(exc)))
            else:
                flash("success", tr_md("notebook.your_copy", name=md(current)))
                open_notebook(copy)
if notebook.description:
    st.caption(md(notebook.description))


def save(edit: Edit) -> None:
    """Apply one action to the newest version, knowing the one this reader saw."""
    try:
        s.apply(opened, edit, based_on=seen)
    except PolicyGraphError as exc:
        flash("error", md(str(exc)))
    st.rerun()


def cell_kind(cell_type: str) -> str:
    """A kind of cell in the interface language ("Note", "Graph" …)."""
    return tr(f"notebook.cell.{cell_type}") if cell_type in CELL_TITLES else cell_type


def cell_heading(cell: Cell) -> str:
    """The cell's title, else its kind (as :attr:`Cell.heading`, in the interface language)."""
    return cell.title or cell_kind(cell.type)


def cell_head(index: int, cell: Cell, editing: bool) -> None:
    """The cell's number and kind, its buttons, and its title as its heading."""
    head = st.columns([6, 1, 1, 1, 1])
    head[0].caption(f"{index + 1}. {md(cell_kind(cell.type))}")
    if not locked:
        if head[1].button("↑", key=f"up-{cell.id}", disabled=index == 0,
                          help=tr("notebook.move_up")):
            save(MoveCell(cell.id, -1))
        if head[2].button("↓", key=f"down-{cell.id}", disabled=index == len(notebook.cells) - 1,
                          help=tr("notebook.move_down")):
            save(MoveCell(cell.id, 1))
        if head[3].button("✎", key=f"edit-{cell.id}",
                          help=tr("notebook.edit_note" if cell.type == "note" else "notebook.edit_title")):
            st.session_state[f"editing-{cell.id}"] = not editing
            st.session_state.pop(f"editbase-{cell.id}", None)  # the editor opens on the saved cell
            for field in (f"title-{cell.id}", f"text-{cell.id}"):
                st.session_state.pop(field, None)
            st.rerun()
        if head[4].button("🗑", key=f"del-{cell.id}", help=tr("notebook.delete_cell")):
            try:
                trash_id = s.delete_cell(opened, cell.id, based_on=seen)
            except PolicyGraphError as exc:
                flash("error", md(str(exc)))
                st.rerun()
            deleted(trash_id, tr_md("notebook.deleted_cell", n=str(index + 1),
                                    heading=md(cell_heading(cell))), opened)
    if cell.title:
        st.markdown(f"### {md(cell.title)}")


def cell_editor(cell: Cell) -> None:
    """Title (and, for a note, its Markdown); a refused save keeps what was typed.

    The cell as it was when the editor opened is remembered, and only the fields this
    reader changed are saved: if someone else saved another version of those meanwhile,
    saving is refused (their work is not silently overwritten) and what this reader
    typed stays in the editor; a change of theirs to another field is kept."""
    opened_as = st.session_state.setdefault(f"editbase-{cell.id}", (cell.title, cell.text))
    title = st.text_input(tr("notebook.title_field"), cell.title, key=f"title-{cell.id}",
                          help=tr("notebook.title_help", n=MAX_TITLE))
    text = None
    if cell.type == "note":
        text = st.text_area(tr("notebook.markdown"), cell.text, key=f"text-{cell.id}", height=150,
                            help=tr("notebook.text_help", n=f"{MAX_TEXT:,}"))
    if st.button(tr("notebook.save_note" if cell.type == "note" else "notebook.save_title"),
                 key=f"save-{cell.id}"):
        before = cell.model_copy(update={"title": opened_as[0], "text": opened_as[1]})
        edit = UpdateCell(cell.id, before, title=title if title != opened_as[0] else None,
                          text=text if text is not None and text != opened_as[1] else None)
        try:
            if edit.title is not None or edit.text is not None:
                s.apply(opened, edit)
        except EditConflict as exc:
            st.error(f"{md(str(exc))} {tr_md('notebook.conflict')}")
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            st.session_state[f"editing-{cell.id}"] = False
            st.session_state.pop(f"editbase-{cell.id}", None)
            st.rerun()


def cell_view(cell: Cell) -> None:
    """The live view.  Its filters are this reader's (widget state is per session); the
    cell keeps its saved parameters until “Save view into cell”."""
    prefix, base_key, last_key = f"c-{cell.id}-", f"nb-base-{cell.id}", f"nb-last-{cell.id}"
    old = st.session_state.get(base_key)
    if old is not None and old["saved"] != cell.params and st.session_state.get(last_key) == old["shown"]:
        # Someone saved another view into the cell and this reader changed nothing: show
        # theirs (stale widgets would show the old one, and could save it back).
        for k in [k for k in st.session_state if str(k).startswith(prefix)]:
            del st.session_state[k]
        st.session_state.pop(base_key, None)
    fresh = not any(str(k).startswith(prefix) for k in st.session_state)
    slot = st.container()  # the save/reset bar goes above the view, drawn once it is known
    params = VIEWS[cell.type](cell.params, key=f"c-{cell.id}")
    st.session_state[last_key] = params
    base = st.session_state.get(base_key)
    if fresh or base is None:
        # What the view shows for the saved parameters (views add their defaults).
        base = {"saved": dict(cell.params), "shown": dict(params)}
        st.session_state[base_key] = base
    if params == base["shown"] and base["saved"] == cell.params:
        return
    bar = slot.columns([4, 1, 1]) if not locked else slot.columns([5, 1])
    bar[0].caption(f"✏️ {tr_md('notebook.changed')} "
                   + tr_md("notebook.changed_locked" if locked else "notebook.changed_save"))
    if bar[-1].button(tr("notebook.reset"), key=f"resetview-{cell.id}",
                      help=tr("notebook.reset_help"), use_container_width=True):
        for k in [k for k in st.session_state if str(k).startswith(prefix)]:
            del st.session_state[k]
        st.session_state.pop(base_key, None)
        st.rerun()
    if not locked and bar[1].button(tr("notebook.save_view"), key=f"saveview-{cell.id}",
                                    type="primary", use_container_width=True):
        # Only what this reader changed is written, onto the newest saved view; a setting
        # someone else changed meanwhile is refused, not overwritten.
        edit = UpdateCell(cell.id, cell.model_copy(update={"params": base["saved"]}),
                          params=changed_params(base["shown"], params))
        try:
            s.apply(opened, edit)
        except PolicyGraphError as exc:
            flash("error", md(str(exc)))  # the reader's view stays as they left it
        else:
            for k in [k for k in st.session_state if str(k).startswith(prefix)]:
                del st.session_state[k]  # the view is drawn afresh from what is saved
            st.session_state.pop(base_key, None)
        st.rerun()


for index, cell in enumerate(list(notebook.cells)):
    with st.container(border=True, key=f"cell-{cell.id}"):
        editing = not locked and bool(st.session_state.get(
            f"editing-{cell.id}", cell.type == "note" and not cell.text))
        cell_head(index, cell, editing)
        if editing:
            cell_editor(cell)
        elif cell.type == "note":
            st.markdown(note_markdown(cell.text))  # Markdown, but no image loads anything
        if cell.type != "note":
            cell_view(cell)

if not locked:
    ends = {"end": tr("notebook.at_end"), "top": tr("notebook.at_top")}
    wheres = ["end", "top", *[f"after:{x.id}" for x in notebook.cells[:-1]]]
    if st.session_state.get("nb-add-where") not in wheres:
        st.session_state.pop("nb-add-where", None)
    numbered = {f"after:{x.id}": tr("notebook.after", n=i + 1, heading=cell_heading(x))
                for i, x in enumerate(notebook.cells)}
    add = st.columns([2, 2, 1])
    with add[0]:
        new_type = st.selectbox(tr("notebook.add_type"), CELL_TYPES, key="nb-add-type",
                                format_func={t: cell_kind(t) for t in CELL_TYPES}.__getitem__)
    with add[1]:
        where = st.selectbox(tr("notebook.where"), wheres, key="nb-add-where",
                             format_func=lambda w: ends.get(w) or numbered[w])
    with add[2]:
        st.write("")
        if st.button(tr("notebook.add_cell"), key="nb-add-cell", type="primary",
                     use_container_width=True):
            st.session_state["nb-add-reset"] = True
            save(AddCell(Cell(type=new_type), at=0 if where == "top" else None,
                         after=where.removeprefix("after:") if where.startswith("after:") else None))
