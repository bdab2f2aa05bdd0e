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
    Cell,
    Notebook,
    check_name,
)
from policy_graph.notebook_io import export_file_name, read_upload, to_html, to_markdown
from ui.common import corpus, show_load_errors, store
from ui.views import VIEWS

PAGE = "ui/pages/notebook.py"
s = store()
c = corpus()
show_load_errors(c)
for error in s.seed_errors:
    st.error(f"Example notebook not loaded: {md(str(error))}", icon="🚫")

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
    st.selectbox("Notebook", names, index=None, key="nb-select", on_change=_picked,
                 placeholder="Open a notebook…" if names else "No notebook yet: create one →")
with top[1], st.popover("New", use_container_width=True):
    new_name = st.text_input("Name", key="nb-new-name",
                             help=f"At most {MAX_NAME} characters, on one line.")
    if st.button("Create", key="nb-create", type="primary", disabled=not new_name.strip()):
        try:
            created = Notebook(name=check_name(new_name))
            s.create(created)
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            open_notebook(created.name)
with top[2], st.popover("Import", use_container_width=True):
    upload = st.file_uploader("Markdown or YAML notebook", type=["md", "markdown", "yaml", "yml"],
                              key="nb-import-file")
    if upload is not None and st.button("Import", key="nb-import", type="primary"):
        try:
            name = s.import_notebook(read_upload(upload.getvalue(), upload.name))
        except PolicyGraphError as exc:
            st.error(f"Could not import: {md(str(exc))}")
        else:
            flash("success", f"Imported as “{md(name)}”.")
            open_notebook(name)
with top[3], st.popover("Trash", use_container_width=True):
    items = s.trash()
    if not items:
        st.caption("The trash is empty. Deleted notebooks and cells land here.")
    for item in items[:50]:
        row = st.columns([4, 1])
        where = "notebook" if item.kind == "notebook" else f"cell of “{md(item.notebook)}”"
        row[0].markdown(f"{'📓' if item.kind == 'notebook' else '▫️'} {md(item.label)}  \n"
                        f":gray[{where} · deleted {md(item.deleted_at[:16].replace('T', ' '))} UTC]")
        if row[1].button("Restore", key=f"nb-restore-{item.id}"):
            try:
                restored = s.restore(item.id)
            except PolicyGraphError as exc:
                st.error(md(str(exc)))
            else:
                flash("success", f"Restored into “{md(restored)}”." if item.kind == "cell"
                      else f"Restored “{md(restored)}”.")
                open_notebook(restored)
    if items:
        sure = st.checkbox("Forget everything in the trash", key="nb-trash-sure")
        if st.button("Empty the trash", key="nb-trash-empty", disabled=not sure):
            flash("info", f"Emptied the trash ({s.empty_trash()} items).")
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
    if line[1].button("Undo", key="nb-undo", use_container_width=True):
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
        st.warning(f"There is no notebook named “{md(url_nb)}”. It may have been renamed or "
                   "deleted (see the Trash). Open one of the notebooks below.", icon="🔎")
    st.title("Policy Graph notebooks")
    st.markdown("A notebook is a column of **cells**: notes in Markdown and live views of the "
                "policies — the graph, *what do you use about me?*, comparisons, searches and "
                "questions — each showing the policy's own sentences. Create one with **New**, "
                "import one, or add a view to one from any page with **➕ Add to notebook**.")
    if "Onboarding tour" in names:
        st.page_link(PAGE, label="Start with the Onboarding tour", icon="🧭",
                     query_params={"nb": "Onboarding tour"})
    if names:
        st.subheader("Notebooks")
        for name in names:
            locked_note = " · 🔒 example" if s.is_locked(name) else ""
            st.page_link(PAGE, label=f"{md(name)}{locked_note}", icon="📓", query_params={"nb": name})
    else:
        st.info("No notebook yet: create one with **New**.")
    st.stop()
opened: str = current
st.query_params["nb"] = opened  # keep the link in the address bar (a page link may not)

