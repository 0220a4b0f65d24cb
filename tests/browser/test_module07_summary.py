"""Module 07 in a real browser: fill in the self-care plan, save it privately, make the "my next steps" summary
as HTML, then open that file as a learner would and check that it shows the plan, runs no learner text as code,
and loads nothing at all."""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path

import pytest

from .conftest import ARTIFACTS, open_and_run, worksheet_box

pytestmark = pytest.mark.browser
NOTEBOOK = "modules/07_self_care_and_healing.ipynb"
SCRIPT = '<script>window.pwned = 1</script>'


def plan_sheet(page):
    return worksheet_box(page, "My self-care plan")


def summary_path(status_text: str) -> Path:
    """The file the status names, with ~ expanded from the HOME this test run set (the lab server's HOME too)."""
    match = re.search(r"(~?/\S*my-next-steps\.html)", status_text)
    assert match, f"no summary path in: {status_text!r}"
    shown = match.group(1)
    return Path(os.environ["HOME"], shown[2:]) if shown.startswith("~/") else Path(shown)


def test_self_care_plan_reaches_the_html_summary(watched_page, lab_server) -> None:
    page = open_and_run(watched_page, lab_server, NOTEBOOK)
    tag = secrets.token_hex(3)  # so an earlier run's saved plan cannot pass for this one
    step = f"A 10-minute walk after lunch on Monday ({tag}) {SCRIPT}"

    sheet = plan_sheet(page)
    sheet.scroll_into_view_if_needed()
    sheet.get_by_label("First practice").select_option(label="A walk or other movement")
    sheet.get_by_label("How often (first)").select_option(label="A few times a week")
    sheet.get_by_label("Second practice").select_option(label="A steady sleep routine")
    sheet.get_by_label("How often (second)").select_option(label="Daily")
    sheet.get_by_label("My first small step").fill(step)
    sheet.get_by_role("button", name="Save privately").click()
    sheet.locator("[role=status]", has_text="Saved at").wait_for(timeout=10_000)
    sheet.get_by_role("button", name="Save privately").scroll_into_view_if_needed()
    watched_page.screenshot("module07-plan-saved")

    page.get_by_role("button", name="Make my summary (HTML)").click()
    status = page.locator("[role=status]", has_text="Made your summary")
    status.wait_for(timeout=10_000)
    link = page.get_by_role("link", name="download a copy")
    assert link.get_attribute("download") == "my-next-steps.html"
    page.get_by_role("button", name="Make my summary (HTML)").scroll_into_view_if_needed()
    watched_page.screenshot("module07-summary-made")

    path = summary_path(status.inner_text())
    raw = path.read_text(encoding="utf-8")
    assert "<script" not in raw.lower()

    # Open the summary as a learner would: a new tab, straight from the file. Record every request it makes.
    summary = page.context.new_page()
    requests: list[str] = []
    errors: list[str] = []
    summary.on("request", lambda r: requests.append(r.url))
    summary.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    summary.on("pageerror", lambda e: errors.append(str(e)))
    summary.goto(path.as_uri())
    summary.get_by_role("heading", name="My next steps").wait_for(timeout=10_000)
    plan = summary.locator("section.plan")
    assert "My self-care plan" in plan.inner_text()
    assert step in plan.inner_text()  # the learner's text, <script> and all, shown as plain text
    assert "A walk or other movement" in plan.inner_text() and "A steady sleep routine" in plan.inner_text()
    assert summary.locator("script").count() == 0
    assert summary.evaluate("() => window.pwned") is None
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    summary.screenshot(path=str(ARTIFACTS / "module07-summary-page.png"), full_page=True)
    summary.emulate_media(media="print")
    summary.screenshot(path=str(ARTIFACTS / "module07-summary-print.png"), full_page=True)
    summary.close()
    assert requests == [path.as_uri()]  # the file itself, and nothing else: no fonts, scripts or images
    assert errors == []

    # Leave no test text behind in the learner's store.
    sheet = plan_sheet(page)
    for label in ("First practice", "How often (first)", "Second practice", "How often (second)"):
        sheet.get_by_label(label).select_option(label="Choose…")
    sheet.get_by_label("My first small step").fill("")
    sheet.get_by_role("button", name="Save privately").click()
    sheet.locator("[role=status]", has_text="Saved at").wait_for(timeout=10_000)
    path.unlink()

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
