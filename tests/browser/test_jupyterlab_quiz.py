"""A learner opens module 01 in JupyterLab, runs it, and answers a quiz item wrongly, then rightly,
by mouse and by keyboard, reading the feedback each time."""

from __future__ import annotations

import re

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
    """The VBox of one quiz question, found by its prompt text in the full quiz ("Question 1 of 13. ..."), never
    the mid-module check ("Question 1 of 1. ..."), which is on the page first while the notebook still runs."""
    in_full_quiz = re.compile(r"Question \d+ of (?!1\.)\d+\. " + re.escape(prompt))
    block = page.locator(".widget-vbox").filter(has=page.locator(".tbc-prompt", has_text=in_full_quiz)).filter(
        has=page.get_by_role("button", name="Check answer")).last
    block.wait_for(timeout=60_000)
    return block


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


SLOW_CHANGES = """
import gc, time
from widgets.learner.views.quiz import QuizItemView
for view in [o for o in gc.get_objects() if isinstance(o, QuizItemView) and o.item.id == "ITEM"]:
    view.control.observe(lambda change: time.sleep(2), names="value")
"""


def test_enter_at_once_checks_the_answer_just_chosen_even_when_the_kernel_is_busy(watched_page, lab_server) -> None:
    """While the kernel handles one change, the browser holds back a second change of the same control, but sends
    the click at once: the click reaches the kernel before the answer it was meant for."""
    module, item, right, wrong = first_single_choice_item()
    other = next(o for o in item.options if not o.correct and o is not wrong)
    page = open_and_run(watched_page, lab_server, f"modules/{module.name}.ipynb")
    block = quiz_block(page, item.prompt[:60])
    block.scroll_into_view_if_needed()
    feedback = block.locator("[role=status]")
    block.get_by_label(wrong.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    feedback.filter(has_text="Not quite").wait_for(timeout=10_000)

    # The kernel is slow to handle a change of this question's answer, as a busy machine is.
    page.evaluate("""code => window.jupyterapp.shell.currentWidget.sessionContext.session.kernel
                         .requestExecute({code, silent: true}).done""", SLOW_CHANGES.replace("ITEM", item.id))
    block.get_by_label(other.text, exact=True).focus()
    page.keyboard.press("Space")  # sent: the kernel takes a while over it
    block.get_by_label(right.text, exact=True).focus()
    page.keyboard.press("Space")  # held back by the browser until the first change is handled
    block.get_by_role("button", name="Check answer").focus()
    page.keyboard.press("Enter")  # sent at once: it overtakes the right answer
    feedback.filter(has_text="Right.").wait_for(timeout=20_000)
    page.wait_for_timeout(1500)  # nothing later replaces it with the feedback for the answer in between
    assert "Right." in feedback.inner_text() and "Not quite" not in feedback.inner_text()
    assert watched_page.console_errors == []
