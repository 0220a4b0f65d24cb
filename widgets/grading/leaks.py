"""Search for what students must not see: nbgrader's solution, hidden-test and mark-scheme markers, the answers,
the hidden scoring code, rubrics, and (before submission) the explanations.

`find_leaks` searches a release folder, which holds only what the course wrote. `course_leaks` searches one
student's feedback notebook, but only the parts the course wrote (cells restored from the instructor's source,
and the marks): a student who types the markers into their own answer sees them back, and nobody else's
feedback is held up.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..content.assessments import Assessment
from .assignments import item_spec

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "def score(", "'say':", "Rubric")
REGIONS = (("BEGIN SOLUTION", "END SOLUTION"), ("BEGIN HIDDEN TESTS", "END HIDDEN TESTS"),
           ("BEGIN MARK SCHEME", "END MARK SCHEME"))
SHORTEST_SECRET = 12  # shorter hidden lines ("else:", "return") say nothing by themselves


def visible_text(path: Path) -> str:
    """What a student can see in a file: a notebook's cell sources and outputs, an HTML page's text."""
    raw = path.read_text(encoding="utf-8", errors="replace")
    if path.suffix == ".ipynb":
        try:
            cells = json.loads(raw).get("cells", [])
        except json.JSONDecodeError:
            return raw
        parts = []
        for cell in cells:
            parts.append("".join(cell.get("source", "")))
            for output in cell.get("outputs", []):
                parts.append(json.dumps(output, ensure_ascii=False))
        return "\n".join(parts)
    return html.unescape(raw) if path.suffix in (".html", ".htm") else raw


def secrets(assessments: list[Assessment], before_submission: bool) -> list[tuple[str, str]]:
    """(text, what it is) for, before submission, every answer, feedback text, criterion and level descriptor.
    After grading, feedback shows each criterion and the level reached (the other levels are removed with the
    mark scheme, whose markers are searched for)."""
    found = []
    for assessment in assessments:
        for number, item in enumerate(assessment.items, 1):
            _, _, spec = item_spec(item)
            if before_submission:
                found.append((f"answer_{number} = {spec['key']!r}", f"the answer to {assessment.name} "
                                                                     f"question {number}"))
                says = spec["say"].values() if isinstance(spec["say"], dict) else spec["say"]
                found += [(text, f"feedback for {item.id}") for text in says]
        for task in assessment.tasks if before_submission else ():
            for criterion in task.rubric:
                found.append((criterion.text, f"a rubric criterion of {task.id}"))
                found += [(text, f"a rubric level of {task.id}") for text in criterion.levels.values()]
    return found


def find_leaks(folder: Path, assessments: list[Assessment], before_submission: bool) -> list[str]:
    """'file: what leaked' for each leak in `folder`. Answers and explanations are leaks in a release, not in
    feedback, which shows the student's own answers and the explanations after grading."""
    hidden = secrets(assessments, before_submission)
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        text = visible_text(path)
        for marker in MARKERS:
            if marker in text:
                leaks.append(f"{path}: contains {marker!r}")
        for secret, what in hidden:
            if secret in text:
                leaks.append(f"{path}: shows {what}")
    return leaks


def _split(source: str) -> tuple[list[str], list[str]]:
    """(visible lines, hidden lines) of a source cell: hidden ones sit between nbgrader's region markers."""
    visible, hidden, inside = [], [], None
    for line in source.splitlines():
        begin = next((end for start, end in REGIONS if start in line), None)
        if inside is None and begin:
            inside = begin
        elif inside and inside in line:
            inside = None
        else:
            (hidden if inside else visible).append(line.strip())
    return visible, hidden


def hidden_lines(source_cells: dict[str, str]) -> set[str]:
    """Lines of the instructor's source that students never see and that are not shown anywhere else."""
    visible, hidden = set(), set()
    for source in source_cells.values():
        shown, secret = _split(source)
        visible.update(shown)
        hidden.update(secret)
    return {line for line in hidden - visible if len(line) >= SHORTEST_SECRET}


def _outputs_text(cell) -> str:
    """The text of a cell's outputs as a reader sees it: streams, every data type, error messages."""
    parts = []
    for output in cell.get("outputs", []):
        parts += [str(output.get("text", "")), str(output.get("evalue", "")), *map(str, output.get("traceback", []))]
        parts += ["".join(value) if isinstance(value, list) else str(value)
                  for value in output.get("data", {}).values()]
    return "\n".join(parts)


def course_leaks(notebook, source_cells: dict[str, str]) -> list[str]:
    """What leaks in the course-written part of a feedback notebook: the sources of cells restored from the
    instructor's `source_cells` (by nbgrader grade id) and the outputs of grade cells (the marks). Student
    cells, and outputs of the student's own code, are not read."""
    secrets_ = hidden_lines(source_cells)
    leaks = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("nbgrader", {})
        grade_id = meta.get("grade_id")
        if grade_id not in source_cells or meta.get("solution") or not (meta.get("locked") or meta.get("grade")):
            continue
        text = "".join(cell.get("source", ""))
        if meta.get("grade"):
            text += "\n" + _outputs_text(cell)
        leaks += [f"cell {grade_id} contains {marker!r}" for marker in MARKERS if marker in text]
        leaks += [f"cell {grade_id} shows a hidden line ({line[:40]!r})" for line in sorted(secrets_) if line in text]
    return leaks
