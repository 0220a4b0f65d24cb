"""Module 02 in a real browser: move the simulator's slider, schedule list and model choice with the keyboard and
see both the figure and its text description change; step the cycle timeline with Next and Previous, wrapping
round; follow the content notes' skip links. Nothing leaves this machine, and the page logs no errors."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from widgets._paths import course_root
from widgets.content.cycle import DEFAULT_CYCLE, load_cycle
from widgets.content.files import activity_path

from .conftest import assert_skip_links_work, open_and_run

pytestmark = pytest.mark.browser
NOTEBOOK = "modules/02_intermittent_reinforcement_cycle.ipynb"
CYCLE = load_cycle(activity_path(DEFAULT_CYCLE))


def lab_settings_are_the_courses() -> bool:
    """The JupyterLab under test reads the course's settings (`make` copies them into the environment)."""
    installed = Path(sys.prefix) / "share/jupyter/lab/settings/overrides.json"
    wanted = course_root() / "widgets/data/jupyterlab-overrides.json"
    return installed.exists() and installed.read_bytes() == wanted.read_bytes()


def simulator(page):
    """The simulator's root box: the only widget box holding both the model-vs-experiment table and a slider."""
    box = page.locator(".widget-vbox").filter(has=page.locator(".pree-table")).filter(
        has=page.locator(".widget-slider"))
    box.first.wait_for(timeout=60_000)
    return box.first


def cycle_box(page):
    """The cycle timeline's root box, found by its Next button."""
    box = page.locator(".widget-vbox").filter(has=page.get_by_role("button", name="Next phase"))
    box.first.wait_for(timeout=60_000)
    return box.first


def wait_for_change(locator, attribute: str | None, before: str) -> str:
    """Wait until the element's attribute (or its text, when attribute is None) differs from `before`.

    The locator is resolved again on every try: the Output widget replaces its <img> rather than editing it.
    """
    from playwright.sync_api import expect

    if attribute:
        expect(locator).not_to_have_attribute(attribute, before, timeout=15_000)
        return locator.get_attribute(attribute)
    expect(locator).not_to_have_text(before, timeout=15_000)
    return locator.inner_text()


def test_simulator_by_keyboard_and_cycle_timeline(watched_page, lab_server) -> None:
    assert lab_settings_are_the_courses(), "JupyterLab's settings are out of date: run `make test` (or `make course`)"
    page = open_and_run(watched_page, lab_server, NOTEBOOK)

    # ---- the simulator: the figure and its description, before
    sim = simulator(page)
    figure = sim.locator(".jp-OutputArea-output img, .widget-output img").first
    figure.wait_for(timeout=60_000)
    text = sim.locator("[role=status]").first
    src_before, text_before = figure.get_attribute("src"), text.inner_text()
    assert src_before.startswith("data:image/png;base64,")
    assert "about 1 in 3 responses was rewarded" in text_before
    sim.scroll_into_view_if_needed()
    watched_page.screenshot("module02-simulator-start")

    # Keyboard only: focus the slider's handle and press the right arrow (3 -> 4 responses per reward).
    handle = sim.locator(".widget-slider .noUi-handle").first
    handle.focus()
    page.keyboard.press("ArrowRight")
    src_after = wait_for_change(figure, "src", src_before)
    text_after = wait_for_change(text, None, text_before)
    assert src_after != src_before and src_after.startswith("data:image/png;base64,")
    assert "about 1 in 4 responses was rewarded" in text_after
    assert "The detector kept going longer" in text_after
    assert sim.locator(".widget-slider .widget-readout").first.inner_text().strip() == "4"
    watched_page.screenshot("module02-simulator-slider")

    # Keyboard only: the schedule list, up two places from "Variable ratio" to "Continuous (every response)".
    # (Arrow keys reach the list because the course's JupyterLab settings stop them moving between cells when a
    # widget has focus; see widgets/data/jupyterlab-overrides.json.)
    schedule = sim.get_by_label("Reward schedule")
    schedule.focus()
    for _ in range(2):
        before = text.inner_text()
        page.keyboard.press("ArrowUp")
        wait_for_change(text, None, before)
    assert schedule.input_value() == "Continuous (every response)"
    assert text.inner_text().startswith("Schedule: continuous. While learning, every response was rewarded.")
    assert figure.get_attribute("src") not in (src_before, src_after)
    watched_page.screenshot("module02-simulator-continuous")

    # Keyboard only: the learner model, from "Both" up one to the detector alone.
    sim.get_by_label("Both", exact=True).focus()
    before = text.inner_text()
    page.keyboard.press("ArrowUp")
    alone = wait_for_change(text, None, before)
    assert sim.get_by_label("“Has it stopped?” detector").is_checked()
    assert "the detector kept going" in alone and "Rescorla–Wagner" not in alone

    # ---- the cycle timeline: Next by keyboard, Previous by mouse, wrapping round from the first to the last
    box = cycle_box(page)
    box.scroll_into_view_if_needed()
    status = box.locator("[role=status]").first
    current = box.locator("[aria-current=step]")
    assert status.inner_text().strip() == f"Phase 1 of 4: {CYCLE.phases[0].name}"
    assert "Now" in current.text_content() and CYCLE.phases[0].name in current.inner_text()
    assert CYCLE.caveat[:40] in box.inner_text()
    watched_page.screenshot("module02-cycle-start")

    box.get_by_role("button", name="Next phase").focus()
    page.keyboard.press("Enter")
    box.locator("[role=status]", has_text="Phase 2 of 4").wait_for(timeout=10_000)
    assert status.inner_text().strip() == f"Phase 2 of 4: {CYCLE.phases[1].name}"
    assert CYCLE.phases[1].name in current.inner_text() and "Now" in current.text_content()
    assert CYCLE.phases[1].description[:40] in box.inner_text()
    assert CYCLE.phases[0].description[:40] not in box.inner_text()
    assert CYCLE.caveat[:40] in box.inner_text()
    watched_page.screenshot("module02-cycle-next")

    previous = box.get_by_role("button", name="Previous phase")
    previous.click()
    box.locator("[role=status]", has_text="Phase 1 of 4").wait_for(timeout=10_000)
    previous.click()
    box.locator("[role=status]", has_text="Phase 4 of 4").wait_for(timeout=10_000)
    assert CYCLE.phases[3].name in current.inner_text()

    assert_skip_links_work(page, (("skip to how the good times bind", "How-the-good-times-bind"),
                                 ("skip to the quiz", "Check-what-you-learned")))

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
