"""Reading course files against their schema (schema.py) and saying what is wrong as `file:line: message`.

`Reader.read(Model)` loads a YAML file, validates it with the pydantic model declared for it, and turns every
pydantic error into one problem: the line comes from where the YAML put the key or entry (`_yaml.LineDict`), the
words from the model (the entry's kind and id, the field's `x-message`). Entries with problems are left out of
what it returns, so a loader can still check its own rules on the others, and one run reports everything.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, RootModel, ValidationError
from pydantic.fields import FieldInfo

from .._errors import ContentError, Problem
from .._paths import course_root, relative
from ._yaml import LineDict, LineList, load_yaml

M = TypeVar("M", bound=BaseModel)
NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four"}
KEY_MESSAGES = {  # what is wrong with the key of a mapping of entries, by the kind of entry
    "reference": "reference key {key!r} must be lower-case letters and digits, like dutton1993",
    "handout": 'handout {key!r}: the key must be a module\'s two digits in quotes, like "01"',
}


def activity_path(activity_id: str) -> Path:
    """Card sorts, cycles and scenarios live together: course/activities/<activity_id>.yml."""
    return course_root() / "course" / "activities" / f"{activity_id}.yml"


# ---- frozen reads: the browser edition has no pydantic-core, so it gets what the build validated -----------------
FROZEN_READS = "COURSE_FROZEN_READS"  # a pickle written by `record_reads` when the site is built
_frozen: dict[tuple[str, str], Any] | None = None
_recording: dict[tuple[str, str], Any] | None = None


def _read_key(path: Path, model: type) -> tuple[str, str]:
    return relative(path).as_posix(), model.__name__


@contextlib.contextmanager
def record_reads() -> Iterator[dict[tuple[str, str], Any]]:
    """Collect every file read cleanly (no problem) while the block runs, validated, for `FROZEN_READS`."""
    global _recording
    _recording = recorded = {}
    try:
        yield recorded
    finally:
        _recording = None


def _frozen_read(path: Path, model: type) -> Any:
    """What the build validated for this file, when `$COURSE_FROZEN_READS` names its pickle (browser edition)."""
    global _frozen
    where = os.environ.get(FROZEN_READS)
    if not where:
        return None
    if _frozen is None:
        _frozen = pickle.loads(Path(where).read_bytes())  # written by the site build from the course's own files
    return _frozen.get(_read_key(path, model))


class Reader:
    """Collects the problems of one file, so one run reports all of them before raising one ContentError."""

    def __init__(self, path: Path):
        self.source = path
        self.path = relative(path)
        self.problems: list[Problem] = []
        self.data: Any = None  # the file as YAML read it, once `read` has run

    def problem(self, line: int | None, message: str) -> None:
        problem = Problem(self.path, line, message)
        if problem not in self.problems:
            self.problems.append(problem)

    def read(self, model: type[M], data: Any = None) -> M | None:
        """The file (or `data` already loaded from it) as `model`, without the entries that have problems (each
        reported); None when the file as a whole cannot be read (its problems are reported too)."""
        data = self.data = load_yaml(self.source) if data is None else data
        frozen = _frozen_read(self.source, model)
        if frozen is not None:
            return frozen
        try:
            found = model.model_validate(data)
            if _recording is not None:
                _recording[_read_key(self.source, model)] = found
            return found
        except ValidationError as exc:
            errors = _causes(exc.errors())
        for error in errors:
            self.problem(*describe(model, data, error))
        pruned = _without_broken_entries(model, data, errors)
        if pruned is None:
            return None
        try:
            return model.model_validate(pruned)
        except ValidationError:
            return None

    def unique(self, seen: dict[str, int], value: str | None, line: int, what: str) -> None:
        """Report `value` if it was seen before (naming the first line), else remember it."""
        if value in seen:
            self.problem(line, f"duplicate {what} {value!r} (first at line {seen[value]})")
        elif value:
            seen[value] = line

    def finish(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def read_file(path: Path, model: type[M]) -> tuple[Reader, M | None]:
    """A reader for `path` and what it read as `model` (None when nothing usable)."""
    reader = Reader(path)
    return reader, reader.read(model)


def read_activity(path: Path, model: type[M]) -> tuple[Reader, M | None]:
    """An activity file (card sort, cycle or scenario) as `model`; its id must be its file name."""
    reader, activity = read_file(path, model)
    written = reader.data.get("id") if isinstance(reader.data, LineDict) else None
    if isinstance(written, str) and written != path.stem:
        reader.problem(reader.data.line_of("id"), f"{model.kind} id {written!r} must match the file name "
                                                  f"{path.stem!r}")
    return reader, activity


# ---- from a pydantic error to `line: message` -----------------------------------------------------------------


def describe(model: type[BaseModel], data: Any, error: dict) -> tuple[int | None, str]:
    """The line and the words for one pydantic error about `data` (read from YAML) as `model`."""
    step = _follow(model, data, error["loc"])
    where = ": ".join(step.labels) or getattr(model, "kind", "") or "file"
    kind, key, value = error["type"], step.key, error.get("input")
    line = step.line(kind)
    custom = (step.field.json_schema_extra or {}).get("x-message") if step.field and isinstance(
        step.field.json_schema_extra, dict) else None
    if kind == "missing":
        extra = step.field.json_schema_extra if step.field and isinstance(step.field.json_schema_extra, dict) else {}
        return line, f"{where}: {extra.get('x-missing') or f'missing field {key!r}'}"
    if kind == "extra_forbidden":
        return line, f"{where}: unknown field '{key}' (expected one of: {', '.join(step.allowed)})"
    if kind == "union_tag_invalid":
        ctx = error.get("ctx", {})
        field = ctx.get("discriminator", "'type'").strip("'")
        line = step.node.line_of(field) if isinstance(step.node, LineDict) else line
        return line, f"{where}: unknown {field} {ctx.get('tag')!r} (use one of: " \
                     f"{ctx.get('expected_tags', '').replace(chr(39), '')})"
    if kind == "union_tag_not_found":
        return line, f"{where}: missing field '{error.get('ctx', {}).get('discriminator', 'type').strip(chr(39))}'"
    if step.dict_key is not None:
        template = KEY_MESSAGES.get(step.entry_kind, "{key!r} is not a valid key")
        return line, template.format(key=step.dict_key)
    if kind == "rule":
        return line, f"{where}: {error['msg']}"
    if custom:
        return line, f"{where}: {custom.format(value=value)}"
    name = f"'{key}'" if isinstance(key, str) else f"#{key + 1}" if isinstance(key, int) else "it"
    if kind in ("string_type", "string_too_short"):
        return line, f"{where}: {name} must be non-empty text, got {_kind(value)}"
    if kind == "list_type":
        return line, f"{where}: {name} must be a list (lines starting with '- '), got {_kind(value)}"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return line, f"{where}: {name if key is not None else 'it'} must be a mapping (key: value lines), got " \
                     f"{_kind(value)}"
    if kind in ("too_short", "too_long"):
        limit = error.get("ctx", {}).get("min_length" if kind == "too_short" else "max_length", 0)
        noun = str(key) if limit != 1 else str(key).removesuffix("s")
        words = "needs at least" if kind == "too_short" else "can have at most"
        return line, f"{where}: {words} {NUMBERS.get(limit, limit)} {noun}"
    if kind.startswith("bool"):
        return line, f"{where}: {name} must be true or false"
    if kind.startswith("int") or kind in ("greater_than_equal", "greater_than"):
        return line, f"{where}: {name} must be a whole number, got {value!r}"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "").replace("'", "")
        return line, f"{where}: {name} must be one of {expected}, got {value!r}"
    if kind == "string_pattern_mismatch":
        return line, f"{where}: {name} does not have the right form, got {value!r}"
    return line, f"{where}: {name}: {error['msg']}"


class _Step:
    """Where an error's location leads in the YAML and in the model."""

    def __init__(self) -> None:
        self.labels: list[str] = []
        self.parent: Any = None  # the mapping or list that holds `key`
        self.key: Any = None
        self.field: FieldInfo | None = None
        self.allowed: list[str] = []
        self.dict_key: str | None = None
        self.entry_kind = ""
        self.node: Any = None

    def line(self, kind: str) -> int | None:
        parent = self.parent
        if kind == "missing" or (kind == "rule" and isinstance(self.node, LineDict)):
            return getattr(self.node if kind == "rule" else parent, "line", None) or None
        if isinstance(parent, (LineDict, LineList)):
            if isinstance(parent, LineDict) and self.key not in parent.key_lines:
                return parent.line_of(_yaml_key(parent, self.key))
            return parent.line_of(self.key)
        return getattr(self.node, "line", None) or None


