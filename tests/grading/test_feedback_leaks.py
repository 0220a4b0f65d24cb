"""The leak check on feedback reads only what the course wrote (widgets/grading/leaks.py: course_leaks)."""

from __future__ import annotations

import copy

import nbformat
import pytest

from widgets.grading.assignments import notebook_path
from widgets.grading.cli import load_all
from widgets.grading.leaks import course_leaks


@pytest.fixture(scope="module")
def source():
    """Module 01's instructor notebook, and its cells by grade id (as nbgrader's gradebook keeps them)."""
    assessment = next(a for a in load_all()[0] if a.module.id == "01")
    notebook = nbformat.read(notebook_path(assessment), as_version=4)
    cells = {c.metadata["nbgrader"]["grade_id"]: c.source for c in notebook.cells if "nbgrader" in c.metadata}
    return notebook, cells


def feedback(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """What nbgrader's feedback keeps of the course's cells: hidden tests and mark schemes cut out."""
    shown = copy.deepcopy(notebook)
    for cell in shown.cells:
        for begin, end in (("### BEGIN HIDDEN TESTS", "### END HIDDEN TESTS"),
                           ("### BEGIN MARK SCHEME", "### END MARK SCHEME")):
            if begin in cell.source:
                cell.source = cell.source[:cell.source.index(begin)] + cell.source[cell.source.index(end) + len(end):]
        if cell.metadata.get("nbgrader", {}).get("solution"):
            cell.source = 'answer_1 = "B"'
    return shown


def test_clean_feedback_has_no_leaks(source) -> None:
    notebook, cells = source
    assert course_leaks(feedback(notebook), cells) == []


def test_markers_typed_by_a_student_are_not_leaks(source) -> None:
    notebook, cells = source
    shown = feedback(notebook)
    answer = next(c for c in shown.cells if c.cell_type == "markdown" and "Write your answer here" in c.source)
    answer.source = "Rubric ### BEGIN HIDDEN TESTS def score( 'say': BEGIN SOLUTION"
    code = next(c for c in shown.cells if c.metadata.get("nbgrader", {}).get("solution"))
    code.outputs = [nbformat.v4.new_output("stream", name="stdout", text="### BEGIN MARK SCHEME def score(")]
    assert course_leaks(shown, cells) == []


def test_a_hidden_test_or_rubric_left_in_a_course_cell_is_a_leak(source) -> None:
    notebook, cells = source
    shown = feedback(notebook)
    check = next(c for c in shown.cells if c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("check_"))
    hidden = cells[check.metadata["nbgrader"]["grade_id"]]
    check.outputs = [nbformat.v4.new_output("stream", name="stdout", text=hidden.splitlines()[-2])]  # score(...)
    rubric = next(c for c in shown.cells if "BEGIN MARK SCHEME" in cells.get(
        c.metadata.get("nbgrader", {}).get("grade_id"), ""))
    scheme = cells[rubric.metadata["nbgrader"]["grade_id"]]
    rubric.source += "\n" + scheme.split("BEGIN MARK SCHEME")[1].splitlines()[1]  # the scheme's first line
    leaks = course_leaks(shown, cells)
    assert any("check_" in leak and "hidden line" in leak for leak in leaks)
    assert any(rubric.metadata["nbgrader"]["grade_id"] in leak for leak in leaks)
