"""The simulator view: callbacks as plain functions, and the widget driven by setting control values."""

from __future__ import annotations

import re

import ipywidgets as ipw
import matplotlib
import matplotlib.pyplot as plt
import pytest

from widgets.learner.models import reinforcement as rm
from widgets.learner.views import reinforcement as view
from widgets.learner.views.reinforcement import (
    MODEL_OPTIONS,
    SCHEDULE_OPTIONS,
    STYLES,
    SimulatorFigure,
    State,
    alt_text,
    describe,
    render_png,
    simulations,
    table_html,
)
from widgets.learner.views.reinforcement_widget import (
    ReinforcementSimulator,
    output_png,
    reinforcement_simulator,
    time_control_change,
)

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
OKABE_ITO = {"#E69F00", "#56B4E9", "#009E73", "#F0E442", "#0072B2", "#D55E00", "#CC79A7", "#000000"}


@pytest.fixture
def sim() -> ReinforcementSimulator:
    widget = reinforcement_simulator(seed=2026)
    assert isinstance(widget, ReinforcementSimulator)
    return widget


def shown_png(widget: ReinforcementSimulator) -> bytes:
    (output,) = widget.figure_output.outputs
    return output_png(output)


# ------------------------------------------------------------------------------------------ plain functions


def test_tests_run_with_the_agg_backend():
    assert matplotlib.get_backend().lower() == "agg"


def test_render_png_gives_png_bytes_that_change_with_the_state():
    first = render_png(State(schedule="variable_ratio", value=3))
    second = render_png(State(schedule="fixed_interval", value=6))
    assert first.startswith(PNG_SIGNATURE) and second.startswith(PNG_SIGNATURE)
    assert first != second
    assert render_png(State(schedule="variable_ratio", value=3)) == first  # seeded and deterministic


def test_description_reports_the_models_numbers():
    state = State(schedule="variable_ratio", value=4, model="both")
    sims = simulations(state)
    text = describe(state)
    assert "variable ratio" in text and "1 in 4" in text
    for sim in sims.values():
        assert f"about {round(sim.mean_trials)} trials" in text
    baseline = simulations(State(schedule="continuous", model="both"))
    assert f"about {round(baseline['rw'].mean_trials)} trials after reward every time" in text


def test_description_says_which_model_matches_the_experiments():
    text = describe(State(schedule="variable_ratio", value=3, model="both"))
    assert "The detector kept going longer when only some responses paid off. Experiments find the same." \
        in text
    assert "Rescorla–Wagner gave up sooner. Experiments find the opposite." in text


def test_description_follows_a_changed_model_parameter(monkeypatch):
    state = State(schedule="variable_ratio", value=3, model="detector")
    before = describe(state)
    monkeypatch.setitem(view.LEARNERS, "detector", rm.Detector(alpha=0.001))
    assert describe(state) != before


def test_description_names_each_line_style_so_colour_is_not_the_only_cue():
    text = describe(State(model="both"))
    assert "solid line with circles" in text and "dashed line with squares" in text


def test_describe_only_the_chosen_model():
    text = describe(State(model="rw"))
    assert "Rescorla–Wagner" in text and "detector" not in text


def test_alt_text_is_short_and_names_the_schedule():
    state = State(schedule="fixed_ratio", value=5)
    text = alt_text(state)
    assert "FR-5" in text and len(text) < 200


def test_bad_state_raises_a_clear_error():
    with pytest.raises(ValueError, match="model must be one of"):
        State(model="pavlov")
    with pytest.raises(ValueError, match="ratio"):
        State(schedule="fixed_ratio", value=0)


def test_lines_use_okabe_ito_colours_and_distinct_styles_and_markers():
    assert {style["color"].upper() for style in STYLES.values()} <= OKABE_ITO
    assert len({style["linestyle"] for style in STYLES.values()}) == len(STYLES)
    assert len({style["marker"] for style in STYLES.values()}) == len(STYLES)


def test_figure_lines_hold_the_simulated_data():
    state = State(model="both", n_trials=50, n_extinction=20)
    figure = SimulatorFigure()
    sims = simulations(state)
    figure.update(state, sims)
    for key, line in figure.lines.items():
        y = line.get_ydata()
        assert len(y) == 50 + 1 + 20
        assert list(y[:50]) == pytest.approx(list(sims[key].expectation))
        assert list(y[51:]) == pytest.approx(list(sims[key].survival))
    figure.update(State(model="rw", n_trials=50, n_extinction=20), sims)
    assert figure.lines["rw"].get_visible() and not figure.lines["detector"].get_visible()


def test_table_html_has_a_caption_and_the_computed_ratios():
    rows = rm.comparison_table(n_learners=400, seed=3)
    text = table_html(rows)
    assert "<caption>" in text and "<table" in text and 'scope="col"' in text
    for row in rows:
        assert f"{row.model_ratios['detector']:.1f}×" in text
        assert f"{row.model_ratios['rw']:.1f}×" in text
    assert "Chan &amp; Harris, 2019" in text and "Humphreys (1939)" in text


