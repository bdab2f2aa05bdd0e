"""Notebooks, their SQLite store, exports and imports (no browser)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from policy_graph.cells import cell_output
from policy_graph.corpus import Corpus
from policy_graph.errors import DataFileError, UserInputError
from policy_graph.notebook import CELL_TYPES, Notebook
from policy_graph.notebook_io import from_markdown, from_yaml, to_html, to_markdown, to_yaml
from policy_graph.store import NotebookStore
from policy_graph.taxonomy import DEFAULT_DATA_DIR

EXAMPLES = DEFAULT_DATA_DIR / "notebooks"
ALL_CELLS = Notebook(name="Every cell").add("note", text="## Hello <script>x</script>") \
    .add("graph", {"labels": "en", "data": "payment-info"}) \
    .add("about_me", {"lang": "vi", "product": "wework-go", "role": "go-customers-visitors-guests"}) \
    .add("compare", {"mode": "products", "a": "wework-go", "b": "wework-space-services"}) \
    .add("search", {"q": "betaling"}) \
    .add("question", {"q": "Do you track my phone's location?"}) \
    .add("quiz", {"policy": "wework", "lang": "nb", "seed": "2", "count": "3"})


def test_cell_operations() -> None:
    nb = ALL_CELLS
    first, second = nb.cells[0].id, nb.cells[1].id
    assert [c.id for c in nb.move(first, 1).cells][:2] == [second, first]
    assert nb.move(first, -1) == nb  # already first
    assert len(nb.delete(second).cells) == len(nb.cells) - 1
    assert nb.update(first, text="new").cells[0].text == "new"
    assert nb.add("note", text="mid", after=first).cells[1].text == "mid"
    with pytest.raises(UserInputError, match="has no cell"):
        nb.delete("nope")


def test_store_round_trip_survives_a_restart(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'nb.db'}"
    store = NotebookStore(url)
    store.save(ALL_CELLS)
    reopened = NotebookStore(url)  # a new process would do exactly this
    assert reopened.names() == ["Every cell"]
    assert reopened.load("Every cell") == ALL_CELLS


def test_store_duplicate_rename_delete(tmp_path: Path) -> None:
    store = NotebookStore(str(tmp_path / "nb.db"))
    store.save(ALL_CELLS)
    copy = store.duplicate("Every cell")
    assert copy == "Every cell (copy)" and store.load(copy).cells == ALL_CELLS.cells
    assert store.duplicate("Every cell") == "Every cell (copy) 2"
    store.rename(copy, "Renamed")
    assert "Renamed" in store.names() and copy not in store.names()
    store.delete("Renamed")
    assert "Renamed" not in store.names()
    with pytest.raises(UserInputError, match="already exists"):
        store.create(ALL_CELLS)
    with pytest.raises(UserInputError, match="no notebook named"):
        store.load("missing")


def test_unsupported_database_url() -> None:
    with pytest.raises(UserInputError, match="only sqlite"):
        NotebookStore("postgresql://db/notebooks")


def test_examples_are_seeded_once(tmp_path: Path) -> None:
    store = NotebookStore(str(tmp_path / "nb.db"))
    added = store.seed(EXAMPLES)
    assert sorted(added) == ["Legal review: Space Services vs WeWork", "Onboarding tour",
                             "What WeWork uses about a WeWork Go guest"]
    store.delete("Onboarding tour")
    assert store.seed(EXAMPLES) == [] and "Onboarding tour" not in store.names()


def test_a_bad_example_is_reported_and_the_rest_seeded(tmp_path: Path) -> None:
    folder = tmp_path / "examples"
    folder.mkdir()
    (folder / "a.yaml").write_text("name: Good\ncells: []\n", encoding="utf-8")
    (folder / "b.yaml").write_text("name: Bad\ncells: [{type: video}]\n", encoding="utf-8")
    store = NotebookStore(str(tmp_path / "nb.db"))
    assert store.seed(folder) == ["Good"]
    assert len(store.seed_errors) == 1 and "b.yaml" in str(store.seed_errors[0])
    assert "'video'" in str(store.seed_errors[0])


@pytest.mark.parametrize("path", sorted(EXAMPLES.glob("*.yaml")), ids=lambda p: p.stem)
def test_example_notebooks_render_every_cell(corpus: Corpus, path: Path) -> None:
    notebook = from_yaml(path.read_text(encoding="utf-8"), str(path))
    for cell in notebook.cells:
        out = cell_output(corpus, cell)
        assert not any("cannot be shown" in line for line in out.summary), (cell.id, out.summary)
        if cell.type in ("about_me", "question", "search", "graph"):
            assert out.quotes, cell.id


def test_every_cell_type_has_an_output(corpus: Corpus) -> None:
    assert {c.type for c in ALL_CELLS.cells} == set(CELL_TYPES)
    outputs = [cell_output(corpus, c) for c in ALL_CELLS.cells]
    assert "payment" in outputs[1].title and outputs[1].rows
    assert outputs[2].rows and outputs[2].quotes
    assert "only a" in outputs[3].summary[0]
    assert outputs[4].quotes[0].ref == "wework-space-services/nb/s1.2"
    assert "Mobile location analytics" in outputs[5].summary[0]


def test_markdown_export_has_outputs_and_quotes_and_imports_back(corpus: Corpus) -> None:
    text = to_markdown(ALL_CELLS, corpus)
    assert "**Betalingsopplysninger**" in text  # the highlighted quote
    assert "Phân tích Vị trí Di động" in text and "EN: " in text
    back = from_markdown(text, "export.md")
    assert back.name == ALL_CELLS.name
    assert [(c.type, c.params, c.text) for c in back.cells] == \
        [(c.type, c.params, c.text) for c in ALL_CELLS.cells]


def test_html_export_is_self_contained_and_escaped(corpus: Corpus) -> None:
    html = to_html(ALL_CELLS, corpus)
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert not re.search(r"(src|href)=", html)
    assert "<mark>Betalingsopplysninger</mark>" in html
    assert "Content-Security-Policy" in html


def test_plain_markdown_and_yaml_imports(tmp_path: Path) -> None:
    nb = from_markdown("# My notes\n\nintro\n\n## One\n\ntext\n\n## Two\n\nmore\n", "x.md")
    assert nb.name == "My notes" and [c.text.split()[0] for c in nb.cells] == ["intro", "##", "##"]
    assert from_yaml(to_yaml(ALL_CELLS), "x.yaml") == ALL_CELLS
    with pytest.raises(DataFileError, match="anchors and aliases"):
        from_yaml("name: &n A\ncells: []\ndescription: *n\n", "x.yaml")
    with pytest.raises(DataFileError, match=r"line 2: a cell needs a type: note, graph"):
        from_yaml("name: A\ncells: [{type: video}]\n", "x.yaml")
    with pytest.raises(DataFileError, match="line 2: the cell marker is damaged"):
        from_markdown("# A\n<!-- policy-graph:cell {nope} -->\n", "x.md")
