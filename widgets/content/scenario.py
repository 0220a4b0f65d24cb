"""Branching scenarios (module 04): follow a made-up person through a few moments, choose how they explain each
moment to themselves, and see which barrier to leaving that thought reflects.

Pure model: loading, validation (`file:line: message`, like the card sorts), walking the branches and the
end-of-path summary. The view is in scenario_view.py.

A scenario file is told apart from other activities by its `moments` list (`is_scenario_data`), so it lives in
course/activities/ and `python -m widgets check` validates it with this loader.

```yaml
id: 04_inner_voice                # must match the file name
title: The inner voice
person: Quinn                     # the made-up person's name, used in the summary
instructions: What the learner does, in plain words.
question: What might Quinn tell themselves?    # asked at every moment
ending: What happens after the last moment.      # shown when a path reaches `end`
closing: A kind word on the barriers met.       # shown under the summary
barriers:                         # every barrier a choice can reflect; each must be used
  - id: dissonance                # short, unique in the file
    name: Cognitive dissonance
    about: Why this thought makes sense (compassionate, plain words).
    helps: What might help.
    cite: [festinger1957]         # optional reference keys
moments:                          # the first moment is where every path starts
  - id: apology                   # short, unique; "end" is reserved
    title: After the apology
    text: What happens, in two or three short sentences.
    choices:                      # two or more
      - text: They were just stressed.       # the thought, without quote marks
        barrier: dissonance       # one of the barrier ids
        feedback: Why this thought fits that barrier, in this moment.
        next: friend              # a moment id, or `end`
```

Every `next` must name a moment or `end`, every moment must be reachable from the first one, and no path may
loop back, so every path ends.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from ._yaml import LineDict, LineList
from .files import Reader, activity_path, open_activity

__all__ = [
    "END",
    "Barrier",
    "Choice",
    "Moment",
    "Progress",
    "Scenario",
    "Step",
    "barriers_met",
    "choose",
    "follow",
    "is_scenario_data",
    "load_scenario",
    "path_lengths",
    "scenario_path",
    "start",
    "summary_text",
    "text_parts",
]

END = "end"
"""The `next` of a choice that ends the path."""
TOP_FIELDS = {"id", "title", "person", "instructions", "question", "ending", "closing", "barriers", "moments"}
BARRIER_FIELDS = {"id", "name", "about", "helps", "cite"}
MOMENT_FIELDS = {"id", "title", "text", "choices"}
CHOICE_FIELDS = {"text", "barrier", "feedback", "next"}
SHORT_ID = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Barrier:
    id: str
    name: str
    about: str
    helps: str
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class Choice:
    text: str
    barrier: str
    feedback: str
    next: str


@dataclass(frozen=True)
class Moment:
    id: str
    title: str
    text: str
    choices: tuple[Choice, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    person: str
    instructions: str
    question: str
    ending: str
    closing: str
    barriers: tuple[Barrier, ...]
    moments: tuple[Moment, ...]

    @property
    def first(self) -> Moment:
        return self.moments[0]

    def moment(self, moment_id: str) -> Moment:
        for moment in self.moments:
            if moment.id == moment_id:
                return moment
        raise KeyError(f"scenario {self.id!r} has no moment {moment_id!r}")

    def barrier(self, barrier_id: str) -> Barrier:
        for barrier in self.barriers:
            if barrier.id == barrier_id:
                return barrier
        raise KeyError(f"scenario {self.id!r} has no barrier {barrier_id!r}")

    @property
    def cite(self) -> tuple[str, ...]:
        """Every reference key the barriers cite, once each, in order."""
        return tuple(dict.fromkeys(key for b in self.barriers for key in b.cite))


def scenario_path(activity_id: str) -> Path:
    """Scenario files live with the other activities: course/activities/<activity_id>.yml."""
    return activity_path(activity_id)


def is_scenario_data(data: object) -> bool:
    """True for loaded YAML that is a scenario (a mapping with a `moments` list)."""
    return isinstance(data, dict) and "moments" in data


# ------------------------------------------------------------------------------------------------ loading


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file; raise ContentError listing every problem as `file:line: message`."""
    reader, top, scenario_id = open_activity(path, "scenario", TOP_FIELDS)
    texts = {key: reader.text(top, key, "scenario") for key in ("title", "person", "instructions", "question",
                                                                 "ending", "closing")}
    barriers, barrier_lines = _read_barriers(reader, top)
    # Declared ids (even of entries with other problems), so one mistake is not reported again as "unknown".
    moments, choice_lines, moment_ids = _read_moments(reader, top, set(barrier_lines))
    used = {choice.barrier for moment in moments for choice in moment.choices}
    for barrier_id, line in barrier_lines.items():
        if barrier_id not in used:
            reader.problem(line, f"barrier {barrier_id!r} is never used by a choice; use it or remove it")
    _check_graph(reader, top, moments, choice_lines, moment_ids)
    reader.finish()
    return Scenario(scenario_id, *(texts[k] or "" for k in texts), tuple(barriers.values()),
                    tuple(moments))


