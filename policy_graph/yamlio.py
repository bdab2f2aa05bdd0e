"""Safe YAML loading: ``safe_load`` only, aliases refused, size and depth capped,
and validation errors turned into one message naming file, place and value."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError

from .cache import ReadCache
from .datafiles import decode_text, read_data_file
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


def _mark(event: yaml.Event) -> str:
    mark = event.start_mark
    return f"line {mark.line + 1}, column {mark.column + 1}" if mark else ""


def _check_events(text: str, origin: str) -> None:
    """Refuse anchors and aliases (alias bombs) and deep nesting, reading events
    one by one: nothing is built before the whole file has passed."""
    depth = 0
    for event in yaml.parse(text, Loader=FAST_SAFE_LOADER):
        anchor = getattr(event, "anchor", None)
        if anchor:
            shown = f"*{anchor}" if isinstance(event, yaml.AliasEvent) else f"&{anchor}"
            raise DataFileError(origin, _mark(event), shown, "YAML anchors and aliases are not allowed")
        if isinstance(event, yaml.CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise DataFileError(origin, _mark(event), depth,
                                    f"nested deeper than {MAX_DEPTH} levels")
        elif isinstance(event, yaml.CollectionEndEvent):
            depth -= 1


def parse_yaml(text: str, origin: str) -> Any:
    """Parse untrusted YAML text into plain data.

    >>> parse_yaml("a: [1, 2]", "x.yaml")
    {'a': [1, 2]}
    >>> try:
    ...     parse_yaml("a: &x 1\\nb: *x", "x.yaml")
    ... except DataFileError as exc:
    ...     print(exc)
    x.yaml: line 1, column 4: YAML anchors and aliases are not allowed (got '&x')
    """
    size = len(text.encode("utf-8", "surrogatepass"))
    if size > MAX_YAML_BYTES:
        raise DataFileError(origin, "size", size, f"file larger than {MAX_YAML_BYTES:,} bytes")
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


def _find_value(data: Any, value: object) -> tuple[int | str, ...] | None:
    """Where ``value`` sits in parsed YAML (keys and indexes), depth first.

    >>> _find_value({"a": [1, {"b": "x"}]}, "x")
    ('a', 1, 'b')
    """
    if data == value and type(data) is type(value):
        return ()
    children: list[tuple[int | str, Any]] = []
    if isinstance(data, dict):
        children = [(str(k), v) for k, v in data.items()]
    elif isinstance(data, list):
        children = list(enumerate(data))
    for key, child in children:
        found = _find_value(child, value)
        if found is not None:
            return (key, *found)
    return None


def validate_model(data: Any, model: type[ModelT], origin: str) -> ModelT:
    """Validate ``data`` against ``model``; the first error becomes a DataFileError."""
    try:
        return model.model_validate(data)
    except re.error as exc:  # a validator compiling a regular expression (not a ValueError)
        where = _find_value(data, exc.pattern)
        raise DataFileError(origin, _location(where) if where else "", exc.pattern,
                            f"invalid regular expression: {exc}") from exc
    except ValidationError as exc:
        first = exc.errors()[0]
        value = first.get("input")
        if isinstance(value, dict | list):
            value = None
        raise DataFileError(origin, _location(tuple(first["loc"])), value, first["msg"]) from exc


def load_model(path: Path, model: type[ModelT], root: Path | None = None,
               cache: ReadCache | None = None) -> ModelT:
    """Read, parse and validate one YAML data file (a regular file of at most
    ``MAX_YAML_BYTES``, inside ``root`` when given). With ``cache``, the parsed
    data of these exact bytes is reused (parsing is most of a file's cost); it is
    validated again every time."""
    raw = read_data_file(path, MAX_YAML_BYTES, root)
    key = cache.key(raw, "yaml", "", None) if cache is not None else ""
    data = cache.get(key) if cache is not None else None
    if data is None:
        data = parse_yaml(decode_text(raw, path), str(path))
        if cache is not None and data is not None:
            cache.put(key, data)
    return validate_model(data, model, str(path))
