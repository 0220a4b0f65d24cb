"""The intermittent-reinforcement model: schedules, learners, PREE, the model-vs-experiment table."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from widgets.learner.models.reinforcement import (
    EXPERIMENT,
    MAX_K,
    ORIGINAL_DEMONSTRATION,
    SCHEDULE_KINDS,
    Detector,
    RescorlaWagner,
    Schedule,
    Sequential,
    comparison_table,
    detection_k,
    format_table,
    longest_rewarded_run,
    rewards,
    schedule_for_rate,
    shows_pree,
    simulate,
    survival,
    trials_to_extinction,
)

ALL_SCHEDULES = [Schedule(kind, 3) for kind in SCHEDULE_KINDS]


def mean_trials(learner, schedule, n_learners=2000, seed=7) -> float:
    return float(trials_to_extinction(learner, schedule, n_learners=n_learners, seed=seed).mean())


# ------------------------------------------------------------------------------------------------ schedules


@pytest.mark.parametrize("schedule", ALL_SCHEDULES, ids=lambda s: s.label)
def test_rewards_have_one_row_per_learner_and_one_column_per_trial(schedule):
    r = rewards(schedule, 37, 150, seed=1)
    assert r.shape == (37, 150)
    assert r.dtype == bool


def test_continuous_rewards_every_response():
    assert rewards(Schedule.continuous(), 5, 40, seed=0).all()


@pytest.mark.parametrize("n", [1, 2, 3, 7])
def test_fixed_ratio_rewards_exactly_every_nth_response(n):
    r = rewards(Schedule.fixed_ratio(n), 4, 50, seed=0)
    for row in r:
        rewarded = np.flatnonzero(row) + 1  # response numbers, counting from 1
        assert list(rewarded) == list(range(n, 51, n))


def test_fixed_interval_rewards_first_response_after_t_trials():
    r = rewards(Schedule.fixed_interval(4), 3, 20, seed=0)
    assert all(list(np.flatnonzero(row) + 1) == [4, 8, 12, 16, 20] for row in r)


def test_variable_interval_waits_vary_around_the_mean():
    r = rewards(Schedule.variable_interval(5), 500, 200, seed=3)
    waits = np.concatenate([np.diff(np.flatnonzero(np.r_[True, row])) for row in r])
    assert waits.min() >= 1 and waits.max() <= 9
    assert len(set(waits.tolist())) > 1
    assert waits.mean() == pytest.approx(5, rel=0.05)


@pytest.mark.parametrize("schedule", ALL_SCHEDULES + [Schedule.variable_ratio(5)], ids=lambda s: s.label)
def test_reward_probability_matches_the_long_run_share_rewarded(schedule):
    r = rewards(schedule, 400, 600, seed=11)
    assert r.mean() == pytest.approx(schedule.reward_probability, abs=0.01)


def test_same_seed_same_rewards_and_different_seed_different_rewards():
    for schedule in (Schedule.variable_ratio(3), Schedule.variable_interval(4)):
        a, b = rewards(schedule, 50, 100, seed=5), rewards(schedule, 50, 100, seed=5)
        assert np.array_equal(a, b)
        assert not np.array_equal(a, rewards(schedule, 50, 100, seed=6))


def test_learners_differ_from_each_other_under_random_schedules():
    r = rewards(Schedule.variable_ratio(3), 20, 100, seed=2)
    assert len({row.tobytes() for row in r}) == 20


def test_schedule_labels_and_continuous_ignores_its_value():
    assert Schedule.continuous().label == "CRF"
    assert Schedule("continuous", 9).value == 1
    assert Schedule.variable_interval(6).label == "VI-6"
    assert Schedule.fixed_ratio(4).reward_probability == 0.25


# ------------------------------------------------------------------------------------------------ errors


@pytest.mark.parametrize(
    ("call", "words"),
    [
        (lambda: detection_k(1.5), "reward probability must be between 0 and 1, got 1.5"),
        (lambda: detection_k(np.array([0.2, -0.1])), "reward probability must be between 0 and 1, got -0.1"),
        (lambda: detection_k(float("nan")), "reward probability must be between 0 and 1, got nan"),
        (lambda: detection_k(0.5, alpha=1.0), "alpha"),
        (lambda: Detector(alpha=0), "alpha"),
        (lambda: Schedule.fixed_ratio(0), "ratio (responses per reward) must be a whole number of at least"),
        (lambda: Schedule.variable_interval(0), "interval (trials) must be a whole number of at least 1"),
        (lambda: Schedule.variable_ratio(2.5), "got 2.5"),
        (lambda: Schedule("slot_machine", 3), "schedule kind must be one of"),
        (lambda: rewards(Schedule.continuous(), 0, 10, seed=1), "n_learners (number of learners)"),
        (lambda: rewards(Schedule.continuous(), 5, 0, seed=1), "n_trials"),
        (lambda: rewards(Schedule.continuous(), 5, 5, seed=-1), "seed"),
        (lambda: RescorlaWagner(learning_rate=0), "learning_rate must be more than 0 and at most 1, got 0"),
        (lambda: RescorlaWagner(threshold=1.2), "threshold must be strictly between 0 and 1, got 1.2"),
        (lambda: simulate(Detector(), Schedule.continuous(), n_extinction=0), "n_extinction"),
        (lambda: schedule_for_rate(0), "reward rate"),
        (lambda: Detector().extinction_trials(np.ones(5, dtype=bool)), "rewards must be a 2-D array"),
    ],
)
def test_bad_parameters_raise_a_clear_value_error(call, words):
    with pytest.raises(ValueError) as info:
        call()
    assert words in str(info.value)


# ------------------------------------------------------------------------------------------------ learners


def test_detection_k_follows_the_formula():
    for p, alpha in [(0.3, 0.05), (0.5, 0.05), (0.2, 0.01), (0.9, 0.1)]:
        k = detection_k(p, alpha)
        assert (1 - p) ** k < alpha <= (1 - p) ** (k - 1)  # the first run of misses that is unlikely enough
    assert detection_k(1.0) == 1
    assert detection_k(0.0) == 0
    assert detection_k(1e-300) == MAX_K


@settings(max_examples=200, deadline=None)
@given(st.floats(min_value=0.0, max_value=1.0), st.floats(min_value=0.0, max_value=1.0),
       st.floats(min_value=1e-6, max_value=0.999))
def test_detection_k_never_grows_when_reward_is_more_reliable(p1, p2, alpha):
    low, high = sorted((p1, p2))
    if low > 0:
        assert detection_k(high, alpha) <= detection_k(low, alpha)


@settings(max_examples=100, deadline=None)
@given(st.floats(min_value=1e-4, max_value=0.9999), st.floats(min_value=1e-4, max_value=0.5),
       st.floats(min_value=1e-4, max_value=0.5))
def test_detection_k_waits_longer_when_alpha_is_stricter(p, a1, a2):
    strict, loose = sorted((a1, a2))
    assert detection_k(p, strict) >= detection_k(p, loose)


def test_detection_k_on_arrays_keeps_the_shape():
    k = detection_k(np.array([[1.0, 0.5], [0.25, 0.0]]))
    assert k.shape == (2, 2) and k.dtype == np.int64


def rw_by_hand(rewards_row, a, threshold, max_trials=10_000) -> int:
    """The Rescorla–Wagner rule run trial by trial, the slow way."""
    v = 0.0
    for r in rewards_row:
        v += a * (float(r) - v)
    responses = 0
    while v > threshold and responses < max_trials:
        responses += 1
        v += a * (0.0 - v)
    return responses


@pytest.mark.parametrize(("a", "threshold"), [(0.1, 0.2), (0.3, 0.05), (1.0, 0.5), (0.05, 0.9)])
def test_rescorla_wagner_closed_form_matches_trial_by_trial_rule(a, threshold):
    r = rewards(Schedule.variable_ratio(2), 60, 80, seed=4)
    model = RescorlaWagner(learning_rate=a, threshold=threshold)
    fast = model.extinction_trials(r)
    assert [rw_by_hand(row, a, threshold) for row in r] == fast.tolist()


def test_rescorla_wagner_expectation_is_the_mean_learned_value():
    r = rewards(Schedule.variable_ratio(3), 30, 50, seed=8)
    model = RescorlaWagner(learning_rate=0.2)
    values = np.zeros((30, 50))
    v = np.zeros(30)
    for t in range(50):
        v += 0.2 * (r[:, t] - v)
        values[:, t] = v
    assert np.allclose(model.expectation(r), values.mean(axis=0))
    assert np.allclose(model.final_values(r), v)


def test_detector_expectation_ends_at_the_share_rewarded():
    r = rewards(Schedule.variable_ratio(4), 100, 200, seed=9)
    assert Detector().expectation(r)[-1] == pytest.approx(r.mean())


def test_sequential_learner_uses_the_longest_rewarded_run_of_misses():
    # row 0: runs of misses ending in reward are 2, 0 and 3; the last run of 4 was never rewarded
    r = np.array([[0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 0],
                  [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
                  [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]], dtype=bool)
    assert longest_rewarded_run(r).tolist() == [3, 0, 0]
    assert Sequential().extinction_trials(r).tolist() == [4, 1, 0]


def test_survival_is_the_share_still_responding():
    trials = np.array([0, 1, 1, 3, 10])
    assert survival(trials, 4).tolist() == pytest.approx([0.8, 0.4, 0.4, 0.2])  # trials >= 1, 2, 3, 4


# ------------------------------------------------------------------------------------------------ PREE


def test_detector_shows_pree_more_trials_after_partial_reward():
    partial, continuous = Schedule.variable_ratio(3), Schedule.continuous()
    assert mean_trials(Detector(), partial) > 3 * mean_trials(Detector(), continuous)


@pytest.mark.parametrize("n", [2, 3, 5, 10])
def test_detector_trials_scale_roughly_as_three_over_p(n):
    p = 1 / n
    expected = -math.log(0.05) / p  # ≈ 3/p
    assert 0.75 * expected < mean_trials(Detector(), Schedule.variable_ratio(n)) < 1.35 * expected


def test_rescorla_wagner_does_not_show_pree():
    partial = mean_trials(RescorlaWagner(), Schedule.variable_ratio(3))
    continuous = mean_trials(RescorlaWagner(), Schedule.continuous())
    assert not partial > continuous
    assert partial < continuous  # it goes the wrong way


def test_sequential_learner_shows_pree():
    one_in_5, one_in_3 = Schedule.variable_ratio(5), Schedule.variable_ratio(3)
    assert mean_trials(Sequential(), one_in_5) > mean_trials(Sequential(), one_in_3)
    assert mean_trials(Sequential(), one_in_3) > mean_trials(Sequential(), Schedule.continuous())


def test_simulate_returns_traces_for_plotting():
    size = {"n_learners": 500, "n_trials": 80, "n_extinction": 30, "seed": 3}
    sim = simulate(Detector(), Schedule.variable_ratio(3), **size)
    assert sim.expectation.shape == (80,) and sim.survival.shape == (30,) and sim.trials.shape == (500,)
    assert np.all(np.diff(sim.survival) <= 0)
    assert sim.mean_trials == pytest.approx(sim.trials.mean())
    again = simulate(Detector(), Schedule.variable_ratio(3), **size)
    assert np.array_equal(sim.trials, again.trials)


# ------------------------------------------------------------------------------------------------ table


def test_table_has_the_experimental_rates_and_sources():
    rows = comparison_table(n_learners=500)
    assert [round(row.reward_rate, 2) for row in rows] == [1.0, 0.33, 0.2]
    assert [row.experiment_ratio for row in rows] == [1.0, 3.0, 5.0]
    assert {row.cite for row in rows} == {"chan2019"}
    assert ORIGINAL_DEMONSTRATION.cite == "humphreys1939" and ORIGINAL_DEMONSTRATION.ratio is None
    assert EXPERIMENT[0].reward_rate == 1.0


def test_table_model_columns_are_computed_by_the_models():
    rows = comparison_table(n_learners=800, seed=21)
    for row in rows:
        schedule = schedule_for_rate(row.reward_rate)
        assert row.schedule == schedule
        for learner in (RescorlaWagner(), Detector(), Sequential()):
            expected = mean_trials(learner, schedule, n_learners=800, seed=21)
            baseline = mean_trials(learner, Schedule.continuous(), n_learners=800, seed=21)
            assert row.mean_trials[learner.key] == pytest.approx(expected)
            assert row.model_ratios[learner.key] == pytest.approx(expected / baseline)


def test_table_changes_when_a_model_parameter_changes():
    strict = comparison_table((Detector(alpha=0.01),), n_learners=500)
    loose = comparison_table((Detector(alpha=0.2),), n_learners=500)
    assert strict[1].model_ratios["detector"] > loose[1].model_ratios["detector"]
    rw_fast = comparison_table((RescorlaWagner(learning_rate=0.5),), n_learners=500)
    rw_slow = comparison_table((RescorlaWagner(learning_rate=0.05),), n_learners=500)
    assert rw_fast[0].mean_trials["rw"] != rw_slow[0].mean_trials["rw"]


def test_which_models_match_the_direction_of_the_experiments():
    rows = comparison_table(n_learners=1000)
    assert shows_pree(rows, "detector")
    assert shows_pree(rows, "sequential")
    assert not shows_pree(rows, "rw")


def test_format_table_shows_every_row_and_the_sources():
    rows = comparison_table(n_learners=300)
    text = format_table(rows)
    assert text.count("\n| ") == 1 + len(rows)  # the rule line, then one line per row
    assert "chan2019" in text and "humphreys1939" in text
    assert f"{rows[1].model_ratios['detector']:.1f}×" in text
