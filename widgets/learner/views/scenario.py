"""The branching-scenario widget (module 04): read a moment, pick a thought, see the barrier it reflects, go on.

Each thought is a button whose accessible name is its full text. Picking one shows the feedback in a status
area (words and a border, never colour alone); the learner can try another thought before pressing "Go on".
At the end come the ending, the barriers met on this path and a closing word. "Start again" is always there.
All content comes from the pure model in `widgets.content.scenario`.
"""

from __future__ import annotations

import ipywidgets as ipw

from ...content import scenario as model
from ...content.files import activity_path
from ._view import CSS, FULL_WIDTH, View, button, esc, html_widget, status_html

__all__ = ["SCENARIO_CSS", "ScenarioView", "feedback_html", "moment_html", "scenario", "summary_html"]

# Thought buttons wrap their full text (the default button clips long labels with "…").
SCENARIO_CSS = """<style>
.jupyter-widgets.jupyter-button.tbc-choice, .jupyter-button.widget-button.tbc-choice { white-space: normal;
  height: auto; min-height: var(--jp-widgets-inline-height, 28px); max-width: 48rem; text-align: left;
  line-height: 1.4; padding: 0.35em 0.8em; margin: 0.15em 0; overflow: visible; text-overflow: clip; }
.jupyter-button.widget-button.tbc-choice.mod-info { background: #0072B2; color: #fff; font-weight: 600;
  box-shadow: inset 0 0 0 2px #1a1a1a; }
.jupyter-button.widget-button.tbc-choice:focus-visible { outline: 3px solid #1a1a1a; outline-offset: 2px; }
.tbc-moment h4 { margin: 0.5em 0 0.2em; font-size: 1.05rem; }
.tbc-moment p { margin: 0.35em 0; }
.tbc-step { font-size: 0.9rem; color: #333; margin: 0; }
</style>"""


def moment_html(scenario: model.Scenario, progress: model.Progress) -> str:
    """The current moment: where we are on the path, its title and what happens, then the question."""
    moment = scenario.moment(progress.current)
    return (f'<div class="tbc-box tbc-moment" aria-live="polite"><p class="tbc-step">Moment {progress.number}</p>'
            f"<h4>{esc(moment.title)}</h4><p>{esc(moment.text)}</p>"
            f'<p class="tbc-prompt">{esc(scenario.question)}</p></div>')


def feedback_html(scenario: model.Scenario, choice: model.Choice) -> str:
    """What a thought reflects: the thought, the barrier's name, why it fits, why it makes sense, what helps."""
    barrier = scenario.barrier(choice.barrier)
    return status_html(f"<p>You chose: “{esc(choice.text)}”</p>"
                       f"<p>This thought reflects <strong>{esc(barrier.name)}</strong>.</p>"
                       f"<p>{esc(choice.feedback)}</p><p>{esc(barrier.about)}</p>"
                       f"<p><strong>What might help:</strong> {esc(barrier.helps)}</p>", "info")


def summary_html(scenario: model.Scenario, progress: model.Progress) -> str:
    """The end of a path: what happened next, each barrier met with what helps, and the closing words."""
    met = model.barriers_met(scenario, progress)
    count = "one barrier" if len(met) == 1 else f"{len(met)} barriers"
    items = "".join(f"<li><strong>{esc(b.name)}.</strong> What might help: {esc(b.helps)}</li>" for b in met)
    return (f'<div class="tbc-box tbc-moment"><p class="tbc-step">The end of this path</p>'
            f"<p>{esc(scenario.ending)}</p></div>"
            + status_html(f"<p><strong>On this path, {esc(scenario.person)}'s thoughts reflected {count}:</strong>"
                          f"</p><ul>{items}</ul><p>{esc(scenario.closing)}</p>"
                          "<p>You can start again to follow another path.</p>", "info"))


