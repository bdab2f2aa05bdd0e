"""The on-disk read cache: hits for unchanged files, misses for any change."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from policy_graph.cache import CACHE_FILE, ReadCache
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
    assert list(second.practices) == list(first.practices)


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
    with sqlite3.connect(cache / CACHE_FILE) as db:  # every entry damaged
        db.execute("UPDATE entries SET value = x'00ff'")
    db.close()
    assert counts(data_copy, cache) == (0, 2, practices)
    assert counts(data_copy, cache) == (2, 0, practices)  # rewritten by the load before
    (cache / CACHE_FILE).write_bytes(b"not a database" * 100)  # the file itself damaged
    for suffix in ("-wal", "-shm"):
        (cache / f"{CACHE_FILE}{suffix}").unlink(missing_ok=True)
    assert counts(data_copy, cache) == (0, 2, practices)
    blocked = tmp_path / "file-not-dir"
    blocked.write_text("x")
    assert counts(data_copy, blocked)[2] == practices
    assert len(load_corpus(data_copy, cache_dir=None).practices) == practices  # cache off


def test_parsed_data_files_are_reused_but_an_edit_or_a_bad_value_is_seen(
        data_copy: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    load_corpus(data_copy, cache_dir=cache)
    again = load_corpus(data_copy, cache_dir=cache).cache["parsed-cache"]
    assert isinstance(again, ReadCache) and again.misses == 0
    languages = len(list((data_copy / "languages").glob("*.yaml")))
    assert again.hits == 1 + languages + 2  # taxonomy.yaml, the language files, two policy.yaml
    meta = data_copy / "policies" / "wework" / "policy.yaml"
    meta.write_text(meta.read_text(encoding="utf-8").replace("2019-07-12", "2021-03-04"),
                    encoding="utf-8")
    edited = load_corpus(data_copy, cache_dir=cache)
    assert str(edited.policies["wework"].effective_date) == "2021-03-04"
    # The cached parse is validated again on every load: a bad value is refused each time.
    meta.write_text(meta.read_text(encoding="utf-8").replace("2021-03-04", "not a date"),
                    encoding="utf-8")
    for _ in range(2):
        refused = load_corpus(data_copy, cache_dir=cache)
        assert "wework" not in refused.policies
        assert any("policy.yaml" in str(e) and "not a date" in str(e) for e in refused.errors)
