"""Search a release or feedback folder for what students must not see: nbgrader's solution, hidden-test and
mark-scheme markers, the answers, the hidden scoring code, rubrics, and (before submission) the explanations."""

from __future__ import annotations

import html
import json
from pathlib import Path

from ..content.assessments import Assessment
from .assignments import item_spec

MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "def score(", "'say':", "Rubric")


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
