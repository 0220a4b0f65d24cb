"""The learner app (`make app`) in a real browser, as a learner would use it: the home page lists every module
with progress; a quiz answer shows up at home and back in the module; Quick exit hides the course at once,
by button or Esc, and Back does not bring it back; every module page passes an axe-core audit; one module is
walked through by keyboard alone. No page logs an error, and no request leaves this machine."""

from __future__ import annotations

import base64
import io
import json
import os
import re
from pathlib import Path

import PIL.Image
import pytest

from widgets._sockets import SOCKET_PATH_LIMIT
from widgets.app.site import neighbours
from widgets.content.banks import load_bank
from widgets.content.course import load_course, load_resources
from widgets.learner.models.learner_data import record_attempt
from widgets.learner.store import LearnerStore
from widgets.learner.views.reinforcement import LiveFrames
from widgets.learner.views.reinforcement_state import DEFAULT_SEED, State

from .app_pages import COUNT_WIDGETS, in_page_links, scroll_to_end, serious_violations, wait_until_interactive
from .test_jupyterlab_quiz import first_single_choice_item, quiz_block
from .test_module02_simulator import simulator, wait_for_change

pytestmark = pytest.mark.browser
COURSE = load_course()
PAGES = neighbours(COURSE)
COURSE_WORDS = ("trauma", "Module", "course", "abuse", "support")


@pytest.fixture
def app_page(watched_page, app_server):
    """A logged-in page of the app, at its home page, that records when each module page is interactive."""
    page = watched_page.page
    page.context.add_init_script(COUNT_WIDGETS)
    page.goto(app_server.login_url())
    return watched_page


def module_url(app_server, module) -> str:
    return f"{app_server.url}/{PAGES[module.name]['self'].path}"


def open_module(page, app_server, module) -> float:
    page.goto(module_url(app_server, module))
    return wait_until_interactive(page)


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    """What a reader sees of a PNG: its size and RGB pixels."""
    image = PIL.Image.open(io.BytesIO(png)).convert("RGB")
    return image.size, image.tobytes()


def assert_clean(watched) -> None:
    assert watched.console_errors == []
    assert watched.outside_requests == []


def assert_code_hidden(page) -> None:
    assert page.locator(".jp-CodeCell .jp-InputArea").count() == 0, "a code cell's input is on the page"
    assert "from widgets import" not in page.content(), "code is in the page's HTML"


def assert_course_is_gone(page) -> None:
    page.wait_for_url("**/weather", timeout=15_000)
    assert page.title() == "Weather"
    text = page.locator("body").inner_text()
    assert not any(word.lower() in text.lower() for word in COURSE_WORDS), text


def test_home_lists_every_module_with_progress_quick_exit_and_support(app_page, app_server, axe_source) -> None:
    page = app_page.page
    assert page.url == f"{app_server.url}/", "the token should be dropped from the address"
    titles = page.locator(".tbc-modules a").all_inner_texts()
    assert titles == [f"Module {m.id}: {m.title}" for m in COURSE.modules]
    assert page.locator(".tbc-progress-words").all_inner_texts()[0].startswith("Not started")
    assert page.get_by_role("link", name="Quick exit").is_visible()
    assert app_server.data_dir.name in page.locator("main").inner_text()  # says where progress is kept

    support = page.get_by_role("button", name="Get support")
    panel = page.locator("#tbc-support")
    assert support.get_attribute("aria-expanded") == "false" and not panel.is_visible()
    support.click()
    assert support.get_attribute("aria-expanded") == "true" and panel.is_visible()
    for region in load_resources().regions:
        assert region.emergency in panel.inner_text()
    app_page.screenshot("app-home-support")
    page.get_by_role("button", name="Close support").click()
    assert not panel.is_visible() and support.evaluate("b => b === document.activeElement")

    assert serious_violations(page, axe_source) == []
    app_page.screenshot("app-home")
    assert_clean(app_page)


def test_a_quiz_answer_shows_at_home_and_back_in_the_module(app_page, app_server) -> None:
    module, item, right, _ = first_single_choice_item()
    page = app_page.page
    page.get_by_role("link", name=f"Module {module.id}: {module.title}").click()
    wait_until_interactive(page)
    assert page.title() == f"Module {module.id}: {module.title}"
    assert_code_hidden(page)

    block = quiz_block(page, item.prompt[:60])
    block.scroll_into_view_if_needed()
    block.get_by_label(right.text, exact=True).check()
    block.get_by_role("button", name="Check answer").click()
    block.locator("[role=status]").filter(has_text="Right.").wait_for(timeout=10_000)
    app_page.screenshot("app-module01-quiz")

    page.locator(".tbc-bar").get_by_role("link", name="Course home").click()
    page.wait_for_url(f"{app_server.url}/")
    row = page.locator(".tbc-module").nth(int(module.id)).inner_text()
    assert "Started: 1 of" in row and "answered correctly" in row
    app_page.screenshot("app-home-progress")

    page.get_by_role("link", name=f"Module {module.id}: {module.title}").click()
    wait_until_interactive(page)
    block = quiz_block(page, item.prompt[:60])
    assert "answered this one correctly before" in block.inner_text()
    assert "Your score: 1 of" in page.locator(".tbc-box[role=status]").last.inner_text()
    assert page.evaluate("() => history.length") <= 2, "course links should replace the page in history"
    assert_clean(app_page)


