"""Exceptions the course raises, each written for the person who has to act on it."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a course file, located by file and line."""

    path: Path
    line: int | None
    message: str

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        return f"{where}: {self.message}"


class ContentError(Exception):
    """A course file (course.yml, a question bank, references, resources) is not valid."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


class StoreError(Exception):
    """Your notes or progress could not be read or saved; the message says where and why."""
