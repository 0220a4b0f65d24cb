"""The browser edition (`make site`): the static site in Chromium, with every request checked and none allowed
off this machine. A cold Pyodide start takes 25-40 s here, so the tests share one browser context (its cache
warm after the first page) and run in this order, each building on the last: the home page; module 01 (widgets,
a quiz answer and a note that survive a reload); module 00's "Your data" panel (a copy of the notes, then delete
everything, after which module 01 and the home page show nothing saved); every module page on a phone-sized
screen (widgets, no errors, axe, in-page links); module 02's simulator from its stored frames; Quick exit; the
home page's audit; and, last, that no request left this machine."""

from __future__ import annotations

import base64
import json
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

from .app_pages import WIDGETS_SHOWN, in_page_links, scroll_to_end, serious_violations
from .test_jupyterlab_quiz import first_single_choice_item, quiz_block

pytestmark = pytest.mark.browser

COURSE = load_course()
SITE = course_root() / "build" / "site"
MODULE = COURSE.module("01")
NOTE = "A kind word for myself, kept in this browser."
PHONE = {"width": 375, "height": 667}
DESKTOP = {"width": 1280, "height": 900}
FRAMES = json.loads((course_root() / "widgets" / "data" / "simulator_frames.json").read_text(encoding="utf-8"))


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
    context = browser.new_context(viewport=DESKTOP)
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
    visit.page.goto(f"{visit.origin}/voici/render/{module.name}.html")
    wait_for_widgets(visit.page)


def wait_for_widgets(page) -> None:
    """Wait until every code cell of the page on screen shows its widget (Python runs in the browser first)."""
    cells = page.locator(".jp-CodeCell").count()
    assert cells > 0
    page.wait_for_function(
        "n => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output').length >= n", arg=cells,
        timeout=420_000, polling=250)
    page.wait_for_function(WIDGETS_SHOWN, arg=cells, timeout=60_000, polling=250)


def on_module(visit: Visit, module=MODULE) -> None:
    """Open a module page unless the test before left it on screen (each page start costs Pyodide's)."""
    if not visit.page.url.endswith(f"/voici/render/{module.name}.html"):
        open_module(visit, module)


def note_box(page):
    """The box of the page's last private note (its text box and Save privately)."""
    return page.locator(".widget-vbox").filter(has=page.get_by_role("button", name="Save privately")).last


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


def test_a_module_page_shows_its_text_at_once_then_its_widgets_with_no_code_and_no_errors(visit: Visit) -> None:
    """The text can be read, in the page's <main>, during the many seconds Python takes to start in the browser."""
    page = visit.page
    page.goto(f"{visit.origin}/voici/render/{MODULE.name}.html", wait_until="domcontentloaded")
    assert page.locator("main h1").first.is_visible()
    # at the top of the window, not pushed down by the loading note (Voilà's style made it 3/4 of the window high)
    assert page.locator("main h1").first.evaluate("h => h.getBoundingClientRect().bottom < innerHeight / 3")
    assert MODULE.title.split()[0] in page.locator("main h1").first.inner_text()
    note = page.get_by_role("status").filter(has_text="The activities on this page are loading")
    assert note.is_visible()
    assert page.locator(".jp-OutputArea-output > .jupyter-widgets").count() == 0  # Python has not started yet
    wait_for_widgets(page)
    note.wait_for(state="detached", timeout=30_000)  # when the last cell has run, a moment after its widget shows
    scroll_to_end(page)  # one page that scrolls, not a box of its own under the course bar
    assert page.title() == f"Module {MODULE.id}: {MODULE.title}"
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "a code cell's input is on the page"
    assert errors_shown(page) == []
    assert page.get_by_role("link", name=re.compile("Next: Module 02")).first.is_visible()
    assert visit.console_errors == []


