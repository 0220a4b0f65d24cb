"""The jupyterquiz export, loaded by jupyterquiz's own Python loader and rendered by its JavaScript in Chromium:
every question shows, and choosing an answer shows our feedback."""

from __future__ import annotations

import json

import pytest

from widgets.content.course import load_course
from widgets.grading.bank_export import export

pytestmark = pytest.mark.browser


def quiz_page(path, tmp_path):
    """A page with what jupyterquiz's display_quiz would put in a notebook (its HTML and its script)."""
    import jupyterquiz.dynamic.display as jq_display

    shown: list = []
    original = jq_display.display
    jq_display.display = lambda *objects: shown.extend(objects)
    try:
        jq_display.display_quiz(str(path), shuffle_answers=False)
    finally:
        jq_display.display = original
    page = tmp_path / "quiz.html"
    page.write_text(f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>Quiz</title></head>"
                    f"<body>{shown[0].data}<script>{shown[1].data}</script></body></html>", encoding="utf-8")
    return page


def test_jupyterquiz_loads_and_renders_the_export(watched_page, tmp_path) -> None:
    export(tmp_path)
    path = tmp_path / f"{load_course().modules[1].name}.json"
    expected = json.loads(path.read_text(encoding="utf-8"))
    page = watched_page.page
    page.goto(quiz_page(path, tmp_path).as_uri())
    page.wait_for_selector(".Quiz")
    assert page.locator(".Quiz").count() == len(expected)
    right = next(a for a in expected[0]["answers"] if a["correct"])
    first = page.locator(".Quiz").first
    assert right["feedback"] not in first.inner_text()
    first.get_by_text(right["answer"], exact=True).click()
    assert right["feedback"] in first.inner_text()
    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