def test_a_module_opened_from_a_kernel_heated_earlier_shows_progress_saved_since(app_page, app_server) -> None:
    """Module 02's kernel ran its notebook when the app started; the answer below is saved afterwards."""
    module = COURSE.module("02")
    first_item = load_bank(module.path("bank"), COURSE).items[0]
    record_attempt(LearnerStore(app_server.data_dir), module.id, first_item.id, True)
    page = app_page.page
    open_module(page, app_server, module)
    page.locator(".tbc-box[role=status]", has_text="Your score: 1 of").last.wait_for(timeout=30_000)
    assert_clean(app_page)


def test_module02_simulator_in_the_app_shows_what_the_notebook_draws(app_page, app_server) -> None:
    """The app looks module 02's figures up (stored frames) where a notebook draws them live with matplotlib:
    moved by keyboard, the app's simulator shows the live simulator's figure (pixel for pixel), alt text and words."""
    from playwright.sync_api import expect

    page = app_page.page
    open_module(page, app_server, COURSE.module("02"))
    sim = simulator(page)
    figure, text = sim.locator(".widget-output img").first, sim.locator("[role=status]").first
    figure.wait_for(timeout=60_000)
    live = LiveFrames(DEFAULT_SEED)
    for state, key in ((State(value=3), None), (State(value=4), "ArrowRight"), (State(value=3), "ArrowLeft")):
        if key:
            before = figure.get_attribute("src")
            sim.locator(".widget-slider .noUi-handle").first.focus()
            page.keyboard.press(key)
            wait_for_change(figure, "src", before)
        drawn = live.frame(state)
        src = figure.get_attribute("src")
        assert src.startswith("data:image/png;base64,")
        assert pixels(base64.b64decode(src.removeprefix("data:image/png;base64,"))) == pixels(drawn.png)
        assert figure.get_attribute("alt") == drawn.alt
        expect(text).to_have_text(drawn.description)
    assert_clean(app_page)


def test_quick_exit_replaces_the_page_at_once_and_back_does_not_return(app_page, app_server) -> None:
    page = app_page.page
    module = COURSE.module("03")
    page.get_by_role("link", name=f"Module {module.id}: {module.title}").click()
    wait_until_interactive(page)

    # What the page looked like as it was left, kept where the next page of this site can read it back.
    page.evaluate("""() => addEventListener('pagehide', () => sessionStorage.setItem('left-as',
        JSON.stringify([document.title, document.body.innerText.trim()])))""")
    page.get_by_role("link", name="Quick exit").click()
    assert_course_is_gone(page)
    title, text = page.evaluate("() => JSON.parse(sessionStorage.getItem('left-as'))")
    assert (title, text) == ("Weather", ""), "the course should vanish before the next page loads"
    page.go_back()
    page.wait_for_timeout(500)
    assert page.url.endswith("/weather") or not page.url.startswith(app_server.url), page.url

    page.goto(app_server.url)
    page.locator("h1").wait_for()
    page.keyboard.press("Escape")
    assert_course_is_gone(page)
    assert_clean(app_page)


def test_keyboard_only_walkthrough_of_a_module(app_page, app_server) -> None:
    module, item, right, _ = first_single_choice_item()
    page = app_page.page
    open_module(page, app_server, module)

    def focused(description: str) -> str:
        """The focused element's text or label, after checking that focus can be seen."""
        style = page.evaluate("""() => { const s = getComputedStyle(document.activeElement);
            return {outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                    shadow: s.boxShadow !== 'none'}; }""")
        assert style["outline"] or style["shadow"], f"no visible focus on {description}"
        return page.evaluate("() => document.activeElement.innerText || document.activeElement.value || ''")

    page.keyboard.press("Tab")
    assert "Skip to the page content" in focused("the skip link")
    page.keyboard.press("Tab")
    assert "Quick exit" in focused("Quick exit")
    page.keyboard.press("Tab")
    assert "Course home" in focused("the home link")

    block = quiz_block(page, item.prompt[:60])
    inside = "b => b.contains(document.activeElement)"
    for _ in range(400):
        page.keyboard.press("Tab")
        if block.evaluate(inside):
            break
    assert block.evaluate(inside), "Tab never reached the quiz"
    focused("a quiz answer")
    page.keyboard.press("Space")
    answer = block.get_by_label(right.text, exact=True)
    for _ in range(len(item.options) + 1):
        if answer.is_checked():
            break
        page.keyboard.press("ArrowDown")
    assert answer.is_checked()

    check = block.get_by_role("button", name="Check answer")
    for _ in range(len(item.options) + 2):
        page.keyboard.press("Tab")
        if check.evaluate("b => b === document.activeElement"):
            break
    assert check.evaluate("b => b === document.activeElement"), "Tab never reached Check answer"
    focused("Check answer")
    page.keyboard.press("Enter")
    block.locator("[role=status]").filter(has_text="Right.").wait_for(timeout=10_000)
    app_page.screenshot("app-keyboard-quiz")

    page.keyboard.press("Escape")  # Quick exit works from inside a widget too
    assert_course_is_gone(page)
    assert_clean(app_page)


