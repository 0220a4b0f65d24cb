"""A learner opens module 01 in JupyterLab, runs it, and answers a quiz item wrongly, then rightly,
by mouse and by keyboard, reading the feedback each time."""

from __future__ import annotations

import pytest

from widgets.content.banks import load_bank
from widgets.content.course import load_course

from .conftest import open_and_run

pytestmark = pytest.mark.browser
MODULE = "01"


def first_single_choice_item():
    course = load_course()
    bank = load_bank(course.module(MODULE).path("bank"), course)
    item = next(i for i in bank.practice if i.type in ("single", "true_false"))
    right = next(o for o in item.options if o.correct)
    wrong = next(o for o in item.options if not o.correct)
    return course.module(MODULE), item, right, wrong


def quiz_block(page, prompt: str):
    """The VBox of one quiz question, found by its prompt text (the full quiz, not the mid-module check)."""
    blocks = page.locator(".widget-vbox").filter(has=page.locator(".tbc-prompt", has_text=prompt)).filter(
        has=page.get_by_role("button", name="Check answer"))
    blocks.last.wait_for(timeout=60_000)
    return blocks.last


def test_quiz_by_mouse_and_keyboard_in_jupyterlab(watched_page, lab_server) -> None:
    module, item, right, wrong = first_single_choice_item()
    page = open_and_run(watched_page, lab_server, f"modules/{module.name}.ipynb")
    block = quiz_block(page, item.prompt[:60])
    block.scroll_into_view_if_needed()
    feedback = block.locator("[role=status]")

    block.get_by_label(wrong.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    feedback.filter(has_text="Not quite").wait_for(timeout=10_000)
    assert wrong.feedback[:40] in feedback.inner_text()
    watched_page.screenshot("jupyterlab-quiz-wrong")

    # Keyboard only: focus the right option, select it with Space, Tab on to the button, press Enter.
    block.get_by_label(right.text, exact=True).focus()
    page.keyboard.press("Space")
    check_button = block.get_by_role("button", name="Check answer")
    for _ in range(len(item.options) + 2):
        page.keyboard.press("Tab")
        if check_button.evaluate("b => b === document.activeElement"):
            break
    assert check_button.evaluate("b => b === document.activeElement"), "Tab never reached the Check button"
    page.keyboard.press("Enter")
    feedback.filter(has_text="Right.").wait_for(timeout=10_000)
    assert right.feedback[:40] in feedback.inner_text()
    watched_page.screenshot("jupyterlab-quiz-right")

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
