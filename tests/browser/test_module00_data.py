"""Module 00 in a real browser: find support by country, save a private note, save a copy, delete everything."""

from __future__ import annotations

import pytest

from .conftest import open_and_run

pytestmark = pytest.mark.browser


def test_support_finder_and_my_data_panel(watched_page, lab_server) -> None:
    page = open_and_run(watched_page, lab_server, "modules/00_welcome_and_safety.ipynb")

    finder = page.get_by_label("Where are you?")
    finder.select_option(label="United Kingdom")
    page.get_by_text("0808 2000 247").first.wait_for(timeout=10_000)
    finder.scroll_into_view_if_needed()
    watched_page.screenshot("module00-support-finder")

    # Save nothing: a note is kept on the page but never written; then saving goes back on.
    page.get_by_role("radio", name="Save nothing").check()
    page.locator("[role=status]", has_text="Saving is off").wait_for(timeout=10_000)
    note = page.get_by_label("Your note")
    note.fill("Kept only while the page is open")
    page.get_by_role("button", name="Save privately").click()
    page.get_by_text("you chose to save nothing").first.wait_for(timeout=10_000)
    page.get_by_role("radio", name="Save nothing").scroll_into_view_if_needed()
    watched_page.screenshot("module00-save-nothing")
    page.get_by_role("radio", name="Save my progress and notes").check()
    page.locator("[role=status]", has_text="Saving is on").wait_for(timeout=10_000)

    note.fill('A private thought <script>alert("x")</script>')
    page.get_by_role("button", name="Save privately").click()
    page.get_by_text("only in your course folder,").first.wait_for(timeout=10_000)

    page.get_by_role("button", name="Save a copy of my notes").click()
    link = page.get_by_role("link", name="download the copy")
    link.wait_for(timeout=10_000)
    assert link.get_attribute("download") == "my-course-notes.md"
    assert page.locator("code", has_text="notes.json").count() >= 1
    page.get_by_role("button", name="Save a copy of my notes").scroll_into_view_if_needed()
    watched_page.screenshot("module00-my-data-saved")

    page.get_by_role("button", name="Delete everything…").click()
    page.locator("[role=status]", has_text="This cannot be undone").wait_for(timeout=10_000)
    page.get_by_role("button", name="Yes, delete everything").click()
    page.locator("[role=status]", has_text="Nothing of yours is left").wait_for(timeout=10_000)
    assert page.get_by_text("Nothing saved yet.").count() >= 1
    watched_page.screenshot("module00-my-data-deleted")

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
