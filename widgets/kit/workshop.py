"""Workshop plans from the module minutes in course.yml: a one-day and a two-day timetable with breaks.

Pure model. The rules (shown on the facilitator index too): modules stay in teaching order; modules are grouped
into blocks of at most BLOCK_LIMIT minutes; a break follows every block but the last; on a full day the break
nearest the middle of the day is a lunch break; the two-day plan splits the modules where the two days come
closest in length and runs each day as a half day with short breaks.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from ..content.course import Course, Module

BLOCK_LIMIT = 110
SHORT_BREAK = 15
LUNCH = 45
DAY_START = 9 * 60  # 09:00, in minutes after midnight


@dataclass(frozen=True)
class Slot:
    kind: str  # "module", "break" or "lunch"
    label: str
    minutes: int
    start: int  # minutes after midnight
    module_id: str = ""

    @property
    def end(self) -> int:
        return self.start + self.minutes


@dataclass(frozen=True)
class Day:
    number: int
    slots: tuple[Slot, ...]

    @property
    def module_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if s.kind == "module")

    @property
    def break_minutes(self) -> int:
        return sum(s.minutes for s in self.slots if s.kind != "module")

    @property
    def total(self) -> int:
        return self.module_minutes + self.break_minutes

    @property
    def start(self) -> int:
        return self.slots[0].start

    @property
    def end(self) -> int:
        return self.slots[-1].end


@dataclass(frozen=True)
class Plan:
    name: str
    days: tuple[Day, ...]

    @property
    def module_minutes(self) -> int:
        return sum(d.module_minutes for d in self.days)

    @property
    def break_minutes(self) -> int:
        return sum(d.break_minutes for d in self.days)

    @property
    def total(self) -> int:
        return self.module_minutes + self.break_minutes


def blocks(modules: Sequence[Module], limit: int = BLOCK_LIMIT) -> list[list[Module]]:
    """Modules in order, grouped so no block runs past `limit` minutes (a longer module is a block alone)."""
    out: list[list[Module]] = []
    for module in modules:
        if out and sum(m.minutes for m in out[-1]) + module.minutes <= limit:
            out[-1].append(module)
        else:
            out.append([module])
    return out


def plan_day(modules: Sequence[Module], number: int, lunch: bool, start: int = DAY_START) -> Day:
    """One day's timetable: blocks of modules with a break after each block but the last."""
    groups = blocks(modules)
    ends, elapsed = [], 0
    for group in groups[:-1]:
        elapsed += sum(m.minutes for m in group)
        ends.append(elapsed)
    middle = sum(m.minutes for m in modules) / 2
    lunch_at = min(range(len(ends)), key=lambda i: abs(ends[i] - middle)) if lunch and len(ends) >= 2 else None
    slots: list[Slot] = []
    clock = start
    for i, group in enumerate(groups):
        for module in group:
            slots.append(Slot("module", f"Module {module.id}: {module.title}", module.minutes, clock, module.id))
            clock += module.minutes
        if i < len(groups) - 1:
            kind, minutes = ("lunch", LUNCH) if i == lunch_at else ("break", SHORT_BREAK)
            slots.append(Slot(kind, "Lunch break" if kind == "lunch" else "Break", minutes, clock))
            clock += minutes
    return Day(number, tuple(slots))


def one_day(course: Course) -> Plan:
    return Plan("One-day workshop", (plan_day(course.modules, 1, lunch=True),))


def two_day(course: Course) -> Plan:
    """Split the modules (in order) where the two days are closest in length; each day is a half day."""
    modules = list(course.modules)
    if len(modules) < 2:
        return Plan("Two-day workshop", (plan_day(modules, 1, lunch=False),))
    total = sum(m.minutes for m in modules)
    split = min(range(1, len(modules)),
                key=lambda k: abs(total - 2 * sum(m.minutes for m in modules[:k])))
    return Plan("Two-day workshop", (plan_day(modules[:split], 1, lunch=False),
                                     plan_day(modules[split:], 2, lunch=False)))


def clock(minutes: int) -> str:
    """Minutes after midnight as a 24-hour time: 545 → '09:05'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"
