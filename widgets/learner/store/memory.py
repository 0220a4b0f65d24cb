"""The in-memory back end: records live in this process only and are never written anywhere.

It is the "save nothing" mode a learner can choose: a page still shows what was typed while it is open, and a
new kernel starts with nothing. Store objects for the same `space` (a learner's data folder) share what they hold,
as two widgets on one page do. It may start from another back end (`start_from`): then it shows what was saved
there before, and keeps every change to itself.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from pathlib import Path
from typing import ClassVar

from .abc import Place, Store

_MEMORY: dict[tuple[str, str], dict] = {}
"""What this process holds, by (space, record name). Never written to disk."""


class InMemory(Store):
    """Records in this process's memory only."""

    place: ClassVar[Place] = "memory"

    def __init__(self, space: str = "", start_from: Store | None = None):
        self.space = space
        self.start_from = start_from
        self.problems: list[str] = []

    def read(self, name: str) -> dict:
        if (self.space, name) in _MEMORY:
            return copy.deepcopy(_MEMORY[(self.space, name)])
        return self.start_from.read(name) if self.start_from else {}

    def update(self, name: str, change: Callable[[dict], None]) -> dict:
        data = self.read(name)
        change(data)
        _MEMORY[(self.space, name)] = copy.deepcopy(data)
        return data

    def write_export(self, file_name: str, text: str) -> None:
        return None  # nothing is written: the page offers the text as a download

    def files(self) -> list[Path]:
        return []

    def delete_all(self) -> list[Path]:
        self.forget()
        return []

    def forget(self) -> None:
        """Drop everything held for this space (what a closed page loses)."""
        for key in [k for k in _MEMORY if k[0] == self.space]:
            del _MEMORY[key]

    def where(self) -> str:
        return "nowhere: you chose to save nothing, so it is kept only until you close this page"

    def label(self) -> str:
        return "this page only (nothing saved)"
