"""The cycle timeline (module 02): the phases of a cycle model of abuse, read from course/activities/*.yml.

Pure model: loading (the file's shape is `schema.Cycle`; here, the rules across its entries) and stepping
through the phases with wrap-around. The view is in widgets/learner/views/cycle.py.

A cycle file is told apart from a card sort by its `phases` list (`schema.schema_name_for`), so both kinds live
in course/activities/ and `python -m widgets check` validates each with its own loader.

```yaml
id: 02_cycle                      # must match the file name
title: The cycle model
instructions: Press "Next phase" and "Previous phase" to move around the cycle.
caveat: This is one common pattern, not a rule. ...
cite: [walker1979, dutton1993b]   # optional reference keys
phases:                           # two or more, in the order the model describes
  - id: tension                   # short, unique in the file
    name: Tension building
    description: What this phase is, in plain words.
    person_using_abuse: What the person using abuse may do.
    person_harmed: What the person being harmed may feel.
    schedule_link: How this phase links to the reward-schedule idea.
```
"""

from __future__ import annotations

from pathlib import Path

from .files import read_activity
from .schema import PHASE_FIELDS, Cycle, Phase

__all__ = [
    "DEFAULT_CYCLE",
    "PHASE_FIELDS",
    "Cycle",
    "Phase",
    "describe",
    "load_cycle",
    "next_position",
    "phase_at",
    "position_label",
    "previous_position",
    "step",
]

DEFAULT_CYCLE = "02_cycle"
"""Module 02's cycle file, used when `cycle_timeline()` is called without an id."""
# How each part of a phase is introduced, in the view and in the text description.
HEADINGS = {
    "person_using_abuse": "What the person using abuse may do",
    "person_harmed": "What the person being harmed may feel",
    "schedule_link": "Link to reward schedules",
}


def load_cycle(path: Path) -> Cycle:
    """Read and validate a cycle file (schema: `schema.Cycle`); raise ContentError listing every problem as
    `file:line: message`."""
    reader, cycle = read_activity(path, Cycle)
    seen: dict[str, int] = {}
    for phase in cycle.phases if cycle else ():
        reader.unique(seen, phase.id, phase.line_of("id"), "phase id")
    reader.finish()
    return cycle


# ------------------------------------------------------------------------------------------------ stepping


def _count(cycle: Cycle) -> int:
    if not cycle.phases:
        raise ValueError(f"cycle {cycle.id!r} has no phases")
    return len(cycle.phases)


def step(cycle: Cycle, position: int, delta: int) -> int:
    """The position `delta` phases on from `position` (negative goes back); it wraps round, as a cycle does."""
    return (position + delta) % _count(cycle)


def next_position(cycle: Cycle, position: int) -> int:
    """The next phase; after the last phase comes the first again."""
    return step(cycle, position, 1)


def previous_position(cycle: Cycle, position: int) -> int:
    """The phase before; before the first phase comes the last."""
    return step(cycle, position, -1)


def phase_at(cycle: Cycle, position: int) -> Phase:
    """The phase at a learner's position (0 is the first phase; any whole number wraps round)."""
    if isinstance(position, bool) or not isinstance(position, int):
        raise TypeError(f"position must be a whole number, got {position!r}")
    return cycle.phases[position % _count(cycle)]


def position_label(cycle: Cycle, position: int) -> str:
    """'Phase 2 of 4: Incident'."""
    n = _count(cycle)
    return f"Phase {position % n + 1} of {n}: {phase_at(cycle, position).name}"


def describe(cycle: Cycle, position: int) -> str:
    """The phase at `position` as plain text: the label, the description and each part, then the caveat."""
    phase = phase_at(cycle, position)
    n = _count(cycle)
    after = phase_at(cycle, position + 1).name
    parts = [f"{position_label(cycle, position)}.", phase.description]
    parts += [f"{heading}: {getattr(phase, name)}" for name, heading in HEADINGS.items()]
    parts.append(f"Next comes phase {(position + 1) % n + 1}: {after}.")
    parts.append(cycle.caveat)
    return " ".join(parts)