notebook = s.load(opened)
locked = s.is_locked(current)
actions = st.columns([1, 1, 1, 1, 1])
if actions[0].button("Duplicate", key="nb-duplicate", use_container_width=True):
    open_notebook(s.duplicate(current))
with actions[1], st.popover("Rename", use_container_width=True, disabled=locked):
    renamed = st.text_input("New name", key="nb-rename-name",
                            help=f"At most {MAX_NAME} characters, on one line.")
    if st.button("Rename", key="nb-rename", type="primary", disabled=not renamed.strip()):
        try:
            final = s.rename(current, renamed)
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            flash("success", f"Renamed to “{md(final)}”.")
            open_notebook(final)
with actions[2], st.popover("Delete", use_container_width=True):
    st.warning(f"Delete “{md(current)}”? It goes to the Trash, where you can restore it.")
    if st.button("Yes, delete it", key="nb-delete-confirm", type="primary"):
        deleted(s.delete(current), f"Deleted the notebook “{md(current)}”.", None)
actions[3].download_button("Export Markdown", to_markdown(notebook, c),
                           file_name=export_file_name(notebook, "md"),
                           mime="text/markdown", key="nb-export-md", use_container_width=True)
actions[4].download_button("Export HTML", to_html(notebook, c),
                           file_name=export_file_name(notebook, "html"),
                           mime="text/html", key="nb-export-html", use_container_width=True)

if locked:
    with st.container(border=True, key="nb-locked"):
        st.info(f"“{md(current)}” is an example notebook, so it is locked: its cells cannot be "
                "edited, moved, added or deleted. Filters you change in its views are yours alone "
                "and are not saved.", icon="🔒")
        if st.button("Duplicate to edit", key="nb-duplicate-edit", type="primary"):
            copy = s.duplicate(current)
            flash("success", f"This is your copy of “{md(current)}”: edit away.")
            open_notebook(copy)
if notebook.description:
    st.caption(md(notebook.description))


def save(updated: Notebook) -> None:
    try:
        s.save(updated)
    except PolicyGraphError as exc:
        flash("error", md(str(exc)))
    st.rerun()


def cell_head(index: int, cell: Cell, editing: bool) -> None:
    """The cell's number and kind, its buttons, and its title as its heading."""
    head = st.columns([6, 1, 1, 1, 1])
    head[0].caption(f"{index + 1}. {md(CELL_TITLES[cell.type])}")
    if not locked:
        if head[1].button("↑", key=f"up-{cell.id}", disabled=index == 0, help="Move up"):
            save(notebook.move(cell.id, -1))
        if head[2].button("↓", key=f"down-{cell.id}", disabled=index == len(notebook.cells) - 1,
                          help="Move down"):
            save(notebook.move(cell.id, 1))
        if head[3].button("✎", key=f"edit-{cell.id}",
                          help="Edit the note and title" if cell.type == "note" else "Edit the title"):
            st.session_state[f"editing-{cell.id}"] = not editing
            st.session_state.pop(f"editbase-{cell.id}", None)  # the editor opens on the saved cell
            for field in (f"title-{cell.id}", f"text-{cell.id}"):
                st.session_state.pop(field, None)
            st.rerun()
        if head[4].button("🗑", key=f"del-{cell.id}", help="Delete cell (it goes to the Trash)"):
            deleted(s.delete_cell(opened, cell.id),
                    f"Deleted cell {index + 1} ({md(cell.heading)}).", opened)
    if cell.title:
        st.markdown(f"### {md(cell.title)}")


