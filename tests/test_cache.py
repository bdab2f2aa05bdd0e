"""The on-disk read cache: hits for unchanged files, misses for any change."""

from __future__ import annotations

from pathlib import Path

from policy_graph.cache import ReadCache
from policy_graph.corpus import load_corpus


def counts(data: Path, cache: Path) -> tuple[int, int, int]:
    corpus = load_corpus(data, cache_dir=cache)
    read = corpus.cache["read-cache"]
    assert isinstance(read, ReadCache)
    return read.hits, read.misses, len(corpus.practices)


def test_second_load_reads_nothing_again_and_gives_the_same_practices(
        data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    first = load_corpus(data_copy, cache_dir=cache)
    second = load_corpus(data_copy, cache_dir=cache)
    assert second.cache["read-cache"].hits == 2  # type: ignore[attr-defined]
    assert [p.model_dump() for p in second.practices] == [p.model_dump() for p in first.practices]


def test_an_edited_text_or_language_file_is_read_again(data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    counts(data_copy, cache)
    text = data_copy / "policies" / "wework" / "vi.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert counts(data_copy, cache)[:2] == (1, 1)
    lang = data_copy / "languages" / "nb.yaml"
    lang.write_text(lang.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    assert counts(data_copy, cache)[:2] == (0, 2)


def test_a_damaged_or_unwritable_cache_costs_speed_not_correctness(
        data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    practices = counts(data_copy, cache)[2]
    for entry in cache.rglob("*.pickle"):
        entry.write_bytes(b"not a pickle")
    assert counts(data_copy, cache) == (0, 2, practices)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert counts(data_copy, blocked)[2] == practices
    assert len(load_corpus(data_copy, cache_dir=None).practices) == practices  # cache off
