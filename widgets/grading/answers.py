"""Mark the fixed-form answers (letters, true/false, orders) in the grader's own process, from what the student
typed: the literal in each answer cell, read with `ast.literal_eval`. No student code runs to mark an answer,
so nothing a submission does to IPython, its outputs or the grading kernel can change a score.

An answer cell must hold only `answer_N = "..."` (comments aside); a cell with any other code is not read, and
its feedback says so. The key and the explanations come from the check cell that nbgrader restored from the
instructor's source notebook, so marking uses exactly what was released.

responses.py reads the same answers, by the same rule, for the item analysis.
"""

from __future__ import annotations

import ast
import contextlib
import io
from dataclasses import dataclass

import nbformat

from .autograde_checks import check_format, score

MAX_ANSWER_CHARS = 2000  # an answer cell longer than this is not read


@dataclass(frozen=True)
class Check:
    """What a check cell asks, read from its restored source: the answer's variable, form and scoring spec."""

    variable: str
    kind: str
    count: int
    number: int
    spec: dict


@dataclass(frozen=True)
class Response:
    """What the student typed for one question, or why nothing could be read."""

    value: object = None
    problem: str = ""


@dataclass(frozen=True)
class ItemResult:
    """One question for one student: the item, what they answered, the points and the feedback lines."""

    item_id: str
    number: int
    response: object
    points: float
    max_points: float
    feedback: tuple[str, ...]


def _calls(source: str) -> dict[str, list[object]]:
    """Function name -> literal arguments, for each top-level call in a check cell's source."""
    calls = {}
    for statement in ast.parse(source).body:
        node = statement.value if isinstance(statement, ast.Expr) else None
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.args \
                and isinstance(node.args[0], ast.Name):
            with contextlib.suppress(ValueError, SyntaxError):
                calls[node.func.id] = [node.args[0].id, *(ast.literal_eval(a) for a in node.args[1:])]
    return calls


def read_check(source: str) -> Check | None:
    """The check a (restored, instructor-written) check cell makes, or None if it is not one of ours."""
    try:
        calls = _calls(source)
    except SyntaxError:
        return None
    if "check_format" not in calls or "score" not in calls:
        return None
    variable, kind, count, number = calls["check_format"]
    spec = calls["score"][1]
    return Check(variable, kind, count, number, spec)


def read_answer(source: str, variable: str) -> Response:
    """The value assigned to `variable` in an answer cell, if the cell holds only literal assignments to it."""
    name = f"`{variable} = \"...\"`"
    if len(source) > MAX_ANSWER_CHARS:
        return Response(problem=f"its answer cell is longer than {MAX_ANSWER_CHARS} characters")
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, RecursionError, MemoryError) as error:
        line = getattr(error, "lineno", None)
        return Response(problem=f"Python cannot read its answer cell{f' (line {line})' if line else ''}")
    value, found = None, False
    for statement in tree.body:
        target = statement.targets[0] if isinstance(statement, ast.Assign) and len(statement.targets) == 1 \
            else None
        if not (isinstance(target, ast.Name) and target.id == variable):
            return Response(problem=f"its answer cell holds other code (line {statement.lineno}); only {name} "
                                    "is read, and code is never run to mark an answer")
        try:
            value, found = ast.literal_eval(statement.value), True
        except (ValueError, TypeError, SyntaxError, RecursionError, MemoryError):
            return Response(problem=f"line {statement.lineno} is not a plain answer between quotes")
    if not found:
        return Response(problem=f"its answer cell has no {name} line")
    return Response(value)


def mark(response: Response, check: Check, max_points: float) -> tuple[float, list[str]]:
    """(points, feedback lines) for one response, with the course's own check and scoring functions."""
    question = f"Question {check.number}"
    if response.problem:
        return 0.0, [f"✘ {question} was not marked: {response.problem}."]
    try:
        check_format(response.value, check.kind, check.count, check.number)
    except AssertionError as problem:
        return 0.0, [f"✘ {problem}"]
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        points = score(response.value, {**check.spec, "points": max_points})
    return float(points), printed.getvalue().splitlines()


def _nbgrader(cell) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def mark_notebook(notebook: nbformat.NotebookNode) -> list[tuple[int, ItemResult]]:
    """(index of the check cell, result) for every check cell whose source is one of ours."""
    answers = {_nbgrader(c).get("grade_id"): c for c in notebook.cells
               if c.cell_type == "code" and _nbgrader(c).get("solution")}
    marked = []
    for index, cell in enumerate(notebook.cells):
        meta = _nbgrader(cell)
        grade_id = str(meta.get("grade_id", ""))
        if cell.cell_type != "code" or not meta.get("grade") or meta.get("solution") \
                or not grade_id.startswith("check_"):
            continue
        check = read_check(cell.source)
        if check is None:
            continue
        item_id = grade_id.removeprefix("check_")
        answer_cell = answers.get(f"answer_{item_id}")
        response = read_answer(answer_cell.source, check.variable) if answer_cell is not None else \
            Response(problem="its answer cell is missing")
        max_points = float(meta.get("points", check.spec.get("points", 1)))
        points, lines = mark(response, check, max_points)
        marked.append((index, ItemResult(item_id, check.number, response.value, points, max_points, tuple(lines))))
    return marked
