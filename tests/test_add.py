"""Adding a policy version: the CLI, the page (AppTest), and every bad input,
each of which leaves the data directory byte-identical."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from policy_graph.add import prepare, save
from policy_graph.corpus import load_corpus
from policy_graph.errors import UserInputError
from policy_graph.sources import MAX_POLICY_BYTES
from tests.conftest import FIXTURES
from tests.test_app import Page
from tests.test_cli import run

DANISH = FIXTURES / "languages" / "da.txt"


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under ``folder`` with its bytes."""
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_cli_adds_a_new_policy_and_a_second_language(
        data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "add", str(DANISH), "--policy", "wework-labs", "--title",
                         "WeWork Labs privatlivstillæg", "--data", str(data_copy))
    assert (code, err) == (0, "")
    assert "added" in out and "da.txt: 3 sections, 6 clauses, 18 practices (18 extracted)" in out
    folder = data_copy / "policies" / "wework-labs"
    assert (folder / "da.txt").read_bytes() == DANISH.read_bytes()  # byte for byte
    code, out, _ = run(capsys, "add", str(FIXTURES / "languages" / "de.txt"), "--policy",
                       "wework-labs", "--data", str(data_copy))  # language detected: de
    assert code == 0 and "de.txt" in out and "compared with da: 6 aligned, 0 differing, 0 missing" in out
    corpus = load_corpus(data_copy)
    assert corpus.errors == []
    assert {lang for policy, lang in corpus.versions if policy == "wework-labs"} == {"da", "de"}
    meta = corpus.policies["wework-labs"]
    assert meta.products == ["wework", "wework-go"] and meta.effective_date.isoformat() == "2021-03-03"
    assert meta.titles == {"da": "WeWork Labs privatlivstillæg"}


