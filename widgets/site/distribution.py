"""The Pyodide distribution the site ships: Pyodide's core, the wheels fetched at build time and the course's own
wheel, with a `pyodide-lock.json` that lists exactly those (so `import widgets` loads them from this site and
nothing is ever looked up elsewhere)."""

from __future__ import annotations

import base64
import hashlib
import json
import re
import shutil
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .._errors import ContentError, Problem
from .pins import PYODIDE_VERSION, PYTHON_VERSION

CORE_FILES = ("pyodide.asm.js", "pyodide.asm.wasm", "pyodide.js", "pyodide.mjs", "python_stdlib.zip",
              "package.json")
# What Pyodide's Python says of itself when a wheel's dependency markers are read.
BROWSER_MARKERS = {**default_environment(), "sys_platform": "emscripten", "platform_system": "Emscripten",
                   "platform_machine": "wasm32", "python_version": PYTHON_VERSION,
                   "python_full_version": f"{PYTHON_VERSION}.2", "implementation_name": "cpython",
                   "platform_python_implementation": "CPython", "os_name": "posix", "extra": ""}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lock_entry(wheel: Path) -> dict:
    """The lock's entry for a pure wheel: its name, version, file, top-level imports and dependencies."""
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        meta_name = next(n for n in names if n.endswith(".dist-info/METADATA"))
        meta = Parser().parsestr(archive.read(meta_name).decode("utf-8"))
    imports = sorted({n.split("/")[0].removesuffix(".py") for n in names
                      if not n.split("/")[0].endswith((".dist-info", ".data")) and
                      (n.endswith(".py") or "/" in n)})
    depends = []
    for line in meta.get_all("Requires-Dist") or []:
        requirement = Requirement(line)
        if requirement.marker is None or requirement.marker.evaluate(BROWSER_MARKERS):
            depends.append(canonicalize_name(requirement.name))
    name = canonicalize_name(meta["Name"])
    return {"name": name, "version": meta["Version"], "file_name": wheel.name, "install_dir": "site",
            "sha256": _sha256(wheel), "package_type": "package", "imports": imports,
            "depends": sorted(set(depends)), "unvendored_tests": False, "shared_library": False}


# What module 02's simulator computes with (widgets/learner/views/reinforcement_widget.py, LIVE_NEEDS), by the
# names a Pyodide lock gives them: a site built from a full distribution ships them and the kernel preloads them.
LIVE_PACKAGES = ("numpy", "matplotlib", "pillow")


def _closure(packages: dict, names: tuple[str, ...]) -> list[str]:
    """`names` and everything they depend on, by the lock's `depends` (names missing from it included)."""
    seen: list[str] = []
    todo = list(names)
    while todo:
        name = canonicalize_name(todo.pop(0))
        if name not in seen:
            seen.append(name)
            todo.extend(packages.get(name, {}).get("depends", []))
    return seen


