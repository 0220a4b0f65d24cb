"""The intermittent-reinforcement simulator (module 02): controls, one persistent figure, a description.

The numbers come from the pure model in `widgets.learner.models.reinforcement`. Everything a control change
does is a plain function of a `State` (`simulations`, `describe`, `render_png`, `table_html`), so tests call them
without a browser. The figure is a `matplotlib.figure.Figure` made once (never through pyplot, so nothing is left open
and no `<Figure ...>` repr can leak) and re-rendered to PNG; the Output widget's outputs are replaced
kernel-side, never drawn inside `with out:`.
"""

from __future__ import annotations

import base64
import functools
import io
import time
from dataclasses import dataclass, replace

import ipywidgets as ipw
import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..models import reinforcement as rm
from ._view import CSS, FULL_WIDTH, esc

__all__ = [
    "MODEL_OPTIONS",
    "SCHEDULE_OPTIONS",
    "LIMITS_TEXT",
    "ReinforcementSimulator",
    "SimulatorFigure",
    "State",
    "alt_text",
    "describe",
    "reinforcement_simulator",
    "render_png",
    "schedule_phrase",
    "simulations",
    "table_html",
    "time_control_change",
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
LEARNERS = {"rw": rm.RescorlaWagner(), "detector": rm.Detector()}
SHORT_NAMES = {"rw": "Rescorla–Wagner", "detector": "the detector", "sequential": "the sequential model"}
# Okabe–Ito colours, each paired with its own line style and marker so colour is never the only cue.
STYLES = {
    "rw": {"color": "#0072B2", "linestyle": "-", "marker": "o"},
    "detector": {"color": "#D55E00", "linestyle": "--", "marker": "s"},
}
LINE_WORDS = {"rw": "Rescorla–Wagner is a solid line with circles",
              "detector": "the detector is a dashed line with squares"}
STOP_STYLE = {"color": "#000000", "linestyle": ":", "linewidth": 1.5}
LIMITS_TEXT = (
    "This is a teaching model, not a model of people. People are not lab animals. "
    "The model has no fear, threats or power imbalance, which matter a lot in abuse. "
    "The effect is clear when groups are compared, but it is weaker, or missing, within one person. "
    "Use it as a picture of why hope can last."
)
_CONTROL_STYLE = {"description_width": "initial"}
TABLE_CSS = """<style>
.pree-table { border-collapse: collapse; margin: 0.5em 0; }
.pree-table caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
.pree-table th, .pree-table td { text-align: left; padding: 0.2em 0.7em; border-bottom: 1px solid #999; }
</style>"""


@dataclass(frozen=True)
class State:
    """Everything the figure and text depend on; the controls set the first three fields."""

    schedule: str = "variable_ratio"
    value: int = 3
    model: str = "both"
    seed: int = 2026
    n_learners: int = 2000
    n_trials: int = 100
    n_extinction: int = 60

    def __post_init__(self) -> None:
        if self.model not in {key for _, key in MODEL_OPTIONS}:
            choices = ", ".join(key for _, key in MODEL_OPTIONS)
            raise ValueError(f"model must be one of {choices}, got {self.model!r}")
        self.as_schedule()  # raises a clear ValueError for a bad schedule or value

    def as_schedule(self) -> rm.Schedule:
        return rm.Schedule(self.schedule, self.value)

    @property
    def keys(self) -> tuple[str, ...]:
        """The learner models shown, in drawing order."""
        return ("rw", "detector") if self.model == "both" else (self.model,)


def simulations(state: State) -> dict[str, rm.Simulation]:
    """One simulation per learner shown, keyed by learner key."""
    size = {"n_learners": state.n_learners, "n_trials": state.n_trials, "n_extinction": state.n_extinction,
            "seed": state.seed}
    return {key: rm.simulate(LEARNERS[key], state.as_schedule(), **size) for key in state.keys}


def _baseline(state: State) -> dict[str, rm.Simulation]:
    """The same learners under continuous reward, for comparison."""
    return simulations(replace(state, schedule="continuous", value=1))


# ------------------------------------------------------------------------------------------------ words


def _ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def schedule_phrase(schedule: rm.Schedule) -> str:
    """How the schedule paid out, in plain words."""
    n = schedule.value
    return {
        "continuous": "every response was rewarded",
        "fixed_ratio": f"every {_ordinal(n)} response was rewarded",
        "variable_ratio": f"about 1 in {n} responses was rewarded, at random",
        "fixed_interval": f"the first response after each wait of {n} trials was rewarded",
        "variable_interval": f"the first response after a wait of about {n} trials was rewarded "
                             "(the wait changed)",
    }[schedule.kind]


def _trials(x: float) -> str:
    """'about 8 trials', 'about 1 trial', 'almost no trials'."""
    k = round(x)
    if k == 0:
        return "almost no trials" if x > 0 else "no trials"
    return "about 1 trial" if k == 1 else f"about {k} trials"


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _verdict(name: str, now: float, before: float) -> str:
    """Did this learner, like the experiments, give up more slowly after partial reward?"""
    if now > before:
        return f"{_cap(name)} kept going longer when only some responses paid off. Experiments find the same."
    if now < before:
        return f"{_cap(name)} gave up sooner. Experiments find the opposite."
    return f"{_cap(name)} gave up just as fast. In experiments, giving up is slower."


def _describe(state: State, sims: dict[str, rm.Simulation], base: dict[str, rm.Simulation]) -> str:
    schedule = state.as_schedule()
    parts = [f"Schedule: {SCHEDULE_NAMES[schedule.kind]}. While learning, {schedule_phrase(schedule)}."]
    for i, (key, sim) in enumerate(sims.items()):
        who = f"after reward stopped, {SHORT_NAMES[key]}" if i == 0 else SHORT_NAMES[key]
        compare = f" ({_trials(base[key].mean_trials)} after reward every time)"
        compare = "" if schedule.kind == "continuous" else compare
        parts.append(_cap(f"{who} kept going for {_trials(sim.mean_trials)}{compare}."))
    if schedule.kind == "continuous":
        parts.append("This is the baseline to compare the other schedules with.")
    else:
        parts += [_verdict(SHORT_NAMES[key], s.mean_trials, base[key].mean_trials) for key, s in sims.items()]
    parts.append(f"In the figure, reward is on up to trial {state.n_trials}. Each line shows how much "
                 "reward the learners expect. A dotted line marks where reward stops. After it, each line "
                 "shows the share of learners still responding. "
                 f"{_cap('; '.join(LINE_WORDS[key] for key in sims))}.")
    return " ".join(parts)


def describe(state: State) -> str:
    """A plain-text description of the figure for this state (for screen readers, beside the figure)."""
    return _describe(state, simulations(state), _baseline(state))


def alt_text(state: State, sims: dict[str, rm.Simulation] | None = None) -> str:
    """Short alt text for the figure image; the full description is beside it."""
    sims = simulations(state) if sims is None else sims
    results = "; ".join(f"{SHORT_NAMES[k]} gives up after {_trials(s.mean_trials)}" for k, s in sims.items())
    return f"Line chart for schedule {state.as_schedule().label}: after reward stops, {results}."


# ------------------------------------------------------------------------------------------------ figure


class SimulatorFigure:
    """One figure made once; `update` moves the lines' data and `png` renders it (Agg, no pyplot).

    The parts that do not change with the data (axes, ticks, labels, stop line) are drawn once per layout and
    kept as a background; each `png` call restores it and draws only the lines, title and legend on top.
    """

    def __init__(self) -> None:
        self.fig = Figure(figsize=(6.2, 3.9), dpi=90)
        self.canvas = FigureCanvasAgg(self.fig)
        self.fig.subplots_adjust(left=0.12, right=0.98, top=0.86, bottom=0.29)
        self.ax = self.fig.add_subplot()
        self.lines = {key: self.ax.plot([], [], markevery=10, markersize=5, linewidth=2, animated=True,
                                        **STYLES[key])[0] for key in STYLES}
        self.stop = self.ax.axvline(0, **STOP_STYLE, label="Reward stops")
        self.on_text = self.ax.text(1, 1.04, "Reward on", ha="left", va="bottom")
        self.off_text = self.ax.text(0, 1.04, "Reward stopped", ha="left", va="bottom")
        self.ax.set_ylim(0, 1.12)
        self.ax.set_yticks([0, 0.25, 0.5, 0.75, 1.0])
        self.ax.set_xlabel("Trial")
        self.ax.set_ylabel("Expected reward / share responding", fontsize=9)
        self.ax.title.set_animated(True)
        self.legend = None
        self._layout: tuple = ()
        self._backgrounds: dict[tuple, object] = {}

    def update(self, state: State, sims: dict[str, rm.Simulation]) -> None:
        """Set each line's data, the stop line, the title and the legend for this state."""
        t, m = state.n_trials, state.n_extinction
        self._set_layout(t, m)
        x = np.concatenate([np.arange(1, t + 1), [t + 0.5], np.arange(t + 1, t + m + 1)])
        for key, line in self.lines.items():
            sim = sims.get(key) if key in state.keys else None
            line.set_visible(sim is not None)
            if sim is not None:
                line.set_data(x, np.concatenate([sim.expectation, [np.nan], sim.survival]))
                line.set_label(f"{LEARNERS[key].label}: gives up after {_trials(sim.mean_trials)}")
        schedule = state.as_schedule()
        self.ax.set_title(f"{schedule.label}: {schedule_phrase(schedule)}", fontsize=9)
        shown = [line for line in self.lines.values() if line.get_visible()] + [self.stop]
        self.legend = self.ax.legend(handles=shown, loc="upper center", bbox_to_anchor=(0.45, -0.2), ncol=1,
                                     fontsize=8, frameon=False)
        self.legend.set_animated(True)

    def _set_layout(self, n_trials: int, n_extinction: int) -> None:
        """Move the stop line and limits when the number of trials changes (rare)."""
        layout = (n_trials, n_extinction)
        if layout != self._layout:
            self.stop.set_xdata([n_trials + 0.5, n_trials + 0.5])
            self.off_text.set_x(n_trials + 2)
            self.ax.set_xlim(0, n_trials + n_extinction + 1)
            self._layout = layout

    def png(self) -> bytes:
        """The figure as PNG bytes: the cached background, then the changing artists drawn on top."""
        background = self._backgrounds.get(self._layout)
        if background is None:
            self.canvas.draw()  # draws everything except the animated artists
            background = self._backgrounds[self._layout] = self.canvas.copy_from_bbox(self.fig.bbox)
        else:
            self.canvas.restore_region(background)
        for artist in [*self.lines.values(), self.ax.title, self.legend]:
            if artist is not None and artist.get_visible():
                self.ax.draw_artist(artist)
        width, height = self.canvas.get_width_height()
        image = PIL.Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw", "RGBA", 0, 1)
        buffer = io.BytesIO()
        image.save(buffer, format="png", compress_level=1)
        return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def _shared_figure() -> SimulatorFigure:
    return SimulatorFigure()


def render_png(state: State, figure: SimulatorFigure | None = None) -> bytes:
    """The figure for this state as PNG bytes (reuses one persistent figure unless given another)."""
    figure = _shared_figure() if figure is None else figure
    figure.update(state, simulations(state))
    return figure.png()


def _png_output(png: bytes, alt: str) -> dict:
    """A display_data output for Output.outputs, with alt text (no IPython needed). Front ends ignore the
    metadata's alt, so an HTML <img> with the alt text comes first; JupyterLab and Voilà both prefer it."""
    data = base64.b64encode(png).decode("ascii")
    return {"output_type": "display_data",
            "data": {"text/html": f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}">',
                     "image/png": data, "text/plain": alt},
            "metadata": {"image/png": {"alt": alt}}}


