"""Safe YAML loading: ``safe_load`` only, aliases refused, size and depth capped,
and validation errors turned into one message naming file, place and value."""

from __future__ import annotations

from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .errors import DataFileError

__all__ = ["MAX_YAML_BYTES", "load_model", "parse_yaml", "validate_model"]

MAX_YAML_BYTES = 2_000_000
MAX_DEPTH = 32
ModelT = TypeVar("ModelT", bound=BaseModel)


TIMESTAMP_TAG = "tag:yaml.org,2002:timestamp"
# libyaml's safe loader where PyYAML was built with it (10x faster): same safe constructor.
FAST_SAFE_LOADER: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _bad_scalar(text: str) -> tuple[int, str] | None:
    """Line and value of the first scalar PyYAML resolves but cannot construct
    (e.g. the date 2019-13-45); the tree is composed, nothing is constructed."""
    stack = [yaml.compose(text, Loader=yaml.SafeLoader)]
    while stack:
        node = stack.pop()
        if isinstance(node, yaml.ScalarNode) and node.tag == TIMESTAMP_TAG:
            try:
                yaml.SafeLoader(node.value).construct_yaml_timestamp(node)
            except ValueError:
                return node.start_mark.line + 1, node.value
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
        elif isinstance(node, yaml.MappingNode):
            stack.extend(v for pair in node.value for v in pair)
    return None


def _safe_load(text: str) -> Any:
    """What ``yaml.safe_load`` does, with libyaml's safe loader when there is one."""
    loader = FAST_SAFE_LOADER(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _check_events(text: str, origin: str) -> None:
    depth = 0
    for event in yaml.parse(text, Loader=FAST_SAFE_LOADER):
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None):
            line = event.start_mark.line + 1 if event.start_mark else 0
            raise DataFileError(origin, f"line {line}", None, "YAML anchors and aliases are not allowed")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataFileError(origin, "", depth, f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, origin: str) -> Any:
    """Parse untrusted YAML text into plain data.

    >>> parse_yaml("a: [1, 2]", "x.yaml")
    {'a': [1, 2]}
    >>> parse_yaml("a: &x 1\\nb: *x", "x.yaml")
    Traceback (most recent call last):
    ...
    policy_graph.errors.DataFileError: x.yaml: line 1: YAML anchors and aliases are not allowed
    """
    if len(text.encode("utf-8")) > MAX_YAML_BYTES:
        raise DataFileError(origin, "", None, f"file larger than {MAX_YAML_BYTES} bytes")
    try:
        _check_events(text, origin)
        return _safe_load(text)
    except ValueError as exc:  # a scalar that resolves to a type but is out of range
        found = _bad_scalar(text)
        where, value = (f"line {found[0]}", found[1]) if found else ("", None)
        raise DataFileError(origin, where, value, f"invalid value: {exc}") from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise DataFileError(origin, where, None, f"invalid YAML: {problem}") from exc


def _location(loc: tuple[int | str, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validate_model(data: Any, model: type[ModelT], origin: str) -> ModelT:
    """Validate ``data`` against ``model``; the first error becomes a DataFileError."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        value = first.get("input")
        if isinstance(value, dict | list):
            value = None
        raise DataFileError(origin, _location(tuple(first["loc"])), value, first["msg"]) from exc


def load_model(path: Path, model: type[ModelT]) -> ModelT:
    """Read, parse and validate one YAML data file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise DataFileError(path, "", None, f"cannot read file: {exc}") from exc
    return validate_model(parse_yaml(text, str(path)), model, str(path))
