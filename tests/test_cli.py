"""The policy-graph command, called in-process and once as a real subprocess."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import networkx as nx
import pandas as pd
import pytest

from policy_graph.cli import main
from tests.conftest import FIXTURES

PRACTICE_KEYS = {"id", "policy", "lang", "clause_id", "audience", "products", "data_category",
                 "purpose", "legal_basis", "quote", "span", "source", "confidence", "gloss"}


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_ok(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "validate")
    assert code == 0 and "2 policies" in out and "25 reviewed clauses" in out and "22 languages" in out


def test_validate_bad_dir_exits_non_zero_with_message(capsys: pytest.CaptureFixture[str],
                                                      data_copy: Path) -> None:
    review = data_copy / "policies" / "wework" / "vi.review.yaml"
    text = review.read_text(encoding="utf-8")
    review.write_text(text.replace("made-by-we-market: Made by We Market",
                                   "made-by-we-market: Made by Us", 1),
                      encoding="utf-8")
    code, _, err = run(capsys, "validate", str(data_copy))
    assert code == 1
    assert "vi.review.yaml" in err and "Made by Us" in err and "clause s1.3" in err


def test_validate_broken_taxonomy(capsys: pytest.CaptureFixture[str], data_copy: Path) -> None:
    (data_copy / "taxonomy.yaml").write_text("version: 1\nlanguages: {}\nconcepts: [\n",
                                             encoding="utf-8")
    code, _, err = run(capsys, "validate", str(data_copy))
    assert code == 2 and "taxonomy.yaml" in err and "invalid YAML" in err


def test_extract_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(FIXTURES / "en_2018.txt"), "--lang", "en",
                       "--policy", "demo")
    assert code == 0
    practices = json.loads(out)
    assert practices and all(set(p) == PRACTICE_KEYS for p in practices)
    first = practices[0]
    assert first["policy"] == "demo" and first["source"] == "extracted"
    assert first["legal_basis"] == "contract" and isinstance(first["span"], list)
    text = (FIXTURES / "en_2018.txt").read_text(encoding="utf-8")
    assert text[first["span"][0]:first["span"][1]] == first["quote"]


def test_extract_unknown_language_is_a_clear_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "extract", str(FIXTURES / "en_2018.txt"), "--lang", "xx")
    assert code == 2 and "no language file for 'xx'" in err
    assert "the languages there are: " in err and ", en, " in err


def test_evaluate_prints_scores(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "evaluate")
    assert code == 0 and "data_category" in out and "overall" in out
    code, out, _ = run(capsys, "evaluate", "--json")
    assert json.loads(out)["by_kind"]["legal_basis"]["f1"] >= 0.95


def test_stats(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "stats", "--json")
    stats = json.loads(out)
    assert code == 0 and stats["versions"] == 2 and stats["clauses"] == 25
    assert stats["clauses_without_legal_basis"] > 0


def test_export_csv_and_graphml(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "export", "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and len(frame) > 100 and "Thông tin Thanh toán" in " ".join(frame["quote"])
    target = tmp_path / "g.graphml"
    code, _, _ = run(capsys, "export", "--format", "graphml", "--label-lang", "nb", "-o", str(target))
    graph = nx.read_graphml(target)
    assert code == 0 and graph.nodes["data_category:payment-info"]["label"] == "Betalingsopplysninger"


def test_installed_console_script_runs() -> None:
    result = subprocess.run([sys.executable, "-m", "policy_graph.cli", "stats"],
                            capture_output=True, text=True, check=False, timeout=60)
    assert result.returncode == 0 and "practices:" in result.stdout


def test_ask_prints_answer_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "ask", "Các bạn dùng thông tin thanh toán của tôi để làm gì?")
    assert code == 0 and out.startswith("Thông tin thanh toán: Xử lý giao dịch tài chính (Hợp đồng).")
    assert "[wework/vi/s1.3]" in out and "EN: Payment information" in out
    code, out, _ = run(capsys, "ask", "what's the weather today?", "--json")
    answer = json.loads(out)
    assert answer["answered"] is False and answer["answer"] == [] and answer["nearest"] is not None
    assert set(answer) == {"question", "lang", "recognised", "intent", "answered", "summary",
                           "answer", "quotes", "nearest"}


def test_search_prints_ranked_hits_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "search", "betaling", "--limit", "1")
    assert code == 0 and "wework-space-services/nb/s1.2" in out and "[Betalingsopplysninger]" in out
    code, out, _ = run(capsys, "search", "thanh toan", "--json", "--lang", "vi")
    hits = json.loads(out)
    assert hits and {h["lang"] for h in hits} == {"vi"}
    first = hits[0]
    assert first["text"][first["highlights"][0][0]:first["highlights"][0][1]] == "Thanh toán"
    code, out, _ = run(capsys, "search", "zzzqqq")
    assert out.strip() == "no clause matches"
