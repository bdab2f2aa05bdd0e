"""Two readers at once never silently overwrite each other: versions on every notebook
row, stale saves refused with what changed, additions re-applied on the newest version,
only a reader's explicit changes written — in the store (two stores, threads, processes
on one file) and on the page (two AppTest sessions)."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.notebook import (
    AddCell,
    Cell,
    EditConflict,
    MoveCell,
    Notebook,
    UpdateCell,
)
from policy_graph.notebook_io import from_markdown
from policy_graph.store import NotebookStore
from tests.test_app import Page

NOTEBOOK = "ui/pages/notebook.py"
ROOT = Path(__file__).resolve().parents[1]


def two_stores(path: Path) -> tuple[NotebookStore, NotebookStore]:
    url = f"sqlite:///{path}"
    return NotebookStore(url), NotebookStore(url)


def errors(at: AppTest) -> str:
    """The page's error messages without their Markdown escapes."""
    return "\n".join(str(e.value) for e in at.error).replace("\\", "")


# --- the store --------------------------------------------------------------------

def test_every_write_raises_the_version_and_a_stale_save_is_refused_naming_the_change(
        tmp_path: Path) -> None:
    alice, bob = two_stores(tmp_path / "nb.db")
    alice.save(Notebook(name="Shared").add("note", text="one").add("note", text="two"))
    first = alice.open("Shared")
    seen_by_bob = bob.open("Shared")
    assert seen_by_bob.version == first.version
    changed = alice.apply("Shared", UpdateCell(first.notebook.cells[1].id, first.notebook.cells[1],
                                               text="two, edited"), based_on=first)
    assert changed.version > first.version == seen_by_bob.version
    assert bob.open("Shared").version == changed.version  # the other store sees it at once
    # Bob saves a whole notebook built on the version he saw: refused, saying what changed.
    with pytest.raises(EditConflict, match=r"changed by someone else .*cell 2 \(Note\) edited"):
        bob.save(seen_by_bob.notebook.add("note", text="Bob's"), based_on=seen_by_bob)
    assert [c.text for c in bob.load("Shared").cells] == ["one", "two, edited"]
    # On the newest version the same save goes through.
    newest = bob.open("Shared")
    bob.save(newest.notebook.add("note", text="Bob's"), based_on=newest)
    assert [c.text for c in alice.load("Shared").cells] == ["one", "two, edited", "Bob's"]


def test_a_version_is_never_reused_by_a_notebook_made_again_under_its_name(tmp_path: Path) -> None:
    store = NotebookStore(f"sqlite:///{tmp_path / 'nb.db'}")
    store.save(Notebook(name="N").add("note", text="old"))
    old = store.open("N")
    store.delete("N")
    store.save(Notebook(name="N").add("note", text="new"))
    assert store.open("N").version != old.version
    with pytest.raises(EditConflict, match="changed by someone else"):
        store.save(old.notebook, based_on=old)
    assert store.load("N").cells[0].text == "new"


def test_adding_cells_on_a_stale_version_loses_none(tmp_path: Path) -> None:
    alice, bob = two_stores(tmp_path / "nb.db")
    alice.save(Notebook(name="N").add("note", text="a"))
    seen = alice.open("N")
    bob.apply("N", AddCell(Cell(type="note", text="bob")), based_on=bob.open("N"))
    alice.apply("N", AddCell(Cell(type="note", text="alice")), based_on=seen)  # stale: re-applied
    assert [c.text for c in bob.load("N").cells] == ["a", "bob", "alice"]
    # Inserted after a cell someone deleted meanwhile: it goes to the end, not lost.
    first = bob.load("N").cells[0].id
    bob.delete_cell("N", first)
    alice.apply("N", AddCell(Cell(type="note", text="after a"), after=first), based_on=seen)
    assert [c.text for c in alice.load("N").cells] == ["bob", "alice", "after a"]