def _yaml_key(mapping: dict, key: Any) -> Any:
    """`true` and `false` keys are booleans once YAML has read them."""
    if key not in mapping and key in ("true", "false"):
        return key == "true"
    return key


def _strip(tp: Any) -> Any:
    """The type inside Annotated[...] and Optional[...]."""
    while True:
        origin = typing.get_origin(tp)
        if origin is typing.Annotated:
            tp = typing.get_args(tp)[0]
        elif origin in (typing.Union, types.UnionType):
            members = [a for a in typing.get_args(tp) if a is not type(None)]
            if len(members) != 1:
                return tp
            tp = members[0]
        else:
            return tp


def _is_union(tp: Any) -> bool:
    return typing.get_origin(tp) in (typing.Union, types.UnionType)


def _union_member(tp: Any, tag: Any) -> Any:
    """The member of a union a pydantic location names (a discriminator tag, or a type's name)."""
    for member in typing.get_args(tp):
        for meta in typing.get_args(member)[1:] if typing.get_origin(member) is typing.Annotated else ():
            if getattr(meta, "tag", None) == tag:
                return typing.get_args(member)[0]
    for member in typing.get_args(tp):
        inner = _strip(member)
        if getattr(inner, "__name__", None) == tag or str(tag).startswith(str(getattr(inner, "__name__", "?"))):
            return inner
    origins = {typing.get_origin(_strip(m)) or _strip(m): _strip(m) for m in typing.get_args(tp)}
    if isinstance(tag, str) and tag.startswith("list") and list in origins:
        return origins[list]
    if isinstance(tag, str) and (tag.startswith("str") or tag.startswith("constrained-str")) and str in origins:
        return str
    if isinstance(tag, str) and tag.startswith("literal"):
        return next((m for m in map(_strip, typing.get_args(tp)) if typing.get_origin(m) is typing.Literal), None)
    return None