def full_distribution(folder: Path, needs: tuple[str, ...] = LIVE_PACKAGES) -> dict:
    """Check that `folder` is a full Pyodide distribution with `needs` and their dependencies, built for the
    Pyodide the kernel runs; return its lock. Anything missing is a problem naming the file and what it lacks."""
    lock_path = folder / "pyodide-lock.json"
    if not folder.is_dir():
        raise ContentError([Problem(folder, None, "not a folder: --pyodide-dist wants the folder of a full "
                                                  "Pyodide distribution (the one holding pyodide-lock.json)")])
    problems = [Problem(folder / name, None, f"missing: a Pyodide distribution has {name} (Pyodide's core)")
                for name in CORE_FILES if name != "package.json" and not (folder / name).is_file()]
    if not lock_path.is_file():
        problems.append(Problem(lock_path, None, "missing: a Pyodide distribution lists its packages in "
                                                 "pyodide-lock.json"))
        raise ContentError(problems)
    try:
        lock = json.loads(lock_path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ContentError([*problems, Problem(lock_path, getattr(exc, "lineno", None),
                                               f"not JSON: {exc}")]) from None
    packages = lock.get("packages") if isinstance(lock, dict) else None
    if not isinstance(packages, dict):
        raise ContentError([*problems, Problem(lock_path, None, 'has no "packages" table')])
    python = str((lock.get("info") or {}).get("python", "?"))
    if python.rsplit(".", 1)[0] != PYTHON_VERSION:  # the course's wheels are for this Python
        problems.append(Problem(lock_path, None, f"is for Python {python}, but the site's wheels are for Python "
                                                 f"{PYTHON_VERSION} (Pyodide {PYODIDE_VERSION})"))
    package = folder / "package.json"  # the lock's own "version" is not the release's (0.29.3 says 0.28.0.dev0)
    if package.is_file():
        version = json.loads(package.read_text(encoding="utf-8")).get("version")
        if version != PYODIDE_VERSION:
            problems.append(Problem(package, None, f"is Pyodide {version}, but the site's kernel "
                                                   f"(jupyterlite-pyodide-kernel) runs Pyodide {PYODIDE_VERSION}"))
    for name in _closure(packages, needs):
        entry = packages.get(name)
        if entry is None:
            problems.append(Problem(lock_path, None, f"lists no package {name!r} (needed for "
                                                     f"{', '.join(needs)}): is this the full distribution?"))
        elif not (folder / entry.get("file_name", "")).is_file():
            problems.append(Problem(folder / entry.get("file_name", "?"), None,
                                    f"missing: the file of package {name!r}, listed in pyodide-lock.json"))
    if problems:
        raise ContentError(problems)
    return lock


def assemble(core: Path, wheels: list[Path], out: Path, keep: tuple[str, ...] = ()) -> dict:
    """Write `out` (a folder named pyodide/): the core files, every wheel, and the lock listing only them, plus
    the core's own packages `keep` with their dependencies (from a full distribution: numpy, matplotlib...).
    Where both have a package, the course's pinned wheel is the one shipped."""
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    for name in CORE_FILES:
        if name != "package.json" or (core / name).is_file():  # npm's core has it; a release may not
            shutil.copy2(core / name, out / name)
    lock = json.loads((core / "pyodide-lock.json").read_text())
    entries = {}
    for wheel in wheels:
        shutil.copy2(wheel, out / wheel.name)
        entry = lock_entry(wheel)
        entries[entry["name"]] = entry
    for name in _closure(lock["packages"], keep) if keep else ():
        if name not in entries:
            entries[name] = lock["packages"][name]
            shutil.copy2(core / entries[name]["file_name"], out / entries[name]["file_name"])
    for entry in entries.values():  # only what is shipped: a dependency we do not ship is left to its importer
        entry["depends"] = [d for d in entry["depends"] if d in entries]
    lock["packages"] = dict(sorted(entries.items()))
    (out / "pyodide-lock.json").write_text(json.dumps(lock, indent=1))
    return lock


def tarball(folder: Path, target: Path) -> Path:
    """`folder` as the .tar.bz2 `jupyter lite build --pyodide` takes (top folder pyodide/)."""
    with tarfile.open(target, "w:bz2") as archive:
        archive.add(folder, arcname="pyodide")
    return target


def _record_line(name: str, data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"{name},sha256={digest},{len(data)}"


def write_wheel(target_dir: Path, name: str, version: str, files: dict[str, bytes],
                requires: tuple[str, ...] = ()) -> Path:
    """A pure wheel holding `files` (archive name -> bytes), with its METADATA, WHEEL and RECORD."""
    dist = f"{re.sub(r'[^A-Za-z0-9.]+', '_', name)}-{version}"
    info = f"{dist}.dist-info"
    files = dict(files)
    requirements = "".join(f"Requires-Dist: {r}\n" for r in requires)
    files[f"{info}/METADATA"] = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n{requirements}".encode()
    files[f"{info}/WHEEL"] = b"Wheel-Version: 1.0\nGenerator: widgets.site\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    record = [_record_line(n, d) for n, d in sorted(files.items())] + [f"{info}/RECORD,,"]
    files[f"{info}/RECORD"] = ("\n".join(record) + "\n").encode()
    path = target_dir / f"{dist}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for archive_name, data in sorted(files.items()):
            info_entry = zipfile.ZipInfo(archive_name, date_time=(2020, 1, 1, 0, 0, 0))
            info_entry.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info_entry, data)
    return path
