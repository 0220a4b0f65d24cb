"""Intermittent reinforcement and the partial reinforcement extinction effect (PREE): a teaching model.

Many simulated learners are trained on a reward schedule (acquisition), then reward stops (extinction) and
we count how many more times each one responds before giving up. Three learners are compared:

- `RescorlaWagner` (rescorla1972): `V += a*(r - V)`, responds while `V > threshold`. It does **not** show the
  PREE: after partial reward V is lower, so it gives up *sooner*.
- `Detector` ("has reward stopped?"): learns the reward rate p̂, then gives up after k misses in a row once
  such a run would be unlikely if reward were still on, `(1 - p̂)**k < alpha`. It shows the PREE, k ≈ 3/p.
  Rate-based accounts (gallistel2000) work in the same direction. Its ratios against continuous reward are
  larger than the experiments' (after reward every time it quits at the first miss); `comparison_table`
  shows this rather than hiding it.
- `Sequential` (capaldi1966): keeps responding while the current run of misses is no longer than the longest
  run of misses it has seen end in a reward.

Experiments: Humphreys (humphreys1939) first showed that partial reward slows extinction; Chan & Harris
(chan2019) found extinction took about 3 times as many trials after 33 % reward and about 5 times after 20 %.

What this model leaves out (say so wherever it is shown):
- It is an analogy for why hope persists, not a model of people. People are not rats or pigeons: they think,
  talk, plan, have histories, and live in families, cultures and economies.
- It has no power imbalance, fear, threats or control, which are central to abusive relationships.
- The PREE is robust *between groups* of learners but weaker, absent or even reversed *within one learner*
  (pree2013); the model shows a group effect only.
- Trials are discrete; every learner responds on every acquisition trial, so fixed-interval and fixed-ratio
  schedules give the same rewards here (in real life they differ by how fast one responds).

Pure: numpy and dataclasses only, no widgets or plotting. Randomness: `numpy.random.default_rng(seed)`.
`Schedule` lives in `.schedule`, without numpy, so the simulator's controls work where numpy is absent.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import ClassVar, Protocol

import numpy as np

from .schedule import SCHEDULE_KINDS, Schedule, check_between, check_int

__all__ = [
    "EXPERIMENT",
    "MAX_K",
    "ORIGINAL_DEMONSTRATION",
    "SCHEDULE_KINDS",
    "ComparisonRow",
    "Detector",
    "Finding",
    "Learner",
    "RescorlaWagner",
    "Schedule",
    "Sequential",
    "Simulation",
    "comparison_table",
    "default_learners",
    "detection_k",
    "format_table",
    "longest_rewarded_run",
    "rewards",
    "schedule_for_rate",
    "shows_pree",
    "simulate",
    "survival",
    "trials_to_extinction",
]

MAX_K = 10**9
"""Largest number of misses a learner will wait through (caps k when the learned reward rate is tiny)."""


# --------------------------------------------------------------------------------------------- validation


def _check_probabilities(name: str, p: np.ndarray) -> None:
    """Every entry of p in [0, 1]; the message shows the first bad value."""
    bad = ~((p >= 0.0) & (p <= 1.0))
    if bad.any():
        raise ValueError(f"{name} must be between 0 and 1, got {p[bad].flat[0]:g}")


def _check_rewards(rewards_: np.ndarray) -> np.ndarray:
    """A 2-D boolean array (n_learners, n_trials) with at least one learner and one trial."""
    r = np.asarray(rewards_)
    if r.ndim != 2 or r.shape[0] < 1 or r.shape[1] < 1:
        raise ValueError(f"rewards must be a 2-D array (n_learners, n_trials) with at least one of each, "
                         f"got shape {r.shape}")
    if r.dtype != bool:
        if not np.isin(r, (0, 1)).all():
            raise ValueError("rewards must hold only True/False (or 1/0) values")
        r = r.astype(bool)
    return r


# ----------------------------------------------------------------------------------------------- schedules


def rewards(schedule: Schedule, n_learners: int, n_trials: int, seed: int) -> np.ndarray:
    """Boolean rewards, shape (n_learners, n_trials), for acquisition; the same seed gives the same array."""
    n_learners = check_int("n_learners (number of learners)", n_learners, 1)
    n_trials = check_int("n_trials (number of learning trials)", n_trials, 1)
    seed = check_int("seed", seed, 0)
    rng = np.random.default_rng(seed)
    n = schedule.value
    if schedule.kind == "variable_ratio":  # a 1-in-n draw for every response (small ints are fast to draw)
        small = np.uint16 if n <= 65535 else np.int64
        return rng.integers(0, n, size=(n_learners, n_trials), dtype=small) == 0
    if schedule.kind == "variable_interval":
        return _variable_interval(rng, n, n_learners, n_trials)
    every_nth = (np.arange(1, n_trials + 1) % n) == 0  # continuous, FR-n and FI-t (responding every trial)
    return np.tile(every_nth, (n_learners, 1))


def _variable_interval(rng: np.random.Generator, t: int, n_learners: int, n_trials: int) -> np.ndarray:
    """Rewards at the end of waits drawn evenly from 1..2t-1 trials, all learners at once."""
    n_gaps = min(n_trials, 2 * (n_trials // t) + 16)
    gaps = rng.integers(1, 2 * t, size=(n_learners, n_gaps), dtype=np.int32)
    while n_gaps < n_trials and gaps.sum(axis=1).min() < n_trials:  # rarely needed: draw more waits
        more = rng.integers(1, 2 * t, size=(n_learners, n_gaps), dtype=np.int32)
        gaps, n_gaps = np.concatenate([gaps, more], axis=1), 2 * n_gaps
    positions = np.cumsum(gaps, axis=1, dtype=np.int64) - 1
    keep = positions < n_trials
    flat = (positions + (np.arange(n_learners, dtype=np.int64) * n_trials)[:, None])[keep]
    out = np.zeros(n_learners * n_trials, dtype=bool)
    out[flat] = True
    return out.reshape(n_learners, n_trials)


# ------------------------------------------------------------------------------------------------ learners


class Learner(Protocol):
    """What every learner model offers; all methods work on all learners at once."""

    key: ClassVar[str]
    label: ClassVar[str]

    def expectation(self, rewards_: np.ndarray) -> np.ndarray:
        """Mean over learners of what the model has learned after each trial, shape (n_trials,)."""
        ...

    def extinction_trials(self, rewards_: np.ndarray) -> np.ndarray:
        """Responses each learner makes after reward stops, shape (n_learners,), capped at MAX_K."""
        ...


def _running_share(rewards_: np.ndarray) -> np.ndarray:
    """Mean over learners of the share of trials rewarded so far, shape (n_trials,)."""
    per_trial = rewards_.mean(axis=0)
    return np.cumsum(per_trial) / np.arange(1, per_trial.size + 1)


@dataclass(frozen=True)
class RescorlaWagner:
    """Rescorla–Wagner: `V += learning_rate * (r - V)` from V = 0; in extinction responds while V > threshold.

    As for every learner here, responding during acquisition is set by the schedule (a response every trial).
    """

    learning_rate: float = 0.1
    threshold: float = 0.2
    key: ClassVar[str] = "rw"
    label: ClassVar[str] = "Rescorla–Wagner"

    def __post_init__(self) -> None:
        check_between("learning_rate", self.learning_rate, 0, 1, open_low=True)
        check_between("threshold", self.threshold, 0, 1, open_low=True, open_high=True)

    def final_values(self, rewards_: np.ndarray) -> np.ndarray:
        """V after the last acquisition trial for each learner (a weighted sum of rewards)."""
        r = _check_rewards(rewards_)
        a = self.learning_rate
        weights = a * (1.0 - a) ** np.arange(r.shape[1] - 1, -1, -1)
        # Bytes -> float32 -> matrix-vector product is ~4x faster than numpy's bool @ float64 path here,
        # and float32's ~1e-7 error is far below any threshold a learner compares V with.
        return (r.view(np.uint8).astype(np.float32) @ weights.astype(np.float32)).astype(np.float64)

    def expectation(self, rewards_: np.ndarray) -> np.ndarray:
        """Mean V after each trial; V is linear in the rewards, so this is RW run on the mean rewards."""
        per_trial = _check_rewards(rewards_).mean(axis=0)
        out, v = np.empty_like(per_trial), 0.0
        for i, r in enumerate(per_trial):
            v += self.learning_rate * (r - v)
            out[i] = v
        return out

    def extinction_trials(self, rewards_: np.ndarray) -> np.ndarray:
        """Smallest k with V0 * (1 - a)**k <= threshold (0 if V0 is already at or below it)."""
        v0 = self.final_values(rewards_)
        return _rw_trials(v0, self.learning_rate, self.threshold)


def _rw_trials(v0: np.ndarray, a: float, threshold: float) -> np.ndarray:
    """Responses in extinction for RW learners starting at v0 (closed form of the trial-by-trial rule)."""
    responding = v0 > threshold
    if a >= 1.0:
        return responding.astype(np.int64)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = np.ceil(np.log(threshold / np.where(responding, v0, 1.0)) / math.log1p(-a))
    return np.where(responding, np.clip(k, 1, MAX_K), 0).astype(np.int64)


@dataclass(frozen=True)
class Detector:
    """'Has reward stopped?': learns p̂, the share of trials rewarded; quits after detection_k(p̂) misses."""

    alpha: float = 0.05
    key: ClassVar[str] = "detector"
    label: ClassVar[str] = "“Has it stopped?” detector"

    def __post_init__(self) -> None:
        check_between("alpha (how unlikely a run of misses must be)", self.alpha, 0, 1,
                       open_low=True, open_high=True)

    def expectation(self, rewards_: np.ndarray) -> np.ndarray:
        """Mean learned reward rate p̂ after each trial."""
        return _running_share(_check_rewards(rewards_))

    def extinction_trials(self, rewards_: np.ndarray) -> np.ndarray:
        """k = detection_k(p̂) for each learner."""
        r = _check_rewards(rewards_)
        return detection_k(np.count_nonzero(r, axis=1) / r.shape[1], self.alpha)


@dataclass(frozen=True)
class Sequential:
    """Capaldi-style: keeps going while the run of misses is no longer than the longest rewarded one."""

    key: ClassVar[str] = "sequential"
    label: ClassVar[str] = "Sequential (Capaldi)"

    def expectation(self, rewards_: np.ndarray) -> np.ndarray:
        """It remembers runs of misses, not a value; this is the reward rate it has experienced."""
        return _running_share(_check_rewards(rewards_))

    def extinction_trials(self, rewards_: np.ndarray) -> np.ndarray:
        """Longest rewarded run of misses + 1 (0 for a learner never rewarded)."""
        r = _check_rewards(rewards_)
        longest = longest_rewarded_run(r)
        return np.where(r.any(axis=1), longest + 1, 0).astype(np.int64)


def longest_rewarded_run(rewards_: np.ndarray) -> np.ndarray:
    """For each learner, the longest run of unrewarded trials that ended in a reward (0 if none)."""
    r = _check_rewards(rewards_)
    n_learners, n_trials = r.shape
    out = np.zeros(n_learners, dtype=np.int64)
    counts = np.count_nonzero(r, axis=1)
    flat = np.flatnonzero(r)  # rewarded trials, learner by learner, in order
    if flat.size == 0:
        return out
    runs = np.empty_like(flat)
    runs[1:] = flat[1:] - flat[:-1] - 1  # misses since the previous reward
    rewarded = counts > 0
    starts = (np.cumsum(counts) - counts)[rewarded]  # each learner's first reward ...
    runs[starts] = flat[starts] - np.flatnonzero(rewarded) * n_trials  # ... follows every trial before it
    out[rewarded] = np.maximum.reduceat(runs, starts)
    return out


def detection_k(p_hat: float | np.ndarray, alpha: float = 0.05) -> int | np.ndarray:
    """Misses in a row before giving up: k = ceil(ln alpha / ln(1 - p̂)), so that (1 - p̂)**k < alpha.

    1 when p̂ = 1; 0 when p̂ = 0 (never rewarded, nothing to extinguish); capped at MAX_K.
    A scalar gives an int, an array an int64 array of the same shape.
    """
    alpha = check_between("alpha (how unlikely a run of misses must be)", alpha, 0, 1,
                           open_low=True, open_high=True)
    p = np.asarray(p_hat, dtype=float)
    _check_probabilities("reward probability", p)
    with np.errstate(divide="ignore", invalid="ignore", over="ignore"):
        k = np.ceil(math.log(alpha) / np.log1p(-p))
    k = np.where(p >= 1.0, 1.0, np.where(p <= 0.0, 0.0, np.clip(k, 1, MAX_K))).astype(np.int64)
    return int(k) if k.ndim == 0 else k


def default_learners() -> tuple[RescorlaWagner, Detector, Sequential]:
    """The three learners with their default parameters."""
    return RescorlaWagner(), Detector(), Sequential()


# ------------------------------------------------------------------------------------------------ simulation


@dataclass(frozen=True)
class Simulation:
    """One learner model on one schedule, averaged over learners."""

    learner: str
    schedule: Schedule
    expectation: np.ndarray  # (n_trials,) what it learned, trial by trial
    survival: np.ndarray  # (n_extinction,) share still responding on extinction trial 1, 2, ...
    trials: np.ndarray  # (n_learners,) responses after reward stopped

    @property
    def mean_trials(self) -> float:
        """Mean responses after reward stopped."""
        return float(self.trials.mean())


def trials_to_extinction(learner: Learner, schedule: Schedule, *, n_learners: int = 2000, n_trials: int = 200,
                         seed: int = 2026) -> np.ndarray:
    """Responses each learner makes after reward stops, shape (n_learners,)."""
    return learner.extinction_trials(rewards(schedule, n_learners, n_trials, seed))


def simulate(learner: Learner, schedule: Schedule, *, n_learners: int = 2000, n_trials: int = 200,
             n_extinction: int = 60, seed: int = 2026) -> Simulation:
    """Train on the schedule, stop reward, and follow the learners for n_extinction trials."""
    n_extinction = check_int("n_extinction (number of extinction trials shown)", n_extinction, 1)
    r = rewards(schedule, n_learners, n_trials, seed)
    trials = learner.extinction_trials(r)
    return Simulation(learner.label, schedule, learner.expectation(r), survival(trials, n_extinction), trials)


def survival(trials: np.ndarray, n_extinction: int) -> np.ndarray:
    """Share of learners still responding on extinction trial j = 1..n_extinction (trials >= j)."""
    counts = np.bincount(np.clip(trials, 0, n_extinction), minlength=n_extinction + 1)
    return 1.0 - np.cumsum(counts)[:n_extinction] / trials.size


# --------------------------------------------------------------------------------------- model vs experiment


@dataclass(frozen=True)
class Finding:
    """An experimental result: after this reward rate, extinction took `ratio` times as many trials as after
    continuous reward (None for a qualitative finding)."""

    reward_rate: float
    ratio: float | None
    cite: str
    summary: str


EXPERIMENT: tuple[Finding, ...] = (
    Finding(1.0, 1.0, "chan2019", "continuous reward: the baseline"),
    Finding(1 / 3, 3.0, "chan2019", "about 3 times as many trials to extinction after 33 % reward"),
    Finding(0.2, 5.0, "chan2019", "about 5 times as many trials to extinction after 20 % reward"),
)
ORIGINAL_DEMONSTRATION = Finding(0.5, None, "humphreys1939",
                                 "partial reward made extinction slower than continuous reward (first shown)")


def schedule_for_rate(reward_rate: float) -> Schedule:
    """The schedule the table uses for a reward rate: continuous for 1, else variable ratio 1/rate."""
    rate = check_between("reward rate", reward_rate, 0, 1, open_low=True)
    return Schedule.continuous() if rate == 1.0 else Schedule.variable_ratio(round(1 / rate))


@dataclass(frozen=True)
class ComparisonRow:
    """One reward rate: the experiment's ratio and, computed here, each model's mean trials and ratio."""

    reward_rate: float
    schedule: Schedule
    experiment_ratio: float
    cite: str
    mean_trials: dict[str, float] = field(default_factory=dict)  # learner key -> mean trials to extinction
    model_ratios: dict[str, float] = field(default_factory=dict)  # learner key -> ratio vs continuous


def comparison_table(learners: tuple[Learner, ...] | None = None, *, n_learners: int = 2000,
                     n_trials: int = 200, seed: int = 2026) -> list[ComparisonRow]:
    """Model vs. experiment, one row per reward rate in EXPERIMENT (100 %, 33 %, 20 %)."""
    learners = default_learners() if learners is None else learners
    means: dict[float, dict[str, float]] = {}
    for finding in EXPERIMENT:
        r = rewards(schedule_for_rate(finding.reward_rate), n_learners, n_trials, seed)
        means[finding.reward_rate] = {m.key: float(m.extinction_trials(r).mean()) for m in learners}
    base = means[1.0]
    return [ComparisonRow(f.reward_rate, schedule_for_rate(f.reward_rate), float(f.ratio), f.cite,
                          means[f.reward_rate],
                          {k: _ratio(v, base[k]) for k, v in means[f.reward_rate].items()})
            for f in EXPERIMENT if f.ratio is not None]


def _ratio(value: float, baseline: float) -> float:
    return value / baseline if baseline > 0 else math.inf


def shows_pree(rows: list[ComparisonRow], key: str) -> bool:
    """True when the model, like the experiments, needs more trials to give up as the reward rate falls."""
    ordered = sorted(rows, key=lambda row: -row.reward_rate)
    ratios = [row.model_ratios[key] for row in ordered]
    return all(later > earlier for earlier, later in zip(ratios, ratios[1:], strict=False))


def format_table(rows: list[ComparisonRow], labels: dict[str, str] | None = None) -> str:
    """A Markdown table of the comparison, with its sources."""
    labels = labels or {m.key: m.label for m in default_learners()}
    keys = [k for k in rows[0].model_ratios] if rows else []
    head = ["reward rate", "schedule", "experiment (chan2019)"] + [labels.get(k, k) for k in keys]
    lines = ["| " + " | ".join(head) + " |", "|" + " --- |" * len(head)]
    for row in rows:
        cells = [f"{row.reward_rate:.0%}", row.schedule.label, f"{row.experiment_ratio:g}×"]
        cells += [f"{row.model_ratios[k]:.1f}× ({row.mean_trials[k]:.1f} trials)" for k in keys]
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    lines.append("Ratios are trials to extinction compared with continuous reward. Model columns are "
                 "computed by the simulation. Partial reward was first shown to slow extinction by "
                 f"{ORIGINAL_DEMONSTRATION.cite}.")
    return "\n".join(lines)
