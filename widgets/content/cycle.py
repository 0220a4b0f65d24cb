"""The cycle timeline (module 02): the phases of a cycle model of abuse, read from course/activities/*.yml.

Pure model: loading, validation (`file:line: message`, like the card sorts) and stepping through the phases
with wrap-around. The view is in cycle_view.py.

A cycle file is told apart from a card sort by its `phases` list (`is_cycle_data`), so both kinds live in
course/activities/ and `python -m widgets check` validates each with its own loader.

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

import re
from dataclasses import dataclass
from pathlib import Path

from ._yaml import LineDict
from .files import Reader, activity_path, open_activity

__all__ = [
    "DEFAULT_CYCLE",
    "PHASE_FIELDS",
    "Cycle",
    "Phase",
    "cycle_path",
    "describe",
    "is_cycle_data",
    "load_cycle",
    "next_position",
    "phase_at",
    "position_label",
    "previous_position",
    "step",
]

DEFAULT_CYCLE = "02_cycle"
"""Module 02's cycle file, used when `cycle_timeline()` is called without an id."""
TOP_FIELDS = {"id", "title", "instructions", "caveat", "cite", "phases"}
PHASE_FIELDS = ("id", "name", "description", "person_using_abuse", "person_harmed", "schedule_link")
PHASE_ID = re.compile(r"^[a-z][a-z0-9_-]*$")
# How each part of a phase is introduced, in the view and in the text description.
HEADINGS = {
    "person_using_abuse": "What the person using abuse may do",
    "person_harmed": "What the person being harmed may feel",
    "schedule_link": "Link to reward schedules",
}


@dataclass(frozen=True)
class Phase:
    id: str
    name: str
    description: str
    person_using_abuse: str
    person_harmed: str
    schedule_link: str


@dataclass(frozen=True)
class Cycle:
    id: str
    title: str
    instructions: str
    caveat: str
    phases: tuple[Phase, ...]
    cite: tuple[str, ...] = ()

    def __len__(self) -> int:
        return len(self.phases)


def cycle_path(activity_id: str) -> Path:
    """Cycle files live with the other activities: course/activities/<activity_id>.yml."""
    return activity_path(activity_id)


def is_cycle_data(data: object) -> bool:
    """True for loaded YAML that is a cycle (a mapping with a `phases` list), not a card sort."""
    return isinstance(data, dict) and "phases" in data


def load_cycle(path: Path) -> Cycle:
    """Read and validate a cycle file; raise ContentError listing every problem as `file:line: message`."""
    reader, top, cycle_id = open_activity(path, "cycle", TOP_FIELDS)
    title = reader.text(top, "title", "cycle")
    instructions = reader.text(top, "instructions", "cycle")
    caveat = reader.text(top, "caveat", "cycle")
    cite = _read_cite(reader, top)
    phases: list[Phase] = []
    seen: dict[str, int] = {}
    raw_count = 0
    for i, entry in reader.entries(top, "phases", "phase", set(PHASE_FIELDS)):
        raw_count = i
        phase = _read_phase(reader, entry, i, seen)
        if phase is not None:
            phases.append(phase)
    if "phases" in top and raw_count < 2:
        reader.problem(top.line_of("phases"), f"cycle: give at least two phases, got {raw_count}")
    reader.finish()
    return Cycle(cycle_id, title or "", instructions or "", caveat or "", tuple(phases), cite)


def _read_phase(reader: Reader, entry: LineDict, index: int, seen: dict[str, int]) -> Phase | None:
    phase_id = reader.text(entry, "id", f"phase #{index}")
    where = f"phase {phase_id or '#' + str(index)}"
    if phase_id and not PHASE_ID.match(phase_id):
        reader.problem(entry.line_of("id"), f"{where}: id must be short lower-case words, like 'tension'")
    reader.unique(seen, phase_id, entry.line_of("id"), "phase id")
    values = {name: reader.text(entry, name, where) for name in PHASE_FIELDS[1:]}
    if phase_id and all(values.values()):
        return Phase(phase_id, **values)
    return None


def _read_cite(reader: Reader, top: LineDict) -> tuple[str, ...]:
    raw = top.get("cite")
    if raw is None:
        return ()
    if isinstance(raw, str):
        return (raw,)
    keys = reader.items(raw, top.line_of("cite"), "cycle: cite")
    for index, key in enumerate(keys):
        if not isinstance(key, str):
            reader.problem(keys.line_of(index), f"cycle: cite #{index + 1} must be a reference key, like walker1979")
    return tuple(k for k in keys if isinstance(k, str))


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
