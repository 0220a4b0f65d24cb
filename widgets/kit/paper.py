"""Paper versions of the course's activities, for the printable handouts (pure model, no HTML).

course/handouts.yml names one activity per module. It comes from the single source: a card sort, cycle or
scenario in course/activities/, or a worksheet(...) or reflection(...) call in the module's notebook source
(read with `ast`, never run). Each becomes a `PaperActivity` that handouts.py lays out.
"""

from __future__ import annotations

import ast
import random
from dataclasses import dataclass
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root, relative
from ..content.activities import CardSort, load_activity
from ..content.course import Course, Module
from ..content.cycle import Cycle
from ..content.files import activity_path, read_file
from ..content.notebooks import split_cells
from ..content.scenario import Scenario
from ..content.schema import HANDOUT_SOURCES as SOURCES
from ..content.schema import HandoutsFile

TEXTS = ("intro", "in_danger", "keep_safe", "writing", "answers", "circle", "tick", "footer")


@dataclass(frozen=True)
class HandoutEntry:
    module: str
    source: str  # one of SOURCES
    ref: str  # the activity, worksheet or reflection id
    how: str
    line: int


@dataclass(frozen=True)
class HandoutPlan:
    texts: dict[str, str]
    entries: dict[str, HandoutEntry]
    path: Path


@dataclass(frozen=True)
class Item:
    """One thing to tick, number or match: a label ('1', 'A') and its words."""

    label: str
    text: str
    heading: str = ""


@dataclass(frozen=True)
class Answer:
    label: str
    answer: str
    why: str


@dataclass(frozen=True)
class WritingField:
    label: str
    kind: str = "text"  # text | long | list | choice | scale, as in widgets.Field, or box (space to write or draw)
    hint: str = ""
    choices: tuple[str, ...] = ()
    rows: int = 3


@dataclass(frozen=True)
class PaperActivity:
    """An activity laid out for paper. `kind` says how: tick, order, match or write."""

    kind: str
    title: str
    how: str
    intro: str = ""
    columns: tuple[str, ...] = ()  # tick: the boxes on each row
    items: tuple[Item, ...] = ()
    legend: tuple[Item, ...] = ()  # match: the lettered choices
    story: tuple[Item, ...] = ()  # match: the moments of a scenario, for context
    fields: tuple[WritingField, ...] = ()
    note: str = ""
    answers: tuple[Answer, ...] = ()
    cite: tuple[str, ...] = ()  # reference keys behind the answers and notes


def handouts_path() -> Path:
    return course_root() / "course" / "handouts.yml"


def load_plan(course: Course, path: Path | None = None) -> HandoutPlan:
    """Read and validate course/handouts.yml (schema: `schema.HandoutsFile`): every module has exactly one
    activity."""
    path = path or handouts_path()
    reader, plan = read_file(path, HandoutsFile)
    if plan is None:
        reader.finish()
    known = {m.id for m in course.modules}
    entries: dict[str, HandoutEntry] = {}
    for module_id, entry in plan.modules.items():
        if module_id not in known:
            reader.problem(reader.data["modules"].line_of(module_id), f"handout {module_id}: no module "
                                                                      f"{module_id!r} in course.yml")
            continue
        source = next(s for s in SOURCES if getattr(entry, s) is not None)
        entries[module_id] = HandoutEntry(module_id, source, getattr(entry, source), entry.how,
                                          entry.line_of(source))
    written = {str(k) for k in reader.data.get("modules") or ()}
    for module in course.modules:
        if module.id not in written:
            reader.problem(plan.line_of("modules"), f"module {module.id} has no handout: add \"{module.id}\" "
                                                    "under modules")
    reader.finish()
    return HandoutPlan({key: getattr(plan, key) for key in TEXTS}, entries, path)


def paper_activity(plan: HandoutPlan, module: Module) -> PaperActivity:
    """The module's handout activity, ready to lay out; ContentError (file:line) when it cannot be found."""
    entry = plan.entries[module.id]
    try:
        if entry.source == "activity":
            return _from_activity(entry)
        call, names = find_call(module, entry.source, entry.ref)
        return (_worksheet if entry.source == "worksheet" else _reflection)(entry, call, names)
    except LookupError as exc:
        raise ContentError([Problem(relative(plan.path), entry.line, f"handout {module.id}: {exc}")]) from None


def _from_activity(entry: HandoutEntry) -> PaperActivity:
    path = activity_path(entry.ref)
    if not path.exists():
        raise LookupError(f"no activity file {relative(path)}")
    activity = load_activity(path)
    if isinstance(activity, Cycle):
        return _cycle(activity, entry.how)
    if isinstance(activity, Scenario):
        return _scenario(activity, entry.how)
    return _card_sort(activity, entry.how)


def _card_sort(sort: CardSort, how: str) -> PaperActivity:
    items = tuple(Item(str(n), card.text) for n, card in enumerate(sort.cards, start=1))
    answers = tuple(Answer(str(n), card.answer, card.explanation) for n, card in enumerate(sort.cards, start=1))
    cite = tuple(dict.fromkeys(key for card in sort.cards for key in card.cite))
    return PaperActivity("tick", sort.title, how, columns=sort.categories, items=items, answers=answers, cite=cite)