def _read_barriers(reader: Reader, top: LineDict) -> tuple[dict[str, Barrier], dict[str, int]]:
    barriers: dict[str, Barrier] = {}
    seen: dict[str, int] = {}
    for index, entry in reader.entries(top, "barriers", "barrier", BARRIER_FIELDS):
        barrier_id = _short_id(reader, entry, f"barrier #{index}", "dissonance")
        reader.unique(seen, barrier_id, entry.line_of("id"), "barrier id")
        where = f"barrier {barrier_id or '#' + str(index)}"
        name, about, helps = (reader.text(entry, key, where) for key in ("name", "about", "helps"))
        cite = _read_cite(reader, entry, where)
        if barrier_id and barrier_id not in barriers and name and about and helps:
            barriers[barrier_id] = Barrier(barrier_id, name, about, helps, cite)
    if "barriers" in top and not seen:
        reader.problem(top.line_of("barriers"), "scenario: give at least one barrier")
    return barriers, seen


def _read_moments(reader: Reader, top: LineDict, barriers: set[str]
                  ) -> tuple[list[Moment], dict[tuple[str, int], int], set[str]]:
    """The moments, the line of each choice's `next` (keyed by moment id and choice number), and every id."""
    moments: list[Moment] = []
    seen: dict[str, int] = {}
    next_lines: dict[tuple[str, int], int] = {}
    for index, entry in reader.entries(top, "moments", "moment", MOMENT_FIELDS):
        moment_id = _short_id(reader, entry, f"moment #{index}", "apology")
        if moment_id == END:
            reader.problem(entry.line_of("id"), f"moment #{index}: the id {END!r} is kept for the end of a path")
        reader.unique(seen, moment_id, entry.line_of("id"), "moment id")
        where = f"moment {moment_id or '#' + str(index)}"
        title, text = reader.text(entry, "title", where), reader.text(entry, "text", where)
        choices = []
        count = 0
        for number, raw in reader.entries(entry, "choices", f"{where}: choice", CHOICE_FIELDS):
            count = number
            choice = _read_choice(reader, raw, f"{where}: choice #{number}", barriers)
            if choice is not None:
                choices.append(choice)
                if moment_id:
                    next_lines[(moment_id, len(choices) - 1)] = raw.line_of("next")
        if "choices" in entry and count < 2:
            reader.problem(entry.line_of("choices"), f"{where}: give at least two choices, got {count}")
        if moment_id and moment_id != END and title and text and choices and len(choices) == count:
            moments.append(Moment(moment_id, title, text, tuple(choices)))
    if "moments" in top and not seen:
        reader.problem(top.line_of("moments"), "scenario: give at least one moment")
    return moments, next_lines, set(seen)


def _read_choice(reader: Reader, raw: LineDict, where: str, barriers: set[str]) -> Choice | None:
    text, barrier, feedback, target = (reader.text(raw, key, where) for key in ("text", "barrier", "feedback",
                                                                                 "next"))
    if barrier and barriers and barrier not in barriers:
        reader.problem(raw.line_of("barrier"), f"{where}: barrier {barrier!r} is not one of the barriers "
                                               f"({', '.join(sorted(barriers))})")
        return None
    if text and barrier and feedback and target:
        return Choice(text, barrier, feedback, target)
    return None


def _check_graph(reader: Reader, top: LineDict, moments: list[Moment], next_lines: dict[tuple[str, int], int],
                 moment_ids: set[str]) -> None:
    """Every `next` names a moment or `end`; every moment can be reached; no path loops, so every path ends."""
    known = {m.id: m for m in moments}
    for moment in moments:
        for number, choice in enumerate(moment.choices):
            if choice.next != END and choice.next not in moment_ids:
                hint = ", ".join([*(m.id for m in moments), END])
                reader.problem(next_lines[(moment.id, number)], f"moment {moment.id}: choice #{number + 1}: next "
                                                                f"{choice.next!r} is not a moment (use one of: {hint})")
    if not moments or reader.problems:
        return  # a graph with broken links or missing moments would only add confusing follow-on problems
    reached: set[str] = set()
    state: dict[str, str] = {}  # "open" while on the current path, "done" once every path from it ends

    def visit(moment: Moment) -> None:
        reached.add(moment.id)
        state[moment.id] = "open"
        for number, choice in enumerate(moment.choices):
            if choice.next == END:
                continue
            if state.get(choice.next) == "open":
                reader.problem(next_lines[(moment.id, number)],
                               f"moment {moment.id}: choice #{number + 1} leads back to {choice.next!r}, so a path "
                               f"could go round for ever; every path must reach {END!r}")
            elif choice.next not in state:
                visit(known[choice.next])
        state[moment.id] = "done"

    visit(moments[0])
    for moment in moments:
        if moment.id not in reached:
            moments_list = top.get("moments")
            line = next((moments_list.line_of(i) for i, raw in enumerate(moments_list)
                         if isinstance(raw, dict) and raw.get("id") == moment.id), None)
            reader.problem(line, f"moment {moment.id} cannot be reached from the first moment "
                                 f"({moments[0].id}); point a choice's next to it, or remove it")
    if not any(c.next == END for m in moments for c in m.choices):
        reader.problem(top.line_of("moments"), f"scenario: no choice leads to {END!r}, so no path ends")