def _entry_label(tp: Any, value: Any, key: Any) -> tuple[str, bool, str] | None:
    """How messages name an entry: ("item 01-q1", stands alone?, kind), or None for a plain value."""
    inner = _strip(tp)
    if _is_union(inner):
        inner = _strip(typing.get_args(inner)[0])
    kind = getattr(inner, "kind", "") if isinstance(inner, type) else ""
    if not kind or not isinstance(value, dict):
        return None
    field = getattr(inner, "label_field", None)
    name = value.get(field) if field else None
    if isinstance(key, str):
        return f"{kind} {key}", False, kind
    if isinstance(name, (str, int)) and not isinstance(name, bool) and str(name).strip():
        return f"{kind} {name}", field == "name", kind
    return f"{kind} #{key + 1}", False, kind


def _follow(model: type[BaseModel], data: Any, loc: tuple) -> _Step:
    step = _Step()
    node, tp = data, model
    for part in loc:
        tp = _strip(tp)
        while isinstance(tp, type) and issubclass(tp, RootModel):
            tp = _strip(tp.model_fields["root"].annotation)
        if _is_union(tp):
            member = _union_member(tp, part)
            if member is not None:
                tp = _strip(member)
                continue
        origin = typing.get_origin(tp)
        if part == "[key]":
            step.dict_key = step.key
            continue
        if isinstance(tp, type) and issubclass(tp, BaseModel):
            fields = {(f.alias or name): f for name, f in tp.model_fields.items()}
            step.allowed = sorted(fields)
            step.field = fields.get(part)
            step.parent, step.key = node, part
            node = node.get(_yaml_key(node, part)) if isinstance(node, dict) else None
            tp = step.field.annotation if step.field else Any
        elif origin in (list, tuple):
            step.parent, step.key = node, part
            node = node[part] if isinstance(node, list) and isinstance(part, int) and part < len(node) else None
            tp = typing.get_args(tp)[0] if typing.get_args(tp) else Any
            label = _entry_label(tp, node, part)
            if label:
                step.labels = [label[0]] if label[1] else [*step.labels, label[0]]
                step.entry_kind = label[2]
        elif origin is dict:
            step.parent, step.key = node, part
            node = node.get(part) if isinstance(node, dict) else None
            tp = typing.get_args(tp)[1]
            label = _entry_label(tp, node if isinstance(node, dict) else {}, part)
            if label:
                step.labels = [*step.labels, label[0]]
                step.entry_kind = label[2]
        else:
            step.parent, step.key = node, part
            node = None
        step.node = node
    if loc and isinstance(step.node, LineDict) and step.field is None and step.parent is not None:
        step.parent = step.node  # an error about an entry as a whole: its own line
    return step


