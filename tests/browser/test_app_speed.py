"""The learner app's text-first module pages (#19) behave as a learner would want: the page's text can be read
while its widgets are still loading, with a note that says so, and the widgets then appear in their places; the
widget scripts are kept by the browser, so the next page does not ask for them again. (How fast is for
`make bench`; these tests check behaviour, never time.)"""

from __future__ import annotations

import re

import pytest

from widgets.app.server import HASHED_NAME
from widgets.app.site import neighbours
from widgets.content.course import load_course

from .app_pages import COUNT_WIDGETS, wait_until_interactive

pytestmark = pytest.mark.browser
COURSE = load_course()
PAGES = neighbours(COURSE)
WIDGET_SCRIPTS = re.compile(r"/voila/labextensions/.*\.js(\?|$)")
# Resource Timing of the widget scripts: one taken from the browser's cache transferred nothing; one asked for again
# (even to hear "not modified") did.
WIDGET_SCRIPTS_FETCHED = """() => performance.getEntriesByType('resource')
  .filter(r => r.name.includes('/voila/labextensions/')).map(r => [r.name.split('?')[0], r.transferSize])"""


def hashed_widget_scripts(page) -> list[tuple[str, int]]:
    """The widget scripts this page loaded whose names hold a hash of their content (the app's HASHED_NAME), each
    with the bytes it transferred."""
    return [(name, size) for name, size in page.evaluate(WIDGET_SCRIPTS_FETCHED) if HASHED_NAME.search(name)]


def module_url(app_server, index: int) -> str:
    return f"{app_server.url}/{PAGES[COURSE.modules[index].name]['self'].path}"


def test_a_module_page_shows_its_text_while_its_widgets_load(watched_page, app_server) -> None:
    page = watched_page.page
    page.context.add_init_script(COUNT_WIDGETS)
    page.goto(app_server.login_url())
    held, holding = [], [True]

    def hold(route) -> None:  # the widget scripts wait until the text has been checked
        if holding:
            held.append(route)
        else:
            route.continue_()

    page.route(WIDGET_SCRIPTS, hold)
    page.goto(module_url(app_server, 1), wait_until="domcontentloaded")
    for _ in range(300):  # until the page asks for its first widget script (it is held), at most 30 s
        if held:
            break
        page.wait_for_timeout(100)
    assert held, "the page asked for no widget script: nothing was held back"
    heading = page.locator(".tbc-cells h1").first
    assert heading.is_visible()
    # at the top of the window, not pushed down by the loading note (Voilà's style made it 3/4 of the window high)
    assert heading.evaluate("h => h.getBoundingClientRect().bottom < innerHeight / 3")
    assert COURSE.modules[1].title.split()[0] in heading.inner_text()
    note = page.get_by_role("status").filter(has_text="The activities on this page are loading")
    assert note.is_visible()
    assert page.get_by_role("link", name="Quick exit").is_visible()
    assert page.locator(".jp-OutputArea-output > .jupyter-widgets").count() == 0  # no widget drawn yet
    holding.clear()
    for route in held:
        route.continue_()
    wait_until_interactive(page)
    assert page.get_by_role("button", name="Check answer").first.is_visible()
    assert note.count() == 0, "the loading note stays after the widgets are drawn"
    assert watched_page.console_errors == [] and watched_page.outside_requests == []


def test_the_next_page_takes_the_widget_scripts_from_the_browser(watched_page, app_server) -> None:
    page = watched_page.page
    page.context.add_init_script(COUNT_WIDGETS)
    page.goto(app_server.login_url())
    page.goto(module_url(app_server, 2))
    wait_until_interactive(page)
    first = {name for name, _ in hashed_widget_scripts(page)}
    page.goto(module_url(app_server, 3))
    wait_until_interactive(page)
    again = [(name, size) for name, size in hashed_widget_scripts(page) if name in first]
    assert again, "the two pages share no widget script with a hashed name"
    asked_again = [name for name, size in again if size > 0]
    assert asked_again == [], f"asked the app again for scripts the browser already had: {asked_again}"
    assert page.get_by_role("button", name="Check answer").first.is_visible()
    assert watched_page.console_errors == [] and watched_page.outside_requests == []