class ScenarioView(View):
    """The moment, a button per thought, the feedback, "Go on", and "Start again"."""

    def __init__(self, scenario: model.Scenario):
        self.scenario = scenario
        shortest, longest = model.path_lengths(scenario)
        length = f"{shortest}" if shortest == longest else f"{shortest} or {longest}"
        intro = html_widget(f'{CSS}{SCENARIO_CSS}<div class="tbc-box"><p class="tbc-prompt">{esc(scenario.title)}'
                            f"</p><p>{esc(scenario.instructions)} Each path has {length} moments.</p></div>")
        self.moment = html_widget()
        self.choice_box = ipw.VBox(layout=FULL_WIDTH)
        self.feedback = html_widget()
        self.go_on_button = button("Go on", "Go on to the next moment", "primary")
        self.go_on_button.on_click(lambda _: self.go_on())
        self.restart_button = button("Start again", "Go back to the first moment and choose again")
        self.restart_button.on_click(lambda _: self.restart())
        buttons = ipw.HBox([self.go_on_button, self.restart_button], layout=ipw.Layout(flex_flow="row wrap"))
        self.root = ipw.VBox([intro, self.moment, self.choice_box, self.feedback, buttons], layout=FULL_WIDTH)
        self.choice_buttons: list[ipw.Button] = []
        self.restart()

    # -- what the learner does -------------------------------------------------------------------------------

    def pick(self, index: int) -> model.Choice:
        """Try a thought: mark its button and show what it reflects (nothing is final until "Go on")."""
        moment = self.scenario.moment(self.progress.current)
        choice = moment.choices[index]
        self.picked = index
        for number, btn in enumerate(self.choice_buttons):
            btn.button_style = "info" if number == index else ""
        self.feedback.value = feedback_html(self.scenario, choice)
        self.go_on_button.description = "Go on" if choice.next != model.END else "See the summary"
        self.go_on_button.disabled = False
        return choice

    def go_on(self) -> model.Progress:
        """Keep the picked thought and move to the moment it leads to (or to the summary)."""
        if self.picked is None or self.progress.ended:
            return self.progress
        self.progress = model.choose(self.scenario, self.progress, self.picked)
        self._show()
        # Keep keyboard focus in the widget: on the first thought of the new moment, or on "Start again".
        (self.choice_buttons[0] if self.choice_buttons else self.restart_button).focus()
        return self.progress

    def restart(self) -> None:
        self.progress = model.start(self.scenario)
        self._show()

    # -- drawing ---------------------------------------------------------------------------------------------

    def _show(self) -> None:
        self.picked: int | None = None
        self.feedback.value = ""
        self.go_on_button.description = "Go on"
        self.go_on_button.disabled = True
        if self.progress.ended:
            self.moment.value = summary_html(self.scenario, self.progress)
            self.choice_buttons = []
            self.choice_box.children = ()
            self.go_on_button.layout.display = "none"
            return
        self.go_on_button.layout.display = ""
        self.moment.value = moment_html(self.scenario, self.progress)
        moment = self.scenario.moment(self.progress.current)
        self.choice_buttons = []
        for index, choice in enumerate(moment.choices):
            btn = button(choice.text, f"Choose this thought: {choice.text}")
            btn.add_class("tbc-choice")
            btn.on_click(lambda _, i=index: self.pick(i))
            self.choice_buttons.append(btn)
        self.choice_box.children = tuple(self.choice_buttons)

    def text(self) -> str:
        """What the widget shows now, as plain text."""
        if self.progress.ended:
            return f"{self.scenario.ending} {model.summary_text(self.scenario, self.progress)}"
        moment = self.scenario.moment(self.progress.current)
        thoughts = " ".join(f"{n}. {c.text}" for n, c in enumerate(moment.choices, 1))
        return f"Moment {self.progress.number}: {moment.title}. {moment.text} {self.scenario.question} {thoughts}"

    def describe(self) -> str:
        where = "the end" if self.progress.ended else f"moment {self.progress.number}"
        return (f"Branching scenario: {self.scenario.title} ({len(self.scenario.moments)} moments; "
                f"now at {where}).")


def scenario(activity_id: str) -> ScenarioView:
    """The branching scenario from course/activities/<activity_id>.yml."""
    return ScenarioView(model.load_scenario(activity_path(activity_id)))