def _short_id(reader: Reader, entry: LineDict, where: str, example: str) -> str | None:
    value = reader.text(entry, "id", where)
    if value and not SHORT_ID.match(value):
        reader.problem(entry.line_of("id"), f"{where}: id must be short lower-case words, like {example!r}")
        return None
    return value


def _read_cite(reader: Reader, entry: LineDict, where: str) -> tuple[str, ...]:
    raw = entry.get("cite")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    keys: LineList = reader.items(raw, entry.line_of("cite"), f"{where}: cite")
    for index, key in enumerate(keys):
        if not isinstance(key, str):
            reader.problem(keys.line_of(index), f"{where}: cite #{index + 1} must be a reference key, like "
                                                "festinger1957")
    return tuple(k for k in keys if isinstance(k, str))


# ------------------------------------------------------------------------------------------------ walking


@dataclass(frozen=True)
class Step:
    """One choice made on the way: at `moment`, the choice numbered `choice` (from 0)."""

    moment: str
    choice: int


@dataclass(frozen=True)
class Progress:
    """Where a learner is: the current moment (None once the path has ended) and the choices made so far."""

    current: str | None
    steps: tuple[Step, ...] = ()

    @property
    def ended(self) -> bool:
        return self.current is None

    @property
    def number(self) -> int:
        """The current moment's number on this path, counting from 1."""
        return len(self.steps) + 1


def start(scenario: Scenario) -> Progress:
    """A fresh walk through the scenario, at its first moment."""
    return Progress(scenario.first.id)


def choose(scenario: Scenario, progress: Progress, index: int) -> Progress:
    """Take choice `index` (from 0) at the current moment and move to where it leads."""
    if progress.ended:
        raise ValueError(f"scenario {scenario.id!r}: this path has ended; start again to choose")
    moment = scenario.moment(progress.current)
    if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < len(moment.choices):
        raise ValueError(f"moment {moment.id!r} has choices 0 to {len(moment.choices) - 1}, not {index!r}")
    target = moment.choices[index].next
    return Progress(None if target == END else target, (*progress.steps, Step(moment.id, index)))


def follow(scenario: Scenario, picks: list[int]) -> Progress:
    """The walk that makes these choices in turn, from the first moment."""
    progress = start(scenario)
    for index in picks:
        progress = choose(scenario, progress, index)
    return progress


def chosen(scenario: Scenario, progress: Progress) -> list[Choice]:
    """The choices made so far, in order."""
    return [scenario.moment(step.moment).choices[step.choice] for step in progress.steps]


def barriers_met(scenario: Scenario, progress: Progress) -> list[Barrier]:
    """The barriers the learner's choices reflected, each once, in the order first met."""
    ids = dict.fromkeys(choice.barrier for choice in chosen(scenario, progress))
    return [scenario.barrier(barrier_id) for barrier_id in ids]


def summary_text(scenario: Scenario, progress: Progress) -> str:
    """The end-of-path summary as plain text: how many barriers, each by name, then the closing words."""
    met = barriers_met(scenario, progress)
    if not met:
        return "No choices made yet."
    count = "one barrier" if len(met) == 1 else f"{len(met)} barriers"
    names = "; ".join(b.name for b in met)
    return f"On this path, {scenario.person}'s thoughts reflected {count}: {names}. {scenario.closing}"


def path_lengths(scenario: Scenario) -> tuple[int, int]:
    """The fewest and the most moments on any path from the first moment to the end."""
    memo: dict[str, tuple[int, int]] = {}

    def lengths(moment_id: str) -> tuple[int, int]:
        if moment_id not in memo:
            ends = [(0, 0) if c.next == END else lengths(c.next) for c in scenario.moment(moment_id).choices]
            memo[moment_id] = (1 + min(e[0] for e in ends), 1 + max(e[1] for e in ends))
        return memo[moment_id]

    return lengths(scenario.first.id)


def text_parts(scenario: Scenario) -> list[str]:
    """Every piece of text a learner can read in the scenario (for reading-level checks)."""
    parts = [scenario.title, scenario.instructions, scenario.question, scenario.ending, scenario.closing]
    for barrier in scenario.barriers:
        parts += [barrier.name, barrier.about, barrier.helps]
    for moment in scenario.moments:
        parts += [moment.title, moment.text]
        parts += [f"{c.text}\n{c.feedback}" for c in moment.choices]
    return parts
