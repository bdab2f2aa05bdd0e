"""Faults: a writer killed (SIGKILL) in the middle of saving loses nothing committed and
corrupts nothing; a read-only, damaged, foreign or unreachable notebook database is
named on the notebook page with what to do, and every page keeps working."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.errors import UserInputError
from policy_graph.notebook import Notebook
from policy_graph.store import NotebookStore
from tests.test_app import PAGES, Page

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = "ui/pages/notebook.py"
STAFF_PAGES = [*PAGES, "ui/pages/review.py"]
CELLS = 40  # each save rewrites this many cells of PAD characters: a torn write would show
PAD = 2_000

# Saves as fast as it can, printing the number of each save once it is committed.
WRITER = f"""
import sys
from policy_graph.notebook import AddCell, Cell, Notebook
from policy_graph.store import NotebookStore
store = NotebookStore(sys.argv[1])
start = int(sys.argv[2])
for i in range(start, start + 100_000):
    whole = Notebook(name="Whole", cells=[Cell(type="note", text=f"save {{i}} cell {{k}} " + "x" * {PAD})
                                          for k in range({CELLS})])
    store.save(whole)
    seen = store.open("Log")
    if len(seen.notebook.cells) >= 150:
        store.delete_cell("Log", seen.notebook.cells[0].id, based_on=seen)
    store.apply("Log", AddCell(Cell(type="note", text=f"save {{i}}")), based_on=store.open("Log"))
    print(i, flush=True)
"""


def _kill_mid_write(url: str, start: int) -> int:
    """Run the writer until it has committed a few saves, kill it at a random moment;
    returns the last save it reported committed."""
    proc = subprocess.Popen([sys.executable, "-c", WRITER, url, str(start)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None
    last = -1
    wanted = start + random.randint(3, 12)
    while last < wanted:
        line = proc.stdout.readline()
        if not line:
            raise AssertionError(f"the writer stopped: {proc.stderr.read() if proc.stderr else ''}")
        last = int(line)
    time.sleep(random.uniform(0, 0.05))  # somewhere inside the next save (~50 ms)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    rest = proc.stdout.read().split()  # saves committed between the last read and the kill
    proc.stdout.close()
    assert proc.stderr is not None
    proc.stderr.close()
    return int(rest[-1]) if rest else last


def _check_whole(path: Path, last: int) -> int:
    """The file passes SQLite's integrity check, every notebook reads and validates, and
    the newest save is whole: every cell of one save, none of another."""
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    con.close()
    store = NotebookStore(f"sqlite:///{path}")
    for name in store.names():
        assert isinstance(store.load(name), Notebook)
    store.trash()  # every trash item reads too
    cells = store.load("Whole").cells
    saves = {c.text.split()[1] for c in cells}
    assert len(cells) == CELLS and len(saves) == 1, saves
    saved = int(saves.pop())
    assert saved in (last, last + 1)  # nothing committed is lost (the kill may follow a commit)
    assert [c.text.split()[2:4] for c in cells] == [["cell", str(k)] for k in range(CELLS)]
    log = [int(c.text.split()[1]) for c in store.load("Log").cells]
    assert log == sorted(log) and log[-1] in (last, last + 1)
    assert log == list(range(log[0], log[-1] + 1))  # no addition lost on the way
    return log[-1]  # the last step of a save: the next writer goes on from there


def test_a_writer_killed_mid_save_loses_nothing_committed(tmp_path: Path) -> None:
    path = tmp_path / "notebooks.db"
    url = f"sqlite:///{path}"
    NotebookStore(url).save(Notebook(name="Log"))
    start = 0
    for _ in range(4):  # kill, reopen and check, then write on (and kill) again
        last = _kill_mid_write(url, start)
        start = _check_whole(path, last) + 1


# Commits saves 0..2, then is held (and killed) inside the transaction of save 3, after
# its rows are written and before the commit.
HELD = f"""
import sys, time
from policy_graph.notebook import Cell, Notebook
from policy_graph.store import NotebookStore
write = NotebookStore._write
def held(db, notebook, **kw):
    version = write(db, notebook, **kw)
    if notebook.cells and notebook.cells[0].text.startswith("save 3 "):
        print("inside", flush=True)
        time.sleep(120)
    return version
