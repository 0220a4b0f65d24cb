"""The self-check quiz: one block per bank item, instant feedback, retry, score, saved privately.

The Check button checks the answer the learner meant even when a keyboard user presses Enter at once and the click
overtakes the new answer on its way to the kernel (`_late_answer.LateAnswerGuard`).
"""

from __future__ import annotations

import ipywidgets as ipw

from ..._errors import StoreError
from ...content.banks import ORDINALS, Item, Result, correct_response, grade
from ...content.course import load_course
from ..models.learner_data import quiz_records, record_attempt
from ..store import LearnerStore
from ._fresh import reload_when_opened
from ._late_answer import LateAnswerGuard
from ._saving import SavingNotice
from ._view import CSS, FULL_WIDTH, View, button, esc, html_widget, status_html

CHOOSE = "Choose…"
REVEAL_AFTER = 2  # wrong attempts before "Show the answer" is offered


class QuizItemView:
    """One question: its control, a Check button, and the feedback area."""

    def __init__(self, item: Item, number: int, total: int, on_checked):
        self.item = item
        self.wrong_attempts = 0
        self._on_checked = on_checked
        self.prompt = html_widget(f'<p class="tbc-box tbc-prompt">Question {number} of {total}. '
                                  f"{esc(item.prompt)}</p>")
        self.control = self._make_control()
        self.check_button = button("Check answer", "Check your answer and see feedback", "primary")
        self.reveal_button = button("Show the answer", "Show the right answer")
        self.reveal_button.layout.display = "none"
        self.feedback = html_widget()
        self.guard = LateAnswerGuard(self.check_button, self._answer_widgets(), self.check)
        self.reveal_button.on_click(lambda _: self.reveal())
        buttons = ipw.HBox([self.check_button, self.reveal_button])
        self.root = ipw.VBox([self.prompt, self.control, buttons, self.feedback], layout=FULL_WIDTH)

    # -- controls per item type -----------------------------------------------------------------

    def _make_control(self) -> ipw.Widget:
        item = self.item
        if item.type in ("single", "true_false"):
            return ipw.RadioButtons(options=[(item.options[i].text, i) for i in item.option_order()],
                                    value=None, description="Answer", layout=FULL_WIDTH)
        if item.type == "multiple":
            self.boxes = {i: ipw.Checkbox(value=False, description=item.options[i].text, indent=False,
                                          layout=FULL_WIDTH) for i in item.option_order()}
            hint = html_widget('<p class="tbc-note">Tick every answer that fits.</p>')
            return ipw.VBox([hint, *self.boxes.values()])
        if item.type == "matching":
            choices = [(CHOOSE, None)] + [(r, r) for r in item.right_choices()]
            self.dropdowns = [ipw.Dropdown(options=choices, value=None, description=p.left,
                                           style={"description_width": "initial"}, layout=FULL_WIDTH)
                              for p in item.pairs]
            return ipw.VBox(self.dropdowns)
        order = item.shuffled_steps()
        choices = [(item.steps[i].text, i) for i in order]
        self.dropdowns = [ipw.Dropdown(options=choices, value=order[k], description=ORDINALS[k],
                                       style={"description_width": "initial"}, layout=FULL_WIDTH)
                          for k in range(len(order))]
        hint = html_widget('<p class="tbc-note">Choose which step comes 1st, 2nd, and so on.</p>')
        return ipw.VBox([hint, *self.dropdowns])

    def _answer_widgets(self) -> list[ipw.Widget]:
        if self.item.type in ("single", "true_false"):
            return [self.control]
        if self.item.type == "multiple":
            return list(self.boxes.values())
        return list(self.dropdowns)

    def response(self) -> object:
        """The learner's current answer, in the shape `banks.grade` takes."""
        if self.item.type in ("single", "true_false"):
            return self.control.value
        if self.item.type == "multiple":
            return {i for i, box in self.boxes.items() if box.value}
        return [d.value for d in self.dropdowns]

    def set_response(self, response: object) -> None:
        """Set the controls as a learner would (used by the reveal button and by tests)."""
        if self.item.type in ("single", "true_false"):
            self.control.value = response
        elif self.item.type == "multiple":
            for i, box in self.boxes.items():
                box.value = i in response
        else:
            for dropdown, value in zip(self.dropdowns, response, strict=True):
                dropdown.value = value

    # -- actions ----------------------------------------------------------------------------------

    def check(self) -> Result:
        result = grade(self.item, self.response())
        if not result.incomplete and not result.correct:
            self.wrong_attempts += 1
        self.show(result)
        if not result.incomplete:
            self._on_checked(self, result)
        return result

    def show(self, result: Result, note: str = "") -> None:
        if result.incomplete:
            head, kind = "Not checked yet.", "info"
        elif result.correct:
            head, kind = "✔ Right.", "good"
        else:
            head, kind = "✘ Not quite. Change your answer and check again.", "bad"
        marks = len(result.feedback) > 1  # one line needs no mark of its own: the heading already says it
        lines = "".join(f"<p>{('✔ ' if f.good else '✘ ') if marks else ''}{esc(f.text)}</p>" for f in result.feedback)
        extra = ""
        if result.correct and self.item.explanation:
            extra = f"<p><strong>Why:</strong> {esc(self.item.explanation)}</p>"
        self.feedback.value = status_html(f"<p><strong>{head}</strong></p>{lines}{extra}{note}", kind)
        offer = not result.correct and self.wrong_attempts >= REVEAL_AFTER
        self.reveal_button.layout.display = "" if offer else "none"

    def reveal(self) -> None:
        with self.guard.ignoring():
            self.set_response(correct_response(self.item))
        result = grade(self.item, self.response())
        self.show(result, note='<p class="tbc-note">This is the answer. It is not counted as yours.</p>')