def test_cell_updates_clash_only_on_the_fields_they_write(tmp_path: Path) -> None:
    alice, bob = two_stores(tmp_path / "nb.db")
    alice.save(Notebook(name="N").add("note", text="text", title="Title")
               .add("search", {"q": "betaling", "lang": "nb"}))
    note, view = alice.load("N").cells
    # Alice retitles, Bob rewrites the text, both from the same cell: both kept.
    alice.apply("N", UpdateCell(note.id, note, title="Alice's title"))
    bob.apply("N", UpdateCell(note.id, note, text="Bob's text"))
    merged = alice.load("N").cells[0]
    assert (merged.title, merged.text) == ("Alice's title", "Bob's text")
    # The same field: the later writer is refused, naming it, and the first is kept.
    alice.apply("N", UpdateCell(note.id, merged, text="Alice's text"))
    with pytest.raises(EditConflict, match=r"Someone else saved this cell .*changed its text"):
        bob.apply("N", UpdateCell(note.id, merged, text="Bob's second text"))
    assert alice.load("N").cells[0].text == "Alice's text"
    # View settings: only the keys written are compared and merged (None removes one).
    alice.apply("N", UpdateCell(view.id, view, params={"q": "calendar"}))
    bob.apply("N", UpdateCell(view.id, view, params={"lang": None, "policy": "wework"}))
    assert alice.load("N").cells[1].params == {"q": "calendar", "policy": "wework"}
    with pytest.raises(EditConflict, match="its view setting q"):
        bob.apply("N", UpdateCell(view.id, view, params={"q": "thanh toan"}))
    assert bob.load("N").cells[1].params["q"] == "calendar"
    # A cell deleted meanwhile is said so.
    alice.delete_cell("N", note.id)
    with pytest.raises(EditConflict, match="deleted this cell"):
        bob.apply("N", UpdateCell(note.id, merged, text="late"))


def test_moves_and_deletions_on_a_stale_version_are_refused(tmp_path: Path) -> None:
    alice, bob = two_stores(tmp_path / "nb.db")
    alice.save(Notebook(name="N").add("note", text="a").add("note", text="b"))
    seen = alice.open("N")
    a, b = (c.id for c in seen.notebook.cells)
    bob.apply("N", AddCell(Cell(type="note", text="c"), at=0))
    with pytest.raises(EditConflict, match=r"\(1 cell added\), so the move was not done"):
        alice.apply("N", MoveCell(a, 1), based_on=seen)
    bob.apply("N", UpdateCell(b, seen.notebook.cells[1], text="b, edited"))
    seen = alice.open("N")
    bob.apply("N", UpdateCell(a, seen.notebook.cells[1], title="renamed by Bob"))
    with pytest.raises(EditConflict, match=r"cell 2 \(renamed by Bob\) edited.*the deletion"):
        alice.delete_cell("N", a, based_on=seen)
    assert [c.text for c in alice.load("N").cells] == ["c", "a", "b, edited"]
    assert alice.trash() == []  # nothing went to the trash either
    # On the version the reader really sees, both work.
    now = alice.open("N")
    alice.apply("N", MoveCell(a, 1), based_on=now)
    alice.delete_cell("N", b, based_on=alice.open("N"))
    assert [c.text for c in alice.load("N").cells] == ["c", "a"]


def test_renamed_or_deleted_under_the_reader_is_said_so(tmp_path: Path) -> None:
    alice, bob = two_stores(tmp_path / "nb.db")
    alice.save(Notebook(name="N").add("note", text="a"))
    seen = alice.open("N")
    bob.rename("N", "M")
    with pytest.raises(EditConflict, match="no notebook named “N” any more"):
        alice.apply("N", MoveCell(seen.notebook.cells[0].id, 1), based_on=seen)
    with pytest.raises(EditConflict, match="deleted or renamed by someone else"):
        alice.save(seen.notebook, based_on=seen)
    assert alice.names() == ["M"]


