"""The simulator's controls and what one setting of them shows, without numpy, matplotlib or ipywidgets.

Both editions of the simulator share this module: the full one computes a `Frame` for a `State` with numpy
and matplotlib (`.reinforcement`), the browser edition looks it up in a file made at build time
(`.reinforcement_frames`). The controls offer `len(control_states())` settings (111), so every one is stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from ..models.schedule import Schedule

__all__ = [
    "DEFAULT_SEED",
    "LIMITS_TEXT",
    "MODEL_OPTIONS",
    "SCHEDULE_NAMES",
    "SCHEDULE_OPTIONS",
    "VALUE_RANGE",
    "Frame",
    "State",
    "control_states",
    "value_label",
]

SCHEDULE_OPTIONS = (
    ("Continuous (every response)", "continuous"),
    ("Fixed ratio (FR)", "fixed_ratio"),
    ("Variable ratio (VR)", "variable_ratio"),
    ("Fixed interval (FI)", "fixed_interval"),
    ("Variable interval (VI)", "variable_interval"),
)
SCHEDULE_NAMES = {key: label.split(" (")[0].lower() for label, key in SCHEDULE_OPTIONS}
MODEL_OPTIONS = (
    ("Rescorla–Wagner", "rw"),
    ("“Has it stopped?” detector", "detector"),
    ("Both", "both"),
)
VALUE_RANGE = range(2, 11)
"""The slider's values: ratio n or interval t (continuous reward has none)."""
DEFAULT_SEED = 2026
LIMITS_TEXT = (
    "This is a teaching model, not a model of people. People are not lab animals. "
    "The model has no fear, threats or power imbalance, which matter a lot in abuse. "
    "The effect is clear when groups are compared, but it is weaker, or missing, within one person. "
    "Use it as a picture of why hope can last."
)


@dataclass(frozen=True)
class State:
    """Everything the figure and text depend on; the controls set the first three fields."""

    schedule: str = "variable_ratio"
    value: int = 3
    model: str = "both"
    seed: int = DEFAULT_SEED
    n_learners: int = 2000
    n_trials: int = 100
    n_extinction: int = 60

    def __post_init__(self) -> None:
        if self.model not in {key for _, key in MODEL_OPTIONS}:
            choices = ", ".join(key for _, key in MODEL_OPTIONS)
            raise ValueError(f"model must be one of {choices}, got {self.model!r}")
        self.as_schedule()  # raises a clear ValueError for a bad schedule or value

    def as_schedule(self) -> Schedule:
        return Schedule(self.schedule, self.value)

    @property
    def keys(self) -> tuple[str, ...]:
        """The learner models shown, in drawing order."""
        return ("rw", "detector") if self.model == "both" else (self.model,)

    @property
    def frame_key(self) -> str:
        """What tells this state's figure apart from the others' (continuous reward ignores the slider)."""
        return f"{self.schedule}-{self.as_schedule().value}-{self.model}"


@dataclass(frozen=True)
class Frame:
    """What the simulator shows for one state: the figure, its alt text, and the description beside it."""

    png: bytes
    alt: str
    description: str


def control_states(seed: int = DEFAULT_SEED) -> Iterator[State]:
    """Every state the controls can reach, once each (continuous reward once per model)."""
    for _, model in MODEL_OPTIONS:
        for _, kind in SCHEDULE_OPTIONS:
            for value in VALUE_RANGE[:1] if kind == "continuous" else VALUE_RANGE:
                yield State(schedule=kind, value=value, model=model, seed=seed)


def value_label(kind: str) -> str:
    """The slider's label for a schedule kind."""
    return "Interval t (trials to wait)" if kind.endswith("interval") else "Ratio n (responses per reward)"
