from __future__ import annotations

from pathlib import Path

import pytest

from policy_graph.errors import DataFileError
from policy_graph.models import PolicyMeta
from policy_graph.yamlio import MAX_YAML_BYTES, load_model, parse_yaml


def test_aliases_are_refused() -> None:
    bomb = "a: &a [x, x]\nb: &b [*a, *a]\nc: [*b, *b]\n"
    with pytest.raises(DataFileError, match="anchors and aliases"):
        parse_yaml(bomb, "bomb.yaml")


def test_deep_nesting_and_size_are_capped() -> None:
    with pytest.raises(DataFileError, match="nested deeper"):
        parse_yaml("[" * 40 + "]" * 40, "deep.yaml")
    with pytest.raises(DataFileError, match="larger than"):
        parse_yaml("a: " + "x" * (MAX_YAML_BYTES + 1), "big.yaml")


def test_python_tags_are_not_constructed() -> None:
    with pytest.raises(DataFileError, match="invalid YAML"):
        parse_yaml("!!python/object/apply:os.system ['true']", "evil.yaml")


def test_validation_error_names_file_place_and_value(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("id: x\ntitles: {en: X}\nproducts: [wework]\neffective_date: 2019-13-45\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_model(path, PolicyMeta)
    message = str(info.value)
    assert str(path) in message and "line 4" in message and "2019-13-45" in message


def test_wrong_type_names_the_field(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("id: x\ntitles: {en: X}\nproducts: wework\neffective_date: 2019-07-12\n",
                    encoding="utf-8")
    with pytest.raises(DataFileError, match=r"policy.yaml: products: .*\(got 'wework'\)"):
        load_model(path, PolicyMeta)


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "policy.yaml"
    path.write_text("id: x\ntitles: {en: X}\nproducts: [wework]\neffective_date: 2019-07-12\n"
                    "colour: red\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=r"colour: Extra inputs are not permitted \(got 'red'\)"):
        load_model(path, PolicyMeta)
