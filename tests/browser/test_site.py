"""The browser edition (`make site`): the static site in Chromium, with every request checked and none allowed
off this machine. A cold Pyodide start takes 25-40 s here, so the tests share one browser context (its cache
warm after the first page) and open few pages: the home page, module 01 (widgets, a quiz answer and a note that
survive a reload), Quick exit, a phone-sized screen and an accessibility audit."""

from __future__ import annotations

import re
import subprocess
import sys
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field

import pytest

from widgets._paths import course_root
from widgets.classroom.hub import free_port
from widgets.content.course import load_course
from widgets.site.build import is_current
from widgets.site.serve import make_server

from .app_pages import serious_violations
from .test_jupyterlab_quiz import first_single_choice_item, quiz_block

pytestmark = pytest.mark.browser

COURSE = load_course()
SITE = course_root() / "build" / "site"
MODULE = COURSE.module("01")
NOTE = "A kind word for myself, kept in this browser."


@pytest.fixture(scope="module")
def site_url() -> Iterator[str]:
    """build/site, built now unless it is up to date (`make test` builds it first), served on 127.0.0.1."""
    if not is_current(SITE):
        done = subprocess.run([sys.executable, "-m", "widgets", "site"], capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr
    server = make_server(SITE, "127.0.0.1", free_port())
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


@dataclass
class Visit:
    """One browser context for the whole module: its page, its console errors, and every request, counted."""

    page: object
    origin: str
    console_errors: list[str] = field(default_factory=list)
    requests: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def visit(site_url: str, browser) -> Iterator[Visit]:
    # The session's browser: a second sync Playwright cannot start while the first holds the main thread's loop.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_navigation_timeout(120_000)  # a busy 2-core machine serves a room slowly
    page = context.new_page()
    seen = Visit(page, site_url.rstrip("/"))

    def route(route) -> None:
        url = route.request.url
        seen.requests.append(url)
        if url.startswith(site_url) or url.startswith(("data:", "blob:")):
            route.continue_()
        else:
            seen.blocked.append(url)
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda m: seen.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen.console_errors.append(str(e)))
    yield seen
    context.close()


def open_module(visit: Visit, module=MODULE) -> None:
    """Open a module page and wait until every code cell's widget is on screen (none shows an error)."""
    page = visit.page
    page.goto(f"{visit.origin}/voici/render/{module.name}.html")
    cells = page.locator(".jp-CodeCell").count()
    assert cells > 0
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').length >= n", arg=cells,
        timeout=420_000, polling=250)
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output > .jupyter-widgets').length >= n",
        arg=cells, timeout=60_000, polling=250)


def errors_shown(page) -> list[str]:
    """The text of every error or traceback output on the page."""
    outputs = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], "
                           ".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']")
    return [outputs.nth(i).inner_text()[:500] for i in range(outputs.count())]


def test_home_lists_every_module_offline(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.origin + "/")
    rows = page.locator(".tbc-module")
    assert rows.count() == len(COURSE.modules)
    for index, module in enumerate(COURSE.modules):
        assert f"Module {module.id}: {module.title}" in rows.nth(index).inner_text()
    assert page.get_by_role("link", name="Quick exit").is_visible()
    page.get_by_role("button", name="Get support").click()
    assert page.locator("#tbc-support").is_visible()
    assert "Clearing this site's data deletes it" in page.locator("main").inner_text()


def test_a_module_page_renders_its_widgets_with_no_code_and_no_errors(visit: Visit) -> None:
    page = visit.page
    open_module(visit)
    assert page.title() == f"Module {MODULE.id}: {MODULE.title}"
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "a code cell's input is on the page"
    assert errors_shown(page) == []
    assert page.get_by_role("link", name=re.compile("Next: Module 02")).first.is_visible()
    assert visit.console_errors == []


def test_a_quiz_answer_and_a_note_are_kept_in_the_browser_and_show_at_home(visit: Visit) -> None:
    page = visit.page
    module, item, right, _ = first_single_choice_item()
    assert module.id == MODULE.id
    open_module(visit)
    block = quiz_block(page, item.prompt[:60])
    block.scroll_into_view_if_needed()
    block.get_by_label(right.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    block.locator("[role=status]").filter(has_text="Right.").wait_for(timeout=30_000)
    note = page.locator(".widget-vbox").filter(has=page.get_by_role("button", name="Save privately")).last
    note.scroll_into_view_if_needed()
    note.get_by_role("textbox").fill(NOTE)
    note.get_by_role("button", name="Save privately").click()
    note.get_by_text(re.compile("Saved at")).wait_for(timeout=30_000)

    page.goto(visit.origin + "/")  # the home page reads progress from the browser's storage, with no Python
    row = page.locator(".tbc-module").nth(int(MODULE.id))
    row.get_by_text(re.compile("Started: 1 of")).wait_for(timeout=10_000)
    assert visit.console_errors == []


def test_the_answer_and_the_note_are_read_back_after_a_reload(visit: Visit) -> None:
    page = visit.page
    module, item, _, _ = first_single_choice_item()
    open_module(visit)
    note = page.locator(".widget-vbox").filter(has=page.get_by_role("button", name="Save privately")).last
    page.wait_for_timeout(3000)
    assert note.get_by_role("textbox").input_value() == NOTE
    assert "answered this one correctly before" in quiz_block(page, item.prompt[:60]).inner_text()


def test_quick_exit_empties_the_page_and_back_does_not_return(visit: Visit) -> None:
    page = visit.page.context.new_page()  # a new tab: its history holds only what the learner did in it
    page.on("console", lambda m: visit.console_errors.append(m.text) if m.type == "error" else None)
    page.goto(visit.origin + "/")
    page.evaluate("""() => addEventListener('pagehide', () => sessionStorage.setItem('left-as',
        JSON.stringify([document.title, document.body.innerText.trim()])))""")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url("**/weather/", timeout=15_000)
    assert page.title() == "Weather"
    assert page.evaluate("() => JSON.parse(sessionStorage.getItem('left-as'))") == ["Weather", ""]
    page.go_back()
    page.wait_for_timeout(500)
    assert "/weather" in page.url or not page.url.startswith(visit.origin), page.url
    page.goto(visit.origin + "/")
    page.locator("h1").wait_for()
    page.keyboard.press("Escape")
    page.wait_for_url("**/weather/", timeout=15_000)
    assert "trauma" not in page.locator("body").inner_text().lower()
    page.close()


def test_pages_pass_axe_and_fit_a_phone_screen(visit: Visit, axe_source: str) -> None:
    page = visit.page
    page.set_viewport_size({"width": 375, "height": 667})
    page.goto(visit.origin + "/")
    assert serious_violations(page, axe_source) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    open_module(visit)
    assert serious_violations(page, axe_source) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def test_no_request_left_this_machine(visit: Visit) -> None:
    """Runs last: every request of the tests above was seen by the route, and none was for another origin."""
    assert len(visit.requests) > 50, "the route saw too few requests to have seen the pages load"
    assert visit.blocked == []
