"""The simulator widget (module 02): schedule, value and model controls; the figure; its description; the table.

It draws `Frame`s from a source: `LiveFrames` (`.reinforcement`, numpy and matplotlib) where they import, else
`StoredFrames` (`.reinforcement_frames`), the same frames made at build time, for the browser edition, whose
Pyodide has no numpy or matplotlib. The learner app asks for the stored frames (environment variable
`COURSE_SIMULATOR=stored`) and gets them whenever they are current, so a control change is a lookup, not a
matplotlib render (#19). The learner sees the same controls, figures and words either way. The Output widget's
outputs are replaced kernel-side, never drawn inside `with out:`.
"""

from __future__ import annotations

import base64
import importlib
import os
import re
import time
from typing import Protocol

import ipywidgets as ipw

from ._view import CSS, FULL_WIDTH, esc
from .reinforcement_frames import SOURCE_VARIABLE, StoredFrames
from .reinforcement_state import (
    DEFAULT_SEED,
    LIMITS_TEXT,
    MODEL_OPTIONS,
    SCHEDULE_OPTIONS,
    VALUE_RANGE,
    Frame,
    State,
    value_label,
)

__all__ = ["SOURCE_VARIABLE", "FrameSource", "ReinforcementSimulator", "live_available", "output_png",
           "reinforcement_simulator", "time_control_change"]

LIVE_NEEDS = ("numpy", "matplotlib", "PIL")
_IMG_DATA = re.compile(r'<img src="data:image/png;base64,([A-Za-z0-9+/=]+)"')
_CONTROL_STYLE = {"description_width": "initial"}


class FrameSource(Protocol):
    """Where the widget's frames come from."""

    live: bool

    def frame(self, state: State) -> Frame: ...

    def table_html(self) -> str: ...


def live_available() -> bool:
    """True when numpy, matplotlib and Pillow import, so the simulator can compute live. In Pyodide they import
    only once loaded: a site built with a full Pyodide distribution preloads them in the kernel (the kernel
    loads packages for the imports it sees in a cell, and the notebook's cell imports only `widgets`)."""
    try:
        for name in LIVE_NEEDS:
            importlib.import_module(name)
    except ImportError:
        return False
    return True


def frame_source(seed: int = DEFAULT_SEED, live: bool | None = None) -> FrameSource:
    """Live frames when asked for (True), stored ones when asked for (False). With live=None: the stored frames
    when `COURSE_SIMULATOR` is "stored" and they are current; else live frames when numpy and matplotlib are
    here (notebooks), else the stored ones (the browser edition)."""
    if live is None and os.environ.get(SOURCE_VARIABLE) == "stored":
        stored = StoredFrames.current(seed)
        if stored is not None:
            return stored
    if live or (live is None and live_available()):
        from .reinforcement import LiveFrames  # numpy and matplotlib: imported only when they are here

        return LiveFrames(seed)
    return StoredFrames.load(seed)


def _png_output(png: bytes, alt: str) -> dict:
    """A display_data output for Output.outputs (no IPython needed): an HTML <img> carrying the PNG and its alt
    text, and the alt text as plain text. No image/png beside it: front ends ignore an image/png's alt (so
    JupyterLab and Voilà show the HTML), and the figure then crossed the wire twice on every control change."""
    data = base64.b64encode(png).decode("ascii")
    return {"output_type": "display_data",
            "data": {"text/html": f'<img src="data:image/png;base64,{data}" alt="{esc(alt)}">', "text/plain": alt},
            "metadata": {}}


def output_png(output: dict) -> bytes:
    """The PNG an output made by `_png_output` shows."""
    found = _IMG_DATA.match(output["data"]["text/html"])
    if found is None:
        raise ValueError("the output holds no PNG <img>")
    return base64.b64decode(found.group(1), validate=True)


class ReinforcementSimulator(ipw.VBox):
    """The simulator: schedule, value and model controls; the figure; its description; the table."""

    def __init__(self, seed: int = DEFAULT_SEED, source: FrameSource | None = None) -> None:
        super().__init__()
        self.seed = seed
        self.source = frame_source(seed) if source is None else source
        self.description_text = ""
        # Wide enough for the longest option and for a slider track beside the long label (the default 300 px
        # left the slider no track at all and cut the option text short).
        self.schedule_control = ipw.Dropdown(options=SCHEDULE_OPTIONS, value="variable_ratio",
                                             description="Reward schedule", style=_CONTROL_STYLE,
                                             layout=ipw.Layout(width="auto", max_width="26rem"))
        self.value_control = ipw.IntSlider(value=3, min=VALUE_RANGE.start, max=VALUE_RANGE.stop - 1, step=1,
                                           continuous_update=False, description=value_label("variable_ratio"),
                                           style=_CONTROL_STYLE, layout=ipw.Layout(width="auto",
                                                                                   max_width="34rem"))
        self.model_control = ipw.RadioButtons(options=MODEL_OPTIONS, value="both",
                                              description="Learner model", style=_CONTROL_STYLE)
        self.figure_output = ipw.Output(layout=ipw.Layout(flex="0 1 560px"))
        self.text = ipw.HTML(layout=ipw.Layout(flex="1 1 240px"))
        self.table = ipw.HTML(self.source.table_html(), layout=FULL_WIDTH)
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
        """Fetch the frame for the controls' state, then replace the description and the figure."""
        state = self.state
        self.value_control.disabled = state.schedule == "continuous"
        self.value_control.description = value_label(state.schedule)
        frame = self.source.frame(state)
        self.description_text = frame.description
        self.text.value = f'<div class="tbc-box" role="status">{esc(frame.description)}</div>'
        self.figure_output.outputs = (_png_output(frame.png, frame.alt),)

    def _repr_mimebundle_(self, **kwargs) -> dict:
        """Where widgets cannot be shown (nbval, plain text), show the figure's description instead."""
        bundle = super()._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"Intermittent-reinforcement simulator. {self.description_text}"
        return bundle

    def png(self) -> bytes:
        """The PNG currently shown."""
        return output_png(self.figure_output.outputs[0])


def reinforcement_simulator(seed: int = DEFAULT_SEED, *, live: bool | None = None) -> ipw.Widget:
    """The module 02 simulator widget; the same seed always shows the same simulation.

    live=None computes with numpy and matplotlib when they are installed and otherwise shows the frames
    stored for the default seed; True or False chooses.
    """
    return ReinforcementSimulator(seed=seed, source=frame_source(seed, live))


def time_control_change(n: int = 20, seed: int = DEFAULT_SEED, live: bool | None = None) -> list[float]:
    """Seconds from a control change to a new figure PNG, kernel-side, for n changes (slider and schedule)."""
    sim = ReinforcementSimulator(seed=seed, source=frame_source(seed, live))
    kinds = [key for _, key in SCHEDULE_OPTIONS if key != "continuous"]
    times = []
    for i in range(n):
        before = sim.figure_output.outputs[0]["data"]["text/html"]
        start = time.perf_counter()
        if i % 2:
            sim.value_control.value = 2 + (sim.value_control.value - 1) % 9  # 2..10, always a new value
        else:
            sim.schedule_control.value = kinds[(kinds.index(sim.schedule_control.value) + 1) % len(kinds)]
        times.append(time.perf_counter() - start)
        if sim.figure_output.outputs[0]["data"]["text/html"] == before:
            raise RuntimeError("the control change did not produce a new figure")
    return times
