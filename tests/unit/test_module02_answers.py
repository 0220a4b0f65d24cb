"""Module 02's facilitator guide quotes the simulator's numbers: they must be the numbers the simulator shows."""

from __future__ import annotations

import re

import pytest

from widgets.content.course import load_course
from widgets.content.cycle import DEFAULT_CYCLE, load_cycle
from widgets.content.files import activity_path
from widgets.learner.models import reinforcement as rm
from widgets.learner.views.reinforcement import State, _trials, simulations

GUIDE = load_course().module("02").path("guide").read_text(encoding="utf-8")
ANSWERS = GUIDE.split("### Simulator and cycle answers", 1)[1]


def row(first_cell: str) -> list[str]:
    match = re.search(rf"^\| {re.escape(first_cell)} \|(.*)\|$", ANSWERS, re.MULTILINE)
    assert match, f"no row {first_cell!r} in the guide's answers"
    return [cell.strip() for cell in match.group(1).split("|")]


@pytest.mark.parametrize(("label", "schedule", "value"), [
    ("Continuous (every response)", "continuous", 1),
    ("Variable ratio 3", "variable_ratio", 3),
    ("Variable ratio 5", "variable_ratio", 5),
    ("Variable ratio 10", "variable_ratio", 10),
    ("Fixed ratio 3", "fixed_ratio", 3),
])
def test_guide_trials_match_the_simulator(label: str, schedule: str, value: int) -> None:
    sims = simulations(State(schedule=schedule, value=value, model="both"))
    rw, detector = row(label)[:2]
    assert rw == _trials(sims["rw"].mean_trials).replace("almost no trials", "almost none").removesuffix(" trials")
    assert detector == _trials(sims["detector"].mean_trials).removesuffix(" trials").removesuffix(" trial")


@pytest.mark.parametrize("share", ["33%", "20%"])
def test_guide_ratios_match_the_comparison_table(share: str) -> None:
    rows = {f"{r.reward_rate:.0%}": r for r in rm.comparison_table(seed=2026)}
    experiment, detector, sequential, rw = row(share)
    found = rows[share]
    assert experiment == f"about {found.experiment_ratio:g}×"
    assert [detector, sequential, rw] == [f"{found.model_ratios[k]:.1f}×" for k in ("detector", "sequential", "rw")]


def test_guide_lists_the_cycle_phases_in_order() -> None:
    cycle = load_cycle(activity_path(DEFAULT_CYCLE))
    for number, phase in enumerate(cycle.phases, start=1):
        assert row(str(number))[0] == phase.name
