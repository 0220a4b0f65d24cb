"""The local-files back end, the default: one private folder on the learner's computer.

Rules (see DESIGN.md, "Learner data"):
- one folder, `$COURSE_DATA_DIR` or the user's data dir; the folder is 0700 and every file 0600;
- writes are atomic (temp file + rename) and made under a lock, so two kernels never lose each other's work;
- a damaged file is moved aside, reported, and a fresh one started; nothing else is touched.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import tempfile
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import platformdirs

from ..._errors import StoreError
from .abc import RECORDS, Store, display_path, now

APP_NAME = "trauma-bond-course"
SETTINGS = "settings"
_LOCK = ".lock"


def data_dir() -> Path:
    """Where learner data lives: `$COURSE_DATA_DIR`, else the platform's user data folder."""
    override = os.environ.get("COURSE_DATA_DIR")
    return Path(override).expanduser() if override else Path(platformdirs.user_data_dir(APP_NAME))


class LocalFiles(Store):
    """The learner's records as JSON files in `folder`; `problems` lists what was found damaged."""

    def __init__(self, folder: Path | None = None):
        self.folder = folder or data_dir()
        self.problems: list[str] = []

    def file(self, name: str) -> Path:
        if name not in (*RECORDS, SETTINGS):
            raise ValueError(f"unknown store file {name!r} (known: {', '.join(RECORDS)})")
        return self.folder / f"{name}.json"

    # -- reading ------------------------------------------------------------------------------

    def read(self, name: str) -> dict:
        """The file's data, or {} when it does not exist yet or was damaged (then moved aside)."""
        path = self.file(name)
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
        """Write an export (e.g. Markdown) into the data folder, atomically; return its path."""
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
        """An exclusive lock on the folder, so two kernels never interleave a read and a write."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True, mode=0o700)
            fd = os.open(self.folder / _LOCK, os.O_RDWR | os.O_CREAT, 0o600)
        except OSError as exc:
            raise self._cannot_save(exc) from exc
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)

    # -- the learner's controls -----------------------------------------------------------------

    def where(self) -> str:
        return f"only in your course folder, {display_path(self.folder)}"

    def label(self) -> str:
        return display_path(self.folder)

    def files(self) -> list[Path]:
        """Every learner file in the folder, damaged copies included (what delete_all removes)."""
        if not self.folder.is_dir():
            return []
        return sorted(p for p in self.folder.iterdir() if p.name != _LOCK and not p.name.startswith("."))

    def delete_all(self) -> list[Path]:
        """Delete every learner file (damaged copies too) and return what was deleted."""
        deleted = []
        with self._locked():
            for path in self.files():
                if path.is_dir():
                    for inner in sorted(path.rglob("*"), reverse=True):
                        inner.rmdir() if inner.is_dir() else inner.unlink()
                    path.rmdir()
                else:
                    path.unlink()
                deleted.append(path)
        self.problems.clear()
        return deleted


def _reason(exc: Exception) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"broken at line {exc.lineno}, column {exc.colno}"
    return "not UTF-8 text"