def cell_editor(cell: Cell) -> None:
    """Title (and, for a note, its Markdown); a refused save keeps what was typed.

    The cell as it was when the editor opened is remembered: if someone else saved
    another version of it meanwhile, saving is refused (their work is not silently
    overwritten) and what this reader typed stays in the editor."""
    opened_as = st.session_state.setdefault(f"editbase-{cell.id}", (cell.title, cell.text))
    title = st.text_input("Title (optional)", cell.title, key=f"title-{cell.id}",
                          help=f"Shown as the cell's heading, and exported. At most {MAX_TITLE} characters.")
    text = None
    if cell.type == "note":
        text = st.text_area("Markdown", cell.text, key=f"text-{cell.id}", height=150,
                            help=f"At most {MAX_TEXT:,} characters.")
    if st.button("Save note" if cell.type == "note" else "Save title", key=f"save-{cell.id}"):
        if tuple(opened_as) != (cell.title, cell.text):
            st.error("Someone else saved this cell after you started editing it, so your "
                     "version was not saved. Your text is still here: copy it, then close and "
                     "reopen the editor (✎) to see theirs and merge.")
            return
        try:
            updated = notebook.update(cell.id, title=title, text=text)
        except PolicyGraphError as exc:
            st.error(md(str(exc)))
        else:
            st.session_state[f"editing-{cell.id}"] = False
            st.session_state.pop(f"editbase-{cell.id}", None)
            save(updated)


def cell_view(cell: Cell) -> None:
    """The live view.  Its filters are this reader's (widget state is per session); the
    cell keeps its saved parameters until “Save view into cell”."""
    prefix, base_key = f"c-{cell.id}-", f"nb-base-{cell.id}"
    fresh = not any(str(k).startswith(prefix) for k in st.session_state)
    slot = st.container()  # the save/reset bar goes above the view, drawn once it is known
    params = VIEWS[cell.type](cell.params, key=f"c-{cell.id}")
    base = st.session_state.get(base_key)
    if fresh or base is None:
        # What the view shows for the saved parameters (views add their defaults).
        base = {"saved": dict(cell.params), "shown": dict(params)}
        st.session_state[base_key] = base
    if params == base["shown"] and base["saved"] == cell.params:
        return
    bar = slot.columns([4, 1, 1]) if not locked else slot.columns([5, 1])
    bar[0].caption("✏️ You changed this view; only you see it. "
                   + ("Example notebooks are locked." if locked
                      else "Save it into the cell to keep it for everyone."))
    if bar[-1].button("Reset", key=f"resetview-{cell.id}", help="Back to the view saved in the cell",
                      use_container_width=True):
        for k in [k for k in st.session_state if str(k).startswith(prefix)]:
            del st.session_state[k]
        st.session_state.pop(base_key, None)
        st.rerun()
    if not locked and bar[1].button("Save view into cell", key=f"saveview-{cell.id}",
                                    type="primary", use_container_width=True):
        st.session_state[base_key] = {"saved": dict(params), "shown": dict(params)}
        save(notebook.update(cell.id, params=params))


for index, cell in enumerate(list(notebook.cells)):
    with st.container(border=True, key=f"cell-{cell.id}"):
        editing = not locked and bool(st.session_state.get(
            f"editing-{cell.id}", cell.type == "note" and not cell.text))
        cell_head(index, cell, editing)
        if editing:
            cell_editor(cell)
        elif cell.type == "note":
            st.markdown(cell.text)
        if cell.type != "note":
            cell_view(cell)

if not locked:
    ends = {"end": "At the end", "top": "At the top"}
    wheres = ["end", "top", *[f"after:{x.id}" for x in notebook.cells[:-1]]]
    if st.session_state.get("nb-add-where") not in wheres:
        st.session_state.pop("nb-add-where", None)
    numbered = {f"after:{x.id}": f"After {i + 1}. {x.heading}" for i, x in enumerate(notebook.cells)}
    add = st.columns([2, 2, 1])
    with add[0]:
        new_type = st.selectbox("Add a cell", CELL_TYPES, key="nb-add-type",
                                format_func=CELL_TITLES.__getitem__)
    with add[1]:
        where = st.selectbox("Where", wheres, key="nb-add-where",
                             format_func=lambda w: ends.get(w) or numbered[w])
    with add[2]:
        st.write("")
        if st.button("Add cell", key="nb-add-cell", type="primary", use_container_width=True):
            try:
                added = notebook.add(new_type, at=0 if where == "top" else None,
                                     after=where.removeprefix("after:") if where.startswith("after:")
                                     else None)
            except PolicyGraphError as exc:
                st.error(md(str(exc)))
            else:
                st.session_state["nb-add-reset"] = True
                save(added)
