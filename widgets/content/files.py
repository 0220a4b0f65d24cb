"""Reading course files: where activity files are, and a `Reader` that collects every problem in a file as
`file:line: message`, so one run reports all that is wrong before raising one ContentError.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root, relative
from ._yaml import LineDict, LineList, load_yaml


def activity_path(activity_id: str) -> Path:
    """Card sorts, cycles and scenarios live together: course/activities/<activity_id>.yml."""
    return course_root() / "course" / "activities" / f"{activity_id}.yml"


class Reader:
    """Collects problems while reading fields from LineDicts, so one run reports all of them."""

    def __init__(self, path: Path):
        self.path = relative(path)
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: object, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, f"{what} must be a mapping (key: value lines), got {_kind(value)}")
        return None

    def items(self, value: object, line: int, what: str) -> LineList:
        if isinstance(value, LineList):
            return value
        self.problem(line, f"{what} must be a list (lines starting with '- '), got {_kind(value)}")
        empty = LineList()
        empty.line, empty.item_lines = line, []
        return empty

    def text(self, data: LineDict, key: str, where: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"{where}: missing field '{key}'")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(data.line_of(key), f"{where}: '{key}' must be non-empty text, got {_kind(value)}")
            return None
        return value.strip()

    def whole(self, data: LineDict, key: str, where: str) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(data.line_of(key), f"{where}: '{key}' must be a whole number of minutes, got {value!r}")
            return 0
        return value

    def entries(self, data: LineDict, key: str, what: str, allowed: set[str]) -> Iterator[tuple[int, LineDict]]:
        """Each mapping in the list `data[key]`, numbered from 1, after checking it has only `allowed` fields."""
        raw = self.items(data.get(key), data.line_of(key), what)
        for index, value in enumerate(raw, start=1):
            entry = self.mapping(value, raw.line_of(index - 1), f"{what} #{index}")
            if entry is not None:
                self.unknown_keys(entry, allowed, f"{what} #{index}")
                yield index, entry

    def unique(self, seen: dict[str, int], value: str | None, line: int, what: str) -> None:
        """Report `value` if it was seen before (naming the first line), else remember it."""
        if value in seen:
            self.problem(line, f"duplicate {what} {value!r} (first at line {seen[value]})")
        elif value:
            seen[value] = line

    def unknown_keys(self, data: LineDict, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.problem(data.line_of(key), f"{where}: unknown field '{key}' (expected one of: {hint})")

    def finish(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "text"
    return type(value).__name__.replace("Line", "").replace("Dict", "mapping").replace("List", "list")


def open_activity(path: Path, kind: str, fields: set[str]) -> tuple[Reader, LineDict, str]:
    """Start reading an activity file of any kind: a mapping with only `fields`, whose id is its file name.
    Returns the reader (problems so far), the top mapping and the id."""
    reader = Reader(path)
    top = reader.mapping(load_yaml(path), 1, f"a {kind}")
    if top is None:
        reader.finish()
    reader.unknown_keys(top, fields, kind)
    activity_id = reader.text(top, "id", kind)
    if activity_id and activity_id != path.stem:
        reader.problem(top.line_of("id"), f"{kind} id {activity_id!r} must match the file name {path.stem!r}")
    return reader, top, activity_id or path.stem
