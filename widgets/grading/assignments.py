"""Generate nbgrader source assignments (course/source/NN_slug/assessment.ipynb) from banks and assessments.

Each bank item becomes three cells: the question (read-only), an answer cell the student types letters into,
and a check cell. The check cell's visible part only checks the answer's form; its hidden part, which nbgrader
removes from the student version, scores the answer and prints the bank's feedback. Each written task becomes
a read-only task cell whose rubric sits in a mark scheme (removed from the student version), followed by an
ordinary cell for the answer and then one task cell per rubric criterion, whose levels sit in a mark scheme
(see rubric_feedback.py). Nobody edits these notebooks: `make release` regenerates them.
"""

from __future__ import annotations

import inspect
import string
from pathlib import Path

import nbformat

from .._paths import course_root
from ..content.assessments import ITEM_POINTS, Assessment, Task
from ..content.banks import Item
from ..content.course import Resources
from ..content.notebooks import KERNELSPEC
from . import autograde_checks
from .rubric_feedback import GRADE_ID, criterion_cell_source

NOTEBOOK_NAME = "assessment.ipynb"
LETTERS = string.ascii_uppercase
ANSWER_HERE = "*Write your answer here. Double-click this box to edit it; press Shift+Enter when you are done.*"
HOW_TO = {
    "one": "Type the letter of your answer between the quotes.",
    "set": "Choose all that fit. Type every letter that fits between the quotes, with a space between them.",
    "seq": "Type the letters between the quotes, each once, in the order the question asks for.",
    "tf": 'Type true or false between the quotes.',
}


def source_dir(root: Path | None = None) -> Path:
    """nbgrader's source folder: course/source (one folder per assignment)."""
    return (root or course_root() / "course") / "source"


def notebook_path(assessment: Assessment, root: Path | None = None) -> Path:
    return source_dir(root) / assessment.name / NOTEBOOK_NAME


# ---- how each item type is asked and scored ----------------------------------------------------


def item_spec(item: Item) -> tuple[str, list[str], dict]:
    """(kind, lines listing the choices, hidden scoring spec) for one bank item."""
    if item.type == "true_false":
        say = {"T" if o.text == "True" else "F": o.feedback for o in item.options}
        key = next(o.text == "True" for o in item.options if o.correct)
        return "tf", [], {"kind": "tf", "key": key, "say": say}
    if item.type in ("single", "multiple"):
        order = item.option_order()
        shown = [item.options[i] for i in order]
        lines = [f"- **{LETTERS[k]}.** {o.text}" for k, o in enumerate(shown)]
        key = "".join(LETTERS[k] for k, o in enumerate(shown) if o.correct)
        if item.type == "single":
            say = {LETTERS[k]: o.feedback for k, o in enumerate(shown)}
            return "one", lines, {"kind": "one", "key": key, "say": say}
        say = {LETTERS[k]: f"{o.text}: {o.feedback}" for k, o in enumerate(shown)}
        return "set", lines, {"kind": "set", "key": key, "say": say}
    if item.type == "matching":
        rights = item.right_choices()
        lines = [f"{n}. {p.left}" for n, p in enumerate(item.pairs, 1)] + [""]
        lines += [f"- **{LETTERS[k]}.** {text}" for k, text in enumerate(rights)]
        key = "".join(LETTERS[rights.index(p.right)] for p in item.pairs)
        say = [f"{p.left}: {p.feedback}" for p in item.pairs]
        return "seq", lines, {"kind": "seq", "key": key, "say": say}
    order = item.shuffled_steps()
    lines = [f"- **{LETTERS[k]}.** {item.steps[i].text}" for k, i in enumerate(order)]
    key = "".join(LETTERS[order.index(i)] for i in range(len(item.steps)))
    say = [f"{LETTERS[order.index(i)]} ({step.text}) goes at place {i + 1}: {step.feedback}"
           for i, step in enumerate(item.steps)]
    return "seq", lines, {"kind": "seq", "key": key, "say": say}


def choice_count(item: Item) -> int:
    return len(item.pairs or item.steps or item.options)


# ---- cells ----------------------------------------------------------------------------------------


def _meta(grade_id: str, *, grade: bool = False, solution: bool = False, locked: bool = False,
          task: bool = False, points: int | None = None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3,
            "solution": solution, "task": task}
    if points is not None:
        meta["points"] = points
    return {"nbgrader": meta}


def _cell(kind: str, cell_id: str, source: str, metadata: dict | None = None) -> nbformat.NotebookNode:
    make = nbformat.v4.new_code_cell if kind == "code" else nbformat.v4.new_markdown_cell
    cell = make(source, metadata=metadata or {})
    cell["id"] = cell_id
    return cell


def _functions(*names: str) -> str:
    return "\n\n".join(inspect.getsource(getattr(autograde_checks, name)).strip() for name in names)


