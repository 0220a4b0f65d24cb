"""The intermittent-reinforcement simulator (module 02), computed live: numbers, description, figure, table.

The numbers come from the pure model in `widgets.learner.models.reinforcement`. Everything a control change
does is a plain function of a `State` (`simulations`, `describe`, `render_png`, `table_html`), so tests call them
without a browser; `LiveFrames` bundles them for the widget (`.reinforcement_widget`). The figure is a
`matplotlib.figure.Figure` made once (never through pyplot, so nothing is left open and no `<Figure ...>` repr
can leak) and re-rendered to PNG. This module needs numpy and matplotlib, and no ipywidgets; where numpy and
matplotlib are missing (the browser edition) the widget shows the same frames from a file
(`.reinforcement_frames`), made from this module at build time.
"""

from __future__ import annotations

import functools
import io
from dataclasses import replace
from html import escape

import numpy as np
import PIL.Image
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure

from ..models import reinforcement as rm
from .reinforcement_state import (
    LIMITS_TEXT,
    MODEL_OPTIONS,
    SCHEDULE_NAMES,
    SCHEDULE_OPTIONS,
    Frame,
    State,
)

__all__ = [
    "LIMITS_TEXT",
    "MODEL_OPTIONS",
    "SCHEDULE_OPTIONS",
    "LiveFrames",
    "SimulatorFigure",
    "State",
    "alt_text",
    "describe",
    "render_png",
    "schedule_phrase",
    "simulations",
    "table_html",
]

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
TABLE_CSS = """<style>
.pree-table { border-collapse: collapse; margin: 0.5em 0; }
.pree-table caption { text-align: left; font-weight: 600; padding-bottom: 0.3em; }
.pree-table th, .pree-table td { text-align: left; padding: 0.2em 0.7em; border-bottom: 1px solid #999; }
</style>"""


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
        return palette_png(image)


def palette_png(image: PIL.Image.Image) -> bytes:
    """The image as a 256-colour PNG. The figure has a few colours and their blends, so this looks the same
    as full colour, takes no longer to make, and is a third of the size: the browser edition stores all 111
    figures, byte for byte as made here (`.reinforcement_frames`)."""
    palette = image.convert("RGB").quantize(colors=256, method=PIL.Image.Quantize.FASTOCTREE,
                                            dither=PIL.Image.Dither.NONE)
    buffer = io.BytesIO()
    palette.save(buffer, format="png", compress_level=6)
    return buffer.getvalue()


@functools.lru_cache(maxsize=1)
def _shared_figure() -> SimulatorFigure:
    return SimulatorFigure()


def render_png(state: State, figure: SimulatorFigure | None = None) -> bytes:
    """The figure for this state as PNG bytes (reuses one persistent figure unless given another)."""
    figure = _shared_figure() if figure is None else figure
    figure.update(state, simulations(state))
    return figure.png()


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
    head = "".join(f'<th scope="col">{escape(labels[k])}</th>' for k in keys)
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
        f"{escape(_table_summary(rows, keys))}</p>"
    )


def _texts(state: State, sims: dict[str, rm.Simulation]) -> tuple[str, str]:
    return alt_text(state, sims), _describe(state, sims, _baseline(state))


# ------------------------------------------------------------------------------------------------ frames


class LiveFrames:
    """The frames the widget shows, computed now with numpy and matplotlib (one figure per instance)."""

    live = True

    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.figure = SimulatorFigure()

    def frame(self, state: State) -> Frame:
        """The figure, alt text and description for this state."""
        sims = simulations(state)
        self.figure.update(state, sims)
        alt, description = _texts(state, sims)
        return Frame(png=self.figure.png(), alt=alt, description=description)

    def texts(self, state: State) -> tuple[str, str]:
        """The alt text and description for this state, without drawing the figure."""
        return _texts(state, simulations(state))

    def table_html(self) -> str:
        """The model-vs-experiment table for this seed."""
        return table_html(_rows(self.seed))
