"""Offline language detection over every language's own test text."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_graph.detect import detect_language
from policy_graph.taxonomy import Taxonomy
from tests.test_cli import run

TEXTS = sorted((Path(__file__).parent / "fixtures" / "languages").glob("*.txt"))


@pytest.mark.parametrize("path", TEXTS, ids=[p.stem for p in TEXTS])
def test_each_language_text_is_detected(path: Path, taxonomy: Taxonomy) -> None:
    found = detect_language(path.read_text(encoding="utf-8"), taxonomy)
    assert found.lang == path.stem
    assert found.candidates[0][0] == path.stem and found.candidates[0][1] > 0.5


def test_simplified_and_traditional_chinese_are_told_apart(taxonomy: Taxonomy) -> None:
    assert detect_language("我们使用您的联系信息与您联系。", taxonomy).lang == "zh-Hans"
    assert detect_language("我們使用您的聯絡資料與您聯繫。", taxonomy).lang == "zh-Hant"


def test_too_little_text_is_not_guessed(taxonomy: Taxonomy) -> None:
    assert detect_language("12 — ?", taxonomy).lang is None


def test_extract_detects_the_language_when_not_given(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "extract", str(TEXTS[0]), "--policy", "demo")
    assert code == 0 and f'"lang": "{TEXTS[0].stem}"' in out
