"""Module 03 in a real browser: sort two relationship cards by clicking (one right, one wrong), check the sort,
and read the per-card feedback and the summary that names the hard card. Nothing leaves this machine."""

from __future__ import annotations

import pytest

from widgets.content.activities import load_card_sort
from widgets.content.files import activity_path

from .conftest import assert_skip_links_work, open_and_run

pytestmark = pytest.mark.browser
NOTEBOOK = "modules/03_healthy_and_unhealthy_relationships.ipynb"
SORT = load_card_sort(activity_path("03_relationship_sorter"))


def card_row(page, number: int):
    """The VBox of one card: its "Card N." text, its category buttons and its feedback."""
    text = page.locator("p.tbc-box", has_text=f"Card {number}.").first
    text.wait_for(timeout=60_000)
    return text.locator("xpath=ancestor::div[contains(concat(' ', @class, ' '), ' widget-vbox ')][1]")


def test_sort_two_cards_and_read_the_feedback(watched_page, lab_server) -> None:
    page = open_and_run(watched_page, lab_server, NOTEBOOK)

    # Card numbers count from 1; pick the first card of one category, and a card of another to sort wrongly.
    right_number, right_card = next((n, c) for n, c in enumerate(SORT.cards, 1) if c.answer == "Healthy")
    wrong_number, wrong_card = next((n, c) for n, c in enumerate(SORT.cards, 1) if c.answer == "Unhealthy")
    wrong_choice = "Healthy"

    page.locator(".tbc-prompt", has_text=SORT.title).first.scroll_into_view_if_needed()
    watched_page.screenshot("module03-sorter-start")

    right_row, wrong_row = card_row(page, right_number), card_row(page, wrong_number)
    right_row.get_by_role("button", name=right_card.answer, exact=True).click()
    wrong_row.get_by_role("button", name=wrong_choice, exact=True).click()
    # ToggleButtons mark the chosen button as active.
    assert "mod-active" in (right_row.get_by_role("button", name=right_card.answer, exact=True)
                            .get_attribute("class") or "")

    check = page.get_by_role("button", name="Check my sort")
    check.scroll_into_view_if_needed()
    check.click()

    right_feedback = right_row.locator("[role=status]")
    right_feedback.filter(has_text="right.").wait_for(timeout=10_000)
    assert f"{right_card.answer}: right." in right_feedback.inner_text()
    assert right_card.explanation[:40] in right_feedback.inner_text()

    wrong_feedback = wrong_row.locator("[role=status]")
    wrong_feedback.filter(has_text="You chose").wait_for(timeout=10_000)
    wrong_text = wrong_feedback.inner_text()
    assert f"You chose {wrong_choice}. It is {wrong_card.answer}." in wrong_text
    assert wrong_card.explanation[:40] in wrong_text
    wrong_row.scroll_into_view_if_needed()
    watched_page.screenshot("module03-sorter-feedback")

    summary = page.locator("[role=status]", has_text="placed as the course would")
    summary.wait_for(timeout=10_000)
    summary_text = summary.inner_text()
    assert f"1 of {len(SORT.cards)} placed as the course would." in summary_text
    assert f"{len(SORT.cards) - 2} cards are not sorted yet." in summary_text
    assert "These were harder" in summary_text
    hard = summary.locator("li")
    assert hard.count() == 1 and hard.first.inner_text() == wrong_card.text
    check.scroll_into_view_if_needed()
    watched_page.screenshot("module03-sorter-summary")

    # The codependency terms item has the longest matching texts: a screenshot to check none is clipped.
    page.locator(".tbc-prompt", has_text="Match each term").first.scroll_into_view_if_needed()
    watched_page.screenshot("module03-quiz-matching")

    assert_skip_links_work(page, (("skip to the highs and lows", "The-highs-and-lows"),
                                 ("skip to the quiz", "Check-what-you-learned")))

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