@pytest.mark.parametrize("module", COURSE.modules, ids=lambda m: m.id)
def test_every_module_page_is_accessible_local_and_navigable(app_page, app_server, axe_source, module) -> None:
    page = app_page.page
    open_module(page, app_server, module)
    assert page.title() == f"Module {module.id}: {module.title}"
    assert_code_hidden(page)
    assert page.get_by_role("link", name="Quick exit").is_visible()
    assert page.get_by_role("button", name="Get support").is_visible()
    links = PAGES[module.name]
    bar = page.locator(".tbc-bar nav")
    for key, rel in (("previous", "prev"), ("next", "next")):
        link = bar.locator(f"a[rel={rel}]")
        if links[key] is None:
            assert link.count() == 0
        else:
            assert link.get_attribute("href").endswith(links[key].path)
    assert page.locator(".tbc-bottom a", has_text="Course home").count() == 1
    links_here = in_page_links(page)  # an author's link to a heading ("#Key-points") stays on this page
    assert links_here and [href for href, here in links_here.items() if not here] == []

    violations = serious_violations(page, axe_source)
    assert violations == [], "\n".join(violations)
    assert_clean(app_page)


def test_a_module_page_scrolls_as_one_page_with_its_text_in_main(app_page, app_server) -> None:
    """Voilà used to move a page's text into a window-sized box with its own scroll bar, outside <main>: End did
    not reach the bottom links, and once the page had scrolled, the sticky bar hid the title."""
    page = app_page.page
    open_module(page, app_server, COURSE.module("03"))
    assert page.locator("main h1").count() == 1, "the module's title is not in the page's main landmark"

    scroll_to_end(page)
    app_page.screenshot("app-module03-end-key")

    page.keyboard.press("Home")
    page.wait_for_function("() => scrollY === 0", timeout=5_000)
    bar, title = page.locator(".tbc-bar").bounding_box(), page.locator("main h1").bounding_box()
    assert title["y"] >= bar["y"] + bar["height"], "the bar covers the module's title"
    assert_clean(app_page)


def test_pages_reflow_at_200_percent_zoom(app_page, app_server) -> None:
    """200% zoom on a 1280 x 900 screen is a 640 x 450 CSS-pixel window: no sideways scrolling, Quick exit in view."""
    page = app_page.page
    page.set_viewport_size({"width": 640, "height": 450})
    for name, path in (("home", ""), ("module02", PAGES[COURSE.module("02").name]["self"].path)):
        page.goto(f"{app_server.url}/{path}")
        if path:
            wait_until_interactive(page)
        assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1"), name
        box = page.get_by_role("link", name="Quick exit").bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= 640 and box["y"] + box["height"] <= 450
        app_page.screenshot(f"app-{name}-zoom200")
    assert_clean(app_page)


