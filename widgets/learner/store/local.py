"""The local-files back end, the default: one private folder on the learner's computer.

Rules (see DESIGN.md, "Learner data"):
- one folder, `$COURSE_DATA_DIR` or the user's data dir; the folder is 0700 and every file 0600;
- the course writes only into a folder that is its own (`owned.py`): a new or empty one, or one that holds
  only the course's files; a folder with other things in it is refused, and nothing is written or deleted there;
- writes are atomic (temp file + rename) and made under a lock, so two kernels never lose each other's work;
  a temporary file left by a killed save is removed the next time the store starts (under the same lock);
- a damaged file is moved aside, reported, and a fresh one started; nothing else is touched;
- delete-all removes only the files the course writes, never follows a link, never enters a folder.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import stat
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import ClassVar

import platformdirs

from ..._errors import StoreError
from .abc import RECORDS, Place, Store, display_path, now
from .owned import (
    EXPORTS,
    LOCK,
    MARKER,
    MARKER_TEXT,
    SETTINGS,
    SYSTEM_FILES,
    is_course_file,
    is_data,
    is_temporary,
)

APP_NAME = "trauma-bond-course"


def data_dir() -> Path:
    """Where learner data lives: `$COURSE_DATA_DIR`, else the platform's user data folder."""
    override = os.environ.get("COURSE_DATA_DIR")
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))


