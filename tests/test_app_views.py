"""AppTest for Compare, Search, Ask and the Notebook (cells, autosave, restart, export)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from policy_graph.notebook import Notebook
from policy_graph.store import NotebookStore
from tests.conftest import FIXTURES
from tests.test_app import Page, markdown

NOTEBOOK = "ui/pages/notebook.py"


def captions(at: AppTest) -> str:
    return "\n".join(str(c.value) for c in at.caption)


def test_search_page_highlights_folded_matches() -> None:
    at = Page("ui/pages/search.py", q="thanh toan").run()
    assert ":orange-background[**Thanh toán**]" in markdown(at)
    at.text_input(key="search-q").set_value("betaling").run()
    assert ":orange-background[**Betalingsopplysninger**]" in markdown(at)
    assert at.query_params["q"] == "betaling"
    at.text_input(key="search-q").set_value("zzzqqq").run()
    assert any("No clause matches" in i.value for i in at.info)


def test_ask_page_answers_and_declines() -> None:
    at = Page("ui/pages/ask.py", q="hva bruker dere betalingsopplysningene mine til?").run()
    assert any("Behandle betalingene dine (Kontrakt)" in s.value for s in at.success)
    at.text_input(key="ask-q").set_value("What's the weather today?").run()
    assert any("do not answer" in i.value for i in at.info)
    assert not at.success


def test_compare_page_modes() -> None:
    # No shipped policy has two versions: the page opens on two policies (nb vs vi).
    at = Page("ui/pages/compare.py").run()
    assert at.radio(key="compare-mode").value == "policies"
    assert {m.label for m in at.metric} == {"Same", "Other basis", "Only in A", "Only in B"}
    at.radio(key="compare-mode").set_value("versions").run()
    assert any("only one language version" in i.value for i in at.info)
    at.radio(key="compare-mode").set_value("policies").run()
    assert {m.label for m in at.metric} == {"Same", "Other basis", "Only in A", "Only in B"}
    at.radio(key="compare-mode").set_value("products").run()
    at.selectbox(key="compare-sa").set_value("wework-go").run()
    at.selectbox(key="compare-sb").set_value("wework-space-services").run()
    at.selectbox(key="compare-diff-row").set_value("email-calendar-info|room-booking").run()
    assert ":orange-background[**Thông tin Lịch Email**]" in markdown(at)


def test_compare_versions_with_a_version_added_later(data_copy: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / "wework-labs")
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    at = Page("ui/pages/compare.py", mode="versions", policy="wework-labs", a="en", b="nb").run()
    metrics = {m.label: m.value for m in at.metric}
    assert metrics == {"Aligned": "3", "Differing": "2", "Missing": "1"}
    text = markdown(at)
    assert text.index("legal basis") < text.index("only in") < text.index("purpose")


def test_notebook_shows_seeded_examples() -> None:
    at = Page(NOTEBOOK, nb="Legal review: Space Services vs WeWork").run()
    assert at.selectbox(key="nb-select").value == "Legal review: Space Services vs WeWork"
    assert "## Scope" in markdown(at)


def test_notebook_cells_add_edit_move_delete_and_survive_a_restart(private_notebook_db: Path) -> None:
    page = Page(NOTEBOOK)
    at = page.run()
    at.text_input(key="nb-new-name").set_value("Review 1").run()
    at.button(key="nb-create").click().run()
    assert at.selectbox(key="nb-select").value == "Review 1"
    for cell_type in ("note", "graph", "about_me", "compare", "search", "question"):
        at.selectbox(key="nb-add-type").set_value(cell_type).run()
        at.button(key="nb-add-cell").click().run()
        assert not at.exception, (cell_type, at.exception)
    notebook = NotebookStore(f"sqlite:///{private_notebook_db}").load("Review 1")
    ids = [c.id for c in notebook.cells]
    assert [c.type for c in notebook.cells] == ["note", "graph", "about_me", "compare", "search",
                                                "question"]
    # Edit the note, type a search and a question: every change is saved at once.
    at.text_area(key=f"text-{ids[0]}").set_value("## Findings\n\nPayment is contractual.").run()
    at.button(key=f"save-{ids[0]}").click().run()
    at.text_input(key=f"c-{ids[4]}-q").set_value("thanh toan").run()
    at.text_input(key=f"c-{ids[5]}-q").set_value("Do you track my phone's location?").run()
    at.button(key=f"saveview-{ids[4]}").click().run()  # a view is saved into its cell on demand
    at.button(key=f"saveview-{ids[5]}").click().run()
    at.button(key=f"down-{ids[0]}").click().run()
    at.button(key=f"del-{ids[3]}").click().run()

    restarted = Page(NOTEBOOK, nb="Review 1").run()  # a new app session on the same database
    saved = NotebookStore(f"sqlite:///{private_notebook_db}").load("Review 1")
    assert [c.id for c in saved.cells] == [ids[1], ids[0], ids[2], ids[4], ids[5]]
    assert saved.cells[1].text == "## Findings\n\nPayment is contractual."
    assert saved.cells[3].params["q"] == "thanh toan"
    text = markdown(restarted)
    assert "## Findings" in text and ":orange-background[**Thanh toán**]" in text
    assert any("Mobile location analytics" in s.value for s in restarted.success)


def test_notebook_duplicate_and_delete_with_confirmation(private_notebook_db: Path) -> None:
    at = Page(NOTEBOOK, nb="Legal review: Space Services vs WeWork").run()
    at.button(key="nb-duplicate").click().run()
    assert at.selectbox(key="nb-select").value == "Legal review: Space Services vs WeWork (copy)"
    at.button(key="nb-delete-confirm").click().run()
    names = NotebookStore(f"sqlite:///{private_notebook_db}").names()
    assert "Legal review: Space Services vs WeWork (copy)" not in names
    assert "Legal review: Space Services vs WeWork" in names


def test_add_to_notebook_from_a_page(private_notebook_db: Path) -> None:
    NotebookStore(f"sqlite:///{private_notebook_db}").save(Notebook(name="Mine"))
    at = Page("ui/pages/search.py", q="calendar").run()
    at.selectbox(key="search-nb-target").set_value("Mine").run()
    at.button(key="search-nb-add").click().run()
    assert any("Added to" in s.value for s in at.success)
    saved = NotebookStore(f"sqlite:///{private_notebook_db}").load("Mine")
    assert saved.cells[-1].type == "search" and saved.cells[-1].params["q"] == "calendar"


def test_a_link_opens_the_named_notebook(private_notebook_db: Path) -> None:
    store = NotebookStore(f"sqlite:///{private_notebook_db}")
    store.save(Notebook(name="Q").add("question", {"q": "What do you use my payment information for?"}))
    at = Page(NOTEBOOK, nb="Q").run()
    assert at.selectbox(key="nb-select").value == "Q"
    assert not at.exception
    assert any("Process your payments (Contract)" in x.value for x in at.success)


def test_compare_a_version_with_no_lexicon(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(FIXTURES / "labs", data_copy / "policies" / "wework-labs")
    shutil.copy(FIXTURES / "labs-de.txt", data_copy / "policies" / "wework-labs" / "de.txt")
    (data_copy / "languages" / "de.yaml").unlink(missing_ok=True)
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    at = Page("ui/pages/compare.py", mode="versions", policy="wework-labs", a="en", b="de").run()
    assert any("has no language file" in i.value for i in at.info)
    assert {m.label: m.value for m in at.metric} == {"Aligned": "3", "Differing": "0",
                                                     "Missing": "1"}
