"""What each student answered and scored, per autograded item: the one place the item analysis reads it from.

`read_class(course_dir, assessment)` takes the answers from each graded notebook (the literal the student typed
into the answer cell, read with `ast`, never run) and the points from nbgrader's gradebook (what the
autograder gave each check cell). If how answers are stored or scored changes, this is the file to change.
"""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat

from ..content.assessments import Assessment
from .assignments import NOTEBOOK_NAME
from .autograde_checks import letters_in
from .item_analysis import Answer, StudentAnswers

NOTEBOOK_ID = Path(NOTEBOOK_NAME).stem


def answer_literal(source: str) -> object:
    """The last value assigned to an `answer_N` name in a cell, if it is a literal; else None."""
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return None
    value = None
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id.startswith("answer_")
                                                for t in node.targets):
            try:
                value = ast.literal_eval(node.value)
            except ValueError:
                value = None
    return value


def letters_of(value: object, kind_is_tf: bool) -> str:
    """The answer as letters: "B", "AC", "1C 2A" → "CA"; true/false as "T" or "F"."""
    if kind_is_tf:
        if isinstance(value, bool):
            return "T" if value else "F"
        text = str(value or "").strip().lower()
        return {"true": "T", "t": "T", "false": "F", "f": "F"}.get(text, "")
    return letters_in(value)


def notebook_answers(path: Path, assessment: Assessment) -> dict[str, object]:
    """{item id: the literal answer} from one graded notebook."""
    notebook = nbformat.read(path, as_version=4)
    by_cell = {c.metadata.get("nbgrader", {}).get("grade_id"): c.source for c in notebook.cells}
    return {item.id: answer_literal(by_cell.get(f"answer_{item.id}", "")) for item in assessment.items}


def read_class(course_dir: Path, assessment: Assessment) -> list[StudentAnswers]:
    """Every graded student's answer and score for each autograded item of `assessment`, in student order."""
    from nbgrader.api import Gradebook, MissingEntry

    records = []
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for student in sorted(s.id for s in gradebook.students):
            path = course_dir / "autograded" / student / assessment.name / NOTEBOOK_NAME
            try:
                gradebook.find_submission(assessment.name, student)
            except MissingEntry:
                continue
            if not path.exists():
                continue
            given = notebook_answers(path, assessment)
            answers = {}
            for item in assessment.items:
                try:
                    grade = gradebook.find_grade(f"check_{item.id}", NOTEBOOK_ID, assessment.name, student)
                    score = float(grade.score or 0.0)
                except MissingEntry:
                    score = 0.0
                answers[item.id] = Answer(letters_of(given[item.id], item.type == "true_false"), score)
            records.append(StudentAnswers(student, answers))
    return records