def _causes(errors: list[dict]) -> list[dict]:
    """The errors without the follow-on ones: a list "too short" only because some of its entries failed."""
    def follows(error: dict) -> bool:
        loc = error["loc"]
        return error["type"] == "too_short" and any(
            other is not error and other["loc"][:len(loc)] == loc and len(other["loc"]) > len(loc) for other in errors)

    return [error for error in errors if not follows(error)]


def _without_broken_entries(model: type[BaseModel], data: Any, errors: list[dict]) -> Any:
    """`data` without what each error is about: an unknown field, or else the list item or keyed entry it is in
    (None when an error is about the file as a whole), so the rest can be read."""
    drop: set[tuple] = set()
    for error in errors:
        path = _raw_path(model, data, error["loc"], whole=error["type"] == "extra_forbidden")
        if path is None:
            return None
        drop.add(path)
    return _drop(data, drop, ())


def _raw_path(model: type[BaseModel], data: Any, loc: tuple, whole: bool) -> tuple | None:
    """An error's location in the YAML: all of it (`whole`), or the entry to leave out: the outermost list item
    or keyed entry on the way, or an inner one whose model says it can be left out alone (`alone`)."""
    node, tp, path = data, model, []
    entries: list[tuple[tuple, bool]] = []
    for part in loc:
        tp = _strip(tp)
        while isinstance(tp, type) and issubclass(tp, RootModel):
            tp = _strip(tp.model_fields["root"].annotation)
        if _is_union(tp) and (member := _union_member(tp, part)) is not None:
            tp = _strip(member)
            continue
        origin = typing.get_origin(tp)
        path.append(part)
        if origin in (list, tuple, dict) and isinstance(node, (list, dict)):
            node = node[part] if isinstance(node, list) and isinstance(part, int) and part < len(node) else (
                node.get(part) if isinstance(node, dict) else None)
            tp = typing.get_args(tp)[-1 if origin is dict else 0]
            entries.append((tuple(path), bool(getattr(_strip(tp), "alone", False))))
        elif isinstance(tp, type) and issubclass(tp, BaseModel):
            field = {(f.alias or n): f for n, f in tp.model_fields.items()}.get(part)
            tp = field.annotation if field else Any
            node = node.get(_yaml_key(node, part)) if isinstance(node, dict) else None
        else:
            break
    if whole:
        return tuple(path)
    alone = [where for where, ok in entries if ok]
    return alone[-1] if alone else entries[0][0] if entries else None


def _drop(node: Any, drop: set[tuple], here: tuple) -> Any:
    if isinstance(node, LineDict):
        kept = LineDict({k: _drop(v, drop, (*here, k)) for k, v in node.items() if (*here, k) not in drop})
        kept.line, kept.key_lines = node.line, node.key_lines
        return kept
    if isinstance(node, LineList):
        indices = [i for i in range(len(node)) if (*here, i) not in drop]
        kept = LineList(_drop(node[i], drop, (*here, i)) for i in indices)
        kept.line, kept.item_lines = node.line, [node.line_of(i) for i in indices]
        return kept
    return node


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "text"
    return type(value).__name__.replace("Line", "").replace("Dict", "mapping").replace("List", "list")
