"""Bring the browser edition's parts to this machine once, at build time, into a cache under build/: wheels from
PyPI (pip), PyYAML built pure from its sdist, and Pyodide's core from npm (node_modules/pyodide, package.json).
A second build finds them there and downloads nothing."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

from .._errors import ContentError, Problem
from .pins import PYODIDE_VERSION, PYTHON_VERSION, PYYAML, WHEELS


def _stamp(parts: tuple[str, ...]) -> str:
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()[:16]


def _pip(args: list[str], what: str) -> None:
    command = [sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", *args]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise ContentError([Problem(Path("widgets/site/pins.py"), None,
                                    f"could not fetch {what}: {done.stderr.strip()[-600:]}")])


def wheels(cache: Path) -> list[Path]:
    """The pinned pure-Python wheels (with their dependencies) and PyYAML, downloaded into `cache` once."""
    folder = cache / f"wheels-{_stamp((*WHEELS, PYYAML, PYTHON_VERSION))}"
    if not (folder / ".complete").exists():
        folder.mkdir(parents=True, exist_ok=True)
        print(f"[site] downloading {len(WHEELS)} wheels and their dependencies for Python {PYTHON_VERSION}",
              flush=True)
        _pip(["download", "--only-binary=:all:", "--platform", "any", "--python-version", PYTHON_VERSION,
              "--implementation", "py", "-d", str(folder), *WHEELS], "wheels")
        print(f"[site] building {PYYAML} without its C extension (pure Python)", flush=True)
        env = {**os.environ, "PYYAML_FORCE_LIBYAML": "0"}
        done = subprocess.run([sys.executable, "-m", "pip", "--disable-pip-version-check", "-q", "wheel",
                               "--no-binary", "pyyaml", "--no-deps", "-w", str(folder), PYYAML],
                              capture_output=True, text=True, env=env)
        if done.returncode or not list(folder.glob("pyyaml-*-py3-none-any.whl")):
            raise ContentError([Problem(Path("widgets/site/pins.py"), None,
                                        f"could not build a pure PyYAML wheel: {done.stderr.strip()[-600:]}")])
        (folder / ".complete").write_text("\n".join((*WHEELS, PYYAML)) + "\n")
    return sorted(folder.glob("*.whl"))


def pyodide_core(root: Path) -> Path:
    """node_modules/pyodide, installed by `npm ci` from package.json at the pinned version."""
    folder = root / "node_modules" / "pyodide"
    package = folder / "package.json"
    if not package.exists() and (root / "package.json").exists():
        print("[site] installing Pyodide's core from npm (npm ci)", flush=True)
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=root, check=False)
    if not package.exists() or f'"version": "{PYODIDE_VERSION}"' not in package.read_text():
        raise ContentError([Problem(Path("package.json"), None,
                                    f"needs pyodide {PYODIDE_VERSION} in node_modules/pyodide: run npm ci "
                                    "(apt-get install npm)")])
    return folder
