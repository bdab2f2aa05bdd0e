"""Shared fixtures: the shipped corpus, a writable copy of the data, helpers."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from policy_graph.corpus import Corpus, load_corpus
from policy_graph.taxonomy import DEFAULT_DATA_DIR, Taxonomy

# Browser fixtures are defined once, here, for every module: a session fixture
# imported into two test modules would be two fixtures and start Playwright twice.
from tests.browser_support import browser, page, server, writable_server  # noqa: F401

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session", autouse=True)
def private_read_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The on-disk read cache of the whole run lives in a temporary folder."""
    folder = tmp_path_factory.mktemp("read-cache")
    before = os.environ.get("POLICY_GRAPH_CACHE")
    os.environ["POLICY_GRAPH_CACHE"] = str(folder)
    yield folder
    if before is None:
        os.environ.pop("POLICY_GRAPH_CACHE", None)
    else:
        os.environ["POLICY_GRAPH_CACHE"] = before


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus()


@pytest.fixture(scope="session")
def taxonomy(corpus: Corpus) -> Taxonomy:
    return corpus.taxonomy


@pytest.fixture(autouse=True)
def private_notebook_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own notebook database (never the user's)."""
    path = tmp_path / "notebooks.db"
    monkeypatch.setenv("POLICY_GRAPH_DB", f"sqlite:///{path}")
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A private copy of ``data/`` a test may break."""
    target = tmp_path / "data"
    shutil.copytree(DEFAULT_DATA_DIR, target)
    return target


def write_language(data_dir: Path, code: str, profile: dict[str, object],
                   terms: dict[str, list[str]], labels: dict[str, str] | None = None) -> Path:
    """Add (or replace) ``languages/<code>.yaml`` in a data directory: adding a
    language is adding this one file."""
    path = data_dir / "languages" / f"{code}.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    body = {"code": code, "profile": profile, "labels": labels or {}, "terms": terms}
    path.write_text(yaml.safe_dump(body, allow_unicode=True), encoding="utf-8")
    return path
