"""nbgrader preprocessors that config.py puts in place of nbgrader's own execution (see answers.py, sandbox.py):

- RunInSandbox (autograde): runs the student's code cells in a throwaway sandbox, only for the outputs their
  feedback shows under their own cells; a run that fails or stops leaves a note instead. `start_early`, nbgrader's
  pre-convert hook, starts that run from the submitted file while nbgrader prepares the rest.
- MarkAnswers (autograde): writes each check cell's output from the answers marked in this process: the
  feedback lines and the points, which nbgrader's SaveAutoGrades records.
- ClearHiddenTests, ClearMarkScheme (feedback): nbgrader's own, applied to the cells the course wrote only, so
  a student who types nbgrader's markers into an answer gets their words back instead of an error.
- EscapeStudentHtml (feedback): a student's own Markdown shows as text, never as HTML that runs when the page
  opens (nbgrader's feedback template renders Markdown without sanitizing it).
- RefuseLeaks (feedback): stops one student's feedback if what the course wrote in it (its locked and grade
  cells' sources, and the marks) shows a solution, hidden test or rubric. What a student wrote is never read.
"""

from __future__ import annotations

import contextlib
from pathlib import Path

import nbformat
from nbgrader import preprocessors as nbgrader
from nbgrader.api import Gradebook
from nbgrader.preprocessors import NbGraderPreprocessor
from traitlets import Integer

from . import sandbox
from .answers import mark_notebook
from .leaks import course_leaks

_early: dict[tuple[str, str, str], sandbox.Started | None] = {}  # (assignment, student, notebook) -> run


def start_early(assignment: str, student: str, notebooks: list[str]) -> None:
    """nbgrader's pre-convert hook for autograde: start each submitted notebook's sandboxed run now, so that it
    overlaps nbgrader's own checks of the submission (nothing from the instructor's source goes in)."""
    from .config import cell_timeout

    for key in list(_early):
        sandbox.cancel(_early.pop(key))
    for path in map(Path, notebooks):
        with contextlib.suppress(Exception):  # an unreadable file is nbgrader's to report; it runs later or not
            notebook = nbformat.read(path, as_version=4)
            _early[(path.parent.name, path.parent.parent.name, path.stem)] = sandbox.start(notebook, cell_timeout())


class RunInSandbox(NbGraderPreprocessor):
    """Execute the submission's code cells in sandbox.py's sandbox and keep their plain-text outputs."""

    timeout = Integer(15, help="Seconds per cell").tag(config=True)
    seconds = Integer(sandbox.SANDBOX_SECONDS, help="Seconds for the whole run").tag(config=True)

    def preprocess(self, nb, resources):
        info = resources.get("nbgrader", {})
        key = (info.get("assignment"), info.get("student"), info.get("notebook"))
        started = _early.pop(key) if key in _early else sandbox.start(nb, self.timeout)
        run = sandbox.finish(started, self.seconds)
        code = [cell for cell in nb.cells if cell.cell_type == "code"]
        ran = run.notebook.cells if run.notebook is not None else []
        by_id = {cell.get("id"): cell for cell in ran}
        if len(by_id) != len(code) or set(by_id) != {cell.get("id") for cell in code}:
            same_shape = len(ran) == len(code)  # ids differ (an old notebook gets new ones on reading): by place
            by_id = {cell.get("id"): result for cell, result in zip(code, ran, strict=False)} if same_shape else {}
        problem = run.problem or (run.notebook.metadata.get("sandbox_problem", "") if run.notebook else "")
        for cell in code:
            result = by_id.get(cell.get("id"))
            if result is not None and not _nbgrader(cell).get("grade"):
                cell.outputs = sandbox.plain_outputs(result.get("outputs"))
                count = result.get("execution_count")
                cell.execution_count = count if isinstance(count, int) else None
        if problem and code:
            self.log.warning("%s: the sandboxed run was %s", resources.get("nbgrader", {}).get("student"), problem)
            code[0].outputs.insert(0, nbformat.v4.new_output(
                "stream", name="stdout", text=f"Note: the code in this notebook was {problem} while it was graded. "
                "Your marks come from the answers you typed, so they are not affected.\n"))
        return nb, resources


class MarkAnswers(NbGraderPreprocessor):
    """Give each check cell the feedback and points marked from the typed answers (answers.py). A code grade
    cell that is not one of ours gets an error, so nbgrader gives it no points rather than full marks."""

    def preprocess(self, nb, resources):
        marked = dict(mark_notebook(nb))
        for index, cell in enumerate(nb.cells):
            if cell.cell_type != "code" or not _nbgrader(cell).get("grade") or _nbgrader(cell).get("solution"):
                continue
            result = marked.get(index)
            cell.outputs = [
                nbformat.v4.new_output("stream", name="stdout", text="\n".join(result.feedback) + "\n"),
                nbformat.v4.new_output("execute_result", data={"text/plain": repr(result.points)}),
            ] if result else [nbformat.v4.new_output("error", ename="NotMarked", evalue="",
                                                     traceback=["This check could not be marked."])]
        return nb, resources


def source_cells(resources) -> dict[str, str]:
    """grade id -> source of each cell of the instructor's source notebook, from nbgrader's gradebook."""
    info = resources["nbgrader"]
    with Gradebook(info["db_url"]) as gradebook:
        source = gradebook.find_notebook(info["notebook"], info["assignment"])
        return {cell.name: cell.source for cell in source.source_cells}


class _CourseCellsOnly:
    """Apply an nbgrader cell preprocessor only to cells restored from the instructor's source."""

    def preprocess(self, nb, resources):
        self._course_cells = source_cells(resources)
        return super().preprocess(nb, resources)

    def preprocess_cell(self, cell, resources, index):
        if _nbgrader(cell).get("grade_id") not in self._course_cells:
            return cell, resources
        return super().preprocess_cell(cell, resources, index)


class ClearHiddenTests(_CourseCellsOnly, nbgrader.ClearHiddenTests):
    """nbgrader's ClearHiddenTests, on the course's cells only."""


class ClearMarkScheme(_CourseCellsOnly, nbgrader.ClearMarkScheme):
    """nbgrader's ClearMarkScheme, on the course's cells only."""


class EscapeStudentHtml(NbGraderPreprocessor):
    """Turn `<` into `&lt;` in Markdown cells the course did not write, so no tag of theirs reaches the page."""

    def preprocess(self, nb, resources):
        course = source_cells(resources)
        for cell in nb.cells:
            if cell.cell_type == "markdown" and _nbgrader(cell).get("grade_id") not in course:
                cell.source = cell.source.replace("<", "&lt;")
        return nb, resources


class LeakError(RuntimeError):
    """Raised to stop one student's feedback; nbgrader then writes none for them and reports the error."""


class RefuseLeaks(NbGraderPreprocessor):
    """Fail this feedback if a course-written part of it shows something students must not see."""

    def preprocess(self, nb, resources):
        leaks = course_leaks(nb, source_cells(resources))
        if leaks:
            raise LeakError(f"LEAK in the feedback of {resources['nbgrader']['student']}: " + "; ".join(leaks))
        return nb, resources


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})