def test_cli_stores_a_regional_tag_and_an_html_page(data_copy: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    page = FIXTURES / "layouts" / "policy.en.html"
    code, out, _ = run(capsys, "add", str(page), "--policy", "wework", "--lang", "en-GB",
                       "--data", str(data_copy))
    assert code == 0, out
    stored = data_copy / "policies" / "wework" / "en-GB.html"
    assert stored.read_bytes() == page.read_bytes()
    corpus = load_corpus(data_copy)
    assert corpus.errors == [] and ("wework", "en-GB") in corpus.versions


def test_replace_needs_asking_and_then_replaces(data_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = snapshot(data_copy)
    code, _, err = run(capsys, "add", str(FIXTURES / "languages" / "nb.txt"), "--policy",
                       "wework-space-services", "--data", str(data_copy))
    assert code == 2 and "already has a nb version" in err and "--replace" in err
    assert snapshot(data_copy) == before
    page = data_copy.parent / "nb.md"
    page.write_bytes((FIXTURES / "languages" / "nb.txt").read_bytes())
    code, _, err = run(capsys, "add", str(page), "--policy", "wework-space-services",
                       "--replace", "--data", str(data_copy))
    assert code == 0, err
    folder = data_copy / "policies" / "wework-space-services"
    assert (folder / "nb.md").exists() and not (folder / "nb.txt").exists()
    assert (folder / "nb.review.yaml").exists()  # reviews are the reviewer's, never deleted


BAD_INPUTS = [
    ("empty.txt", b"  \n\n", "the file is empty"),
    ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
    ("latin1.txt", "Personvern for gjester og besøkende".encode("latin-1"), "not UTF-8 text (tried UTF-8"),
    ("huge.txt", b"a" * (MAX_POLICY_BYTES + 1), "over the limit"),
    ("notes.txt", b"Shopping list\n\nMilk, bread and eggs.", "no recognisable structure"),
    ("policy.pdf", b"%PDF-1.4", "not a policy file: use .txt, .md or .html"),
]


@pytest.mark.parametrize(("name", "raw", "message"), BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_file_is_refused_and_nothing_changes(data_copy: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 name: str, raw: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(raw)
    before = snapshot(data_copy)
    code, out, err = run(capsys, "add", str(path), "--policy", "wework", "--lang", "en",
                         "--data", str(data_copy))
    assert code == 2 and out == "" and message in err and err.startswith("error: ")
    assert snapshot(data_copy) == before


@pytest.mark.parametrize(("args", "message"), [
    (["--policy", "brand-new"], "policy 'brand-new' is new: give a title"),
    (["--policy", "Bad Id!"], "use lower-case letters, digits and single hyphens"),
    (["--policy", "wework", "--lang", "xx"], "no language file for 'xx'"),
    (["--policy", "brand-new", "--title", "T", "--product", "no-such"], "'no-such' is not a product"),
    (["--policy", "brand-new", "--title", "T", "--date", "2021-13-01"],
     "--date '2021-13-01': use YYYY-MM-DD"),
])
def test_bad_metadata_is_refused_and_nothing_changes(data_copy: Path, capsys: pytest.CaptureFixture[str],
                                                     args: list[str], message: str) -> None:
    before = snapshot(data_copy)
    code, _, err = run(capsys, "add", str(FIXTURES / "layouts" / "bulletless.en.txt"), *args,
                       "--data", str(data_copy))
    assert code == 2 and message in err, err
    assert snapshot(data_copy) == before


def test_adding_can_be_turned_off(data_copy: Path, capsys: pytest.CaptureFixture[str],
                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_ADD", "off")
    before = snapshot(data_copy)
    code, _, err = run(capsys, "add", str(DANISH), "--policy", "wework-labs", "--title", "T",
                       "--data", str(data_copy))
    assert code == 2 and "adding policies is turned off (POLICY_GRAPH_ADD=off)" in err
    assert snapshot(data_copy) == before
    at = Page("ui/pages/add.py").run()
    assert not at.exception and any("turned off" in i.value for i in at.info)
    assert not at.button


@pytest.mark.parametrize("policy", ["wework-space-services", "brand-new"])
def test_a_crash_mid_save_leaves_the_corpus_as_it_was(data_copy: Path, monkeypatch: pytest.MonkeyPatch,
                                                      policy: str) -> None:
    corpus = load_corpus(data_copy)
    preview = prepare(corpus, DANISH.read_bytes(), "da.txt", policy, title="T")
    before = snapshot(data_copy)

    def crash(src: object, dst: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError, match="disk full"):
        save(data_copy, preview)
    assert snapshot(data_copy) == before
    assert not [p for p in (data_copy / "policies").rglob("*") if p.name.startswith(".")]


def test_prepare_previews_without_writing(data_copy: Path) -> None:
    corpus = load_corpus(data_copy)
    before = snapshot(data_copy)
    preview = prepare(corpus, DANISH.read_bytes(), "da.txt", "wework-space-services")
    assert snapshot(data_copy) == before
    assert preview.lang == "da" and preview.detection.lang == "da" and not preview.exists
    assert preview.comparison is not None and preview.comparison.lang_a == "nb"
    # nb is reviewed: its clauses are carried over where the Danish ones align.
    assert {p.source for p in preview.practices} == {"extracted", "projected"}
    with pytest.raises(UserInputError, match="the text reads as da, not en"):
        prepare(corpus, DANISH.read_bytes(), "da.txt", "wework-space-services", lang="en")


def test_add_page_pastes_previews_saves_and_every_page_shows_it(
        data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    at = Page("ui/pages/add.py").run()
    assert not at.exception
    at.radio(key="add-source").set_value("Paste text").run()
    at.text_area(key="add-text").set_value(DANISH.read_text(encoding="utf-8")).run()
    at.selectbox(key="add-policy").set_value("wework-space-services").run()
    at.button(key="add-preview").click().run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    metrics = {m.label: m.value for m in at.metric}
    assert metrics["Sections"] == "3" and metrics["Clauses"] == "6"
    assert any("Compared with the nb version" in m.value for m in at.markdown)
    at.button(key="add-save").click().run()
    assert any("Saved da.txt in wework-space-services" in s.value for s in at.success)
    assert (data_copy / "policies" / "wework-space-services" / "da.txt").read_bytes() == \
        DANISH.read_bytes()
    explore = Page("ui/pages/explore.py", policy="wework-space-services", lang="da").run()
    assert not explore.exception
    assert explore.selectbox(key="explore-lang").value == "da"
    compare = Page("ui/pages/compare.py", mode="versions", policy="wework-space-services",
                   a="nb", b="da").run()
    assert not compare.exception and compare.selectbox(key="compare-b").value == "da"


def test_add_page_names_a_bad_paste_and_saves_nothing(data_copy: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    before = snapshot(data_copy)
    at = Page("ui/pages/add.py").run()
    at.radio(key="add-source").set_value("Paste text").run()
    at.text_area(key="add-text").set_value("Just a note.\n\nNothing here.").run()
    at.selectbox(key="add-policy").set_value("wework").run()
    at.button(key="add-preview").click().run()
    assert any("no recognisable structure" in e.value for e in at.error)
    assert not at.metric and snapshot(data_copy) == before
