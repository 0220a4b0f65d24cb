"""The cycle timeline widget (module 02): step through the phases with Previous / Next and read each one.

The phase is shown three ways, so colour is never the only cue: a status line ("Phase 2 of 4: Incident"),
a row of labelled boxes where the current one has a thick border *and* the word "Now", and the phase text.
The caveat is always on screen. All content comes from the pure model in `widgets.content.cycle`.
"""

from __future__ import annotations

import ipywidgets as ipw

from ...content import cycle as model
from ...content.files import activity_path
from ._view import CSS, FULL_WIDTH, View, button, esc, html_widget, status_html

__all__ = ["CYCLE_CSS", "CycleTimelineView", "cycle_timeline", "indicator_html", "phase_html"]

CYCLE_CSS = """<style>
.tbc-cycle-row { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: center; max-width: 52rem;
  margin: 0.5em 0; }
.tbc-cycle { display: flex; flex-wrap: wrap; gap: 0.4rem; align-items: stretch; list-style: none;
  padding: 0; margin: 0; flex: 1 1 36rem; }
.tbc-cycle li { flex: 1 1 9rem; border: 1px solid #767676; border-radius: 0.3rem; padding: 0.35em 0.5em;
  color: #1a1a1a; background: #fff; line-height: 1.35; }
.tbc-cycle li.tbc-cycle-now { border: 0.2rem solid #1a1a1a; background: #eef5fb; font-weight: 600; }
.tbc-cycle-now-word { display: block; font-size: 0.85rem; text-transform: uppercase; letter-spacing: 0.05em; }
.tbc-cycle-back { flex: 0 0 auto; font-size: 0.9rem; color: #1a1a1a; }
.tbc-phase h4 { margin: 0.4em 0 0.2em; font-size: 1.05rem; }
.tbc-phase p { margin: 0.35em 0; }
</style>"""


def indicator_html(cycle: model.Cycle, position: int) -> str:
    """The row of phase boxes; the current box has a thick border and the word "Now" (not colour alone)."""
    n = len(cycle.phases)
    current = position % n
    boxes = []
    for i, phase in enumerate(cycle.phases):
        if i == current:
            boxes.append(f'<li class="tbc-cycle-now" aria-current="step"><span class="tbc-cycle-now-word">Now'
                         f"</span>{i + 1}. {esc(phase.name)}</li>")
        else:
            boxes.append(f"<li>{i + 1}. {esc(phase.name)}</li>")
    return (f'<div class="tbc-cycle-row"><ol class="tbc-cycle" aria-label="The {n} phases, in order">'
            f'{"".join(boxes)}</ol><span class="tbc-cycle-back">↻ then back to 1</span></div>')


def phase_html(cycle: model.Cycle, position: int) -> str:
    """One phase: its name, what it is, and each part under its own label."""
    phase = model.phase_at(cycle, position)
    parts = "".join(f"<p><strong>{esc(heading)}:</strong> {esc(getattr(phase, name))}</p>"
                    for name, heading in model.HEADINGS.items())
    return f'<div class="tbc-box tbc-phase"><h4>{esc(phase.name)}</h4><p>{esc(phase.description)}</p>{parts}</div>'


class CycleTimelineView(View):
    """Previous / Next buttons, a phase indicator, the phase text and the caveat."""

    def __init__(self, cycle: model.Cycle, position: int = 0):
        self.cycle = cycle
        self.position = position % len(cycle.phases)
        intro = html_widget(f'{CSS}{CYCLE_CSS}<div class="tbc-box"><p class="tbc-prompt">{esc(cycle.title)}</p>'
                            f"<p>{esc(cycle.instructions)}</p></div>")
        self.previous_button = button("Previous phase", "Go back one phase (before the first comes the last)")
        self.next_button = button("Next phase", "Go on to the next phase (after the last comes the first)",
                                  "primary")
        self.previous_button.on_click(lambda _: self.previous())
        self.next_button.on_click(lambda _: self.next())
        self.status = html_widget()
        self.indicator = html_widget()
        self.phase_text = html_widget()
        self.caveat = html_widget(f'<p class="tbc-box tbc-note tbc-info"><strong>Keep in mind.</strong> '
                                  f"{esc(cycle.caveat)}</p>")
        buttons = ipw.HBox([self.previous_button, self.next_button], layout=ipw.Layout(flex_flow="row wrap"))
        self.root = ipw.VBox([intro, buttons, self.status, self.indicator, self.phase_text, self.caveat],
                             layout=FULL_WIDTH)
        self.show(self.position)

    @property
    def phase(self) -> model.Phase:
        return model.phase_at(self.cycle, self.position)

    def show(self, position: int) -> None:
        """Move to a position and redraw the status line, the boxes and the phase text."""
        self.position = position % len(self.cycle.phases)
        self.status.value = status_html(f"<p><strong>{esc(model.position_label(self.cycle, self.position))}"
                                        "</strong></p>", "info")
        self.indicator.value = indicator_html(self.cycle, self.position)
        self.phase_text.value = phase_html(self.cycle, self.position)

    def next(self) -> model.Phase:
        self.show(model.next_position(self.cycle, self.position))
        return self.phase

    def previous(self) -> model.Phase:
        self.show(model.previous_position(self.cycle, self.position))
        return self.phase

    def text(self) -> str:
        """Everything the widget shows for the current phase, as plain text."""
        return model.describe(self.cycle, self.position)

    def describe(self) -> str:
        return (f"Cycle timeline: {self.cycle.title} ({len(self.cycle.phases)} phases). "
                f"{model.position_label(self.cycle, self.position)}.")


def cycle_timeline(activity_id: str = model.DEFAULT_CYCLE) -> CycleTimelineView:
    """The cycle timeline from course/activities/<activity_id>.yml (module 02's by default)."""
    return CycleTimelineView(model.load_cycle(activity_path(activity_id)))
