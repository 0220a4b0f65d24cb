"""Reward schedules, without numpy: what the simulator's controls choose, and the checks for its parameters.

`widgets.learner.models.reinforcement` simulates learners on these schedules (with numpy). This module stays
free of numpy so that the simulator's controls work where numpy is absent (the browser edition).
"""

from __future__ import annotations

import math
import numbers
from dataclasses import dataclass

__all__ = ["SCHEDULE_KINDS", "Schedule", "check_between", "check_int"]

SCHEDULE_KINDS = ("continuous", "fixed_ratio", "variable_ratio", "fixed_interval", "variable_interval")
_SHORT = {"continuous": "CRF", "fixed_ratio": "FR", "variable_ratio": "VR", "fixed_interval": "FI",
          "variable_interval": "VI"}


def check_int(name: str, value: object, minimum: int) -> int:
    """A whole number >= minimum, or a ValueError naming the parameter."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be a whole number of at least {minimum}, got {value!r}")
    return int(value)


def check_between(name: str, value: object, low: float, high: float, *, open_low: bool = False,
                   open_high: bool = False) -> float:
    """A real number in [low, high] (ends open if asked), or a ValueError naming the parameter."""
    ok = isinstance(value, numbers.Real) and not isinstance(value, bool) and math.isfinite(float(value))
    if ok:
        v = float(value)
        ok = (v > low if open_low else v >= low) and (v < high if open_high else v <= high)
    if not ok:
        lower = f"more than {low:g}" if open_low else f"at least {low:g}"
        upper = f"less than {high:g}" if open_high else f"at most {high:g}"
        words = f"{lower} and {upper}"
        if open_low == open_high:
            words = f"{'strictly ' if open_low else ''}between {low:g} and {high:g}"
        raise ValueError(f"{name} must be {words}, got {value!r}")
    return float(value)


@dataclass(frozen=True)
class Schedule:
    """A reward schedule: `kind` (one of SCHEDULE_KINDS) and `value`, the ratio n or the interval t.

    Trials are chances to respond, and the learner responds on every acquisition trial.
    - continuous (CRF): every response is rewarded (value is ignored and set to 1);
    - fixed ratio FR-n: every n-th response;
    - variable ratio VR-n: each response rewarded with chance 1/n, at random (a "slot machine");
    - fixed interval FI-t: the first response once t trials have passed since the last reward;
    - variable interval VI-t: as FI, but each wait is drawn evenly from 1 to 2t - 1 trials (mean t).
    """

    kind: str
    value: int = 1

    def __post_init__(self) -> None:
        if self.kind not in SCHEDULE_KINDS:
            raise ValueError(f"schedule kind must be one of {', '.join(SCHEDULE_KINDS)}, got {self.kind!r}")
        name = "interval (trials)" if self.kind.endswith("interval") else "ratio (responses per reward)"
        value = 1 if self.kind == "continuous" else check_int(name, self.value, 1)
        object.__setattr__(self, "value", value)

    @classmethod
    def continuous(cls) -> Schedule:
        return cls("continuous")

    @classmethod
    def fixed_ratio(cls, n: int) -> Schedule:
        return cls("fixed_ratio", n)

    @classmethod
    def variable_ratio(cls, n: int) -> Schedule:
        return cls("variable_ratio", n)

    @classmethod
    def fixed_interval(cls, t: int) -> Schedule:
        return cls("fixed_interval", t)

    @classmethod
    def variable_interval(cls, t: int) -> Schedule:
        return cls("variable_interval", t)

    @property
    def reward_probability(self) -> float:
        """Long-run share of responses rewarded, p (1/n or 1/t; 1 for continuous)."""
        return 1.0 / self.value

    @property
    def label(self) -> str:
        """Short label, e.g. 'CRF', 'VR-3'."""
        short = _SHORT[self.kind]
        return short if self.kind == "continuous" else f"{short}-{self.value}"
