"""Graded assessments (course/assessments/NN_slug.yml): which bank items are autograded, and the tasks graded
by hand against a rubric. The nbgrader notebooks are generated from these and the banks (see assignments.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root
from ._yaml import LineDict, load_yaml
from .banks import Bank, Item
from .course import Course, Module
from .files import Reader

ITEM_POINTS = 1  # every autograded item is worth one point, with partial credit where the type allows it


@dataclass(frozen=True)
class Criterion:
    points: int
    text: str


@dataclass(frozen=True)
class Task:
    """A short written answer (a case analysis), graded by hand against its rubric."""

    id: str
    objective: str
    prompt: str
    rubric: tuple[Criterion, ...]

    @property
    def points(self) -> int:
        return sum(c.points for c in self.rubric)


@dataclass(frozen=True)
class Assessment:
    module: Module
    path: Path
    items: tuple[Item, ...]
    tasks: tuple[Task, ...]

    @property
    def name(self) -> str:
        """The nbgrader assignment name: the module's file name, e.g. 01_what_is_a_trauma_bond."""
        return self.module.name

    @property
    def points(self) -> int:
        return ITEM_POINTS * len(self.items) + sum(t.points for t in self.tasks)


def assessment_path(module: Module) -> Path:
    return course_root() / "course" / "assessments" / f"{module.name}.yml"


def load_assessment(module: Module, bank: Bank, course: Course) -> Assessment:
    """Read and validate one module's assessment; raise ContentError listing every problem."""
    path = assessment_path(module)
    reader = Reader(path)
    top = reader.mapping(load_yaml(path), 1, "an assessment")
    if top is None:
        reader.finish()
    reader.unknown_keys(top, {"module", "items", "tasks"}, "assessment")
    if reader.text(top, "module", "assessment") not in (None, module.id):
        reader.problem(top.line_of("module"), f"assessment: module must be {module.id!r} (the file's module)")
    items = _read_items(reader, top, bank)
    tasks = []
    seen: dict[str, int] = {}
    for index, entry in reader.entries(top, "tasks", "task", {"id", "objective", "points", "prompt", "rubric"}):
        task = _read_task(reader, entry, index, module, course, seen)
        if task:
            tasks.append(task)
    reader.finish()
    return Assessment(module, path, items, tuple(tasks))


def _read_items(reader: Reader, top: LineDict, bank: Bank) -> tuple[Item, ...]:
    raw = top.get("items", "all")
    if raw == "all":
        return bank.items
    by_id = {item.id: item for item in bank.items}
    chosen = []
    for index, item_id in enumerate(reader.items(raw, top.line_of("items"), "items: 'all' or a list of item ids")):
        if item_id in by_id:
            chosen.append(by_id[item_id])
        else:
            line = raw.line_of(index) if hasattr(raw, "line_of") else top.line_of("items")
            reader.problem(line, f"items: {item_id!r} is not an item of {bank.path.name}")
    return tuple(chosen)


def _read_task(reader: Reader, entry: LineDict, index: int, module: Module, course: Course,
               seen: dict[str, int]) -> Task | None:
    task_id = reader.text(entry, "id", f"task #{index}")
    where = f"task {task_id or '#' + str(index)}"
    reader.unique(seen, task_id, entry.line_of("id"), "task id")
    objective = reader.text(entry, "objective", where)
    owner = course.objective_ids().get(objective or "")
    if objective and owner is None:
        reader.problem(entry.line_of("objective"), f"{where}: unknown objective {objective!r} (not in course.yml)")
    elif objective and owner.id != module.id:
        reader.problem(entry.line_of("objective"), f"{where}: objective {objective!r} belongs to module {owner.id}")
    prompt = reader.text(entry, "prompt", where)
    rubric = []
    for j, raw in reader.entries(entry, "rubric", f"{where}: rubric line", {"points", "criterion"}):
        points = raw.get("points")
        if isinstance(points, bool) or not isinstance(points, int) or points < 1:
            reader.problem(raw.line_of("points"), f"{where}: rubric line #{j}: 'points' must be a whole number ≥ 1")
            continue
        text = reader.text(raw, "criterion", f"{where}: rubric line #{j}")
        if text:
            rubric.append(Criterion(points, text))
    if not rubric:
        reader.problem(entry.line_of("rubric"), f"{where}: needs a rubric with at least one criterion")
    stated = entry.get("points")
    if rubric and stated != sum(c.points for c in rubric):
        reader.problem(entry.line_of("points"), f"{where}: points is {stated!r} but the rubric adds up to "
                                                f"{sum(c.points for c in rubric)}")
    if not (task_id and objective and prompt and rubric):
        return None
    return Task(task_id, objective, prompt, tuple(rubric))


def load_assessments(course: Course, banks: dict[str, Bank]) -> dict[str, Assessment]:
    """Every module's assessment that has a file; collect problems from all of them before raising."""
    found: dict[str, Assessment] = {}
    problems: list[Problem] = []
    for module in course.modules:
        if module.id not in banks or not assessment_path(module).exists():
            continue
        try:
            found[module.id] = load_assessment(module, banks[module.id], course)
        except ContentError as exc:
            problems.extend(exc.problems)
    if problems:
        raise ContentError(problems)
    return found
