"""Build the facilitator kit for the tests: once per run, into a temporary folder, in a subprocess (so its
Playwright never meets the browser tests' own), exactly as `make kit` runs it."""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

from widgets.content.course import Course, load_course
from widgets.kit._print import chromium_path


@dataclass(frozen=True)
class Kit:
    out: Path
    course: Course
    pdfs: bool
    log: str  # what the command printed

    def handout(self, module_id: str, suffix: str = ".html") -> Path:
        return self.out / "handouts" / f"{self.course.module(module_id).name}{suffix}"

    def deck(self, module_id: str) -> Path:
        return self.out / "slides" / f"{self.course.module(module_id).name}.html"

    @property
    def index(self) -> Path:
        return self.out / "facilitator" / "index.html"

    def pages(self) -> list[Path]:
        return sorted(self.out.rglob("*.html"))


def require_chromium() -> None:
    """Skip without Chromium, except in CI, where the kit's browser checks are required."""
    if chromium_path() is None:
        if os.environ.get("CI"):
            pytest.fail("Chromium is not installed, and CI requires it: `apt-get install chromium`.")
        pytest.skip("Chromium not found: `apt-get install chromium` to print and audit the kit")


def run_kit(out: Path, *options: str, command: str = "kit") -> subprocess.CompletedProcess:
    """`python -m widgets COMMAND --out OUT [options]`, as make runs it."""
    return subprocess.run([sys.executable, "-m", "widgets", command, "--out", str(out), *options],
                          capture_output=True, text=True, timeout=300)


def build_kit(out: Path) -> Kit:
    pdfs = chromium_path() is not None
    done = run_kit(out, *([] if pdfs else ["--no-pdf"]))
    assert done.returncode == 0, done.stdout + done.stderr
    return Kit(out, load_course(), pdfs, done.stdout)
