"""Levelled rubrics in the graded notebooks: one nbgrader task cell per criterion, and feedback that shows each
student the level they reached and what it means.

Each criterion's cell carries its levels in a mark scheme (removed from the student version). The instructor
gives each cell a score in the formgrader: the score is the level. When feedback is made, `ShowRubricLevels`
(run after nbgrader's GetGrades, before ClearMarkScheme) writes the criterion, the level reached and its
one-line descriptor into the cell; the other levels go with the mark scheme.
"""

from __future__ import annotations

import re

from nbconvert.preprocessors import Preprocessor
from traitlets import Bool

from ..content.schema import Criterion

GRADE_ID = "rubric_{task}_{number}"
BEGIN, END = "### BEGIN MARK SCHEME", "### END MARK SCHEME"
_CRITERION = re.compile(r"^\*\*Criterion:\*\* (.+)$", re.MULTILINE)
_LEVEL = re.compile(r"^- \*\*Level (\d+):\*\* (.+)$", re.MULTILINE)


def points_words(points: float) -> str:
    return f"{points:g} point{'s' if points != 1 else ''}"


def criterion_cell_source(task_number: int, number: int, count: int, criterion: Criterion) -> str:
    """What a criterion's cell holds in the instructor's version: a line students see, then the mark scheme."""
    levels = "\n".join(f"- **Level {level}:** {criterion.descriptor(level)}"
                       for level in sorted(criterion.levels, reverse=True))
    return "\n".join([
        f"*Written answer {task_number}, part {number} of {count}: marked by your instructor, from 0 to "
        f"{points_words(criterion.points)}.*",
        "",
        BEGIN,
        f"**Criterion:** {criterion.criterion}",
        "",
        "Give the score of the level the answer reaches:",
        "",
        levels,
        END,
    ])


def read_levels(source: str) -> tuple[str, dict[int, str]] | None:
    """(criterion, {level: descriptor}) from a criterion cell's mark scheme, or None if it has none."""
    if BEGIN not in source:
        return None
    scheme = source.split(BEGIN, 1)[1].split(END, 1)[0]
    criterion = _CRITERION.search(scheme)
    levels = {int(m.group(1)): m.group(2).strip() for m in _LEVEL.finditer(scheme)}
    return (criterion.group(1).strip() if criterion else "", levels) if levels else None


def reached(source: str, score: float | None) -> str:
    """The feedback line for one criterion: its name, the level reached and that level's descriptor."""
    found = read_levels(source)
    if found is None:
        return ""
    criterion, levels = found
    top = max(levels)
    if score is None:
        return f"**{criterion}:** not marked yet (0 to {points_words(top)})."
    level = int(score) if float(score).is_integer() and int(score) in levels else None
    if level is None:  # a score between levels, given by hand: name the level below it
        level = max((lv for lv in levels if lv <= score), default=0)
        return (f"**{criterion}:** {points_words(score)} of {top}. Between level {level} and the next: "
                f"{levels[level]}")
    return f"**{criterion}:** level {level} of {top} ({points_words(level)}). {levels[level]}"


class ShowRubricLevels(Preprocessor):
    """Feedback: write into each criterion cell the level the student reached and what it means.

    nbgrader gives an unmarked task a score of 0, so the level comes from the gradebook's manual score: a cell
    the instructor has not marked says "not marked yet", not "level 0"."""

    enabled = Bool(True)  # nbconvert's preprocessors are off unless enabled

    def preprocess(self, nb, resources):
        from nbgrader.api import Gradebook, MissingEntry

        info = resources["nbgrader"]
        marked: dict[str, float | None] = {}
        with Gradebook(info["db_url"]) as gradebook:
            for cell in nb.cells:
                grade_id = str(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
                if grade_id.startswith("rubric_"):
                    try:
                        grade = gradebook.find_grade(grade_id, info["notebook"], info["assignment"], info["student"])
                        marked[grade_id] = grade.manual_score
                    except MissingEntry:
                        marked[grade_id] = None
        for cell in nb.cells:
            grade_id = str(cell.metadata.get("nbgrader", {}).get("grade_id", ""))
            if grade_id in marked and BEGIN in cell.source:
                line = reached(cell.source, marked[grade_id])
                if line:
                    before = cell.source.split(BEGIN, 1)[0].rstrip()
                    cell.source = f"{before}\n\n{line}\n\n{cell.source[cell.source.index(BEGIN):]}"
        return nb, resources
