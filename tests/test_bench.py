"""The benchmark runs (at N = 20, so it cannot rot); figures are printed, never asserted."""

from __future__ import annotations

import pytest

from tests.test_cli import run


def test_bench_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "bench", "--docs", "20")
    assert code == 0
    for figure in ("docs: 20 policy versions", "floor:", "cold load", "warm load", "graph build",
                   "search: p50", "question: p50", "about-me: p50", "product diff: p50",
                   "matrix: p50", "peak memory"):
        assert figure in out, figure


def test_bench_refuses_a_silly_size(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "bench", "--docs", "0")
    assert code == 2 and "--docs" in err
