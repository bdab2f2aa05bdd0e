"""Every ``policy-graph`` subcommand with each bad input, run as a real process:
exit 2, exactly one ``error:`` line on stderr naming the problem, nothing on
stdout, never a traceback, never a hang (FIFO, ``/dev/zero``) — and nothing
written to the data directory."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import FIXTURES

ROOT = Path(__file__).resolve().parents[1]
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01"
HUGE = "a" * 600  # over the 500 characters a question or a search reads

# (id, arguments, what the one error line must say). In arguments "{in}" is a folder
# of bad input files and "{data}" a private copy of the shipped data.
CASES: list[tuple[str, list[str | bytes], str]] = [
    # extract: each kind of bad file, and bad flags
    ("extract binary", ["extract", "{in}/binary.txt"], "binary file, not text"),
    ("extract directory", ["extract", "{in}/folder.txt"], "not a regular file (got 'directory')"),
    ("extract missing", ["extract", "{in}/missing.txt"], "No such file or directory"),
    ("extract 20 MB", ["extract", "{in}/huge.txt"], "over the limit of 5,000,000 bytes"),
    ("extract FIFO", ["extract", "{in}/fifo.txt"], "not a regular file (got 'FIFO (named pipe)')"),
    ("extract /dev/zero", ["extract", "{in}/zero.txt"], "got 'character device'"),
    ("extract latin-1", ["extract", "{in}/latin1.txt"], "not UTF-8 text (tried UTF-8: invalid byte"),
    ("extract empty", ["extract", "{in}/empty.txt"], "the file is empty"),
    ("extract pdf", ["extract", "{in}/policy.pdf"], "not a policy file: use .txt, .md or .html"),
    ("extract unknown language", ["extract", "{in}/ok.txt", "--lang", "xx"],
     "no language file for 'xx'"),
    ("extract not a tag", ["extract", "{in}/ok.txt", "--lang", "../../etc"],
     "'../../etc' is not a language tag"),
    ("extract bad data dir", ["extract", "{in}/ok.txt", "--data", "{in}/nowhere"],
     "not a data directory (no such folder)"),
    # add: the same files, and bad metadata; nothing is written
    ("add binary", ["add", "{in}/binary.txt", "--policy", "wework", "--lang", "en"],
     "binary file"),
    ("add directory", ["add", "{in}/folder.txt", "--policy", "wework"], "not a regular file"),
    ("add FIFO", ["add", "{in}/fifo.txt", "--policy", "wework"], "not a regular file"),
    ("add 20 MB", ["add", "{in}/huge.txt", "--policy", "wework"], "over the limit"),
    ("add unknown language", ["add", "{in}/ok.txt", "--policy", "wework", "--lang", "zz"],
     "no language file for 'zz'"),
    ("add tag with a path", ["add", "{in}/ok.txt", "--policy", "wework", "--lang", "en-../../x"],
     "is not a language tag"),
    ("add tag too long", ["add", "{in}/ok.txt", "--policy", "wework", "--lang", "en-Latn-GB"],
     "at most one region or script"),
    ("add bad policy id", ["add", "{in}/ok.txt", "--policy", "../x"],
     "use lower-case letters, digits and single hyphens"),
    ("add bad date", ["add", "{in}/ok.txt", "--policy", "new-one", "--date", "2020-13-01"],
     "use YYYY-MM-DD"),
    ("add non-UTF-8 title", ["add", "{in}/ok.txt", "--policy", "wework", "--title", b"\xff"],
     "--title: not valid UTF-8 text"),
    # search
    ("search unknown language", ["search", "payment", "--lang", "xx"],
     "--lang 'xx': no language version of that language; the corpus holds: nb, vi"),
    ("search language not held", ["search", "payment", "--lang", "de"], "the corpus holds: nb, vi"),
    ("search negative limit", ["search", "payment", "--limit", "-1"],
     "--limit -1: give a number from 1 to 1000"),
    ("search zero limit", ["search", "payment", "--limit", "0"], "give a number from 1 to 1000"),
    ("search limit not a number", ["search", "payment", "--limit", "many"],
     "argument --limit: invalid int value: 'many'"),
    ("search empty query", ["search", "  "], "the search text is empty"),
    ("search huge query", ["search", HUGE], "the search text is 600 characters long"),
    ("search non-UTF-8 query", ["search", b"betaling \xff", "--json"], "query: not valid UTF-8 text"),
    # ask
    ("ask empty question", ["ask", ""], "the question is empty"),
    ("ask huge question", ["ask", HUGE, "--json"], "the question is 600 characters long"),
    ("ask non-UTF-8 question", ["ask", b"\xff\xfe", "--json"], "question: not valid UTF-8 text"),
    ("ask unknown label language", ["ask", "payment", "--label-lang", "qq"],
     "no language file for 'qq'"),
    # export
    ("export to a directory", ["export", "--format", "csv", "-o", "{in}"],
     "cannot write: Is a directory"),
    ("export to a missing directory", ["export", "--format", "csv", "-o", "{in}/nowhere/x.csv"],
     "cannot write: No such file or directory"),
    ("export unknown format", ["export", "--format", "pdf"], "argument --format: invalid choice"),
    ("export unknown label language", ["export", "--format", "graphml", "--label-lang", "qq"],
     "no language file for 'qq'"),
    # validate, stats, evaluate, bench, and the command itself
    ("validate missing dir", ["validate", "{in}/nowhere"], "not a data directory (no such folder)"),
    ("validate a file", ["validate", "{in}/ok.txt"], "not a data directory (a file)"),
    ("stats dir without taxonomy", ["stats", "--data", "{in}"], "taxonomy.yaml: cannot read file"),
    ("evaluate missing dir", ["evaluate", "--data", "{in}/nowhere"], "not a data directory"),
    ("bench negative docs", ["bench", "--docs", "-1"], "--docs: give a number of policy versions"),
    ("bench docs not a number", ["bench", "--docs", "x"], "argument --docs: invalid int value"),
    ("unknown command", ["frobnicate"], "argument command: invalid choice: 'frobnicate'"),
    ("missing argument", ["extract"], "the following arguments are required: path"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """The bad input files, and a data directory no case may change."""
    inputs = tmp_path_factory.mktemp("inputs")
    (inputs / "binary.txt").write_bytes(PNG)
    (inputs / "folder.txt").mkdir()
    with (inputs / "huge.txt").open("wb") as handle:
        handle.truncate(20 * 1024 * 1024)  # sparse: 20 MB that take no disk
    os.mkfifo(inputs / "fifo.txt")
    (inputs / "zero.txt").symlink_to("/dev/zero")
    (inputs / "latin1.txt").write_bytes("Personvern for gjester og besøkende".encode("latin-1"))
    (inputs / "empty.txt").write_bytes(b"  \n")
    (inputs / "policy.pdf").write_bytes(b"%PDF-1.4")
    shutil.copy(FIXTURES / "en_2018.txt", inputs / "ok.txt")
    data = tmp_path_factory.mktemp("data") / "data"
    shutil.copytree(ROOT / "data", data)
    yield {"in": inputs, "data": data}


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*"))
            if p.is_file()}


def _argv(args: list[str | bytes], places: dict[str, Path]) -> list[str | bytes]:
    out: list[str | bytes] = []
    for arg in args:
        if isinstance(arg, str):
            for name, path in places.items():
                arg = arg.replace("{" + name + "}", str(path))
        out.append(arg)
    # The shipped data is never the target: every command reads a private copy.
    uses_data = any(a in ("--data", "validate", "bench") for a in args if isinstance(a, str))
    return out if uses_data or args[0] == "frobnicate" or len(args) == 1 else \
        [*out, "--data", str(places["data"])]


@pytest.mark.parametrize(("args", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_is_one_error_line_and_exit_2(places: dict[str, Path], args: list[str | bytes],
                                                message: str) -> None:
    before = _snapshot(places["data"])
    result = subprocess.run([sys.executable, "-m", "policy_graph.cli", *_argv(args, places)],
                            capture_output=True, check=False, timeout=60, cwd=ROOT)
    err = result.stderr.decode("utf-8")  # printable: an undecodable byte is shown as \xNN
    lines = err.splitlines()
    assert result.returncode == 2, (result.returncode, err, result.stdout[:500])
    assert "Traceback" not in err and len(lines) == 1 and lines[0].startswith("error: "), err
    assert message in lines[0], lines[0]
    assert result.stdout == b""
    assert _snapshot(places["data"]) == before


def test_a_closed_pipe_is_not_a_traceback(places: dict[str, Path]) -> None:
    """``policy-graph export … | head -1``: the reader leaves early; no error spills."""
    proc = subprocess.Popen([sys.executable, "-m", "policy_graph.cli", "export", "--format", "csv",
                             "--data", str(places["data"])], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read().decode("utf-8")
    proc.wait(timeout=60)
    assert first.startswith(b"id,") and "Traceback" not in err and "Exception" not in err, err
