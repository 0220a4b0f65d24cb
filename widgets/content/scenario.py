"""Branching scenarios (module 04): follow a made-up person through a few moments, choose how they explain each
moment to themselves, and see which barrier to leaving that thought reflects.

Pure model: loading (the file's shape is `schema.Scenario`; here, the rules across its entries: ids, barriers,
paths), walking the branches and the end-of-path summary. The view is in widgets/learner/views/scenario.py.

A scenario file is told apart from other activities by its `moments` list (`schema.schema_name_for`), so it lives
in course/activities/ and `python -m widgets check` validates it with this loader.

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

from dataclasses import dataclass
from pathlib import Path

from .files import Reader, read_activity
from .schema import Barrier, Choice, Moment, Scenario

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
    "load_scenario",
    "path_lengths",
    "start",
    "summary_text",
    "text_parts",
]

END = "end"
"""The `next` of a choice that ends the path."""


# ------------------------------------------------------------------------------------------------ loading


def load_scenario(path: Path) -> Scenario:
    """Read and validate a scenario file (schema: `schema.Scenario`); raise ContentError listing every problem as
    `file:line: message`."""
    reader, scenario = read_activity(path, Scenario)
    if scenario is not None:
        _check_ids(reader, scenario)
        _check_graph(reader, scenario)
    reader.finish()
    return scenario


def _declared(reader: Reader, key: str) -> set[str]:
    """The ids written in the file's `key` list, even of entries with other problems, so one mistake is not
    reported again as an unknown id."""
    entries = reader.data.get(key) if isinstance(reader.data, dict) else None
    return {str(e["id"]) for e in entries or () if isinstance(e, dict) and e.get("id") is not None}


def _check_ids(reader: Reader, scenario: Scenario) -> None:
    """Ids are unique, `end` is kept for the end of a path, and every barrier is one a choice reflects."""
    for what, entries in (("barrier id", scenario.barriers), ("moment id", scenario.moments)):
        seen: dict[str, int] = {}
        for entry in entries:
            reader.unique(seen, entry.id, entry.line_of("id"), what)
    barriers = _declared(reader, "barriers")
    for moment in scenario.moments:
        if moment.id == END:
            reader.problem(moment.line_of("id"), f"moment {END}: the id {END!r} is kept for the end of a path")
        for number, choice in enumerate(moment.choices, start=1):
            if choice.barrier not in barriers:
                reader.problem(choice.line_of("barrier"), f"moment {moment.id}: choice #{number}: barrier "
                                                          f"{choice.barrier!r} is not one of the barriers "
                                                          f"({', '.join(sorted(barriers))})")
    used = {choice.barrier for moment in scenario.moments for choice in moment.choices}
    for barrier in scenario.barriers:
        if barrier.id not in used:
            reader.problem(barrier.line_of("id"), f"barrier {barrier.id!r} is never used by a choice; use it or "
                                                  "remove it")


def _check_graph(reader: Reader, scenario: Scenario) -> None:
    """Every `next` names a moment or `end`; every moment can be reached; no path loops, so every path ends."""
    moments = scenario.moments
    known = {m.id: m for m in moments}
    declared = _declared(reader, "moments")
    for moment in moments:
        for number, choice in enumerate(moment.choices, start=1):
            if choice.next != END and choice.next not in declared:
                hint = ", ".join([*(m.id for m in moments), END])
                reader.problem(choice.line_of("next"), f"moment {moment.id}: choice #{number}: next "
                                                       f"{choice.next!r} is not a moment (use one of: {hint})")
    if reader.problems:
        return  # a graph with broken links or missing moments would only add confusing follow-on problems
    reached: set[str] = set()
    state: dict[str, str] = {}  # "open" while on the current path, "done" once every path from it ends

    def visit(moment: Moment) -> None:
        reached.add(moment.id)
        state[moment.id] = "open"
        for number, choice in enumerate(moment.choices, start=1):
            if choice.next == END:
                continue
            if state.get(choice.next) == "open":
                reader.problem(choice.line_of("next"),
                               f"moment {moment.id}: choice #{number} leads back to {choice.next!r}, so a path "
                               f"could go round for ever; every path must reach {END!r}")
            elif choice.next not in state:
                visit(known[choice.next])
        state[moment.id] = "done"

    visit(moments[0])
    for moment in moments:
        if moment.id not in reached:
            reader.problem(moment.line, f"moment {moment.id} cannot be reached from the first moment "
                                        f"({moments[0].id}); point a choice's next to it, or remove it")
    if not any(c.next == END for m in moments for c in m.choices):
        reader.problem(scenario.line_of("moments"), f"scenario: no choice leads to {END!r}, so no path ends")


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