def test_a_quiz_answer_and_a_note_are_kept_in_the_browser_and_show_at_home(visit: Visit) -> None:
    page = visit.page
    module, item, right, _ = first_single_choice_item()
    assert module.id == MODULE.id
    on_module(visit)  # as the test above left it
    block = quiz_block(page, item.prompt[:60])
    block.scroll_into_view_if_needed()
    block.get_by_label(right.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    block.locator("[role=status]").filter(has_text="Right.").wait_for(timeout=30_000)
    note = note_box(page)
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
    note = note_box(page)
    page.wait_for_timeout(3000)
    assert note.get_by_role("textbox").input_value() == NOTE
    assert "answered this one correctly before" in quiz_block(page, item.prompt[:60]).inner_text()


def open_data_panel(visit: Visit):
    """Module 00's "Your data" panel (module 00's page opened unless it is the one on screen)."""
    page = visit.page
    on_module(visit, COURSE.module("00"))
    panel = page.locator(".widget-vbox").filter(has=page.get_by_role("button", name="Delete everything…")).last
    panel.scroll_into_view_if_needed()
    return panel


def test_save_a_copy_of_my_notes_gives_markdown_that_holds_the_note(visit: Visit) -> None:
    """Runs after the note was saved on module 01's page. The panel says where the notes are: this browser."""
    panel = open_data_panel(visit)
    text = panel.inner_text()
    assert "only in this web browser's own storage for this site" in text
    assert "private window" in text and "/drive" not in text and "computer" not in text
    assert "notes.json" in text
    assert "from this web browser" in panel.get_by_role("button", name="Delete everything…").get_attribute("title")
    panel.get_by_role("button", name="Save a copy of my notes").click()
    link = panel.get_by_role("link", name="download the copy")
    link.wait_for(timeout=30_000)
    assert link.get_attribute("download") == "my-course-notes.md"
    head, _, data = link.get_attribute("href").partition(";base64,")
    assert head == "data:text/markdown;charset=utf-8"
    markdown = base64.b64decode(data).decode("utf-8")
    assert markdown.startswith("# My notes: ") and f"> {NOTE}" in markdown.splitlines()
    assert "Saved a copy, only in this web browser's own storage" in panel.inner_text()
    assert visit.console_errors == []


def test_delete_everything_leaves_no_note_and_no_progress(visit: Visit) -> None:
    page = visit.page
    panel = open_data_panel(visit)
    panel.get_by_role("button", name="Delete everything…").click()
    panel.locator("[role=status]", has_text="This cannot be undone").wait_for(timeout=30_000)
    panel.get_by_role("button", name="Yes, delete everything").click()
    panel.locator("[role=status]", has_text="Nothing of yours is left").wait_for(timeout=30_000)
    panel.get_by_text("Nothing saved yet.").wait_for(timeout=30_000)  # the list, sent just after the status

    page.goto(visit.origin + "/")  # the home page reads the same storage site.js reads: no progress file now
    assert page.evaluate("""() => new Promise((done, fail) => {
        const opening = indexedDB.open("JupyterLite Storage - ../../");
        opening.onerror = fail;
        opening.onsuccess = () => {
            const get = opening.result.transaction("files").objectStore("files").get("course-data/progress.json");
            get.onsuccess = () => done(get.result === undefined || get.result === null);
        };
    })""")
    row = page.locator(".tbc-module").nth(int(MODULE.id))
    assert "Not started" in row.inner_text() and "Started: 1" not in row.inner_text()

    module, item, _, _ = first_single_choice_item()
    open_module(visit)
    page.wait_for_timeout(3000)  # as after the reload above: the note would be back by now
    assert note_box(page).get_by_role("textbox").input_value() == ""
    assert "answered this one correctly before" not in quiz_block(page, item.prompt[:60]).inner_text()
    assert visit.console_errors == []


# Module 02 last: the simulator's test below goes on with its page.
@pytest.mark.parametrize("module", sorted(COURSE.modules, key=lambda m: m.id == "02"), ids=lambda m: m.id)
def test_every_module_page_works_on_a_phone_screen(visit: Visit, axe_source: str, module) -> None:
    """Each module page, at 375×667: every code cell's widget, no error output or console error, no sideways
    scrolling, no serious or critical axe finding, and every in-page link leads to a place on this page."""
    page = visit.page
    errors_before = len(visit.console_errors)
    page.set_viewport_size(PHONE)
    try:
        open_module(visit, module)
        assert page.title() == f"Module {module.id}: {module.title}"
        assert errors_shown(page) == []
        assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
        assert serious_violations(page, axe_source) == []
        links = in_page_links(page)
        assert links, "no in-page link found (each module page has a skip link at least)"
        assert [href for href, here in links.items() if not here] == []
    finally:
        page.set_viewport_size(DESKTOP)
    assert visit.console_errors[errors_before:] == []


def simulator(page):
    """Module 02's simulator: the widget box holding both the model-vs-experiment table and a slider."""
    box = page.locator(".widget-vbox").filter(has=page.locator(".pree-table")).filter(
        has=page.locator(".widget-slider")).first
    box.wait_for(timeout=60_000)
    return box


def shows_frame(sim, key: str) -> None:
    """Wait until the simulator shows the stored frame `key`: its figure and the start of its description."""
    from playwright.sync_api import expect

    frame = FRAMES["frames"][key]
    expect(sim.locator("img").first).to_have_attribute("src", "data:image/png;base64," + frame["png"],
                                                      timeout=30_000)
    expect(sim.locator("[role=status]").first).to_contain_text(frame["description"][:80], timeout=30_000)


def test_module_02s_simulator_follows_its_controls_with_the_stored_frames(visit: Visit) -> None:
    page = visit.page
    on_module(visit, COURSE.module("02"))  # as the last module page test left it
    sim = simulator(page)
    sim.scroll_into_view_if_needed()
    shows_frame(sim, "variable_ratio-3-both")
    sim.locator(".widget-slider .noUi-handle").first.focus()
    page.keyboard.press("ArrowRight")  # 3 -> 4 responses per reward, by keyboard
    shows_frame(sim, "variable_ratio-4-both")
    assert "about 1 in 4 responses was rewarded" in sim.locator("[role=status]").first.inner_text()
    sim.get_by_label("Reward schedule").select_option(label="Continuous (every response)")
    shows_frame(sim, "continuous-1-both")
    assert not [url for url in visit.requests if re.search(r"/(numpy|matplotlib)-\d", url)], "numpy was loaded"
    assert visit.console_errors == []


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


def test_the_home_page_passes_axe_and_fits_a_phone_screen(visit: Visit, axe_source: str) -> None:
    """(Each module page is checked the same way above.)"""
    page = visit.page
    page.set_viewport_size(PHONE)
    page.goto(visit.origin + "/")
    assert serious_violations(page, axe_source) == []
    assert page.evaluate("() => document.documentElement.scrollWidth") <= PHONE["width"]
    page.set_viewport_size(DESKTOP)


def test_no_request_left_this_machine(visit: Visit) -> None:
    """Runs last: every request of the tests above was seen by the route, and none was for another origin."""
    assert len(visit.requests) > 50, "the route saw too few requests to have seen the pages load"
    assert visit.blocked == []