def test_threads_adding_cells_at_once_lose_none(tmp_path: Path) -> None:
    path = tmp_path / "nb.db"
    NotebookStore(f"sqlite:///{path}").save(Notebook(name="N"))
    failures: list[BaseException] = []

    def writer(who: int) -> None:
        store = NotebookStore(f"sqlite:///{path}")  # one store (and connections) per thread
        try:
            for i in range(15):
                seen = store.open("N")
                store.apply("N", AddCell(Cell(type="note", text=f"{who}-{i}")), based_on=seen)
        except BaseException as exc:  # reported below: a thread's exception is otherwise lost
            failures.append(exc)

    threads = [threading.Thread(target=writer, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert failures == []
    texts = [c.text for c in NotebookStore(f"sqlite:///{path}").load("N").cells]
    assert sorted(texts) == sorted(f"{w}-{i}" for w in range(4) for i in range(15))


ADDER = """
import sys
from policy_graph.notebook import AddCell, Cell
from policy_graph.notebook_io import from_markdown
from policy_graph.store import NotebookStore
store = NotebookStore(sys.argv[1])
for i in range(int(sys.argv[3])):
    store.apply("N", AddCell(Cell(type="note", text=f"{sys.argv[2]}-{i}")), based_on=store.open("N"))
"""


def test_processes_adding_cells_at_once_lose_none(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nb.db'}"
    NotebookStore(url).save(Notebook(name="N"))
    procs = [subprocess.Popen([sys.executable, "-c", ADDER, url, str(n), "20"], cwd=ROOT,
                              stderr=subprocess.PIPE, text=True) for n in range(3)]
    for proc in procs:
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
    texts = [c.text for c in NotebookStore(url).load("N").cells]
    assert sorted(texts) == sorted(f"{p}-{i}" for p in range(3) for i in range(20))


# --- the page: two sessions on one database -----------------------------------------

def _open(name: str) -> AppTest:
    at = Page(NOTEBOOK, nb=name).run()
    assert not at.exception, at.exception
    return at


def test_a_readers_untouched_view_follows_a_saved_change_and_never_saves_it_back(
        private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Shared").add("search", {"q": "betaling"}))
    cell = store.load("Shared").cells[0].id
    alice, bob = _open("Shared"), _open("Shared")
    alice.text_input(key=f"c-{cell}-q").set_value("calendar").run()
    alice.button(key=f"saveview-{cell}").click().run()
    assert store.load("Shared").cells[0].params["q"] == "calendar"
    bob.run()  # Bob's next rerun, having touched nothing
    assert not bob.exception
    assert bob.text_input(key=f"c-{cell}-q").value == "calendar"
    assert not [b for b in bob.button if b.key == f"saveview-{cell}"]  # nothing of his to save
    assert store.load("Shared").cells[0].params["q"] == "calendar"


def test_a_view_save_writes_only_what_the_reader_changed(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Shared").add("search", {"q": "betaling"}))
    cell = store.load("Shared").cells[0].id
    alice, bob = _open("Shared"), _open("Shared")
    bob.selectbox(key=f"c-{cell}-policy").set_value("wework").run()  # Bob filters by policy
    alice.text_input(key=f"c-{cell}-q").set_value("calendar").run()
    alice.button(key=f"saveview-{cell}").click().run()
    bob.button(key=f"saveview-{cell}").click().run()  # his stale q is not written back
    assert not bob.exception
    assert store.load("Shared").cells[0].params == {"q": "calendar", "policy": "wework"}
    assert bob.text_input(key=f"c-{cell}-q").value == "calendar"


def test_a_view_setting_both_changed_is_refused_for_the_later_reader(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Shared").add("search", {"q": "betaling"}))
    cell = store.load("Shared").cells[0].id
    alice, bob = _open("Shared"), _open("Shared")
    bob.text_input(key=f"c-{cell}-q").set_value("thanh toan").run()
    alice.text_input(key=f"c-{cell}-q").set_value("calendar").run()
    alice.button(key=f"saveview-{cell}").click().run()
    bob.button(key=f"saveview-{cell}").click().run()
    assert not bob.exception
    assert "changed its view setting q" in errors(bob)
    assert bob.text_input(key=f"c-{cell}-q").value == "thanh toan"  # his view is kept, unsaved
    assert store.load("Shared").cells[0].params["q"] == "calendar"


def test_two_editors_of_one_cell_keep_both_changes_to_different_fields(
        private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Shared").add("note", text="first text", title="First title"))
    cell = store.load("Shared").cells[0].id
    alice, bob = _open("Shared"), _open("Shared")
    alice.button(key=f"edit-{cell}").click().run()
    bob.button(key=f"edit-{cell}").click().run()
    alice.text_input(key=f"title-{cell}").set_value("Alice's title").run()
    alice.button(key=f"save-{cell}").click().run()
    bob.text_area(key=f"text-{cell}").set_value("Bob's text").run()  # his title box is stale
    bob.button(key=f"save-{cell}").click().run()
    assert not bob.exception and not bob.error
    saved = store.load("Shared").cells[0]
    assert (saved.title, saved.text) == ("Alice's title", "Bob's text")


def test_two_readers_adding_cells_keep_both(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Shared").add("note", text="start"))
    alice, bob = _open("Shared"), _open("Shared")
    alice.selectbox(key="nb-add-type").set_value("search").run()
    bob.selectbox(key="nb-add-type").set_value("question").run()
    alice.button(key="nb-add-cell").click().run()
    bob.button(key="nb-add-cell").click().run()
    assert not alice.exception and not bob.exception
    assert [c.type for c in store.load("Shared").cells] == ["note", "search", "question"]


def test_a_move_on_a_stale_page_is_refused_with_what_changed(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Shared").add("note", text="a").add("note", text="b"))
    a = store.load("Shared").cells[0].id
    alice, bob = _open("Shared"), _open("Shared")
    bob.button(key="nb-add-cell").click().run()  # Bob adds a note at the end
    alice.button(key=f"down-{a}").click().run()
    assert not alice.exception
    assert "(1 cell added), so the move was not done" in errors(alice)
    assert [c.text for c in store.load("Shared").cells] == ["a", "b", ""]
    alice.button(key=f"down-{a}").click().run()  # now on the version she sees
    assert [c.text for c in store.load("Shared").cells] == ["b", "a", ""]


# --- duplicate cell ids -------------------------------------------------------------

def test_a_notebook_stored_with_repeated_cell_ids_opens_and_edits(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Twins"))
    body = ('{"name": "Twins", "description": "", "cells": ['
            '{"id": "dup", "type": "note", "title": "", "text": "one", "params": {}},'
            '{"id": "dup", "type": "note", "title": "", "text": "two", "params": {}},'
            '{"id": "dup", "type": "search", "title": "", "text": "", "params": {"q": "betaling"}}]}')
    with sqlite3.connect(private_notebook_db) as con:  # as an old or hand-edited file would have it
        con.execute("UPDATE notebooks SET body = ? WHERE name = 'Twins'", (body,))
    con.close()
    ids = [c.id for c in store.load("Twins").cells]
    assert ids == ["dup", "dup-2", "dup-3"] and ids == [c.id for c in store.load("Twins").cells]
    at = _open("Twins")
    assert not at.exception
    at.button(key="edit-dup-2").click().run()
    at.text_area(key="text-dup-2").set_value("two, edited").run()
    at.button(key="save-dup-2").click().run()
    assert not at.exception
    assert [c.text for c in store.load("Twins").cells] == ["one", "two, edited", ""]
    assert len({c.id for c in store.load("Twins").cells}) == 3


def test_the_model_itself_keeps_ids_unique() -> None:
    twins = [Cell(id="x", type="note", text=str(i)) for i in range(3)]
    nb = Notebook(name="N", cells=twins)
    assert [c.id for c in nb.cells] == ["x", "x-2", "x-3"] and [c.text for c in nb.cells] == ["0", "1", "2"]
    long_id = "a" * 32
    nb = Notebook.model_validate({"name": "N", "cells": [{"id": long_id, "type": "note"}] * 12})
    assert len({c.id for c in nb.cells}) == 12 and all(len(c.id) <= 32 for c in nb.cells)
    # Imports too: a Markdown export whose cell markers repeat an id.
    marker = '<!-- policy-graph:cell {"type": "note", "id": "same", "params": {}} -->'
    text = f"# T\n\n{marker}\none\n<!-- policy-graph:end -->\n\n{marker}\ntwo\n<!-- policy-graph:end -->\n"
    imported = from_markdown(text, "t.md")
    assert [c.text for c in imported.cells] == ["one", "two"] and len({c.id for c in imported.cells}) == 2
