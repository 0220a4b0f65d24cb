"""The learner store's interface: what every back end promises (in the manner of nbgrader's `exchange/abc`).

A back end keeps three JSON-like records for one learner, by name: "progress", "notes" and "worksheets" (see
`widgets.learner.models.learner_data` for their shape). Back ends: `local.LocalFiles` (a private folder on this
computer: the default), `memory.InMemory` (nothing written anywhere: the "save nothing" mode), and, later, the
browser's own storage for the browser edition. `widgets.learner.store.LearnerStore` picks one for the learner.

Every back end promises (tests/unit/test_store.py runs the same tests against each one):
- `read` never fails on damaged data: it starts afresh and says so in `problems`;
- `update` applies a change as one step, so two pages never lose each other's work;
- `delete_all` removes everything the course kept for the learner, and nothing else;
- a failure the learner must know about is a `StoreError` whose message says what to do.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar, Literal

Place = Literal["folder", "browser", "memory"]
"""What kind of place a back end keeps the records in: a folder on the computer or server running the course, a
web browser's own storage for one site (the browser edition), or this page's memory only. Views choose their words
for the learner by it (views/_place.py); the store only says which it is."""

RECORDS = ("progress", "notes", "worksheets")
"""The records a learner's store keeps."""


class Store(ABC):
    """Where one learner's progress, notes and worksheets are kept."""

    place: ClassVar[Place]
    """What kind of place the records are kept in (see `Place`)."""

    problems: list[str]
    """What was found damaged and set aside, in words for the learner (empty when all is well)."""

    @abstractmethod
    def read(self, name: str) -> dict:
        """The record `name` (one of RECORDS), or {} when there is none yet."""

    @abstractmethod
    def update(self, name: str, change: Callable[[dict], None]) -> dict:
        """Apply `change` to the record in one step and keep the result; return the new record."""

    @abstractmethod
    def write_export(self, file_name: str, text: str) -> Path | None:
        """Keep an export (Markdown, a web page) beside the records; return where, or None when this back end keeps
        no files (then the caller offers the text as a download only)."""

    @abstractmethod
    def files(self) -> list[Path]:
        """What the learner could find of the course's on this computer (what `delete_all` removes)."""

    @abstractmethod
    def delete_all(self) -> list[Path]:
        """Forget every record and export of this learner; return the files removed."""

    @abstractmethod
    def where(self) -> str:
        """Where a saved answer goes, in words for the learner ("only on this computer, in ~/...")."""

    @abstractmethod
    def label(self) -> str:
        """Where the records are, in a few words for an export's heading (a folder shown as ~/...)."""


def display_path(path: Path) -> str:
    """A path as a person would read it: the home folder shown as ~."""
    home = Path.home()
    try:
        return "~/" + str(path.relative_to(home))
    except ValueError:
        return str(path)


def now() -> str:
    """The time a record was saved, in UTC, to the second."""
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
