"""Load YAML while remembering the line each mapping, key and list item came from.

Error messages must say `file:line: what is wrong`, so every mapping we load is a `LineDict`
that knows its own line and the line of each key, and every list is a `LineList` that knows the
line of each item.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from .._errors import ContentError, Problem
from .._paths import relative


class LineDict(dict):
    """A dict that knows where it started (`line`) and where each key is (`key_lines`)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key is missing."""
        return self.key_lines.get(key, self.line)


class LineList(list):
    """A list that knows where it started (`line`) and where each item is (`item_lines`)."""

    line: int = 0
    item_lines: list[int]

    def line_of(self, index: int) -> int:
        return self.item_lines[index] if index < len(self.item_lines) else self.line


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineDict/LineList and rejects duplicate keys.

    It reads values as YAML 1.2 does, like the YAML language server in an editor: `true`/`false` are the only
    booleans (`yes`, `no`, `on`, `off` stay text) and a date such as 2026-11-30 stays text."""


_LineLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag not in ("tag:yaml.org,2002:timestamp",
                                                                       "tag:yaml.org,2002:bool")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LineLoader.add_implicit_resolver("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                                  list("tTfF"))


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    loader.flatten_mapping(node)
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise yaml.constructor.ConstructorError(
                None, None, f"the key {key!r} appears twice in this mapping", key_node.start_mark
            )
        result[key] = loader.construct_object(value_node, deep=True)
        result.key_lines[key] = key_node.start_mark.line + 1
    return result


def _construct_sequence(loader: _LineLoader, node: yaml.SequenceNode) -> LineList:
    result = LineList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.item_lines = [child.start_mark.line + 1 for child in node.value]
    return result


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_sequence)


def load_yaml(path: Path) -> Any:
    """Read a YAML file; a syntax error becomes a ContentError naming the file and line."""
    shown = relative(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(shown, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        raise ContentError([Problem(shown, None, f"not UTF-8 text ({exc.reason})")]) from None
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "not valid YAML"
        raise ContentError([Problem(shown, line, f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(shown, None, f"YAML syntax: {exc}")]) from None
