"""Module 06 in a real browser: fill in "My thought record", save it privately, restart the kernel, run
everything again, and find the same answers filled in. Text that looks like a script stays text: no alert
fires and no script is added to the page. Nothing leaves this machine."""

from __future__ import annotations

import secrets

import pytest

from .conftest import KERNEL_READY, open_and_run, worksheet_box

pytestmark = pytest.mark.browser
NOTEBOOK = "modules/06_therapy_approaches.ipynb"
SCRIPT = "<script>alert(1)</script>"

# Resolves once the session's kernel has gone through a restart (sessionContext outlives the kernel object).
WATCH_RESTART = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  window.__tbcRestarted = false;
  panel.sessionContext.statusChanged.connect((_, status) => {
    if (status === 'restarting' || status === 'autorestarting') { window.__tbcRestarted = true; }
  });
}"""


def thought_record(page):
    return worksheet_box(page, "My thought record")


def long_field(sheet, label: str):
    return sheet.get_by_label(label, exact=True)


def first_list_line(sheet, label: str):
    """Line 1 of a list field: the innermost box holding the field's bold heading, then its first text input."""
    row = sheet.locator(".widget-vbox").filter(has=sheet.page.locator("strong", has_text=label)).last
    return row.locator(".widget-text input").first


def restart_kernel(page) -> None:
    """Kernel > Restart Kernel…, confirming JupyterLab's dialog if it asks, then wait for an idle kernel."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    page.evaluate(WATCH_RESTART)
    # Kernel > Restart Kernel… runs this command (JupyterLab 4 has no `kernel:restart`). Not awaited: its
    # promise waits for the dialog.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:restart-kernel'); }")
    # The button reads "Restart"; its accessible name is "Confirm Kernel Restart".
    restart = page.locator(".jp-Dialog button.jp-mod-accept", has_text="Restart")
    try:
        restart.wait_for(timeout=10_000)
        restart.click()
    except PlaywrightTimeout:  # no dialog: "Do not ask me again" was ticked, so the restart went ahead
        pass
    page.wait_for_function("() => window.__tbcRestarted === true", timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=60_000)


def run_all(page) -> None:
    """Run > Run All Cells, as open_and_run does. Not awaited: the promise settles only when every cell has run."""
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")


def test_thought_record_is_saved_privately_survives_a_restart_and_shows_script_as_text(watched_page,
                                                                                        lab_server) -> None:
    dialogs: list[str] = []

    def on_dialog(dialog) -> None:  # any alert/confirm/prompt means text ran as code: record it, then close it
        dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()

    watched_page.page.on("dialog", on_dialog)
    page = open_and_run(watched_page, lab_server, NOTEBOOK)
    page.locator(".tbc-prompt", has_text="Match each thinking trap").first.scroll_into_view_if_needed()
    watched_page.screenshot("module06-thinking-traps")
    page.get_by_role("heading", name="Skill card 1: Notice and name").scroll_into_view_if_needed()
    watched_page.screenshot("module06-skill-cards")

    tag = secrets.token_hex(3)  # so an earlier run's saved record cannot pass for this one
    answers = {
        "Situation": f"My friend has not replied to my message all day ({tag}) {SCRIPT}",
        "Automatic thought": f"They are annoyed with me ({tag})",
        "A balanced thought": f"They may just be busy. I can check in tomorrow ({tag})",
    }
    evidence = f"They said this week is busy at work ({tag})"

    sheet = thought_record(page)
    sheet.scroll_into_view_if_needed()
    for label, text in answers.items():
        long_field(sheet, label).fill(text)
    first_list_line(sheet, "Evidence against the thought").fill(evidence)
    sheet.get_by_role("button", name="Save privately").click()
    status = sheet.locator("[role=status]", has_text="Saved at")
    status.wait_for(timeout=10_000)
    assert "only in your course folder" in status.inner_text()
    long_field(sheet, "A balanced thought").scroll_into_view_if_needed()
    watched_page.screenshot("module06-thought-record-saved")

    # A fresh kernel, then Run All: the old widgets go away and the record is read back from the private store.
    old_field = long_field(sheet, "Situation").element_handle()
    restart_kernel(page)
    run_all(page)
    page.wait_for_function("el => !el.isConnected", arg=old_field, timeout=60_000)
    sheet = thought_record(page)
    page.wait_for_function(KERNEL_READY, timeout=60_000)
    for label, text in answers.items():
        field = long_field(sheet, label)
        field.wait_for(timeout=30_000)
        assert field.input_value() == text
    assert first_list_line(sheet, "Evidence against the thought").input_value() == evidence
    assert sheet.locator("[role=status]", has_text="Saved at").count() == 0  # restored, not just left on screen

    # The script text is shown as text: it sits in the box as typed, and no script element carries it.
    assert SCRIPT in long_field(sheet, "Situation").input_value()
    assert not page.evaluate("() => [...document.scripts].some(s => s.textContent.includes('alert(1)'))")
    long_field(sheet, "Situation").scroll_into_view_if_needed()
    watched_page.screenshot("module06-thought-record-after-restart")
    assert dialogs == []

    # Leave no test text behind in the learner's store.
    for label in answers:
        long_field(sheet, label).fill("")
    first_list_line(sheet, "Evidence against the thought").fill("")
    sheet.get_by_role("button", name="Save privately").click()
    sheet.locator("[role=status]", has_text="Saved at").wait_for(timeout=10_000)

    assert dialogs == []
    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
