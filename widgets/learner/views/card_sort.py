"""The card-sort widget: pick a category for each card, check, and read why."""

from __future__ import annotations

import ipywidgets as ipw

from ...content.activities import CardSort, SortResult, load_card_sort, score
from ...content.files import activity_path
from ._view import CSS, FULL_WIDTH, View, button, esc, html_widget, status_html


class CardSortView(View):
    def __init__(self, sort: CardSort):
        self.sort = sort
        intro = html_widget(f'{CSS}<div class="tbc-box"><p class="tbc-prompt">{esc(sort.title)}</p>'
                            f"<p>{esc(sort.instructions)}</p></div>")
        # No description: the bold "Card N." line above already names the card, and a label here was clipped.
        self.choices = [ipw.ToggleButtons(options=list(sort.categories), value=None,
                                          tooltips=[f"Card {n}: {c}" for c in sort.categories],
                                          style={"button_width": "auto"})
                        for n in range(1, len(sort.cards) + 1)]
        self.explanations = [html_widget() for _ in sort.cards]
        rows = []
        for n, (card, choice, explanation) in enumerate(zip(sort.cards, self.choices, self.explanations,
                                                            strict=True), start=1):
            text = html_widget(f'<p class="tbc-box"><strong>Card {n}.</strong> {esc(card.text)}</p>')
            rows.append(ipw.VBox([text, choice, explanation], layout=FULL_WIDTH))
        self.check_button = button("Check my sort", "See which cards fit where, and why", "primary")
        self.check_button.on_click(lambda _: self.check())
        self.summary = html_widget()
        self.root = ipw.VBox([intro, *rows, self.check_button, self.summary], layout=FULL_WIDTH)

    def check(self) -> SortResult:
        result = score(self.sort, [c.value for c in self.choices])
        for card_result, explanation in zip(result.cards, self.explanations, strict=True):
            card = card_result.card
            if card_result.chosen is None:
                explanation.value = ""
            elif card_result.right:
                explanation.value = status_html(f"<p>✔ <strong>{esc(card.answer)}</strong>: right. "
                                                f"{esc(card.explanation)}</p>", "good")
            else:
                explanation.value = status_html(f"<p>✘ You chose {esc(card_result.chosen)}. It is "
                                                f"<strong>{esc(card.answer)}</strong>. {esc(card.explanation)}</p>",
                                                "bad")
        self.summary.value = status_html(self._summary(result), "info")
        return result

    def _summary(self, result: SortResult) -> str:
        done = len(result.cards) - result.unanswered
        text = f"<p><strong>{result.right} of {len(result.cards)} placed as the course would.</strong>"
        if result.unanswered:
            text += f" {result.unanswered} card{'s are' if result.unanswered > 1 else ' is'} not sorted yet."
        text += "</p>"
        hard = result.hard()
        if hard:
            cards = "".join(f"<li>{esc(r.card.text)}</li>" for r in hard)
            text += f"<p>These were harder. They are worth a second look:</p><ul>{cards}</ul>"
        elif done:
            text += "<p>Every card you sorted fits. Well done.</p>"
        return text

    def describe(self) -> str:
        return f"Card sort: {self.sort.title} ({len(self.sort.cards)} cards)."


def card_sort(activity_id: str) -> CardSortView:
    """A card sort from course/activities/<activity_id>.yml."""
    return CardSortView(load_card_sort(activity_path(activity_id)))
