"""Load YAML while remembering the line each mapping, key and list item came from.

Error messages must say `file:line: what is wrong`, so every mapping we load is a `LineDict`
that knows its own line and the line of each key, and every list is a `LineList` that knows the
line of each item.

Course files come from authors, and a pull request can carry a hostile one, so the loader refuses what no course
file needs, each with its line, before it can hang the check or end in a traceback: aliases (`*name`, which let
a few lines expand into gigabytes), nesting deeper than MAX_DEPTH, numbers longer than MAX_NUMBER characters
(Python refuses to read integers of more than 4,300 digits), and files larger than MAX_BYTES.
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


MAX_BYTES = 1_000_000
"""The largest course file read (the largest bank is about 20 kB)."""
MAX_DEPTH = 40
"""Nesting deeper than this is refused (course files nest six levels at most)."""
MAX_NUMBER = 40
"""A number written with more characters than this is refused."""


class Refused(yaml.MarkedYAMLError):
    """Valid YAML that a course file may not hold (an alias, deep nesting, a huge number)."""


class _LineLoader(yaml.SafeLoader):
    """SafeLoader that builds LineDict/LineList and rejects duplicate keys, aliases, deep nesting and huge numbers.

    It reads values as YAML 1.2 does, like the YAML language server in an editor: `true`/`false` are the only
    booleans (`yes`, `no`, `on`, `off` stay text) and a date such as 2026-11-30 stays text."""

    _depth = 0

    def compose_node(self, parent, index):  # noqa: ANN001, ANN201 - PyYAML's signature
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise Refused(None, None, f"an alias (*{event.anchor}) is not allowed in course files: write the value "
                                      "out in full", event.start_mark)
        self._depth += 1
        try:
            if self._depth > MAX_DEPTH:
                raise Refused(None, None, f"nested more than {MAX_DEPTH} levels deep: course files need far fewer",
                              self.peek_event().start_mark)
            return super().compose_node(parent, index)
        finally:
            self._depth -= 1


def _construct_number(loader: _LineLoader, node: yaml.ScalarNode) -> int | float:
    if len(node.value) > MAX_NUMBER:
        raise Refused(None, None, f"a number of {len(node.value):,} characters is too long (at most {MAX_NUMBER}); "
                                  "put it in quotes if it is text", node.start_mark)
    if node.tag.endswith(":int"):
        return yaml.SafeLoader.construct_yaml_int(loader, node)
    return yaml.SafeLoader.construct_yaml_float(loader, node)


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
_LineLoader.add_constructor("tag:yaml.org,2002:int", _construct_number)
_LineLoader.add_constructor("tag:yaml.org,2002:float", _construct_number)


def load_yaml(path: Path) -> Any:
    """Read a YAML file; a syntax error, or anything `Refused`, becomes a ContentError naming the file and line."""
    shown = relative(path)
    try:
        with path.open("rb") as handle:
            raw = handle.read(MAX_BYTES + 1)
        text = raw.decode("utf-8")
    except FileNotFoundError:
        raise ContentError([Problem(shown, None, "file not found")]) from None
    except UnicodeDecodeError as exc:
        if len(raw) <= MAX_BYTES or exc.start < MAX_BYTES - 4:  # not a character cut in two by the limit
            raise ContentError([Problem(shown, None, f"not UTF-8 text ({exc.reason})")]) from None
        text = raw[:exc.start].decode("utf-8")
    if len(raw) > MAX_BYTES:
        line = text.count("\n", 0, MAX_BYTES) + 1
        raise ContentError([Problem(shown, line, f"the file is larger than {MAX_BYTES // 1_000_000} MB here: a "
                                                 "course file needs far less (split it, or remove what is not "
                                                 "course text)")])
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except Refused as exc:
        raise ContentError([Problem(shown, exc.problem_mark.line + 1, exc.problem)]) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = exc.problem or exc.context or "not valid YAML"
        raise ContentError([Problem(shown, line, f"YAML syntax: {what}")]) from None
    except yaml.YAMLError as exc:
        raise ContentError([Problem(shown, None, f"YAML syntax: {exc}")]) from None
