"""Broken data files: each is named (file, place, value), the rest loads, and
``policy-graph validate`` prints it and exits non-zero — never a hang, a
traceback or a page taken down.

Each case breaks a private copy of ``data/`` in one way, then loads it in a
subprocess with a hard timeout (a FIFO or ``/dev/zero`` read whole would block
or fill memory) and through the real ``validate`` command.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from streamlit.testing.v1 import AppTest

from policy_graph.corpus import load_corpus
from policy_graph.markup import escape_message
from tests.conftest import FIXTURES, write_language

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "app.py")
SHIPPED = [["wework", "vi"], ["wework-space-services", "nb"]]
FIFTY_MB = 50 * 1024 * 1024
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
NEW_POLICY = "id: extra\ntitles: {en: Extra}\nproducts: [wework]\neffective_date: 2020-01-01\n"
MINIMAL_PROFILE = {"name": "Test", "bullet_markers": ["•"], "sentence_terminators": ["."]}


@dataclass(frozen=True)
class Case:
    """One way to break a data directory, and what the error must say."""

    name: str
    breaks: Callable[[Path, Path], None]  # (data directory, a folder outside it)
    file: str  # path of the bad file, relative to the data directory
    place: str  # the error's place ("" when the problem is the whole file)
    value: str  # the value shown after "got"


def _sparse(path: Path, size: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        handle.truncate(size)


def _alias_bomb(data: Path, _: Path) -> None:
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n" for i in range(8))
    (data / "policies/wework/vi.review.yaml").write_text(bomb, encoding="utf-8")


def _deep(data: Path, _: Path) -> None:
    (data / "languages/xx.yaml").write_text("code: xx\nlabels: " + "[" * 200 + "]" * 200 + "\n",
                                            encoding="utf-8")


def _huge_yaml(data: Path, _: Path) -> None:
    _sparse(data / "policies/extra/policy.yaml", FIFTY_MB)


def _huge_text(data: Path, _: Path) -> None:
    _sparse(data / "policies/wework/en.txt", FIFTY_MB)


def _latin1_text(data: Path, _: Path) -> None:
    (data / "policies/wework/en.txt").write_bytes("Title\n\nEveryone. Café.".encode("latin-1"))


def _latin1_yaml(data: Path, _: Path) -> None:
    (data / "languages/xx.yaml").write_bytes("code: xx\nprofile: {name: Fran\u00e7ais}\n"
                                             .encode("latin-1"))


def _png_text(data: Path, _: Path) -> None:
    (data / "policies/wework/en.txt").write_bytes(PNG)


def _png_yaml(data: Path, _: Path) -> None:
    (data / "languages/xx.yaml").write_bytes(PNG)


def _symlink_out(data: Path, outside: Path) -> None:
    secret = outside / "secret.txt"
    shutil.copy(FIXTURES / "en_2018.txt", secret)  # a readable policy: refused all the same
    (data / "policies/wework/en.txt").symlink_to(secret)


def _symlink_zero(data: Path, _: Path) -> None:
    (data / "policies/wework/en.txt").symlink_to("/dev/zero")


def _symlink_loop(data: Path, _: Path) -> None:
    (data / "policies/wework/en.txt").symlink_to("en.txt")


def _fifo_text(data: Path, _: Path) -> None:
    os.mkfifo(data / "policies/wework/en.txt")


def _fifo_yaml(data: Path, _: Path) -> None:
    review = data / "policies/wework/vi.review.yaml"
    review.unlink()
    os.mkfifo(review)


def _unknown_concept(data: Path, _: Path) -> None:
    review = data / "policies/wework/vi.review.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("identify-and-contact:", "sell-your-data:", 1), encoding="utf-8")


def _unknown_language(data: Path, _: Path) -> None:
    folder = data / "policies/extra"
    folder.mkdir()
    (folder / "policy.yaml").write_text(NEW_POLICY, encoding="utf-8")
    shutil.copy(FIXTURES / "en_2018.txt", folder / "qq.txt")


def _bad_regex(data: Path, _: Path) -> None:
    write_language(data, "xx", {**MINIMAL_PROFILE, "date_patterns": ["(?P<day>["]}, {})


def _stray_placeholder(data: Path, _: Path) -> None:
    path = data / "languages/nb.yaml"
    body = yaml.safe_load(path.read_text(encoding="utf-8"))
    body["ui"]["about.source_lang"] = "Vist på: {x}"
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")


def _non_utf8_name(data: Path, _: Path) -> None:
    name = os.fsencode(data / "policies/wework") + b"/\xff\xfe.txt"
    with open(name, "wb") as handle:
        handle.write(b"x")


CASES = [
    Case("alias bomb", _alias_bomb, "policies/wework/vi.review.yaml", "line 1, column 4", "'&a'"),
    Case("200-deep nesting", _deep, "languages/xx.yaml", "line 2, column 40", "33"),
    Case("50 MB YAML", _huge_yaml, "policies/extra/policy.yaml", "size", str(FIFTY_MB)),
    Case("50 MB text", _huge_text, "policies/wework/en.txt", "size", str(FIFTY_MB)),
    Case("invalid UTF-8 text", _latin1_text, "policies/wework/en.txt", "line 3, byte 20",
         "b'\\xe9.'"),
    Case("invalid UTF-8 YAML", _latin1_yaml, "languages/xx.yaml", "line 2, byte 29",
         "b'\\xe7a'"),
    Case("binary text", _png_text, "policies/wework/en.txt", "byte 8", "b'\\x89PNG\\r\\n\\x1a\\n'"),
    Case("binary YAML", _png_yaml, "languages/xx.yaml", "byte 8", "b'\\x89PNG\\r\\n\\x1a\\n'"),
    Case("symlink out of the data", _symlink_out, "policies/wework/en.txt", "symlink",
         "secret.txt'"),
    Case("symlink to /dev/zero", _symlink_zero, "policies/wework/en.txt", "symlink", "'/dev/zero'"),
    Case("symlink loop", _symlink_loop, "policies/wework/en.txt", "symlink", ""),
    Case("FIFO text", _fifo_text, "policies/wework/en.txt", "file type", "'FIFO (named pipe)'"),
    Case("FIFO YAML", _fifo_yaml, "policies/wework/vi.review.yaml", "file type",
         "'FIFO (named pipe)'"),
    Case("unknown concept id", _unknown_concept, "policies/wework/vi.review.yaml",
         "clause s1.1.purposes", "'sell-your-data'"),
    Case("unknown language code", _unknown_language, "policies/extra/qq.txt", "", "'qq'"),
    Case("invalid date regex", _bad_regex, "languages/xx.yaml", "profile.date_patterns[0]",
         "'(?P<day>['"),
    Case("stray {x} in a UI string", _stray_placeholder, "languages/nb.yaml",
         "ui.about.source_lang", "'Vist på: {x}'"),
    Case("non-UTF-8 file name", _non_utf8_name, "policies/wework/\\xff\\xfe.txt", "file name",
         "b'\\xff\\xfe.txt'"),
]

LOAD = """
import json, sys
from pathlib import Path
from policy_graph.corpus import load_corpus
from policy_graph.ui_text import ui_strings
corpus = load_corpus(Path(sys.argv[1]), cache_dir=None)
strings = ui_strings(corpus.taxonomy)
print(json.dumps({"versions": sorted(corpus.versions), "errors": [str(e) for e in corpus.errors],
                  "practices": len(corpus.practices), "languages": len(corpus.taxonomy.languages),
                  "nb_source_lang": strings.get("about.source_lang", "nb", langs="vi")}))
