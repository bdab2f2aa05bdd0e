"""The notebook: cells of notes and views, saved as you go."""

import streamlit as st

from policy_graph.errors import PolicyGraphError
from policy_graph.notebook import CELL_TITLES, CELL_TYPES, Notebook
from policy_graph.notebook_io import (
    export_file_name,
    from_markdown,
    from_yaml,
    to_html,
    to_markdown,
)
from ui.common import corpus, show_load_errors, store
from ui.views import VIEWS

s = store()
c = corpus()
show_load_errors(c)
for error in s.seed_errors:
    st.error(f"Example notebook not loaded: {error}", icon="🚫")

names = s.names()
# Which notebook to show: one just created/duplicated/imported, else a link's ?nb=
# (when the URL changed since we last wrote it), else the reader's last choice.
url_nb = st.query_params.get("nb")
if "nb-open" in st.session_state:
    st.session_state["nb-select"] = st.session_state.pop("nb-open")
elif url_nb in names and url_nb != st.session_state.get("nb-url"):
    st.session_state["nb-select"] = url_nb
if st.session_state.get("nb-select") not in names:
    st.session_state.pop("nb-select", None)
wanted = url_nb if url_nb in names else (names[0] if names else None)


def open_notebook(name: str) -> None:
    st.session_state["nb-open"] = name
    st.rerun()


top = st.columns([4, 1, 1, 1, 1])
with top[0]:
    current = st.selectbox("Notebook", names, index=names.index(wanted) if wanted else None,
                           key="nb-select", placeholder="No notebook yet: create one →")
with top[1], st.popover("New", use_container_width=True):
    new_name = st.text_input("Name", key="nb-new-name", max_chars=120)
    if st.button("Create", key="nb-create", type="primary", disabled=not new_name.strip()):
        try:
            s.create(Notebook(name=new_name.strip()))
            open_notebook(new_name.strip())
        except PolicyGraphError as exc:
            st.error(str(exc))
with top[2]:
    if st.button("Duplicate", key="nb-duplicate", disabled=current is None,
                 use_container_width=True) and current is not None:
        open_notebook(s.duplicate(current))
with top[3], st.popover("Delete", use_container_width=True, disabled=current is None):
    st.warning(f"Delete “{current}” and all its cells? This cannot be undone.")
    if st.button("Yes, delete it", key="nb-delete-confirm", type="primary") and current is not None:
        s.delete(current)
        remaining = s.names()
        if remaining:
            open_notebook(remaining[0])
        st.query_params.clear()
        st.rerun()
with top[4], st.popover("Import", use_container_width=True):
    upload = st.file_uploader("Markdown or YAML notebook", type=["md", "markdown", "yaml", "yml"],
                              key="nb-import-file")
    if upload is not None and st.button("Import", key="nb-import", type="primary"):
        try:
            text = upload.getvalue().decode("utf-8")
            # The uploaded file's name is shown in messages only, never used as a path.
            origin = "uploaded file"
            imported = from_yaml(text, origin) if upload.name.lower().endswith(("yaml", "yml")) \
                else from_markdown(text, origin)
            open_notebook(s.import_notebook(imported))
        except (PolicyGraphError, UnicodeDecodeError) as exc:
            st.error(f"Could not import: {exc}")

if current is None:
    st.info("Create a notebook, or add a view to one from any page with “Add to notebook”.")
    st.stop()

st.session_state["nb-url"] = current
st.query_params["nb"] = current
notebook = s.load(current)
if notebook.description:
    st.caption(notebook.description)
ex = st.columns([1, 1, 4])
ex[0].download_button("Export Markdown", to_markdown(notebook, c),
                      file_name=export_file_name(notebook, "md"),
                      mime="text/markdown", key="nb-export-md")
ex[1].download_button("Export HTML", to_html(notebook, c),
                      file_name=export_file_name(notebook, "html"),
                      mime="text/html", key="nb-export-html")


def save(updated: Notebook) -> None:
    s.save(updated)
    st.rerun()


for index, cell in enumerate(list(notebook.cells)):
    with st.container(border=True, key=f"cell-{cell.id}"):
        head = st.columns([6, 1, 1, 1, 1])
        head[0].caption(f"{index + 1}. {CELL_TITLES[cell.type]}")
        if head[1].button("↑", key=f"up-{cell.id}", disabled=index == 0, help="Move up"):
            save(notebook.move(cell.id, -1))
        if head[2].button("↓", key=f"down-{cell.id}", disabled=index == len(notebook.cells) - 1,
                          help="Move down"):
            save(notebook.move(cell.id, 1))
        editing = cell.type == "note" and st.session_state.get(f"editing-{cell.id}", not cell.text)
        if cell.type == "note" and head[3].button("✎", key=f"edit-{cell.id}", help="Edit note"):
            st.session_state[f"editing-{cell.id}"] = not editing
            st.rerun()
        if head[4].button("🗑", key=f"del-{cell.id}", help="Delete cell"):
            save(notebook.delete(cell.id))
        if cell.type == "note":
            if editing:
                text = st.text_area("Markdown", cell.text, key=f"text-{cell.id}", height=150)
                if st.button("Save note", key=f"save-{cell.id}"):
                    st.session_state[f"editing-{cell.id}"] = False
                    save(notebook.update(cell.id, text=text))
            else:
                st.markdown(cell.text)
            continue
        params = VIEWS[cell.type](cell.params, key=f"c-{cell.id}")
        if params != cell.params:
            # Autosave: a changed parameter is written at once (and kept for later cells).
            notebook = notebook.update(cell.id, params=params)
            s.save(notebook)

add = st.columns([3, 1])
with add[0]:
    new_type = st.selectbox("Add a cell", CELL_TYPES, key="nb-add-type",
                            format_func=CELL_TITLES.__getitem__)
with add[1]:
    st.write("")
    if st.button("Add cell", key="nb-add-cell", type="primary", use_container_width=True):
        save(notebook.add(new_type))