def _intro(assessment: Assessment, resources: Resources) -> str:
    module, items, tasks = assessment.module, len(assessment.items), len(assessment.tasks)
    numbers = "; ".join(f"{r.name} {r.emergency.split(' (')[0]}" for r in resources.regions
                        if any(c.isdigit() for c in r.emergency))
    return "\n".join([
        f"# Module {module.id} assessment: {module.title}",
        "",
        f"This assessment is worth **{assessment.points} points**. Part 1 has {items} questions that are marked "
        f"by the computer. Part 2 has {tasks} short written answer{'s' if tasks != 1 else ''}, marked by your "
        "instructor with a rubric.",
        "",
        "**How to answer.** First run the code cell below this one (click it, then press Shift+Enter). For each "
        "question, type your answer between the quotes in the cell under it, then run that cell and the check "
        "cell under it. The check only tells you whether your answer is in the right form, not whether it is "
        "right. After grading, your feedback shows which answers were right, and why.",
        "",
        "**Take care.** These questions are about harm in close relationships. The people in them are made up, "
        "and you are never asked to write about your own life. You can take a break at any time. If this brings "
        "up something hard, the support services in module 00 are there for you, and so is your instructor. "
        f"If you are in danger now, call your emergency number ({numbers}).",
    ])


def _question_cells(number: int, item: Item) -> list[nbformat.NotebookNode]:
    kind, lines, spec = item_spec(item)
    spec = {**spec, "points": ITEM_POINTS}
    variable = f"answer_{number}"
    question = "\n".join([f"### Question {number} ({ITEM_POINTS} point)", "", item.prompt, "", *lines]).rstrip()
    answer = (f"# {HOW_TO[kind]} Then run this cell.\n{variable} = \"\"\n"
              f"### BEGIN SOLUTION\n{variable} = {spec['key']!r}\n### END SOLUTION")
    check = "\n".join([
        f"# Checks that your answer to question {number} is in the right form (not whether it is right).",
        f"check_format({variable}, {kind!r}, {choice_count(item)}, {number})",
        "### BEGIN HIDDEN TESTS",
        "import re",
        "",
        _functions("letters_in", "score"),
        "",
        f"score({variable}, {spec!r})",
        "### END HIDDEN TESTS",
    ])
    return [
        _cell("markdown", f"q-{item.id}", question, _meta(f"question_{item.id}", locked=True)),
        _cell("code", f"a-{item.id}", answer, _meta(f"answer_{item.id}", solution=True)),
        _cell("code", f"c-{item.id}", check, _meta(f"check_{item.id}", grade=True, locked=True,
                                                   points=ITEM_POINTS)),
    ]


def _task_cells(number: int, task: Task) -> list[nbformat.NotebookNode]:
    """The task (read-only), the student's answer cell, then one instructor-marked cell per criterion."""
    count = len(task.rubric)
    source = "\n".join([
        f"### Written answer {number} ({task.points} points)", "", task.prompt, "",
        "Write your answer in the cell below this one. Your instructor marks it in "
        f"{count} parts; your feedback shows the level you reached in each.",
    ])
    cells = [
        _cell("markdown", f"t-{task.id}", source, _meta(f"task_{task.id}", locked=True)),
        _cell("markdown", f"w-{task.id}", ANSWER_HERE),
    ]
    for n, criterion in enumerate(task.rubric, 1):
        grade_id = GRADE_ID.format(task=task.id, number=n)
        cells.append(_cell("markdown", f"r-{task.id}-{n}", criterion_cell_source(number, n, count, criterion),
                           _meta(grade_id, task=True, locked=True, points=criterion.points)))
    return cells


def assessment_notebook(assessment: Assessment, resources: Resources) -> nbformat.NotebookNode:
    """The instructor's source notebook, with answers, hidden scoring and mark schemes."""
    notebook = nbformat.v4.new_notebook()
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata["language_info"] = {"name": "python"}
    cells = [
        _cell("markdown", "intro", _intro(assessment, resources), _meta("intro", locked=True)),
        _cell("code", "setup", "# Run this cell first. It sets up the answer checks.\nimport re\n\n"
              + _functions("letters_in", "check_format"),
              {**_meta("setup", locked=True), "jupyter": {"source_hidden": True}}),
        _cell("markdown", "part-1", "## Part 1: questions marked by the computer", _meta("part_1", locked=True)),
    ]
    for number, item in enumerate(assessment.items, 1):
        cells += _question_cells(number, item)
    cells.append(_cell("markdown", "part-2", "## Part 2: written answers marked by your instructor",
                       _meta("part_2", locked=True)))
    for number, task in enumerate(assessment.tasks, 1):
        cells += _task_cells(number, task)
    cells.append(_cell("markdown", "end", "## When you are done\n\nSave the notebook (Ctrl+S or ⌘+S), then submit "
                       "it the way your instructor asked, for example from the **Assignments** list.",
                       _meta("end", locked=True)))
    notebook.cells = cells
    return notebook


def notebook_text(assessment: Assessment, resources: Resources) -> str:
    return nbformat.writes(assessment_notebook(assessment, resources)) + "\n"