class QuizView(View):
    """A quiz over some or all items of one module's bank."""

    def __init__(self, module_id: str, items: list[Item], store: LearnerStore):
        self.module_id = module_id
        self.store = store
        self.items = [QuizItemView(item, n, len(items), self._checked) for n, item in enumerate(items, 1)]
        self.score = html_widget()
        self.notice = html_widget()
        self.saving_notice = SavingNotice(store)
        self._records: dict[str, dict] = {}
        self.reload()
        reload_when_opened(self.reload)
        intro = html_widget(f'{CSS}<p class="tbc-box tbc-note">{len(items)} question'
                            f'{"s" if len(items) != 1 else ""}. Answer, press <em>Check answer</em>, '
                            "and try again as often as you like. Only you see your answers. Each checked answer "
                            f"is saved {esc(store.saved_where())} (module 00 lets you turn saving off).</p>")
        self.root = ipw.VBox([intro, self.saving_notice.widget, *(i.root for i in self.items), self.score, self.notice],
                             layout=FULL_WIDTH)

    def reload(self) -> None:
        """Show what is saved now: which items were answered correctly before, and the score."""
        self._records = self._load_records()
        for view in self.items:
            if view.wrong_attempts == 0 and self._records.get(view.item.id, {}).get("correct"):
                view.feedback.value = status_html("You answered this one correctly before. "
                                                  "You can try it again.", "info")
        self._update_score()

    def _load_records(self) -> dict[str, dict]:
        try:
            records = quiz_records(self.store, self.module_id)
        except StoreError as exc:
            self.notice.value = status_html(esc(str(exc)), "bad")
            return {}
        self._show_problems()
        return records

    def _show_problems(self) -> None:
        if self.store.problems:
            self.notice.value = status_html("".join(f"<p>{esc(p)}</p>" for p in self.store.problems), "info")

    def _checked(self, view: QuizItemView, result: Result) -> None:
        self.saving_notice.refresh()
        try:
            record_attempt(self.store, self.module_id, view.item.id, result.correct)
            # Read every record again: another page (or kernel) may have saved answers since this one opened.
            self._records = quiz_records(self.store, self.module_id)
            self._show_problems()
        except StoreError as exc:
            record = self._records.setdefault(view.item.id, {"attempts": 0, "correct": False, "first_try": False})
            record["attempts"] += 1
            record["first_try"] = record["first_try"] or (record["attempts"] == 1 and result.correct)
            record["correct"] = record["correct"] or result.correct
            self.notice.value = status_html(f"Your answer was checked but not saved. {esc(str(exc))}", "bad")
        self._update_score()

    def _update_score(self) -> None:
        ids = [v.item.id for v in self.items]
        right = sum(1 for i in ids if self._records.get(i, {}).get("correct"))
        first = sum(1 for i in ids if self._records.get(i, {}).get("first_try"))
        if not any(self._records.get(i) for i in ids):
            text = "Your score will show here once you check an answer."
        else:
            text = f"<strong>Your score:</strong> {right} of {len(ids)} answered correctly ({first} on the first try)."
        self.score.value = f'<p class="tbc-box" role="status" aria-live="polite">{text}</p>'

    def describe(self) -> str:
        return f"Self-check quiz for module {self.module_id}: {len(self.items)} questions."


def quiz(module_id: str, items: list[str] | None = None, store: LearnerStore | None = None) -> QuizView:
    """The self-check quiz for a module, from its question bank; `items` picks some item ids in that order."""
    from ...content.banks import load_bank

    course = load_course()
    bank = load_bank(course.module(module_id).path("bank"), course)
    chosen = list(bank.practice)  # graded items are only ever in the graded assessment
    if items is not None:
        by_id = {i.id: i for i in bank.practice}
        missing = [i for i in items if i not in by_id]
        if missing:
            raise KeyError(f"no practice item {', '.join(missing)} in {bank.path.name} (graded items are never "
                           "shown to learners)")
        chosen = [by_id[i] for i in items]
    return QuizView(module_id, chosen, store or LearnerStore())