# ------------------------------------------------------------------------------------------------ table


@functools.lru_cache(maxsize=4)
def _rows(seed: int) -> tuple[rm.ComparisonRow, ...]:
    return tuple(rm.comparison_table(n_learners=2000, seed=seed))


def _table_summary(rows: list[rm.ComparisonRow] | tuple[rm.ComparisonRow, ...], keys: list[str]) -> str:
    """One computed sentence per model: same direction as the experiments or not, and by how much."""
    last = min(rows, key=lambda row: row.reward_rate)
    sentences = []
    for key in keys:
        name = _cap(SHORT_NAMES[key])
        if not rm.shows_pree(list(rows), key):
            sentences.append(f"{name} does not go the way the experiments do.")
            continue
        size = last.model_ratios[key] / last.experiment_ratio
        amount = "by more" if size > 1.25 else ("by less" if size < 0.8 else "by about as much")
        sentences.append(f"{name} goes the same way as the experiments, but {amount}.")
    return " ".join(sentences)


def table_html(rows: list[rm.ComparisonRow] | tuple[rm.ComparisonRow, ...]) -> str:
    """The model-vs-experiment table as an HTML table with a caption (all numbers from `rows`)."""
    labels = {m.key: m.label for m in rm.default_learners()}
    keys = [k for k in ("detector", "sequential", "rw") if rows and k in rows[0].model_ratios]
    head = "".join(f'<th scope="col">{esc(labels[k])}</th>' for k in keys)
    body = []
    for row in rows:
        rate = "100% (every time)" if row.reward_rate == 1 else f"{row.reward_rate:.0%}"
        cells = "".join(f"<td>{row.model_ratios[k]:.1f}×</td>" for k in keys)
        body.append(f'<tr><th scope="row">{rate}</th><td>{row.experiment_ratio:g}×</td>{cells}</tr>')
    return (
        f'{TABLE_CSS}<table class="pree-table">'
        "<caption>How long it takes to give up after reward stops, compared with reward every time "
        "(1× means the same number of trials). Model columns are computed by the simulation.</caption>"
        '<thead><tr><th scope="col">Share of responses rewarded</th>'
        f'<th scope="col">Experiments (Chan &amp; Harris, 2019)</th>{head}</tr></thead>'
        f"<tbody>{''.join(body)}</tbody></table>"
        "<p>Humphreys (1939) first showed that giving up is slower when only some responses are rewarded. "
        f"{esc(_table_summary(rows, keys))}</p>"
    )


