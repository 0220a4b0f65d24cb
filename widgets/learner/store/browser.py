"""The learner store in the browser edition (Pyodide): the same JSON files as `local.LocalFiles`, in a folder on
JupyterLite's drive (/drive), which the page keeps in the browser's own storage (IndexedDB) for this site.

What differs from local files, and why:
- no lock: Pyodide has no `flock`, and each tab runs its own Python. Two tabs on one note still lose nothing (the
  note's revision check, in models/learner_data.py, keeps both versions), but two tabs answering at the same
  moment could each keep only its own last answer;
- file modes mean nothing in a browser: the browser keeps each site's storage apart;
- each file is written whole (a hidden copy, then a rename), as on disk, so a closed tab never leaves half a file;
- the folder is made with the default mode (0777), not 0700: the drive's page side (JupyterLite's
  DriveContentsProcessor, `mknod`) makes a folder only for that exact mode and a *file* for any other, so a 0700
  folder was kept as a file named course-data: the saves reached the browser's storage, but a reloaded page saw a
  file where the folder should be and read nothing back. The mode means nothing in a browser anyway;
- the drive is there only when the page is run by the site's service worker: a page opened before it was ready
  (the very first visit, straight to a module) cannot save, and says so instead of keeping answers in memory
  while seeming to save them.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from ..._errors import StoreError
from .abc import Place, display_path
from .local import LocalFiles

DRIVE = Path("/drive")


class BrowserFiles(LocalFiles):
    """LocalFiles on JupyterLite's drive: no lock, and a refusal when the drive is not mounted."""

    place: ClassVar[Place] = "browser"

    def where(self) -> str:
        return "only in this web browser's own storage for this site"

    def label(self) -> str:
        return "this web browser's own storage for this site"

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        self._claim()
        if not self._started:
            self._remove_temporary()
            self._started = True
        yield

    def _claim(self) -> None:
        drive = self.folder.parent
        if not drive.is_dir():
            raise StoreError(f"This page cannot reach your browser's storage ({display_path(drive)} is missing), so "
                             "nothing can be saved yet. Reload the page once, then try again. What you typed is "
                             "still on the screen.")
        try:
            self.folder.mkdir(exist_ok=True)  # mode 0777: the drive keeps any other mode as a file (see above)
        except OSError as exc:
            raise self._cannot_save(exc) from exc
        super()._claim()