def test_save_nothing_chosen_at_the_start_holds_on_every_page_and_writes_nothing(app_page, app_server) -> None:
    module, item, right, _ = first_single_choice_item()
    page = app_page.page
    notice = page.locator("#tbc-saving-off")
    assert notice.is_hidden()
    before = set(app_server.data_dir.iterdir()) if app_server.data_dir.exists() else set()
    progress = app_server.data_dir / "progress.json"
    saved_before = progress.read_text(encoding="utf-8") if progress.exists() else None
    length = page.evaluate("() => history.length")
    try:
        choice = page.locator("#saving")
        assert page.locator("#saving").evaluate("s => s.compareDocumentPosition(document.getElementById("
                                                "'modules')) & Node.DOCUMENT_POSITION_FOLLOWING")  # before modules
        choice.get_by_label("Save nothing").check()
        choice.get_by_role("button", name="Use this choice").click()
        notice.wait_for(state="visible", timeout=15_000)
        assert "Saving is off." in notice.inner_text()
        assert "Now: saving is off" in choice.inner_text()
        assert page.evaluate("() => history.length") == length, "the choice must not add a place in the history"
        app_page.screenshot("app-home-saving-off")

        open_module(page, app_server, module)  # a pre-heated page, drawn before the choice: it asks the app
        notice.wait_for(state="visible", timeout=15_000)
        block = quiz_block(page, item.prompt[:60])
        assert "Saving is off." in page.locator(".tbc-saving-off").last.inner_text()  # the quiz's own notice
        block.scroll_into_view_if_needed()
        block.get_by_label(right.text, exact=True).check()
        block.get_by_role("button", name="Check answer").click()
        block.locator("[role=status]").filter(has_text="Right.").wait_for(timeout=10_000)
        app_page.screenshot("app-module-saving-off")
        after = progress.read_text(encoding="utf-8") if progress.exists() else None
        assert after == saved_before, "an answer was written while saving was off"
        assert {p.name for p in set(app_server.data_dir.iterdir()) - before} <= {"settings.json", ".lock",
                                                                                 ".trauma-bond-course"}
    finally:
        LearnerStore(app_server.data_dir).set_saving(True)
    page.goto(app_server.url)
    assert notice.is_hidden()
    assert_clean(app_page)


def test_other_host_names_are_refused_before_any_page(app_server) -> None:
    """DNS rebinding: a site whose name was pointed at 127.0.0.1 reaches the app with its own name in Host."""
    import http.client

    port = int(app_server.url.rsplit(":", 1)[1])

    def get(path: str, host: str) -> tuple[int, str]:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            connection.request("GET", path, headers={"Host": host})
            response = connection.getresponse()
            return response.status, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    for path in (f"/?token={app_server.token}", "/weather", "/saving", "/voila/templates/course/static/tbc.js",
                 "/api/kernels", f"/{PAGES[COURSE.modules[0].name]['self'].path}?token={app_server.token}"):
        for host in (f"evil.example:{port}", "evil.example", f"127.0.0.1.evil.example:{port}"):
            status, body = get(path, host)
            assert status == 403, (path, host, status)
            assert not any(word.lower() in body.lower() for word in COURSE_WORDS), body
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost"):
        assert get("/weather", host)[0] == 200, host


def test_the_apps_kernels_talk_over_sockets_in_a_folder_of_this_account_only(app_server) -> None:
    """On TCP a kernel could find a port its server picked taken before it bound it ("Address already in use"; once
    in this suite's CI run): the kernel died and its page's activities never loaded. Unix sockets cannot be taken so.
    """
    found = re.search(r"Storing connection files in (\S+)\.$", app_server.log.read_text(encoding="utf-8"), re.M)
    assert found, f"Voilà did not say where its kernels' connection files are: {app_server.log}"
    folder = Path(found.group(1))
    assert folder.stat().st_mode & 0o777 == 0o700 and folder.stat().st_uid == os.getuid()
    kernels = []
    for file in folder.glob("kernel-*.json"):
        try:  # a used kernel may be going, and its replacement's file half written, while this reads
            kernels.append(json.loads(file.read_text(encoding="utf-8")))
        except (FileNotFoundError, json.JSONDecodeError):
            continue
    assert len(kernels) >= len(load_course().modules) - 1, f"a waiting kernel for (almost) every module in {folder}"
    sockets = [Path(f"{kernel['ip']}-{kernel['shell_port']}") for kernel in kernels]
    for kernel, socket in zip(kernels, sockets, strict=True):
        assert kernel["transport"] == "ipc", f"a kernel listens on {kernel['transport']} {kernel['ip']}"
        assert socket.parent == folder and len(str(socket).encode()) <= SOCKET_PATH_LIMIT, socket
    assert any(socket.is_socket() for socket in sockets), f"no kernel socket in {folder}"


def test_a_page_cut_short_by_a_failed_kernel_says_so_and_reloads(app_page, app_server) -> None:
    """A module's kernel that dies while the app writes its page ends the page early, before its cells (seen once in
    CI): the note said the activities were loading for ever. It now says they did not start, and offers a reload."""
    from playwright.sync_api import expect

    page, module = app_page.page, load_course().modules[1]
    url = module_url(app_server, module)
    whole = page.request.get(url).text()
    cut = whole[:whole.index('<div class="tbc-cells"')]  # where the page that CI's dead kernel wrote ended
    page.route(url, lambda route: route.fulfill(status=200, content_type="text/html", body=cut))
    page.goto(url)
    note = page.get_by_role("status").filter(has_text="The activities on this page")
    expect(note).to_contain_text("The activities on this page did not start. Reload the page to try again.")
    page.unroute(url)
    note.get_by_role("button", name="Reload the page").click()
    wait_until_interactive(page)
    expect(note).to_have_count(0)
    assert not app_page.console_errors and not app_page.outside_requests
