"""Question banks (course/banks/NN_slug.yml): the items, their validation, and pure grading.

Item types:
- `single`: one correct option among several;
- `multiple`: one or more correct options ("select all that apply");
- `true_false`: a statement, `answer: true|false`, feedback for each choice;
- `matching`: pairs of left/right, the learner matches each left to a right;
- `ordering`: steps listed in their correct order, shown shuffled.
Every option, pair and step carries feedback, and every item names the objective it checks.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from pathlib import Path

from .._errors import ContentError, Problem
from ._yaml import LineDict, LineList, load_yaml
from .course import Course
from .files import Reader

ITEM_TYPES = ("single", "multiple", "true_false", "matching", "ordering")
CHOICE_TYPES = ("single", "multiple", "true_false")
ORDINALS = ("1st", "2nd", "3rd") + tuple(f"{n}th" for n in range(4, 21))  # places in an ordering item
ITEM_FIELDS = {"id", "objective", "type", "prompt", "options", "answer", "feedback", "pairs", "steps",
               "explanation", "cite"}


@dataclass(frozen=True)
class Option:
    """A choice the learner can pick (single, multiple, true_false)."""

    text: str
    correct: bool
    feedback: str


@dataclass(frozen=True)
class Pair:
    """A left/right pair for matching; feedback is shown when the left is matched wrongly."""

    left: str
    right: str
    feedback: str


@dataclass(frozen=True)
class Item:
    id: str
    module: str
    objective: str
    type: str
    prompt: str
    options: tuple[Option, ...] = ()
    pairs: tuple[Pair, ...] = ()
    steps: tuple[Option, ...] = ()  # in correct order; `correct` is unused
    explanation: str | None = None
    cite: tuple[str, ...] = ()
    line: int = 0

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
    """Read and validate one bank against the course outline; raise ContentError listing every problem."""
    seen_ids = {} if seen_ids is None else seen_ids
    reader = Reader(path)
    top = reader.mapping(load_yaml(path), 1, "a question bank")
    if top is None:
        reader.finish()
    reader.unknown_keys(top, {"module", "items"}, "bank")
    module_id = reader.text(top, "module", "bank")
    objectives = course.objective_ids()
    items = []
    for index, entry in reader.entries(top, "items", "item", ITEM_FIELDS):
        item = _read_item(reader, entry, index, module_id or "", objectives, seen_ids)
        if item:
            items.append(item)
    if module_id and not any(m.id == module_id for m in course.modules):
        reader.problem(top.line_of("module"), f"bank: module {module_id!r} is not in course.yml")
    reader.finish()
    return Bank(module_id or "", path, tuple(items))


def _read_item(reader: Reader, entry: LineDict, index: int, module_id: str,
               objectives: dict, seen_ids: dict[str, str]) -> Item | None:
    item_id = reader.text(entry, "id", f"item #{index}")
    where = f"item {item_id or '#' + str(index)}"
    if item_id in seen_ids:
        reader.problem(entry.line_of("id"), f"duplicate item id {item_id!r} (first at {seen_ids[item_id]})")
    elif item_id:
        seen_ids[item_id] = f"{reader.path}:{entry.line_of('id')}"
    objective = reader.text(entry, "objective", where)
    if objective and objective not in objectives:
        reader.problem(entry.line_of("objective"), f"{where}: unknown objective {objective!r} (not in course.yml)")
    elif objective and objectives[objective].id != module_id:
        reader.problem(entry.line_of("objective"), f"{where}: objective {objective!r} belongs to module "
                                                   f"{objectives[objective].id}, not {module_id}")
    kind = reader.text(entry, "type", where)
    if kind and kind not in ITEM_TYPES:
        reader.problem(entry.line_of("type"), f"{where}: unknown type {kind!r} (use one of: {', '.join(ITEM_TYPES)})")
        kind = None
    prompt = reader.text(entry, "prompt", where)
    explanation = reader.text(entry, "explanation", where, required=False)
    cite = _read_cite(reader, entry, where)
    parts: dict = {}
    if kind in ("single", "multiple"):
        parts["options"] = _read_options(reader, entry, where, kind)
    elif kind == "true_false":
        parts["options"] = _read_true_false(reader, entry, where)
    elif kind == "matching":
        parts["pairs"] = _read_pairs(reader, entry, where)
    elif kind == "ordering":
        parts["steps"] = _read_steps(reader, entry, where)
    if not (item_id and objective and kind and prompt) or any(v is None for v in parts.values()):
        return None
    return Item(item_id, module_id, objective, kind, prompt, explanation=explanation, cite=cite,
                line=entry.line, **parts)


def _read_cite(reader: Reader, entry: LineDict, where: str) -> tuple[str, ...]:
    raw = entry.get("cite")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    keys = reader.items(raw, entry.line_of("cite"), f"{where}: cite")
    return tuple(k for k in keys if isinstance(k, str))


def _read_options(reader: Reader, entry: LineDict, where: str, kind: str) -> tuple[Option, ...] | None:
    raw = entry.get("options")
    raw = raw if isinstance(raw, list) else []
    options = []
    for j, option in reader.entries(entry, "options", f"{where}: option", {"text", "correct", "feedback"}):
        text = reader.text(option, "text", f"{where}: option #{j}")
        feedback = reader.text(option, "feedback", f"{where}: option #{j}")
        correct = option.get("correct", False)
        if not isinstance(correct, bool):
            reader.problem(option.line_of("correct"), f"{where}: option #{j}: 'correct' must be true or false")
            correct = False
        if text and feedback:
            options.append(Option(text, correct, feedback))
    line = raw.line if isinstance(raw, LineList) else entry.line_of("options")
    if len(raw) < 2:
        reader.problem(line, f"{where}: needs at least two options")
        return None
    right = sum(o.correct for o in options)
    if len(options) == len(raw):
        if right == 0:
            reader.problem(line, f"{where}: no option is marked 'correct: true'")
            return None
        if kind == "single" and right > 1:
            reader.problem(line, f"{where}: a single-choice item has {right} correct options; "
                                 "use type: multiple or mark only one")
            return None
    texts = [o.text for o in options]
    if len(set(texts)) != len(texts):
        reader.problem(line, f"{where}: two options have the same text")
    return tuple(options) if len(options) == len(raw) else None


def _read_true_false(reader: Reader, entry: LineDict, where: str) -> tuple[Option, ...] | None:
    answer = entry.get("answer")
    if not isinstance(answer, bool):
        reader.problem(entry.line_of("answer"), f"{where}: a true_false item needs 'answer: true' or 'answer: false'")
        return None
    feedback = reader.mapping(entry.get("feedback"), entry.line_of("feedback"), f"{where}: feedback")
    if feedback is None:
        return None
    texts = {}
    for choice in (True, False):
        value = feedback.get(choice)
        if not (isinstance(value, str) and value.strip()):
            word = "true" if choice else "false"
            reader.problem(feedback.line, f"{where}: feedback needs a '{word}:' line (feedback for every option)")
            return None
        texts[choice] = value.strip()
    return (Option("True", answer is True, texts[True]), Option("False", answer is False, texts[False]))


def _read_pairs(reader: Reader, entry: LineDict, where: str) -> tuple[Pair, ...] | None:
    raw = entry.get("pairs")
    raw = raw if isinstance(raw, list) else []
    pairs = []
    for j, pair in reader.entries(entry, "pairs", f"{where}: pair", {"left", "right", "feedback"}):
        values = [reader.text(pair, k, f"{where}: pair #{j}") for k in ("left", "right", "feedback")]
        if all(values):
            pairs.append(Pair(*values))
    if len(raw) < 2:
        reader.problem(entry.line_of("pairs"), f"{where}: needs at least two pairs")
        return None
    for side in ("left", "right"):
        texts = [getattr(p, side) for p in pairs]
        if len(set(texts)) != len(texts):
            reader.problem(entry.line_of("pairs"), f"{where}: two pairs have the same {side} text")
            return None
    return tuple(pairs) if len(pairs) == len(raw) else None


def _read_steps(reader: Reader, entry: LineDict, where: str) -> tuple[Option, ...] | None:
    raw = entry.get("steps")
    raw = raw if isinstance(raw, list) else []
    steps = []
    for j, step in reader.entries(entry, "steps", f"{where}: step", {"text", "feedback"}):
        text = reader.text(step, "text", f"{where}: step #{j}")
        feedback = reader.text(step, "feedback", f"{where}: step #{j}")
        if text and feedback:
            steps.append(Option(text, True, feedback))
    if len(raw) < 2:
        reader.problem(entry.line_of("steps"), f"{where}: needs at least two steps")
        return None
    return tuple(steps) if len(steps) == len(raw) else None


def load_banks(course: Course) -> dict[str, Bank]:
    """Load every module's bank; collect problems from all of them before raising."""
    banks: dict[str, Bank] = {}
    problems: list[Problem] = []
    seen_ids: dict[str, str] = {}
    for module in course.modules:
        path = module.path("bank")
        if not path.exists():
            continue  # the check reports the missing file once, with the module's other files
        try:
            bank = load_bank(path, course, seen_ids)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        if bank.module != module.id:
            problems.append(Problem(path, 1, f"bank says module {bank.module!r} but its file name is for {module.id}"))
        banks[module.id] = bank
    if problems:
        raise ContentError(problems)
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