"""


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "POLICY_GRAPH_CACHE": "off"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, check=False,
                          timeout=60, cwd=ROOT, env=env, encoding="utf-8", errors="replace")


def _expected(case: Case, data: Path) -> str:
    """The start of the error line: file, place, and the value at the end."""
    where = f"{data / case.file}: " + (f"{case.place}: " if case.place else "")
    return where


@pytest.fixture
def broken(request: pytest.FixtureRequest, data_copy: Path, tmp_path: Path) -> tuple[Case, Path]:
    case: Case = request.param
    outside = tmp_path / "outside"
    outside.mkdir()
    case.breaks(data_copy, outside)
    return case, data_copy


@pytest.mark.parametrize("broken", CASES, ids=[c.name for c in CASES], indirect=True)
def test_a_bad_file_is_named_and_the_rest_loads(broken: tuple[Case, Path]) -> None:
    case, data = broken
    result = _run("-c", LOAD, str(data))
    assert result.returncode == 0 and "Traceback" not in result.stderr, result.stderr
    loaded = json.loads(result.stdout)
    assert loaded["errors"] and len(loaded["errors"]) == 1, loaded["errors"]
    (error,) = loaded["errors"]
    assert error.startswith(_expected(case, data)) and case.value in error, error
    assert all(v in loaded["versions"] for v in SHIPPED), loaded["versions"]
    assert loaded["practices"] > 100
    # A stray placeholder gives way to English instead of breaking the page.
    assert loaded["nb_source_lang"] in ("Retningslinjetekst vises på: vi", "Policy text shown in: vi")


@pytest.mark.parametrize("broken", CASES, ids=[c.name for c in CASES], indirect=True)
def test_validate_prints_the_bad_file_and_exits_non_zero(broken: tuple[Case, Path]) -> None:
    case, data = broken
    result = _run("-m", "policy_graph.cli", "validate", str(data))
    lines = result.stderr.splitlines()
    assert result.returncode == 1 and "Traceback" not in result.stderr, result.stderr
    assert len(lines) == 1 and lines[0].startswith("error: " + _expected(case, data)), lines
    assert case.value in lines[0]


def test_every_page_serves_a_data_directory_full_of_bad_files(
        data_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """All of them at once (those that can share a directory): every page still
    renders and names every bad file at the top."""
    outside = tmp_path / "outside"
    outside.mkdir()
    for breaks in (_deep, _huge_yaml, _fifo_text, _unknown_concept, _stray_placeholder,
                   _non_utf8_name):
        breaks(data_copy, outside)
    (data_copy / "policies/wework/de.txt").symlink_to("/dev/zero")
    monkeypatch.setenv("POLICY_GRAPH_DATA", str(data_copy))
    monkeypatch.setenv("POLICY_GRAPH_CACHE", "off")
    errors = [str(e) for e in load_corpus(data_copy, cache_dir=None).errors]
    named = ["\\xff\\xfe.txt: file name", "xx.yaml: line 2", "extra/policy.yaml: size",
             "en.txt: file type", "de.txt: symlink", "s1.1.purposes", "ui.about.source_lang"]
    assert len(errors) == len(named) and all(any(n in e for e in errors) for n in named), errors
    pages = {"ui/pages/explore.py": {}, "ui/pages/about_me.py": {"lang": "nb"},
             "ui/pages/search.py": {"q": "betaling"}, "ui/pages/ask.py": {"q": "payment"},
             "ui/pages/compare.py": {}, "ui/pages/notebook.py": {}, "ui/pages/add.py": {}}
    for page, params in pages.items():
        at = AppTest.from_file(APP, default_timeout=60)
        at.run()
        at.switch_page(page)
        for key, value in params.items():
            at.query_params[key] = value
        at.run()
        assert not at.exception, (page, at.exception)
        assert [e.value for e in at.error] == [escape_message(e) for e in errors], page