def _shuffled(values: list, seed: str) -> list:
    """A fixed shuffle (the same every build) that moves every item from its place where it can."""
    rng = random.Random(seed)
    out = list(values)
    for _ in range(100):
        rng.shuffle(out)
        if all(a is not b for a, b in zip(out, values, strict=True)):
            return out
    return out[1:] + out[:1]


def _cycle(cycle: Cycle, how: str) -> PaperActivity:
    mixed = _shuffled(list(cycle.phases), cycle.id)
    items = tuple(Item(chr(ord("A") + i), p.description, heading=p.name) for i, p in enumerate(mixed))
    order = {p.id: n for n, p in enumerate(cycle.phases, start=1)}
    answers = tuple(Answer(item.label, str(order[p.id]), p.name) for item, p in zip(items, mixed, strict=True))
    return PaperActivity("order", cycle.title, how, items=items, note=cycle.caveat, answers=answers,
                         cite=cycle.cite)


def _scenario(scenario: Scenario, how: str) -> PaperActivity:
    """One thought per barrier (the first one met, moment by moment), mixed up, each with the moment it belongs
    to; barriers lettered A, B, …; the moments themselves as the story."""
    legend = tuple(Item(chr(ord("A") + i), b.name) for i, b in enumerate(scenario.barriers))
    letter = {b.id: item.label for b, item in zip(scenario.barriers, legend, strict=True)}
    picked = {}
    for moment in scenario.moments:
        for choice in moment.choices:
            picked.setdefault(choice.barrier, (moment, choice))
    thoughts = _shuffled([picked[b.id] for b in scenario.barriers if b.id in picked], scenario.id)
    items = tuple(Item(str(n), c.text, heading=m.title) for n, (m, c) in enumerate(thoughts, start=1))
    answers = tuple(Answer(str(n), f"{letter[c.barrier]}: {scenario.barrier(c.barrier).name}", c.feedback)
                    for n, (_, c) in enumerate(thoughts, start=1))
    used = {m.id for m, _ in thoughts}
    story = tuple(Item(str(n), m.text, heading=m.title)
                  for n, m in enumerate((m for m in scenario.moments if m.id in used), start=1))
    return PaperActivity("match", scenario.title, how, items=items, legend=legend, story=story,
                         note=scenario.closing, answers=answers, cite=scenario.cite)


def find_call(module: Module, function: str, call_id: str) -> tuple[ast.Call, dict[str, object]]:
    """The `function("call_id", ...)` call in the module's notebook source, read (never run) with ast, and the
    literal names assigned in its cell (so an argument may name a tuple of choices)."""
    source = module.path("source").read_text(encoding="utf-8")
    for kind, code in split_cells(source):
        if kind != "code":
            continue
        tree = ast.parse(code)
        names = _literal_names(tree)
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == function
                    and node.args and _value(node.args[0], names) == call_id):
                return node, names
    raise LookupError(f'no {function}("{call_id}", ...) in {relative(module.path("source"))}')


def _literal_names(tree: ast.Module) -> dict[str, object]:
    """Simple `NAME = literal` assignments in a code cell (such as a tuple of choices)."""
    names: dict[str, object] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            try:
                names[node.targets[0].id] = ast.literal_eval(node.value)
            except ValueError:
                continue
    return names


def _value(node: ast.AST, names: dict[str, object]) -> object:
    if isinstance(node, ast.Name):
        if node.id not in names:
            raise LookupError(f"cannot read {node.id!r}: give it a literal value in the same cell")
        return names[node.id]
    try:
        return ast.literal_eval(node)
    except ValueError:
        raise LookupError(f"cannot read {ast.unparse(node)!r}: use plain text, numbers or tuples") from None


def _keywords(call: ast.Call, names: dict[str, object]) -> dict[str, object]:
    return {k.arg: _value(k.value, names) for k in call.keywords if k.arg}


def _worksheet(entry: HandoutEntry, call: ast.Call, names: dict[str, object]) -> PaperActivity:
    if len(call.args) < 3 or not isinstance(call.args[2], ast.List):
        raise LookupError(f'worksheet("{entry.ref}", ...) needs a title and a list of Field(...)')
    title = str(_value(call.args[1], names))
    fields = []
    for node in call.args[2].elts:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "Field"):
            raise LookupError(f'worksheet("{entry.ref}"): each field must be written as Field(...)')
        positional = [_value(a, names) for a in node.args]
        options = dict(zip(("label", "kind", "hint", "choices", "rows"), positional, strict=False))
        options.update(_keywords(node, names))
        if "choices" in options:
            options["choices"] = tuple(options["choices"])
        fields.append(WritingField(**options))
    intro = str(_keywords(call, names).get("intro", ""))
    return PaperActivity("write", title, entry.how, intro=intro, fields=tuple(fields))


def _reflection(entry: HandoutEntry, call: ast.Call, names: dict[str, object]) -> PaperActivity:
    if len(call.args) < 2:
        raise LookupError(f'reflection("{entry.ref}", ...) needs a prompt')
    prompt = str(_value(call.args[1], names))
    return PaperActivity("write", "A private note", entry.how, intro=prompt,
                         fields=(WritingField("My note", "box", rows=7),))
