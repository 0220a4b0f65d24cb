"""Question banks (course/banks/NN_slug.yml): the items, their validation, and pure grading.

Item types:
- `single`: one correct option among several;
- `multiple`: one or more correct options ("select all that apply");
- `true_false`: a statement, `answer: true|false`, feedback for each choice;
- `matching`: pairs of left/right, the learner matches each left to a right;
- `ordering`: steps listed in their correct order, shown shuffled.
Every option, pair and step carries feedback, and every item names the objective it checks.

Each item is in one of two pools: `practice` items are the learner's self-check quiz (and the facilitator's
answer key); `graded` items appear only in the graded assessment (`make release`) and are never shown to
learners, so a student cannot have seen a graded question, or its answer, before the assessment.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from .._errors import ContentError, Problem
from .course import Course
from .files import Reader, read_file
from .schema import BankFile, Option, Pair, Step
from .schema import Item as ItemEntry

CHOICE_TYPES = ("single", "multiple", "true_false")
ORDINALS = ("1st", "2nd", "3rd") + tuple(f"{n}th" for n in range(4, 21))  # places in an ordering item


@dataclass(frozen=True)
class Item:
    id: str
    module: str
    objective: str
    type: str
    prompt: str
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    steps: tuple[Step, ...] = ()  # in correct order
    explanation: str | None = None
    cite: tuple[str, ...] = ()
    line: int = 0
    pool: str = "practice"  # practice | graded

    @property
    def graded(self) -> bool:
        return self.pool == "graded"

    def right_choices(self) -> list[str]:
        """Right-hand texts of a matching item in a stable shuffled order (same for every learner)."""
        rights = [p.right for p in self.pairs]
        random.Random(self.id).shuffle(rights)
        return rights

    def option_order(self) -> list[int]:
        """Option indices in the stable shuffled order they are shown in, so the right answer is not always
        first (banks list it first). True/false keeps True, False."""
        order = list(range(len(self.options)))
        if self.type in ("single", "multiple"):
            random.Random(f"options:{self.id}").shuffle(order)
        return order

    def shuffled_steps(self) -> list[int]:
        """Step indices in the stable shuffled order an ordering item is first shown in."""
        order = list(range(len(self.steps)))
        rng = random.Random(self.id)
        while len(order) > 1 and order == sorted(order):
            rng.shuffle(order)
        return order


@dataclass(frozen=True)
class Bank:
    module: str
    path: Path
    items: tuple[Item, ...]

    @property
    def practice(self) -> tuple[Item, ...]:
        """The items learners see: the self-check quiz."""
        return tuple(i for i in self.items if not i.graded)

    @property
    def graded(self) -> tuple[Item, ...]:
        """The items only the graded assessment holds."""
        return tuple(i for i in self.items if i.graded)


@dataclass(frozen=True)
class Feedback:
    """One line of feedback: `good` says whether it praises or corrects (shown as words, not colour)."""

    text: str
    good: bool


@dataclass(frozen=True)
class Result:
    correct: bool
    feedback: tuple[Feedback, ...] = field(default_factory=tuple)
    incomplete: bool = False


# ---- loading and validation -------------------------------------------------------------------


def load_bank(path: Path, course: Course, seen_ids: dict[str, str] | None = None) -> Bank:
    """Read and validate one bank (schema: `schema.BankFile`) against the course outline; raise ContentError
    listing every problem."""
    seen_ids = {} if seen_ids is None else seen_ids
    reader, bank = read_file(path, BankFile)
    objectives = course.objective_ids()
    items = tuple(_item(reader, entry, bank.module, objectives, seen_ids) for entry in bank.items) if bank else ()
    if bank and not any(m.id == bank.module for m in course.modules):
        reader.problem(bank.line_of("module"), f"bank: module {bank.module!r} is not in course.yml")
    reader.finish()
    return Bank(bank.module, path, items)


def _item(reader: Reader, entry: ItemEntry, module_id: str, objectives: dict, seen_ids: dict[str, str]) -> Item:
    """One item, after the rules the schema cannot state: ids unique across banks, the objective in course.yml
    and of this module, the right number of correct options, no two options or pairs alike."""
    where = f"item {entry.id}"
    if entry.id in seen_ids:
        reader.problem(entry.line_of("id"), f"duplicate item id {entry.id!r} (first at {seen_ids[entry.id]})")
    else:
        seen_ids[entry.id] = f"{reader.path}:{entry.line_of('id')}"
    owner = objectives.get(entry.objective)
    if owner is None:
        reader.problem(entry.line_of("objective"), f"{where}: unknown objective {entry.objective!r} (not in "
                                                   "course.yml)")
    elif owner.id != module_id:
        reader.problem(entry.line_of("objective"), f"{where}: objective {entry.objective!r} belongs to module "
                                                   f"{owner.id}, not {module_id}")
    parts: dict = {}
    if entry.type in ("single", "multiple"):
        parts["options"] = entry.options
        _check_options(reader, entry, where)
    elif entry.type == "true_false":
        parts["options"] = (Option(text="True", correct=entry.answer, feedback=entry.feedback.true),
                            Option(text="False", correct=not entry.answer, feedback=entry.feedback.false))
    elif entry.type == "matching":
        parts["pairs"] = entry.pairs
        for side in ("left", "right"):
            texts = [getattr(p, side) for p in entry.pairs]
            if len(set(texts)) != len(texts):
                reader.problem(entry.line_of("pairs"), f"{where}: two pairs have the same {side} text")
    else:
        parts["steps"] = entry.steps
    return Item(entry.id, module_id, entry.objective, entry.type, entry.prompt, explanation=entry.explanation,
                cite=entry.cite, line=entry.line, pool=entry.pool, **parts)


def _check_options(reader: Reader, entry: ItemEntry, where: str) -> None:
    line = entry.line_of_value("options")
    right = sum(o.correct for o in entry.options)
    if right == 0:
        reader.problem(line, f"{where}: no option is marked 'correct: true'")
    elif entry.type == "single" and right > 1:
        reader.problem(line, f"{where}: a single-choice item has {right} correct options; use type: multiple or "
                             "mark only one")
    texts = [o.text for o in entry.options]
    if len(set(texts)) != len(texts):
        reader.problem(line, f"{where}: two options have the same text")


def load_banks(course: Course, problems: list[Problem] | None = None) -> dict[str, Bank]:
    """Load every module's bank; collect problems from all of them.

    With a `problems` list, problems go there and the banks that could be read are returned (so one broken bank
    is reported once, not again by everything that uses the others); without one, any problem raises."""
    banks: dict[str, Bank] = {}
    found: list[Problem] = []
    seen_ids: dict[str, str] = {}
    for module in course.modules:
        path = module.path("bank")
        if not path.exists():
            continue  # the check reports the missing file once, with the module's other files
        try:
            bank = load_bank(path, course, seen_ids)
        except ContentError as exc:
            found.extend(exc.problems)
            continue
        if bank.module != module.id:
            found.append(Problem(path, 1, f"bank says module {bank.module!r} but its file name is for {module.id}"))
        banks[module.id] = bank
    if problems is not None:
        problems.extend(found)
    elif found:
        raise ContentError(found)
    return banks


# ---- grading (pure) ---------------------------------------------------------------------------


def grade(item: Item, response: object) -> Result:
    """Check a response. Responses: single/true_false → option index; multiple → set of indices;
    matching → one right-hand text per left (None where unanswered); ordering → step indices by position."""
    if item.type in ("single", "true_false"):
        return _grade_single(item, response)
    if item.type == "multiple":
        return _grade_multiple(item, response)
    if item.type == "matching":
        return _grade_matching(item, response)
    return _grade_ordering(item, response)


def _grade_single(item: Item, response: object) -> Result:
    if not isinstance(response, int) or not 0 <= response < len(item.options):
        return Result(False, (Feedback("Choose an answer first.", False),), incomplete=True)
    option = item.options[response]
    return Result(option.correct, (Feedback(option.feedback, option.correct),))


def _grade_multiple(item: Item, response: object) -> Result:
    chosen = set(response or ())
    if not chosen:
        return Result(False, (Feedback("Tick at least one box first.", False),), incomplete=True)
    lines = []
    for index in item.option_order():  # in the order the learner sees them
        option = item.options[index]
        picked = index in chosen
        if picked or option.correct:
            lines.append(Feedback(f"{option.text}: {option.feedback}", picked == option.correct))
    correct = chosen == {i for i, o in enumerate(item.options) if o.correct}
    missed = sum(1 for i, o in enumerate(item.options) if o.correct and i not in chosen)
    if missed and not correct:
        lines.append(Feedback(f"You left out {missed} that also fit{'s' if missed == 1 else ''}.", False))
    return Result(correct, tuple(lines))


def _grade_matching(item: Item, response: object) -> Result:
    answers = list(response or ())
    if len(answers) != len(item.pairs) or any(a is None for a in answers):
        return Result(False, (Feedback("Match every item first.", False),), incomplete=True)
    wrong = [Feedback(f"{pair.left}: {pair.feedback}", False)
             for pair, answer in zip(item.pairs, answers, strict=True) if answer != pair.right]
    if wrong:
        return Result(False, tuple(wrong))
    return Result(True, (Feedback("Every match is right.", True),))


def _grade_ordering(item: Item, response: object) -> Result:
    order = list(response or ())
    if sorted(order) != list(range(len(item.steps))):
        return Result(False, (Feedback("Use each step once.", False),), incomplete=True)
    wrong = [Feedback(f"{item.steps[step].text} (you put it at {position + 1}): {item.steps[step].feedback}", False)
             for position, step in enumerate(order) if step != position]
    if wrong:
        return Result(False, tuple(wrong))
    return Result(True, (Feedback("The order is right.", True),))


def correct_response(item: Item) -> object:
    """The right answer in the same shape `grade` takes (for answer keys and tests)."""
    if item.type in ("single", "true_false"):
        return next(i for i, o in enumerate(item.options) if o.correct)
    if item.type == "multiple":
        return {i for i, o in enumerate(item.options) if o.correct}
    if item.type == "matching":
        return [p.right for p in item.pairs]
    return list(range(len(item.steps)))
