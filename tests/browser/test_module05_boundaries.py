"""Module 05 in a real browser: write two boundaries in "My boundaries", save them privately, restart the kernel,
run everything again, and find the same two boundaries filled in. Nothing leaves this machine."""

from __future__ import annotations

import secrets

import pytest

from .conftest import KERNEL_READY, open_and_run, worksheet_box

pytestmark = pytest.mark.browser
NOTEBOOK = "modules/05_repair_or_walk_away.ipynb"


def boundaries_sheet(page):
    return worksheet_box(page, "My boundaries")


def boundary_line(sheet, number: int):
    return sheet.locator(".widget-text").filter(has_text=f"{number}.").locator("input").first


def restart_and_run_all(page) -> None:
    """Kernel > Restart Kernel and Run All Cells, confirming the dialog if JupyterLab asks."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    # Not awaited: the promise settles only when every cell has run. (JupyterLab 4 names it restart-run-all.)
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-run-all'); }")
    # The button reads "Restart"; its accessible name is "Confirm Kernel Restart".
    restart = page.locator(".jp-Dialog button.jp-mod-accept", has_text="Restart")
    try:
        restart.wait_for(timeout=10_000)
    except PlaywrightTimeout:  # no dialog: "Do not ask me again" was ticked, so the restart went ahead
        return
    restart.click()


def test_boundaries_are_saved_privately_and_survive_a_kernel_restart(watched_page, lab_server) -> None:
    page = open_and_run(watched_page, lab_server, NOTEBOOK)
    for title, name in (("Thinking about repair", "module05-repair-reflection"),
                        ("Sort the signs", "module05-card-sort")):
        page.locator(".tbc-prompt", has_text=title).first.scroll_into_view_if_needed()
        watched_page.screenshot(name)

    # Safety first: an answer that says "not safe" brings support at once, before any Save.
    reflection = worksheet_box(page, "Thinking about repair")
    safe = reflection.locator(".widget-dropdown").filter(has_text="Safe?").locator("select")
    safe.select_option("No")
    support = reflection.locator("[role=status]", has_text="If you are in danger now")
    support.wait_for(timeout=10_000)
    assert "call your emergency number" in support.inner_text()
    support.scroll_into_view_if_needed()
    watched_page.screenshot("module05-unsafe-answer-shows-support")
    safe.select_option("Yes")
    support.wait_for(state="detached", timeout=10_000)

    tag = secrets.token_hex(3)  # so an earlier run's saved worksheet cannot pass for this one
    boundaries = [f"Arguments stop after 20 minutes ({tag})", f"We take a break when voices rise ({tag})"]

    sheet = boundaries_sheet(page)
    sheet.scroll_into_view_if_needed()
    for number, text in enumerate(boundaries, 1):
        boundary_line(sheet, number).fill(text)
    sheet.get_by_role("button", name="Save privately").click()
    status = sheet.locator("[role=status]", has_text="Saved at")
    status.wait_for(timeout=10_000)
    assert "only in your course folder" in status.inner_text()
    sheet.get_by_role("button", name="Save privately").scroll_into_view_if_needed()
    watched_page.screenshot("module05-boundaries-saved")

    # A fresh kernel: the old widgets go away, and the worksheet is read back from the private store.
    old_line = boundary_line(sheet, 1).element_handle()
    restart_and_run_all(page)
    page.wait_for_function("el => !el.isConnected", arg=old_line, timeout=60_000)
    sheet = boundaries_sheet(page)
    page.wait_for_function(KERNEL_READY, timeout=60_000)
    for number, text in enumerate(boundaries, 1):
        line = boundary_line(sheet, number)
        line.wait_for(timeout=30_000)
        assert line.input_value() == text
    assert sheet.locator("[role=status]", has_text="Saved at").count() == 0  # restored, not just left on screen
    sheet.scroll_into_view_if_needed()
    watched_page.screenshot("module05-boundaries-after-restart")

    # Leave no test text behind in the learner's store.
    for number in (1, 2):
        boundary_line(sheet, number).fill("")
    sheet.get_by_role("button", name="Save privately").click()
    sheet.locator("[role=status]", has_text="Saved at").wait_for(timeout=10_000)

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
