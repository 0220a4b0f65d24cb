"""Synthetic student submissions made from a released notebook: each student answers in a different way."""

from __future__ import annotations

from pathlib import Path

import nbformat

from widgets.content.assessments import Assessment
from widgets.grading.assignments import NOTEBOOK_NAME, item_spec

WRONG = {"one": lambda key, n: "ABCDEFGH"[("ABCDEFGH".index(key) + 1) % n],
         "set": lambda key, n: " ".join(c for c in "ABCDEFGH"[:n] if c not in key),
         "seq": lambda key, n: key[1:] + key[0],
         "tf": lambda key, n: "false" if key else "true"}


def right_answer(item) -> str:
    kind, _, spec = item_spec(item)
    if kind == "tf":
        return "true" if spec["key"] else "false"
    return " ".join(spec["key"])


def wrong_answer(item) -> str:
    kind, _, spec = item_spec(item)
    count = len(item.pairs or item.steps or item.options)
    return WRONG[kind](spec["key"], count)


def answer_cell(number: int, text: str) -> str:
    return f"answer_{number} = {text!r}\n"


STUDENTS = {
    # student: (how each question is answered, expected autograded score as a function of the assessment)
    "all_correct": lambda n, item: answer_cell(n, right_answer(item)),
    "partly_correct": lambda n, item: answer_cell(n, right_answer(item) if n % 2 else wrong_answer(item)),
    "empty": None,  # hands in the released notebook unchanged
    "raises": lambda n, item: (answer_cell(n, right_answer(item)) if n > 1  # a wrong answer, then an error
                               else answer_cell(1, wrong_answer(item)) + 'raise RuntimeError("I gave up")\n'),
    "loops_forever": lambda n, item: (answer_cell(n, right_answer(item)) if n > 1
                                      else "answer_1 = ''\nwhile True:\n    pass\n"),
    # Runs the instructor's answer cell from the source notebook, three folders up from where it is graded.
    "reads_answers": lambda n, item: (answer_cell(n, right_answer(item)) if n > 1 else
                                      "import json, os\nanswer_1 = ''\n"
                                      "path = f'../../../source/{os.path.basename(os.getcwd())}/assessment.ipynb'\n"
                                      "exec(''.join(json.load(open(path))['cells'][4]['source']))\n"),
}


def expected_auto_score(student: str, assessment: Assessment) -> float:
    """What the autograder should give, worked out from the bank (never a stored number)."""
    items = assessment.items
    if student == "all_correct":
        return float(len(items))
    if student == "partly_correct":
        return float(sum(1 for n in range(1, len(items) + 1) if n % 2))
    if student == "empty":
        return 0.0
    return float(len(items) - 1)  # the first question fails, the rest are right


def answer_as(notebook: nbformat.NotebookNode, student: str, assessment: Assessment) -> nbformat.NotebookNode:
    """The released notebook filled in as `student` would (changed in place and returned)."""
    answer = STUDENTS[student]
    numbers = {f"answer_{item.id}": (n, item) for n, item in enumerate(assessment.items, 1)}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answer and grade_id in numbers:
            cell.source = answer(*numbers[grade_id])
        elif student == "all_correct" and cell.cell_type == "markdown" and "Write your answer here" in cell.source:
            cell.source = "A trauma bond grows from harm mixed with kindness; love rests on safety and respect."
    return notebook


def write_submission(release_notebook: Path, folder: Path, student: str, assessment: Assessment) -> Path:
    """Fill in a copy of the released notebook as `student` would, and save it as nbgrader expects."""
    notebook = answer_as(nbformat.read(release_notebook, as_version=4), student, assessment)
    target = folder / student / assessment.name / NOTEBOOK_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target