def test_table_summary_is_computed_not_typed():
    rows = rm.comparison_table((rm.Detector(), rm.RescorlaWagner()), n_learners=400, seed=3)
    assert "The detector goes the same way as the experiments" in table_html(rows)
    assert "Rescorla–Wagner does not go the way the experiments do" in table_html(rows)


def test_table_summary_follows_the_size_of_the_effect():
    def rows(ratios: tuple[float, float, float]) -> list[rm.ComparisonRow]:
        return [rm.ComparisonRow(rate, rm.schedule_for_rate(rate), exp, "chan2019", {"detector": 1.0},
                                 {"detector": ratio})
                for rate, exp, ratio in zip((1.0, 1 / 3, 0.2), (1.0, 3.0, 5.0), ratios, strict=True)]

    assert "but by more" in table_html(rows((1.0, 8.0, 14.0)))
    assert "but by about as much" in table_html(rows((1.0, 3.1, 5.2)))
    assert "but by less" in table_html(rows((1.0, 1.5, 2.0)))
    assert "does not go the way" in table_html(rows((1.0, 0.5, 0.2)))


# ------------------------------------------------------------------------------------------------ the widget


def test_widget_builds_and_shows_one_png_with_alt_text(sim):
    assert isinstance(sim, ipw.Widget)
    (output,) = sim.figure_output.outputs
    assert output["output_type"] == "display_data"
    assert shown_png(sim).startswith(PNG_SIGNATURE)
    assert "VR-3" in output["data"]["text/plain"]
    # Front ends ignore an image/png's alt, so the figure is an HTML <img> carrying it, and is sent only once.
    assert set(output["data"]) == {"text/html", "text/plain"}
    assert f'alt="{output["data"]["text/plain"]}"' in output["data"]["text/html"]
    assert output["data"]["text/html"].count("data:image/png;base64,") == 1


def test_every_control_has_an_accessible_name(sim):
    for control in (sim.schedule_control, sim.value_control, sim.model_control):
        assert control.description.strip()
    assert {key for _, key in SCHEDULE_OPTIONS} == set(rm.SCHEDULE_KINDS)
    assert {key for _, key in MODEL_OPTIONS} == {"rw", "detector", "both"}


def test_changing_the_schedule_changes_the_description_and_the_figure(sim):
    text, png = sim.text.value, shown_png(sim)
    sim.schedule_control.value = "fixed_ratio"
    assert sim.text.value != text and "fixed ratio" in sim.text.value
    assert shown_png(sim) != png
    assert len(sim.figure_output.outputs) == 1


def test_widget_figure_is_the_plain_functions_figure(sim):
    for kind, value, model in [("fixed_interval", 4, "rw"), ("variable_ratio", 8, "both")]:
        sim.schedule_control.value, sim.value_control.value, sim.model_control.value = kind, value, model
        assert shown_png(sim) == render_png(State(schedule=kind, value=value, model=model, seed=2026))


def test_changing_the_slider_and_model_change_the_description(sim):
    sim.value_control.value = 7
    assert "1 in 7" in sim.text.value
    sim.model_control.value = "detector"
    assert "Rescorla" not in sim.text.value


def test_widget_text_matches_the_plain_function(sim):
    sim.schedule_control.value = "variable_interval"
    sim.value_control.value = 5
    plain = describe(sim.state)
    assert plain in sim.text.value.replace("&#x27;", "'").replace("&quot;", '"')


def test_value_control_follows_the_schedule(sim):
    sim.schedule_control.value = "fixed_interval"
    assert "Interval" in sim.value_control.description
    sim.schedule_control.value = "continuous"
    assert sim.value_control.disabled
    sim.schedule_control.value = "fixed_ratio"
    assert not sim.value_control.disabled and "Ratio" in sim.value_control.description


def test_same_seed_same_widget_output():
    a, b = reinforcement_simulator(seed=5), reinforcement_simulator(seed=5)
    assert a.text.value == b.text.value and shown_png(a) == shown_png(b)
    assert shown_png(reinforcement_simulator(seed=6)) != shown_png(a)


def test_text_repr_is_the_description_without_memory_addresses(sim):
    text = sim._repr_mimebundle_()["text/plain"]
    assert sim.description_text in text
    assert not re.search(r"0x[0-9a-f]{6,}|<Figure size", text)


def test_no_pyplot_figures_are_left_open():
    before = plt.get_fignums()
    widget = reinforcement_simulator()
    for kind in rm.SCHEDULE_KINDS:
        widget.schedule_control.value = kind
    render_png(State())
    assert plt.get_fignums() == before


def test_time_control_change_reports_one_time_per_change():
    times = time_control_change(n=4)
    assert len(times) == 4 and all(t > 0 for t in times)
