"""Benchmark for the intermittent-reinforcement simulator. It reports; it does not assert.

1. The model: 10,000 learners x 200 trials, vectorised with numpy, against a plain Python loop over learners
   doing the same work (rewards, then trials to extinction for the three learner models). The loop is timed
   on fewer learners and scaled up, and the lines say so.
2. The view: kernel-side time from a control change to a new figure PNG in the Output widget, computed live
   and read from the stored frames (the browser edition's path).

Run `python tests/bench/bench_reinforcement.py`, or call `run()` for the lines.
"""

from __future__ import annotations

import math
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench._stats import percentile  # noqa: E402
from widgets.learner.models import reinforcement as rm  # noqa: E402
from widgets.learner.views.reinforcement_widget import time_control_change  # noqa: E402

N_LEARNERS, N_TRIALS, RATIO, SEED = 10_000, 200, 3, 2026
LOOP_LEARNERS = 400
LEARNERS = rm.default_learners()


def vectorised(n_learners: int = N_LEARNERS) -> list[float]:
    """Mean trials to extinction per model, all learners at once."""
    r = rm.rewards(rm.Schedule.variable_ratio(RATIO), n_learners, N_TRIALS, SEED)
    return [float(m.extinction_trials(r).mean()) for m in LEARNERS]


def one_learner(rng: random.Random, rw: rm.RescorlaWagner, alpha: float) -> tuple[int, int, int]:
    """Trials to extinction for one learner under each model, the plain-Python way."""
    v, rewarded, run, longest = 0.0, 0, 0, 0
    for _ in range(N_TRIALS):
        r = rng.random() < 1 / RATIO
        v += rw.learning_rate * (r - v)
        rewarded += r
        longest, run = (max(longest, run), 0) if r else (longest, run + 1)
    rw_trials = 0
    while v > rw.threshold:
        rw_trials += 1
        v -= rw.learning_rate * v
    p_hat = rewarded / N_TRIALS
    k = 1 if p_hat == 1 else (0 if p_hat == 0 else math.ceil(math.log(alpha) / math.log(1 - p_hat)))
    return rw_trials, k, (longest + 1 if rewarded else 0)


def python_loop(n_learners: int = LOOP_LEARNERS) -> list[float]:
    """The same work as `vectorised`, one learner at a time."""
    rng = random.Random(SEED)
    rw, detector = LEARNERS[0], LEARNERS[1]
    results = [one_learner(rng, rw, detector.alpha) for _ in range(n_learners)]
    return [sum(column) / n_learners for column in zip(*results, strict=True)]


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of `repeat` calls, after one warm-up call."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def model_lines() -> list[str]:
    fast = median_seconds(vectorised, repeat=9)
    loop = median_seconds(python_loop, repeat=3) * (N_LEARNERS / LOOP_LEARNERS)
    fast_means, loop_means = vectorised(), python_loop(2000)
    agree = ", ".join(f"{m.key} {a:.1f} vs {b:.1f}" for m, a, b in zip(LEARNERS, fast_means, loop_means,
                                                                      strict=True))
    return [
        f"reinforcement model: {N_LEARNERS:,} learners x {N_TRIALS} trials (VR-{RATIO}, rewards + 3 learner "
        f"models), vectorised: median {fast * 1e3:.1f} ms over 9 runs (aim: well under 100 ms)",
        f"reinforcement model: plain Python loop over learners, timed on {LOOP_LEARNERS} learners and scaled "
        f"x{N_LEARNERS // LOOP_LEARNERS}: {loop:.2f} s",
        f"reinforcement model: vectorised is {loop / fast:.0f}x faster (aim: >= 50x)",
        f"reinforcement model: mean trials to extinction, vectorised vs loop (same work?): {agree}",
    ]


def view_lines(n: int = 20) -> list[str]:
    time_control_change(n=2)  # warm-up: imports, font cache, first background
    times = time_control_change(n=n)
    median, p90 = statistics.median(times), percentile(times, 90)
    stored = time_control_change(n=n, live=False)  # the browser edition's path: frames read from a file
    return [f"reinforcement view: control change -> new figure PNG, kernel-side, {n} changes: "
            f"median {median * 1e3:.1f} ms, p90 {p90 * 1e3:.1f} ms (aim: median <= 100 ms)",
            f"reinforcement view, stored frames (browser edition, no numpy): median "
            f"{statistics.median(stored) * 1e3:.2f} ms, {median / statistics.median(stored):.0f}x faster than live"]


def run() -> list[str]:
    """The benchmark's printable lines."""
    return model_lines() + view_lines()


if __name__ == "__main__":
    print("\n".join(run()))
