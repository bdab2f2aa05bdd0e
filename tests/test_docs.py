"""The README documents every command, every JSON key and the quick start."""

from __future__ import annotations

import re
from pathlib import Path

from policy_graph.cli import build_parser
from tests.test_cli import PRACTICE_KEYS

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_every_command_is_documented() -> None:
    sub = next(a for a in build_parser()._actions if a.dest == "command")
    for name in sub.choices:  # type: ignore[union-attr]
        assert f"policy-graph {name}" in README, name


def test_every_json_key_is_documented() -> None:
    for key in PRACTICE_KEYS:
        assert f"`{key}`" in README, key


def test_quick_start_has_two_commands_and_ci_runs_the_test_one() -> None:
    block = README.split("## Quick start", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    commands = [line.split("#")[0].strip() for line in block.strip().splitlines()]
    assert commands == ["./scripts/run-app", "./scripts/test"]
    assert re.search(r"exec \./scripts/test\s*$", (ROOT / ".ci" / "run").read_text())


def test_streamlit_config_is_safe() -> None:
    config = (ROOT / ".streamlit" / "config.toml").read_text(encoding="utf-8")
    assert "gatherUsageStats = false" in config and "allowedHosts" in config
    assert "enableXsrfProtection = true" in config and 'showErrorDetails = "none"' in config
