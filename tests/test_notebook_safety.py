"""Notebook safety: per-reader views, locked examples, the trash, renames, insertion,
cell titles, the start page, limits, import/export fidelity and names shown as text."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.corpus import Corpus
from policy_graph.errors import DataFileError, UserInputError
from policy_graph.notebook import MAX_NAME, MAX_TEXT, Notebook, check_name
from policy_graph.notebook_io import (
    from_markdown,
    from_yaml,
    note_html,
    read_upload,
    to_html,
    to_markdown,
    to_yaml,
)
from policy_graph.store import NotebookStore
from policy_graph.taxonomy import DEFAULT_DATA_DIR
from tests.test_app import Page, markdown

NOTEBOOK = "ui/pages/notebook.py"
EXAMPLES = DEFAULT_DATA_DIR / "notebooks"
TOUR = "Onboarding tour"
HOSTILE = "**bold** [x](javascript:alert(1)) <b>"


def db(path: Path) -> NotebookStore:
    return NotebookStore(f"sqlite:///{path}")


def messages(at: AppTest) -> str:
    return "\n".join(str(e.value) for kind in (at.error, at.warning, at.info, at.success, at.caption)
                     for e in kind)


# --- the library --------------------------------------------------------------------

def test_examples_are_locked_and_a_duplicate_is_editable(tmp_path: Path) -> None:
    store = db(tmp_path / "nb.db")
    store.seed(EXAMPLES)
    assert store.is_locked(TOUR) and TOUR not in store.editable_names()
    tour = store.load(TOUR)
    for change in (lambda: store.save(tour.add("note", text="mine")),
                   lambda: store.delete_cell(TOUR, tour.cells[0].id),
                   lambda: store.rename(TOUR, "Tour 2")):
        with pytest.raises(UserInputError, match="example notebook and cannot be changed"):
            change()
    assert store.load(TOUR) == tour
    copy = store.duplicate(TOUR)
    assert not store.is_locked(copy) and copy in store.editable_names()
    store.save(store.load(copy).add("note", text="mine"))
    assert store.load(copy).cells[-1].text == "mine"
    # Deleting an example is allowed (it goes to the trash) and restoring keeps it locked.
    trash_id = store.delete(TOUR)
    assert trash_id is not None and TOUR not in store.names()
    assert store.seed(EXAMPLES) == []  # a deleted example stays deleted
    assert store.restore(trash_id) == TOUR and store.is_locked(TOUR)


def test_an_older_database_locks_the_examples_it_seeded(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    with sqlite3.connect(path) as con:
        con.executescript("CREATE TABLE notebooks (name TEXT PRIMARY KEY, body TEXT NOT NULL, "
                          "updated_at TEXT NOT NULL); CREATE TABLE seeded (name TEXT PRIMARY KEY);")
        for name in ("Example", "Mine"):
            con.execute("INSERT INTO notebooks VALUES (?, ?, '2024-01-01')",
                        (name, Notebook(name=name).model_dump_json()))
        con.execute("INSERT INTO seeded VALUES ('Example')")
    con.close()
    store = db(path)
    assert store.is_locked("Example") and not store.is_locked("Mine")
    assert store.load("Mine") == Notebook(name="Mine")


def test_trash_restores_cells_in_place_and_notebooks(tmp_path: Path) -> None:
    store = db(tmp_path / "nb.db")
    nb = Notebook(name="Work").add("note", text="one").add("note", text="two", title="Second") \
        .add("search", {"q": "betaling"})
    store.save(nb)
    second = nb.cells[1].id
    cell_trash = store.delete_cell("Work", second)
    assert [c.text for c in store.load("Work").cells] == ["one", ""]
    item = store.trash()[0]
    assert (item.kind, item.notebook, item.label) == ("cell", "Work", "Second")
    # Renaming the notebook takes its deleted cells along.
    assert store.rename("Work", "Work 2") == "Work 2"
    assert store.trash()[0].notebook == "Work 2"
    assert store.restore(cell_trash) == "Work 2"
    restored = store.load("Work 2")
    assert [c.id for c in restored.cells] == [c.id for c in nb.cells]  # back in its place
    assert restored.cells[1].title == "Second" and store.trash() == []
    # A deleted notebook comes back; under another name if its name was taken since.
    nb_trash = store.delete("Work 2")
    assert nb_trash is not None and store.names() == [] and store.trash()[0].kind == "notebook"
    store.save(Notebook(name="Work 2"))
    assert store.restore(nb_trash) == "Work 2 (restored)"
    assert store.load("Work 2 (restored)").cells == restored.cells
    # A cell whose notebook is itself in the trash asks for the notebook first.
    cell_trash = store.delete_cell("Work 2 (restored)", restored.cells[0].id)
    store.delete("Work 2 (restored)")
    with pytest.raises(UserInputError, match="restore the notebook first"):
        store.restore(cell_trash)
    with pytest.raises(UserInputError, match="no longer in the trash"):
        store.restore(123456)
    assert store.empty_trash() == 2 and store.trash() == []


def test_rename_checks_the_new_name(tmp_path: Path) -> None:
    store = db(tmp_path / "nb.db")
    store.save(Notebook(name="A"))
    store.save(Notebook(name="B"))
    with pytest.raises(UserInputError, match="already exists"):
        store.rename("A", "B")
    with pytest.raises(UserInputError, match="at most 120 characters"):
        store.rename("A", "x" * 121)
    assert store.rename("A", "  C  ") == "C" and store.names() == ["B", "C"]


def test_insert_a_cell_at_a_chosen_place() -> None:
    nb = Notebook(name="N").add("note", text="a").add("note", text="c")
    assert [c.text for c in nb.add("note", text="top", at=0).cells] == ["top", "a", "c"]
    assert [c.text for c in nb.add("note", text="b", after=nb.cells[0].id).cells] == ["a", "b", "c"]
    assert [c.text for c in nb.add("note", text="end").cells] == ["a", "c", "end"]
    again = nb.insert(nb.cells[0], at=1)  # an id already in the notebook gets a new one
    assert len({c.id for c in again.cells}) == 3


def test_names_and_notes_limits_are_messages_not_crashes(tmp_path: Path) -> None:
    assert check_name("  x ") == "x"
    with pytest.raises(UserInputError, match="at most 120 characters; this one has 121"):
        check_name("x" * (MAX_NAME + 1))
    with pytest.raises(UserInputError, match="needs a name"):
        check_name("   ")
    nb = Notebook(name="N").add("note")
    long_note = "word " * 20_000  # 100,000 characters: the limit itself
    assert nb.update(nb.cells[0].id, text=long_note).cells[0].text == long_note
    with pytest.raises(UserInputError, match="at most 100,000 characters; this one has 100,001"):
        nb.update(nb.cells[0].id, text=long_note + "!")
    with pytest.raises(UserInputError, match="cell title can be at most 200"):
        nb.update(nb.cells[0].id, title="t" * 201)
    # Copies and imports of a 120-character name still fit.
    store = db(tmp_path / "nb.db")
    store.save(Notebook(name="n" * MAX_NAME))
    copy = store.duplicate("n" * MAX_NAME)
    imported = store.import_notebook(Notebook(name="n" * MAX_NAME))
    assert copy.endswith(" (copy)") and imported.endswith(" (imported)")
    assert len(copy) <= MAX_NAME and len(imported) <= MAX_NAME


def test_cell_titles_are_exported_and_imported(corpus: Corpus) -> None:
    nb = Notebook(name="Titled", description="What this is about.") \
        .add("note", text="Body text.", title="Findings *so far*") \
        .add("search", {"q": "betaling"}, title="Where payment is named") \
        .add("note", text="untitled")
    text = to_markdown(nb, corpus)
    assert "## Findings \\*so far\\*" in text and "## Where payment is named" in text
    back = from_markdown(text, "t.md")
    assert back.description == "What this is about."
    assert [(c.type, c.title, c.text, c.params) for c in back.cells] == \
        [(c.type, c.title, c.text, c.params) for c in nb.cells]
    html = to_html(nb, corpus)
    assert "<h2 class='cell-title'>Findings *so far*</h2>" in html
    assert from_yaml(to_yaml(nb), "t.yaml") == nb


def test_markdown_import_keeps_everything() -> None:
    plain = from_markdown("Preface before the title.\n\n# Title\n\nintro\n\n## A\n\ntext\n", "p.md")
    assert plain.name == "Title"
    assert [c.text for c in plain.cells] == ["Preface before the title.", "intro", "## A\n\ntext"]
    untitled = from_markdown("Just a paragraph.\n", "u.md")
    assert untitled.name == "Imported notebook" and untitled.cells[0].text == "Just a paragraph."
    # Free text written between the cells of an export is kept as notes.
    export = ('# Doc\n\nThe description.\n\n<!-- policy-graph:cell {"type": "note", "id": "a", '
              '"params": {}} -->\nfirst\n<!-- policy-graph:end -->\n\nAdded by hand.\n\n'
              '<!-- policy-graph:cell {"type": "search", "id": "b", "params": {"q": "x"}} -->\n'
              "### Search: x\n<!-- policy-graph:end -->\n\nTrailing words.\n")
    nb = from_markdown(export, "e.md")
    assert nb.description == "The description."
    assert [(c.type, c.text) for c in nb.cells] == [
        ("note", "first"), ("note", "Added by hand."), ("search", ""), ("note", "Trailing words.")]


def test_a_parameter_cannot_break_the_markdown_marker(corpus: Corpus) -> None:
    nb = Notebook(name="M").add("search", {"q": "--> <!-- policy-graph:end --> & <b>"})
    text = to_markdown(nb, corpus)
    marker = next(line for line in text.splitlines() if line.startswith("<!-- policy-graph:cell"))
    assert marker.count("-->") == 1 and "<b>" not in marker
    assert from_markdown(text, "m.md").cells[0].params == nb.cells[0].params


def test_html_export_renders_note_markdown_safely(corpus: Corpus) -> None:
    note = ("# Heading\n\n**bold** and *italic* and `code`\n\n- one\n- two\n\n1. first\n\n"
            "[site](https://example.org) [mail](mailto:a@example.org) [plain](http://example.org)\n\n"
            "[js](javascript:alert(1)) [js2](JaVaScRiPt:alert(1)) [data](data:text/html;base64,PHNjcmlwdD4=) "
            "[vb](vbscript:msgbox(1)) [ent](&#106;avascript:alert(1)) <javascript:alert(1)>\n\n"
            "<script>alert(1)</script> <img src=x onerror=alert(1)> ![pic](https://example.org/p.png)")
    html = to_html(Notebook(name="H").add("note", text=note), corpus)
    body = note_html(note)
    assert "<h2>Heading</h2>" in body  # one level below the notebook's name
    assert "<strong>bold</strong>" in body and "<em>italic</em>" in body and "<code>code</code>" in body
    assert "<ul>\n<li>one</li>" in body and "<ol>\n<li>first</li>" in body
    hrefs = re.findall(r'href="([^"]*)"', html)
    # An image is not loaded (no outside resources): it becomes a link to the picture.
    assert hrefs == ["https://example.org", "mailto:a@example.org", "http://example.org",
                     "https://example.org/p.png"]
    assert "<script" not in html and "<img" not in html and "onerror=alert" not in html.replace(
        "&lt;img src=x onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_names_are_text_in_exports(corpus: Corpus) -> None:
    nb = Notebook(name=HOSTILE).add("note", text="x")
    text = to_markdown(nb, corpus)
    first = text.splitlines()[0]
    assert first.startswith("# \\*\\*bold\\*\\* \\[x\\]\\(javascript") and "<b>" not in first
    assert from_markdown(text, "n.md").name == HOSTILE
    html = to_html(nb, corpus)
    assert "<h1>**bold** [x](javascript:alert(1)) &lt;b&gt;</h1>" in html and "href" not in html


@pytest.mark.parametrize(("name", "data", "expected"), [
    ("a.yaml", b"name: A\ncells:\n  - text: hi\n", "line 3: a cell needs a type: note, graph, about_me"),
    ("a.yaml", b"name: A\ncells:\n  - type: video\n", "line 3: a cell needs a type: note, graph"),
    ("a.yaml", b"name: A\ncolour: red\n", "line 2: unknown key “colour”"),
    ("a.yaml", b"cells: []\n", "the notebook needs a name"),
    ("a.yaml", b"", "the file is empty"),
    ("a.yaml", b"- a\n- b\n", "this is not a notebook"),
    ("a.yaml", b"name: A\ncells:\n  - {type: search, params: [q]}\n", "line 3: a view's params must be"),
    ("a.yaml", b"name: A\ncells:\n  - {type: note, id: 'a b'}\n", "line 3: a cell id may use only"),
    ("a.yaml", ("name: A\ncells:\n  - type: note\n    text: " + "x" * (MAX_TEXT + 1) + "\n").encode(),
     "line 4: a note can be at most 100,000 characters"),
    ("a.yaml", ("name: " + "n" * 130 + "\n").encode(), "line 1: the notebook's name is longer than 120"),
    ("a.yaml", b"name: A\ncells: [" + b"{type: note}, " * 201 + b"]\n",
     "at most 200 cells; this file has 201"),
    ("a.md", "# Caf\u00e9\n\nna\u00efve".encode("latin-1"), "line 1: the file is not UTF-8 text"),
    ("a.yaml", b"name: A\ncells:\n  - type: note\n    text: \xff\n", "line 4: the file is not UTF-8 text"),
    ("a.md", b'# A\n\n<!-- policy-graph:cell {"type": "video"} -->\n',
     "line 3: a cell needs a type: note, graph"),
    ("a.md", b"# A\n\n" + b"x" * (MAX_TEXT + 1), "line 1: this section is longer than 100,000"),
])
def test_import_errors_are_said_in_the_readers_terms(name: str, data: bytes, expected: str) -> None:
    with pytest.raises(DataFileError) as info:
        read_upload(data, name)
    message = str(info.value)
    assert expected in message, message
    for jargon in ("Input should", "validation error", "codec", "utf-8' codec", "pydantic", "loc"):
        assert jargon not in message, message


def test_an_upload_with_a_byte_order_mark_and_repeated_ids_is_read() -> None:
    nb = read_upload("\ufeffname: A\ncells: [{id: x, type: note}, {id: x, type: note}]\n".encode(), "a.yml")
    assert len({c.id for c in nb.cells}) == 2


# --- the page ----------------------------------------------------------------------

def _search_notebook(path: Path, name: str = "Shared") -> str:
    nb = Notebook(name=name).add("search", {"q": "betaling"})
    db(path).save(nb)
    return nb.cells[0].id


def test_a_view_change_is_the_readers_own_until_saved_into_the_cell(private_notebook_db: Path) -> None:
    cell = _search_notebook(private_notebook_db)
    first = Page(NOTEBOOK, nb="Shared").run()
    assert not first.exception
    first.text_input(key=f"c-{cell}-q").set_value("thanh toan").run()
    assert ":orange-background[**Thanh toán**]" in markdown(first)
    assert db(private_notebook_db).load("Shared").cells[0].params == {"q": "betaling"}
    # A second reader still sees the saved view, not the first reader's change.
    second = Page(NOTEBOOK, nb="Shared").run()
    assert second.text_input(key=f"c-{cell}-q").value == "betaling"
    assert ":orange-background[**Betalingsopplysninger**]" in markdown(second)
    assert ":orange-background[**Thanh toán**]" not in markdown(second)
    # Saving the view into the cell is explicit, and then everyone gets it.
    first.button(key=f"saveview-{cell}").click().run()
    assert db(private_notebook_db).load("Shared").cells[0].params["q"] == "thanh toan"
    assert not [b for b in first.button if b.key == f"saveview-{cell}"]  # nothing left to save
    third = Page(NOTEBOOK, nb="Shared").run()
    assert third.text_input(key=f"c-{cell}-q").value == "thanh toan"
    # "Reset" brings a changed view back to the saved one without saving anything.
    third.text_input(key=f"c-{cell}-q").set_value("calendar").run()
    third.button(key=f"resetview-{cell}").click().run()
    assert third.text_input(key=f"c-{cell}-q").value == "thanh toan"
    assert db(private_notebook_db).load("Shared").cells[0].params["q"] == "thanh toan"


def test_an_unchanged_view_offers_nothing_to_save() -> None:
    at = Page(NOTEBOOK, nb="What WeWork uses about a WeWork Go guest").run()
    assert not at.exception
    assert not [b for b in at.button if str(b.key).startswith(("saveview-", "resetview-"))]


def test_example_notebook_is_locked_and_duplicate_to_edit(private_notebook_db: Path) -> None:
    at = Page(NOTEBOOK, nb=TOUR).run()
    assert not at.exception
    assert any("example notebook, so it is locked" in i.value for i in at.info)
    keys = {str(b.key) for b in at.button}
    assert not {k for k in keys if k.startswith(("up-", "down-", "edit-", "del-"))}
    assert "nb-add-cell" not in keys and "nb-duplicate-edit" in keys
    # A reader may still change a view, for themselves only: there is no save.
    ask = next(c for c in db(private_notebook_db).load(TOUR).cells if c.type == "question")
    at.text_input(key=f"c-{ask.id}-q").set_value("Do you track my phone's location?").run()
    assert not [b for b in at.button if b.key == f"saveview-{ask.id}"]
    assert any("Example notebooks are locked" in c.value for c in at.caption)
    before = db(private_notebook_db).load(TOUR)
    at.button(key="nb-duplicate-edit").click().run()
    assert at.selectbox(key="nb-select").value == f"{TOUR} (copy)"
    assert "nb-add-cell" in {str(b.key) for b in at.button}
    assert db(private_notebook_db).load(TOUR) == before


def test_delete_goes_to_the_trash_with_undo_and_restore(private_notebook_db: Path) -> None:
    nb = Notebook(name="Bin").add("note", text="keep me").add("note", text="delete me")
    db(private_notebook_db).save(nb)
    at = Page(NOTEBOOK, nb="Bin").run()
    at.button(key=f"del-{nb.cells[1].id}").click().run()
    assert [c.text for c in db(private_notebook_db).load("Bin").cells] == ["keep me"]
    assert any("Deleted cell 2" in i.value for i in at.info)
    at.button(key="nb-undo").click().run()
    assert [c.text for c in db(private_notebook_db).load("Bin").cells] == ["keep me", "delete me"]
    # The notebook itself: to the trash, the start page, then Restore from the Trash.
    at.button(key="nb-delete-confirm").click().run()
    assert "Bin" not in db(private_notebook_db).names()
    assert any("Policy Graph notebooks" in t.value for t in at.title)
    item = db(private_notebook_db).trash()[0]
    at.button(key=f"nb-restore-{item.id}").click().run()
    assert not at.exception
    assert at.selectbox(key="nb-select").value == "Bin"
    assert [c.text for c in db(private_notebook_db).load("Bin").cells] == ["keep me", "delete me"]


def test_rename_insert_and_title_a_cell(private_notebook_db: Path) -> None:
    nb = Notebook(name="Draft").add("note", text="first").add("note", text="last")
    db(private_notebook_db).save(nb)
    at = Page(NOTEBOOK, nb="Draft").run()
    at.text_input(key="nb-rename-name").set_value("Final").run()
    at.button(key="nb-rename").click().run()
    assert at.selectbox(key="nb-select").value == "Final"
    assert db(private_notebook_db).editable_names() == ["Final"]
    # Insert a search between the two notes.
    at.selectbox(key="nb-add-type").set_value("search").run()
    at.selectbox(key="nb-add-where").set_value(f"after:{nb.cells[0].id}").run()
    at.button(key="nb-add-cell").click().run()
    cells = db(private_notebook_db).load("Final").cells
    assert [c.type for c in cells] == ["note", "search", "note"]
    assert at.selectbox(key="nb-add-where").value == "end"  # back to the default
    # Give the search cell a title: it is its heading.
    at.button(key=f"edit-{cells[1].id}").click().run()
    at.text_input(key=f"title-{cells[1].id}").set_value("Where *payment* is named").run()
    at.button(key=f"save-{cells[1].id}").click().run()
    assert db(private_notebook_db).load("Final").cells[1].title == "Where *payment* is named"
    assert "### Where \\*payment\\* is named" in markdown(at)


def test_start_page_and_an_unknown_notebook() -> None:
    at = Page(NOTEBOOK).run()
    assert not at.exception and not at.error
    assert any("Policy Graph notebooks" in t.value for t in at.title)
    assert at.selectbox(key="nb-select").value is None
    assert "nb" not in at.query_params
    missing = Page(NOTEBOOK, nb="No such notebook").run()
    assert not missing.exception
    assert any("There is no notebook named “No such notebook”" in w.value for w in missing.warning)
    assert any("Policy Graph notebooks" in t.value for t in missing.title)


def test_hostile_names_are_shown_as_text(private_notebook_db: Path) -> None:
    db(private_notebook_db).save(Notebook(name=HOSTILE).add("note", text="x"))
    escaped = "\\*\\*bold\\*\\* \\[x\\]\\(javascript\\:alert\\(1\\)\\) &lt;b&gt;"
    at = Page(NOTEBOOK, nb=HOSTILE).run()
    assert not at.exception
    confirm = next(w.value for w in at.warning if "Trash" in w.value)
    assert escaped in confirm
    at.button(key="nb-delete-confirm").click().run()
    assert any(escaped in i.value for i in at.info)  # the undo offer
    missing = Page(NOTEBOOK, nb=HOSTILE + "?").run()
    assert any(escaped in w.value for w in missing.warning)
    # Through "Add to notebook", with a new notebook of that name.
    page = Page("ui/pages/search.py", q="calendar").run()
    page.selectbox(key="search-nb-target").set_value("＋ New notebook…").run()
    page.text_input(key="search-nb-new").set_value(HOSTILE).run()
    page.button(key="search-nb-add").click().run()
    assert any(s.value == f"Added to “{escaped}”." for s in page.success)
    assert not any("**bold**" in str(m) for m in messages(page).splitlines())


def test_add_to_notebook_refuses_a_name_over_120_characters(private_notebook_db: Path) -> None:
    at = Page("ui/pages/search.py", q="calendar").run()
    assert TOUR not in at.selectbox(key="search-nb-target").options  # examples are locked
    at.selectbox(key="search-nb-target").set_value("＋ New notebook…").run()
    at.text_input(key="search-nb-new").set_value("n" * 130).run()
    at.button(key="search-nb-add").click().run()
    assert not at.exception
    assert any("at most 120 characters; this one has 130" in e.value for e in at.error)
    assert "n" * 130 not in db(private_notebook_db).names()
    at.text_input(key="search-nb-new").set_value("n" * 120).run()
    at.button(key="search-nb-add").click().run()
    assert "n" * 120 in db(private_notebook_db).names()


def test_a_long_note_is_kept_and_a_too_long_one_refused_keeping_the_text(
        private_notebook_db: Path) -> None:
    nb = Notebook(name="Long").add("note", text="short")
    db(private_notebook_db).save(nb)
    cell = nb.cells[0].id
    at = Page(NOTEBOOK, nb="Long").run()
    at.button(key=f"edit-{cell}").click().run()
    long_note = "Long note. " * 2_500  # 27,500 characters
    at.text_area(key=f"text-{cell}").set_value(long_note).run()
    at.button(key=f"save-{cell}").click().run()
    assert not at.exception
    assert db(private_notebook_db).load("Long").cells[0].text == long_note
    at.button(key=f"edit-{cell}").click().run()
    too_long = "x" * (MAX_TEXT + 1)
    at.text_area(key=f"text-{cell}").set_value(too_long).run()
    at.button(key=f"save-{cell}").click().run()
    assert not at.exception
    assert any("at most 100,000 characters; this one has 100,001" in e.value for e in at.error)
    assert at.text_area(key=f"text-{cell}").value == too_long  # still in the editor
    assert db(private_notebook_db).load("Long").cells[0].text == long_note



def test_graph_compare_and_about_me_views_reset_and_save_on_demand(private_notebook_db: Path) -> None:
    nb = Notebook(name="G").add("graph", {"labels": "en", "basis": "not-stated"}) \
        .add("compare", {"mode": "policies", "a": "wework-space-services/nb", "b": "wework/vi"}) \
        .add("about_me", {"lang": "vi", "product": "wework-go", "role": "go-customers-visitors-guests"})
    db(private_notebook_db).save(nb)
    at = Page(NOTEBOOK, nb="G").run()
    assert not at.exception
    assert not [b for b in at.button if str(b.key).startswith("saveview-")]
    g, c, a = (x.id for x in nb.cells)
    at.selectbox(key=f"c-{g}-labels").set_value("nb").run()
    at.radio(key=f"c-{c}-mode").set_value("products").run()
    at.selectbox(key=f"c-{a}-lang").set_value("en").run()
    assert {f"saveview-{g}", f"saveview-{c}", f"saveview-{a}"} <= {str(b.key) for b in at.button}
    for cell in (g, c, a):
        at.button(key=f"resetview-{cell}").click().run()
        assert not at.exception, at.exception
    assert at.selectbox(key=f"c-{g}-labels").value == "en"
    assert at.radio(key=f"c-{c}-mode").value == "policies"
    assert at.selectbox(key=f"c-{a}-lang").value == "vi"
    at.radio(key=f"c-{c}-mode").set_value("products").run()
    at.button(key=f"saveview-{c}").click().run()
    saved = db(private_notebook_db).load("G")
    assert saved.cells[1].params["mode"] == "products" and saved.cells[0].params == nb.cells[0].params
    assert not [b for b in at.button if str(b.key).startswith("saveview-")]


def test_two_readers_editing_one_note_never_silently_overwrite(private_notebook_db: Path) -> None:
    nb = Notebook(name="Shared").add("note", text="first version")
    db(private_notebook_db).save(nb)
    cell = nb.cells[0].id
    alice = Page(NOTEBOOK, nb="Shared").run()
    alice.button(key=f"edit-{cell}").click().run()
    bob = Page(NOTEBOOK, nb="Shared").run()
    bob.button(key=f"edit-{cell}").click().run()
    bob.text_area(key=f"text-{cell}").set_value("Bob's version").run()
    bob.button(key=f"save-{cell}").click().run()
    assert db(private_notebook_db).load("Shared").cells[0].text == "Bob's version"
    alice.text_area(key=f"text-{cell}").set_value("Alice's version").run()
    alice.button(key=f"save-{cell}").click().run()
    assert not alice.exception
    assert any("Someone else saved this cell" in e.value for e in alice.error)
    assert alice.text_area(key=f"text-{cell}").value == "Alice's version"  # her text is kept
    assert db(private_notebook_db).load("Shared").cells[0].text == "Bob's version"
    # Reopening the editor shows Bob's text; saving on top of it is then allowed.
    alice.button(key=f"edit-{cell}").click().run()
    alice.button(key=f"edit-{cell}").click().run()
    assert alice.text_area(key=f"text-{cell}").value == "Bob's version"
    alice.text_area(key=f"text-{cell}").set_value("Merged").run()
    alice.button(key=f"save-{cell}").click().run()
    assert db(private_notebook_db).load("Shared").cells[0].text == "Merged"