class LocalFiles(Store):
    """The learner's records as JSON files in `folder`; `problems` lists what was found damaged."""

    place: ClassVar[Place] = "folder"

    def __init__(self, folder: Path | None = None):
        self.folder = folder or data_dir()
        self.problems: list[str] = []
        self.left: list[Path] = []  # what the last delete_all left alone because the course did not write it
        self._started = False  # set once the folder is claimed and a killed save's leftovers are cleaned

    def file(self, name: str) -> Path:
        if name not in (*RECORDS, SETTINGS):
            raise ValueError(f"unknown store file {name!r} (known: {', '.join(RECORDS)})")
        return self.folder / f"{name}.json"

    # -- reading ------------------------------------------------------------------------------

    def read(self, name: str) -> dict:
        """The file's data, or {} when it does not exist yet or was damaged (then moved aside)."""
        path = self.file(name)
        if not self._started and self.folder.is_dir():
            with self._locked():  # the first look at an existing folder: claim it, clean a killed save's leftovers
                pass
        if not path.exists() and not path.is_symlink():
            return {}
        with self._locked():
            return self._read_unlocked(path)

    def _read_unlocked(self, path: Path) -> dict:
        if not path.exists():
            return {}
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except IsADirectoryError:
            self._set_aside(path, "is a folder, not a file")
            return {}
        except PermissionError as exc:
            raise StoreError(f"Cannot read {display_path(path)}: permission denied. "
                             "Check that this folder belongs to you.") from exc
        except (UnicodeDecodeError, json.JSONDecodeError) as exc:
            self._set_aside(path, f"could not be read ({_reason(exc)})")
            return {}
        if not isinstance(data, dict):
            self._set_aside(path, "did not hold the expected data")
            return {}
        return data

    def _set_aside(self, path: Path, why: str) -> None:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        aside = path.with_name(f"{path.stem}.damaged-{stamp}{path.suffix}")
        try:
            path.rename(aside)
        except OSError as exc:
            raise StoreError(f"{display_path(path)} {why}, and it could not be moved aside ({exc.strerror}). "
                             "Nothing was changed.") from exc
        self.problems.append(f"{display_path(path)} {why}. It was kept as {display_path(aside)} "
                             "and a fresh file was started. Nothing else was changed.")

    # -- writing ------------------------------------------------------------------------------

    def update(self, name: str, change: Callable[[dict], None]) -> dict:
        """Apply `change` to the file's data under the lock and save it atomically; return the new data."""
        path = self.file(name)
        with self._locked():
            data = self._read_unlocked(path)
            change(data)
            data["saved"] = now()
            self._write_atomic(path, data)
        return data

    def write_export(self, file_name: str, text: str) -> Path:
        """Write an export (one of `owned.EXPORTS`) into the data folder, atomically; return its path."""
        if file_name not in EXPORTS:
            raise ValueError(f"unknown export {file_name!r} (known: {', '.join(EXPORTS)})")
        path = self.folder / file_name
        with self._locked():
            self._write_atomic(path, text)
        return path

    def put(self, name: str, data: dict) -> None:
        """Write `data` as the whole of file `name`, as it is (the learner's settings)."""
        path = self.file(name)
        with self._locked():
            self._write_atomic(path, data)

    def _write_atomic(self, path: Path, data: dict | str) -> None:
        text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True)
        try:
            fd, tmp = tempfile.mkstemp(dir=self.folder, prefix=f".{path.stem}-", suffix=".tmp")
        except OSError as exc:
            raise self._cannot_save(exc) from exc
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                handle.write(text)
                handle.flush()
                os.fsync(handle.fileno())
            os.chmod(tmp, 0o600)
            if path.is_dir():
                self._set_aside(path, "is a folder, not a file")
            os.replace(tmp, path)
        except OSError as exc:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise self._cannot_save(exc) from exc

    def _cannot_save(self, exc: OSError) -> StoreError:
        return StoreError(f"Could not save to {display_path(self.folder)}: {exc.strerror or exc}. "
                          "What you typed is still on the screen; copy it somewhere safe.")

    @contextlib.contextmanager
    def _locked(self) -> Iterator[None]:
        """An exclusive lock on the folder, so two kernels never interleave a read and a write. The first time,
        the folder is claimed (or refused) and what a killed save left behind is removed."""
        self._claim()
        try:
            fd = os.open(self.folder / LOCK, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o600)
        except OSError as exc:
            raise self._cannot_save(exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            if not self._started:
                self._remove_temporary()
                self._started = True
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    def _claim(self) -> None:
        """Make sure the folder is the course's: create it (0700), or adopt one that is empty or holds only the
        course's files, and tighten a loose mode. A folder with anything else in it is refused."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            if not self._claimed():
                others = self.others()
                if others:
                    raise self._not_ours(others)
                with os.fdopen(os.open(self.folder / MARKER, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600),
                               "w", encoding="utf-8") as handle:
                    handle.write(MARKER_TEXT)
            if stat.S_IMODE(self.folder.stat().st_mode) & 0o077:
                os.chmod(self.folder, 0o700)
        except OSError as exc:
            raise self._cannot_save(exc) from exc

    def not_ours(self) -> str:
        """Why the folder is not the course's (it holds other things and no mark), or "" when it is or may be."""
        if not self.folder.is_dir() or self._claimed():
            return ""
        others = self.others()
        return str(self._not_ours(others)) if others else ""

    def _claimed(self) -> bool:
        marker = self.folder / MARKER
        return marker.is_file() and not marker.is_symlink()

    def _not_ours(self, others: list[Path]) -> StoreError:
        shown = ", ".join(p.name for p in others[:5]) + (f" and {len(others) - 5} more" if len(others) > 5 else "")
        return StoreError(f"{display_path(self.folder)} is not the course's folder: it holds things the course did "
                          f"not make ({shown}). The course saves nothing there and deletes nothing there. Set "
                          "COURSE_DATA_DIR to a new, empty folder for the course, or leave it unset.")

    def _remove_temporary(self) -> None:
        """Remove half-written copies left by a save that was killed (the caller holds the lock, so no save is
        under way now)."""
        for entry in self._entries():
            if is_temporary(entry.name) and entry.is_file(follow_symlinks=False):
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(entry.path)

    # -- the learner's controls -----------------------------------------------------------------

    def where(self) -> str:
        return f"only in your course folder, {display_path(self.folder)}"

    def label(self) -> str:
        return display_path(self.folder)

    def _entries(self) -> list[os.DirEntry]:
        try:
            with os.scandir(self.folder) as entries:
                return sorted(entries, key=lambda e: e.name)
        except (FileNotFoundError, NotADirectoryError):
            return []

    def files(self) -> list[Path]:
        """Every learner file the course wrote in the folder: records, damaged copies, exports, and half-written
        copies a killed save left (what delete_all removes)."""
        return [Path(e.path) for e in self._entries()
                if (is_data(e.name) or is_temporary(e.name)) and not e.is_dir(follow_symlinks=False)]

    def others(self) -> list[Path]:
        """What is in the folder that the course did not write (delete_all leaves it alone)."""
        return [Path(e.path) for e in self._entries() if not is_course_file(e.name) and e.name not in SYSTEM_FILES]

    def delete_all(self) -> list[Path]:
        """Delete every file the course wrote for the learner and return them. A link is removed, never followed;
        a folder, or anything else the course did not write, is left alone and listed in `left`. In a folder
        that is not the course's, nothing is deleted (StoreError)."""
        if not self.folder.is_dir():
            self.left = []
            return []
        if not self._claimed() and self.others():
            raise self._not_ours(self.others())
        deleted, left = [], []
        with self._locked():
            owned = set(self.files())
            for entry in self._entries():
                if entry.name in (LOCK, MARKER):
                    continue
                if Path(entry.path) in owned:
                    os.unlink(entry.path)  # a file, or a link (the link goes; what it points to stays)
                    deleted.append(Path(entry.path))
                elif entry.name not in SYSTEM_FILES:
                    left.append(Path(entry.path))
        self.problems.clear()
        self.left = left
        return deleted


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"broken at line {exc.lineno}, column {exc.colno}"
    return "not UTF-8 text"