NotebookStore._write = staticmethod(held)
store = NotebookStore(sys.argv[1])
for i in range(4):
    store.save(Notebook(name="Whole", cells=[Cell(type="note", text=f"save {{i}} cell {{k}} " + "x" * {PAD})
                                             for k in range({CELLS})]))
"""


def test_a_writer_killed_inside_its_transaction_leaves_the_last_commit_whole(tmp_path: Path) -> None:
    path = tmp_path / "notebooks.db"
    proc = subprocess.Popen([sys.executable, "-c", HELD, f"sqlite:///{path}"], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stderr is not None
    assert proc.stdout.readline().strip() == "inside", proc.stderr.read()
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    proc.stdout.close()
    proc.stderr.close()
    with sqlite3.connect(path) as con:
        assert con.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
    con.close()
    cells = NotebookStore(f"sqlite:///{path}").load("Whole").cells
    assert [c.text.split()[:4] for c in cells] == [["save", "2", "cell", str(k)] for k in range(CELLS)]


# --- a database that cannot be (fully) used -----------------------------------------

def _user_notebook(path: Path) -> None:
    NotebookStore(f"sqlite:///{path}").save(Notebook(name="Mine").add("note", text="my findings"))


def _read_only(tmp_path: Path) -> str:
    path = tmp_path / "ro.db"
    _user_notebook(path)
    return f"sqlite:///{path}?mode=ro"


def _corrupt(tmp_path: Path) -> str:
    path = tmp_path / "corrupt.db"
    path.write_bytes(random.Random(8).randbytes(64 * 1024))
    return f"sqlite:///{path}"


def _damaged_inside(tmp_path: Path) -> str:
    """A real notebook database whose pages were overwritten in the middle."""
    path = tmp_path / "damaged.db"
    store = NotebookStore(f"sqlite:///{path}")
    for n in range(30):
        store.save(Notebook(name=f"N{n}").add("note", text="x" * 5_000))
    data = bytearray(path.read_bytes())
    data[4096:len(data) - 4096] = random.Random(3).randbytes(len(data) - 8192)
    path.write_bytes(bytes(data))
    return f"sqlite:///{path}"


def _wrong_schema(tmp_path: Path) -> str:
    path = tmp_path / "other.db"
    with sqlite3.connect(path) as con:
        con.execute("CREATE TABLE notebooks (id INTEGER PRIMARY KEY, title TEXT, pages INTEGER)")
        con.execute("INSERT INTO notebooks (title, pages) VALUES ('someone else''s', 3)")
    con.close()
    return f"sqlite:///{path}"


def _missing_folder(tmp_path: Path) -> str:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    return f"sqlite:///{blocker / 'sub' / 'notebooks.db'}"


def _folder_in_its_place(tmp_path: Path) -> str:
    folder = tmp_path / "notebooks.db"
    folder.mkdir()
    return f"sqlite:///{folder}"


FAULTS = {"read-only": _read_only, "corrupt": _corrupt, "damaged-inside": _damaged_inside,
          "wrong-schema": _wrong_schema, "missing-folder": _missing_folder,
          "folder-in-its-place": _folder_in_its_place}
ADVICE = {"read-only": "make it writable", "corrupt": "Move the file away",
          "damaged-inside": "Move the file away", "wrong-schema": "was not made by Policy Graph",
          "missing-folder": "Make the folder", "folder-in-its-place": "the path is a folder"}


def _unescaped(at: AppTest) -> list[str]:
    return [str(e.value).replace("\\", "") for e in at.error]


@pytest.mark.parametrize("fault", FAULTS)
def test_a_bad_database_is_named_on_the_notebook_page_and_every_page_works(
        fault: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    url = FAULTS[fault](tmp_path)
    path = url.removeprefix("sqlite:///").removesuffix("?mode=ro")
    monkeypatch.setenv("POLICY_GRAPH_DB", url)
    at = Page(NOTEBOOK).run()
    assert not at.exception, at.exception
    named = [e for e in _unescaped(at) if path in e]
    assert len(named) == 1, _unescaped(at)  # one clear error, naming the file and what to do
    assert ADVICE[fault] in named[0] and "POLICY_GRAPH_DB" in named[0], named[0]
    shown = at.selectbox(key="nb-select").options
    if fault == "read-only":
        assert "Mine" in shown  # what is in it can still be read
        mine = Page(NOTEBOOK, nb="Mine").run()
        assert not mine.exception
        assert any("my findings" in str(m.value) for m in mine.markdown)
        keys = {str(b.key) for b in mine.button}
        assert "nb-add-cell" not in keys and not {k for k in keys if k.startswith(("edit-", "del-"))}
    else:
        assert "Onboarding tour" in shown  # the examples are shown meanwhile, read-only
        tour = Page(NOTEBOOK, nb="Onboarding tour").run()
        assert not tour.exception
        assert any("Every WeWork product supplement follows one pattern" in str(m.value)
                   for m in tour.markdown)
        assert "nb-duplicate-edit" not in {str(b.key) for b in tour.button}
    # Creating a notebook is refused with the same message, not a traceback.
    at.text_input(key="nb-new-name").set_value("New one").run()
    at.button(key="nb-create").click().run()
    assert not at.exception
    assert sum(path in e for e in _unescaped(at)) >= 1
    for page in STAFF_PAGES[1:]:
        other = Page(page).run()
        assert not other.exception, (page, other.exception)
        assert not [e for e in _unescaped(other) if path in e], page  # not their error to show
    search = Page("ui/pages/search.py", q="betaling").run()
    assert any(path in str(c.value).replace("\\", "") for c in search.caption)  # why no "Add to notebook"
    assert any("Betalingsopplysninger" in str(m.value) for m in search.markdown)


def test_a_database_that_goes_bad_while_the_app_runs_is_reported_then_reopened(
        private_notebook_db: Path) -> None:
    _user_notebook(private_notebook_db)
    at = Page(NOTEBOOK, nb="Mine").run()
    assert not at.exception and not at.error
    good = private_notebook_db.read_bytes()
    private_notebook_db.write_bytes(b"\0garbage" * 4096)
    for suffix in ("-wal", "-shm"):
        Path(f"{private_notebook_db}{suffix}").unlink(missing_ok=True)
    at.run()
    assert not at.exception
    assert any(str(private_notebook_db) in e and "Move the file away" in e for e in _unescaped(at))
    private_notebook_db.write_bytes(good)  # mended: the next rerun uses it again
    at.run()
    assert not at.exception and not at.error
    assert any("my findings" in str(m.value) for m in at.markdown)


def test_the_store_refuses_every_write_to_a_read_only_database(tmp_path: Path) -> None:
    path = tmp_path / "nb.db"
    _user_notebook(path)
    before = path.read_bytes()
    store = NotebookStore(f"sqlite:///{path}?mode=ro")
    assert not store.writable and store.problem and str(path) in store.problem
    assert store.names() == ["Mine"] and store.editable_names() == []
    nb = store.load("Mine")
    for write in (lambda: store.save(nb.add("note")), lambda: store.rename("Mine", "Other"),
                  lambda: store.delete("Mine"), lambda: store.duplicate("Mine"),
                  lambda: store.empty_trash(), lambda: store.import_notebook(Notebook(name="I"))):
        with pytest.raises(UserInputError, match="is read-only"):
            write()
    assert store.seed(ROOT / "data" / "notebooks") == []
    assert path.read_bytes() == before
