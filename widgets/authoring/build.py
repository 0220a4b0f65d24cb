"""Build the learner notebooks in modules/ from course/notebooks/*.md, and the generated parts of guides.

`make notebooks` runs this. It executes each notebook so the outputs stored in it are the ones a learner
sees, in a clean environment: a temporary home folder (so no real learner data is read or shown) and the
Agg matplotlib backend.
"""

from __future__ import annotations

import contextlib
import os
import re
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .._files import write_text_atomic
from ..content.banks import Bank, load_banks
from ..content.course import (
    Course,
    Module,
    Reference,
    Resources,
    Term,
    load_course,
    load_glossary,
    load_references,
    load_resources,
)
from ..content.notebooks import KERNELSPEC, split_cells
from .render import answer_key, render_source

ANSWER_KEY = re.compile(r"(<!-- answer-key -->\n).*?(<!-- /answer-key -->)", re.DOTALL)
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


@dataclass(frozen=True)
class CourseFiles:
    """Everything a build needs, loaded and validated once."""

    course: Course
    references: dict[str, Reference]
    resources: Resources
    banks: dict[str, Bank]
    glossary: tuple[Term, ...]

    @classmethod
    def load(cls) -> CourseFiles:
        course = load_course()
        return cls(course, load_references(), load_resources(), load_banks(course), load_glossary())


def expected_cells(module: Module, files: CourseFiles) -> list[tuple[str, str]]:
    source = module.path("source").read_text(encoding="utf-8")
    rendered = render_source(source, module, files.references, files.resources, files.banks.get(module.id),
                             files.glossary)
    return split_cells(rendered)


def notebook_cells(path: Path) -> list[tuple[str, str]]:
    notebook = nbformat.read(path, as_version=4)
    return [(cell.cell_type, cell.source) for cell in notebook.cells]


def make_notebook(cells: list[tuple[str, str]], name: str = "cell") -> nbformat.NotebookNode:
    """A notebook of the cells; ids are stable (name and position) so rebuilding changes only what changed."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    for kind, source in cells:
        if kind == "code":
            cell = nbformat.v4.new_code_cell(source, metadata={"jupyter": {"source_hidden": True},
                                                               "tags": ["hide-input"]})
        else:
            cell = nbformat.v4.new_markdown_cell(source)
        cell["id"] = f"{name}-{len(notebook.cells) + 1:02d}"
        notebook.cells.append(cell)
    return notebook


@contextlib.contextmanager
def clean_learner_environment() -> Iterator[Path]:
    """A fresh home folder and no learner-data overrides, as a first-time learner would have."""
    saved = {k: os.environ.get(k) for k in ("HOME", "COURSE_DATA_DIR", "XDG_DATA_HOME", "MPLBACKEND")}
    with tempfile.TemporaryDirectory(prefix="course-build-") as home:
        os.environ["HOME"] = home
        os.environ["MPLBACKEND"] = "Agg"
        os.environ.pop("COURSE_DATA_DIR", None)
        os.environ.pop("XDG_DATA_HOME", None)
        try:
            yield Path(home)
        finally:
            for key, value in saved.items():
                if value is None:
                    os.environ.pop(key, None)
                else:
                    os.environ[key] = value


def execute(notebook: nbformat.NotebookNode, folder: Path) -> None:
    from jupyter_client.manager import KernelManager  # imported here: only building needs these
    from nbclient import NotebookClient

    with clean_learner_environment() as home:
        # IPC sockets rather than TCP on loopback: nothing of the notebook passes through a network socket.
        kernel = KernelManager(kernel_name="python3", transport="ipc", ip=str(home / "kernel"))
        try:
            NotebookClient(notebook, km=kernel, timeout=120, store_widget_state=False, record_timing=False,
                           resources={"metadata": {"path": str(folder)}}).execute()
        finally:
            if kernel.has_kernel:
                kernel.shutdown_kernel(now=True)
    for number, cell in enumerate((c for c in notebook.cells if c.cell_type == "code"), start=1):
        cell.execution_count = number
        for output in cell.get("outputs", []):
            if "execution_count" in output:
                output["execution_count"] = number
            # A widget view points at a model that exists only in a running kernel (and has a random id):
            # stored, it shows nothing. The plain-text description is what a notebook without a kernel shows.
            output.get("data", {}).pop(WIDGET_VIEW, None)


def fill_answer_key(guide: str, bank: Bank) -> str:
    return ANSWER_KEY.sub(lambda m: m.group(1) + answer_key(bank) + "\n" + m.group(2), guide, count=1)


def build(only: list[str] | None = None) -> list[Path]:
    """Build (and execute) every module's notebook and fill every guide's answer key; return what was written."""
    files = CourseFiles.load()
    written: list[Path] = []
    modules = [m for m in files.course.modules if not only or m.id in only]
    for number, module in enumerate(modules, start=1):
        started = time.perf_counter()
        print(f"[{number}/{len(modules)}] module {module.id}: building {module.path('notebook').name} ...",
              flush=True)
        notebook = make_notebook(expected_cells(module, files), f"m{module.id}")
        execute(notebook, module.path("notebook").parent)
        write_text_atomic(module.path("notebook"), nbformat.writes(notebook) + "\n")
        written.append(module.path("notebook"))
        guide = module.path("guide")
        if guide.exists() and module.id in files.banks:
            text = guide.read_text(encoding="utf-8")
            filled = fill_answer_key(text, files.banks[module.id])
            if filled != text:
                write_text_atomic(guide, filled)
                written.append(guide)
        print(f"      done in {time.perf_counter() - started:.1f} s", flush=True)
    return written


def write_claims() -> list[Path]:
    """course/CLAIMS.md, the table of every cited claim; returned when it changed."""
    from .claims import claims_markdown, claims_path

    text = claims_markdown(load_course(), load_references())
    path = claims_path()
    if path.exists() and path.read_text(encoding="utf-8") == text:
        return []
    write_text_atomic(path, text)
    return [path]


def write_frames() -> list[Path]:
    """widgets/data/simulator_frames.json, when it is stale (drawing every figure takes a few seconds)."""
    from . import simulator_frames

    if simulator_frames.stale() is None:
        return []
    print("      drawing module 02's simulator frames for the browser edition ...", flush=True)
    return simulator_frames.write(force=True)


def main(argv: list[str]) -> int:
    started = time.perf_counter()
    written = build(argv or None)
    written += write_frames()  # module 02's simulator for the browser edition, when stale
    if not argv:
        from ..grading.cli import default_course_dir, generate_sources

        written += generate_sources(default_course_dir())  # the nbgrader source notebooks come from the banks too
        written += write_claims()
    where = ", ".join(sorted({str(p.parent.name) for p in written})) or "nothing"
    print(f"Built {len(written)} files in {time.perf_counter() - started:.0f} s (in {where}).")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
