"""The learner store: where a learner's quiz progress, notes and worksheets are kept.

An interface with back ends, in the manner of nbgrader's `exchange/abc` + `exchange/default`: `abc.Store` says
what every back end promises; `local.LocalFiles` (a private folder on this computer) is the default;
`memory.InMemory` keeps records in this process only, for the learner's "save nothing" mode; `browser.BrowserFiles`
keeps the same files in the browser's own storage in the browser edition (Pyodide). Widgets use `LearnerStore`,
which picks the back end the learner chose.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

from .abc import RECORDS, Place, Store, display_path, now
from .browser import BrowserFiles
from .local import SETTINGS, LocalFiles, data_dir
from .memory import InMemory

__all__ = ["RECORDS", "BrowserFiles", "InMemory", "LearnerStore", "LocalFiles", "Place", "Store", "data_dir",
           "display_path", "now"]


class LearnerStore(Store):
    """The learner's store in `folder`: local files, or memory only while the learner has chosen to save nothing.

    The choice itself is the one thing written in that mode (settings.json holds nothing else), and it is read
    on every call, so a choice made on another page holds here too.
    """

    def __init__(self, folder: Path | None = None, local: LocalFiles | None = None):
        self.folder = local.folder if local else folder or data_dir()
        # In the browser edition (Pyodide, sys.platform "emscripten") the files live in the browser's storage.
        self.local = local or (BrowserFiles(self.folder) if sys.platform == "emscripten" else LocalFiles(self.folder))
        self.memory = InMemory(str(self.folder), start_from=self.local)

    @property
    def backend(self) -> Store:
        """The back end in use: local files, or memory in the "save nothing" mode."""
        return self.local if self.saving else self.memory

    @property
    def place(self) -> Place:
        """Where the records are kept when saving is on (the files `files` lists and `delete_all` removes)."""
        return self.local.place

    @property
    def problems(self) -> list[str]:
        return self.local.problems

    def file(self, name: str) -> Path:
        """Where the local back end keeps record `name`."""
        return self.local.file(name)

    def read(self, name: str) -> dict:
        return self.backend.read(name)

    def update(self, name: str, change: Callable[[dict], None]) -> dict:
        return self.backend.update(name, change)

    def write_export(self, file_name: str, text: str) -> Path | None:
        return self.backend.write_export(file_name, text)

    def files(self) -> list[Path]:
        return self.local.files()  # in either mode: what is on this computer

    @property
    def left(self) -> list[Path]:
        """What the last delete_all left alone in the folder because the course did not write it."""
        return self.local.left

    def delete_all(self) -> list[Path]:
        """Delete everything the course kept, in memory and on disk; a choice to save nothing still holds
        afterwards. Raises StoreError, deleting nothing, when the folder is not the course's."""
        saving = self.saving
        deleted = self.local.delete_all()
        self.memory.forget()
        if not saving:
            self.set_saving(False)
        return deleted

    def where(self) -> str:
        return self.backend.where()

    def label(self) -> str:
        return self.backend.label()

    def saved_where(self) -> str:
        """Where a saved answer goes, in words for the learner."""
        return self.where()

    # -- the learner's choice -------------------------------------------------------------------------------

    @property
    def saving(self) -> bool:
        """False when the learner chose to save nothing."""
        return self.local.read(SETTINGS).get("save", True) is not False

    def set_saving(self, on: bool) -> None:
        """Turn saving on or off. Off: nothing new is written; what this page holds is forgotten when it closes."""
        self.local.put(SETTINGS, {"save": on})
        if on:  # what was kept in memory while saving was off stays unsaved, as the learner was told
            self.memory.forget()