# ------------------------------------------------------------------------------------------------ widget


class ReinforcementSimulator(ipw.VBox):
    """The simulator: schedule, value and model controls; the figure; its description; the table."""

    def __init__(self, seed: int = 2026) -> None:
        super().__init__()
        self.seed = seed
        self.description_text = ""
        self.figure = SimulatorFigure()
        # Wide enough for the longest option and for a slider track beside the long label (the default 300 px
        # left the slider no track at all and cut the option text short).
        self.schedule_control = ipw.Dropdown(options=SCHEDULE_OPTIONS, value="variable_ratio",
                                             description="Reward schedule", style=_CONTROL_STYLE,
                                             layout=ipw.Layout(width="auto", max_width="26rem"))
        self.value_control = ipw.IntSlider(value=3, min=2, max=10, step=1, continuous_update=False,
                                           description="Ratio n (responses per reward)", style=_CONTROL_STYLE,
                                           layout=ipw.Layout(width="auto", max_width="34rem"))
        self.model_control = ipw.RadioButtons(options=MODEL_OPTIONS, value="both",
                                              description="Learner model", style=_CONTROL_STYLE)
        self.figure_output = ipw.Output(layout=ipw.Layout(flex="0 1 560px"))
        self.text = ipw.HTML(layout=ipw.Layout(flex="1 1 240px"))
        self.table = ipw.HTML(table_html(_rows(seed)), layout=FULL_WIDTH)
        self.limits = ipw.HTML(f'<p class="tbc-box tbc-note"><strong>What this model leaves out.</strong> '
                               f"{esc(LIMITS_TEXT)}</p>", layout=FULL_WIDTH)
        controls = ipw.VBox([self.schedule_control, self.value_control, self.model_control])
        figure_and_text = ipw.HBox([self.figure_output, self.text],
                                   layout=ipw.Layout(flex_flow="row wrap", width="100%", max_width="52rem"))
        self.children = [ipw.HTML(CSS), controls, figure_and_text, self.table, self.limits]
        for control in (self.schedule_control, self.value_control, self.model_control):
            control.observe(self._on_change, names="value")
        self.refresh()

    @property
    def state(self) -> State:
        """The state the controls describe."""
        return State(schedule=self.schedule_control.value, value=self.value_control.value,
                     model=self.model_control.value, seed=self.seed)

    def _on_change(self, _change: dict) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Recompute, then replace the description and the figure (kernel-side, no `with out:`)."""
        state = self.state
        self._label_value_control(state.schedule)
        sims = simulations(state)
        self.figure.update(state, sims)
        self.description_text = _describe(state, sims, _baseline(state))
        self.text.value = f'<div class="tbc-box" role="status">{esc(self.description_text)}</div>'
        self.figure_output.outputs = (_png_output(self.figure.png(), alt_text(state, sims)),)

    def _label_value_control(self, kind: str) -> None:
        self.value_control.disabled = kind == "continuous"
        if kind.endswith("interval"):
            self.value_control.description = "Interval t (trials to wait)"
        else:
            self.value_control.description = "Ratio n (responses per reward)"

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Where widgets cannot be shown (nbval, plain text), show the figure's description instead."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"Intermittent-reinforcement simulator. {self.description_text}"
        return bundle

    def png(self) -> bytes:
        """The PNG currently shown."""
        return base64.b64decode(self.figure_output.outputs[0]["data"]["image/png"])


def reinforcement_simulator(seed: int = 2026) -> ipw.Widget:
    """The module 02 simulator widget; the same seed always shows the same simulation."""
    return ReinforcementSimulator(seed=seed)


def time_control_change(n: int = 20, seed: int = 2026) -> list[float]:
    """Seconds from a control change to a new figure PNG, kernel-side, for n changes (slider and schedule)."""
    sim = ReinforcementSimulator(seed=seed)
    kinds = [key for _, key in SCHEDULE_OPTIONS if key != "continuous"]
    times = []
    for i in range(n):
        before = sim.figure_output.outputs[0]["data"]["image/png"]
        start = time.perf_counter()
        if i % 2:
            sim.value_control.value = 2 + (sim.value_control.value - 1) % 9  # 2..10, always a new value
        else:
            sim.schedule_control.value = kinds[(kinds.index(sim.schedule_control.value) + 1) % len(kinds)]
        times.append(time.perf_counter() - start)
        if sim.figure_output.outputs[0]["data"]["image/png"] == before:
            raise RuntimeError("the control change did not produce a new figure")
    return times
