"""Module 04 in a real browser: walk the branching scenario, one thought by mouse and one by keyboard, read the
barrier feedback and the end-of-path summary, then start again. Nothing leaves this machine."""

from __future__ import annotations

import pytest

from widgets.content.files import activity_path
from widgets.content.scenario import barriers_met, follow, load_scenario

from .conftest import open_and_run

pytestmark = pytest.mark.browser
NOTEBOOK = "modules/04_why_leaving_is_hard.ipynb"
SCENARIO = load_scenario(activity_path("04_inner_voice"))
PICKS = [0, 2, 0]  # apology: "just stressed" -> friend: "I'll have no one" -> leaving: "they'd hurt themselves"

# A button's label is fully shown when nothing inside it overflows (the default button style clips with "…").
FITS = "el => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1"


def test_walk_the_scenario_by_mouse_and_keyboard(watched_page, lab_server) -> None:
    page = open_and_run(watched_page, lab_server, NOTEBOOK)
    path = follow(SCENARIO, PICKS)
    moments = [SCENARIO.moment(step.moment) for step in path.steps]
    chosen = [m.choices[i] for m, i in zip(moments, PICKS, strict=True)]
    assert [m.id for m in moments] == ["apology", "friend", "leaving"]

    def thought(index: int):
        return page.get_by_role("button", name=chosen[index].text, exact=True)

    def feedback():
        return page.locator("[role=status]", has_text="This thought reflects")

    go_on = page.get_by_role("button", name="Go on", exact=True)

    # ---- moment 1, by mouse
    page.locator(".tbc-prompt", has_text=SCENARIO.title).first.scroll_into_view_if_needed()
    page.locator(".tbc-moment", has_text=moments[0].title).wait_for(timeout=30_000)
    assert go_on.is_disabled()
    for choice in moments[0].choices:  # every thought is a button named by its whole text, shown in full
        button = page.get_by_role("button", name=choice.text, exact=True)
        assert button.count() == 1 and button.evaluate(FITS)
    thought(0).click()
    barrier = SCENARIO.barrier(chosen[0].barrier)
    feedback().filter(has_text=barrier.name).wait_for(timeout=10_000)
    text = feedback().inner_text()
    assert f"You chose: “{chosen[0].text}”" in text and chosen[0].feedback[:40] in text
    assert "What might help:" in text and barrier.helps[:40] in text
    feedback().scroll_into_view_if_needed()
    watched_page.screenshot("module04-scenario-feedback")
    go_on.click()

    # ---- moment 2, by keyboard: focus a thought and press Enter, then "Go on" the same way
    page.locator(".tbc-moment", has_text=moments[1].title).wait_for(timeout=10_000)
    assert page.locator(".tbc-step", has_text="Moment 2").count() == 1
    # "Go on" put keyboard focus on the new moment's first thought.
    page.wait_for_function("t => document.activeElement && document.activeElement.textContent === t",
                           arg=moments[1].choices[0].text, timeout=10_000)
    page.locator(".tbc-moment", has_text=moments[1].title).scroll_into_view_if_needed()
    watched_page.screenshot("module04-scenario-focus")
    thought(1).focus()
    page.keyboard.press("Enter")
    feedback().filter(has_text=SCENARIO.barrier(chosen[1].barrier).name).wait_for(timeout=10_000)
    assert chosen[1].feedback[:40] in feedback().inner_text()
    thought(1).scroll_into_view_if_needed()
    watched_page.screenshot("module04-scenario-keyboard")
    go_on.focus()
    page.keyboard.press("Enter")

    # ---- moment 3 (the last), by mouse, then the summary
    page.locator(".tbc-moment", has_text=moments[2].title).wait_for(timeout=10_000)
    thought(2).click()
    feedback().filter(has_text=SCENARIO.barrier(chosen[2].barrier).name).wait_for(timeout=10_000)
    summary_button = page.get_by_role("button", name="See the summary", exact=True)
    summary_button.click()

    summary = page.locator("[role=status]", has_text="thoughts reflected")
    summary.wait_for(timeout=10_000)
    met = barriers_met(SCENARIO, path)
    summary_text = summary.inner_text()
    assert f"On this path, {SCENARIO.person}'s thoughts reflected {len(met)} barriers:" in summary_text
    names = [item.inner_text().split(".")[0] for item in summary.locator("li").all()]
    assert names == [b.name for b in met]
    assert SCENARIO.closing[:40] in summary_text
    assert page.get_by_text(SCENARIO.ending[:40]).count() == 1
    assert go_on.count() == 0 or not go_on.is_visible()
    restart = page.get_by_role("button", name="Start again", exact=True)
    restart.scroll_into_view_if_needed()
    page.locator(".tbc-step", has_text="The end of this path").scroll_into_view_if_needed()
    watched_page.screenshot("module04-scenario-summary")

    # ---- start again: back to the first moment, with no feedback left over
    restart.click()
    page.locator(".tbc-moment", has_text=moments[0].title).wait_for(timeout=10_000)
    assert feedback().count() == 0 and page.locator("[role=status]", has_text="thoughts reflected").count() == 0

    # The content note's skip link leads to its heading (JupyterLab 4 marks headings with data-jupyter-id).
    link = page.get_by_role("link", name="skip to responding with compassion")
    assert link.get_attribute("href") == "#Responding-with-compassion"
    assert page.locator('[data-jupyter-id="Responding-with-compassion"]').count() == 1

    assert watched_page.console_errors == []
    assert watched_page.outside_requests == []
