"""Graded assessments (course/assessments/NN_slug.yml): which bank items are autograded, and the tasks graded
by hand against a levelled rubric. The nbgrader notebooks are generated from these and the banks (see
grading/assignments.py). Only graded items (`pool: graded`) can be graded: a practice item is one learners have
already seen, with its answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root
from .banks import Bank, Item
from .course import Course, Module
from .files import Reader, read_file
from .schema import AssessmentFile, Task

ITEM_POINTS = 1  # every autograded item is worth one point, with partial credit where the type allows it


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
    """Read and validate one module's assessment (schema: `schema.AssessmentFile`); raise ContentError listing
    every problem."""
    path = assessment_path(module)
    reader, found = read_file(path, AssessmentFile)
    if found is None:
        reader.finish()
    if found.module != module.id:
        reader.problem(found.line_of("module"), f"assessment: module must be {module.id!r} (the file's module)")
    items = bank.graded
    if found.items != "all":
        by_id = {item.id: item for item in bank.items}
        for index, item_id in enumerate(found.items):
            line = reader.data["items"].line_of(index)
            if item_id not in by_id:
                reader.problem(line, f"items: {item_id!r} is not an item of {bank.path.name}")
            elif not by_id[item_id].graded:
                reader.problem(line, f"items: {item_id!r} is a practice item (learners see it and its answer in "
                                     "the self-check quiz); grade only items with `pool: graded`")
        items = tuple(by_id[i] for i in found.items if i in by_id and by_id[i].graded)
    seen: dict[str, int] = {}
    tasks = tuple(_task(reader, entry, module, course, seen) for entry in found.tasks)
    reader.finish()
    return Assessment(module, path, items, tasks)


def _task(reader: Reader, entry: Task, module: Module, course: Course, seen: dict[str, int]) -> Task:
    where = f"task {entry.id}"
    reader.unique(seen, entry.id, entry.line_of("id"), "task id")
    owner = course.objective_ids().get(entry.objective)
    if owner is None:
        reader.problem(entry.line_of("objective"), f"{where}: unknown objective {entry.objective!r} (not in "
                                                   "course.yml)")
    elif owner.id != module.id:
        reader.problem(entry.line_of("objective"), f"{where}: objective {entry.objective!r} belongs to module "
                                                   f"{owner.id}")
    if entry.rubric and entry.points != sum(c.points for c in entry.rubric):
        reader.problem(entry.line_of("points"), f"{where}: points is {entry.points!r} but the rubric's top levels "
                                                f"add up to {sum(c.points for c in entry.rubric)}")
    return entry


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
