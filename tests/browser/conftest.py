"""Browser tests: a JupyterLab server on loopback and Debian's Chromium driven by Playwright.

In CI (CI=true) a missing browser is a failure, not a skip: these tests are how we know a learner can use the
course. We never download a browser; Playwright drives /usr/bin/chromium.
"""

from __future__ import annotations

import os
import secrets
import shutil
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from widgets._paths import course_root
from widgets.classroom.hub import free_port
from widgets.content.course import load_course

from .app_pages import start_app, wait_for_pools

ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def chromium_path() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


def pytest_collection_modifyitems(config, items) -> None:
    if chromium_path():
        return
    browser_items = [i for i in items if "browser" in i.keywords]
    if not browser_items:
        return
    if os.environ.get("CI"):
        raise pytest.UsageError("Chromium is not installed, and CI requires the browser tests: "
                                "run `apt-get install chromium` (.ci/run does this).")
    skip = pytest.mark.skip(reason="Chromium not found: `apt-get install chromium` to run the browser tests")
    for item in browser_items:
        item.add_marker(skip)


@dataclass
class LabServer:
    url: str
    token: str
    process: subprocess.Popen
    log: Path

    def notebook_url(self, notebook: str) -> str:
        return f"{self.url}/lab/tree/{notebook}?reset&token={self.token}"


def wait_for(url: str, process: subprocess.Popen, log: Path, seconds: float = 60) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"Jupyter server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"Jupyter server did not answer at {url} within {seconds} s:\n{log.read_text()[-3000:]}")


def stop(process: subprocess.Popen, seconds: float) -> None:
    """Ask a server to stop; kill it if it has not within `seconds`."""
    process.terminate()
    try:
        process.wait(seconds)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LabServer]:
    port, token = free_port(), secrets.token_hex(16)
    log = tmp_path_factory.mktemp("lab") / "jupyter.log"
    command = [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
               f"--ServerApp.token={token}", f"--ServerApp.root_dir={course_root()}",
               "--expose-app-in-browser", "--LabApp.news_url=None",
               "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"]
    if os.geteuid() == 0:
        command.append("--allow-root")
    with log.open("w") as handle:
        process = subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/api/status?token={token}", process, log)
        yield LabServer(f"http://127.0.0.1:{port}", token, process, log)
    finally:
        stop(process, seconds=15)


@pytest.fixture(scope="session")
def browser() -> Iterator:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        yield browser
        browser.close()


@dataclass
class WatchedPage:
    """A page plus what it logged: console errors and any request that left this machine."""

    page: object
    console_errors: list[str] = field(default_factory=list)
    outside_requests: list[str] = field(default_factory=list)

    def screenshot(self, name: str) -> Path:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=False)
        return path


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture
def watched_page(browser, request: pytest.FixtureRequest) -> Iterator[WatchedPage]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    watched = WatchedPage(page)
    page.on("console", lambda m: watched.console_errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: watched.console_errors.append(str(e)))

    def record(request) -> None:
        host = request.url.split("/")[2] if "://" in request.url else ""
        if request.url.startswith(("http://", "https://", "ws://", "wss://")) and not host.startswith(
                ("127.0.0.1", "localhost", "[::1]")):
            watched.outside_requests.append(request.url)

    page.on("request", record)
    yield watched
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        print(f"screenshot of the failure: {watched.screenshot('FAILED-' + request.node.name)}")
    context.close()


KERNEL_READY = """() => {
  const panel = window.jupyterapp.shell.currentWidget;
  const kernel = panel && panel.sessionContext && panel.sessionContext.session
      && panel.sessionContext.session.kernel;
  return !!kernel && kernel.connectionStatus === 'connected' && kernel.status === 'idle';
}"""


def open_and_run(watched, lab_server, notebook: str):
    """Open a notebook as a learner would and run every cell (Run > Run All Cells)."""
    page = watched.page
    page.goto(lab_server.notebook_url(notebook))
    page.wait_for_selector(".jp-Notebook", timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=60_000)
    # Not awaited: the command's promise settles only when every cell has run.
    page.evaluate("() => { window.jupyterapp.commands.execute('notebook:run-all-cells'); }")
    page.wait_for_selector(".widget-button", timeout=60_000)
    page.wait_for_function(KERNEL_READY, timeout=60_000)
    return page


def worksheet_box(page, title: str):
    """The root box of a private worksheet, found by its title and its own Save button."""
    sheet = (page.locator(".widget-vbox")
             .filter(has=page.locator(".tbc-prompt", has_text=title))
             .filter(has=page.get_by_role("button", name="Save privately")))
    sheet.last.wait_for(timeout=60_000)
    return sheet.last


def assert_skip_links_work(page, links: tuple[tuple[str, str], ...]) -> None:
    """Each content note's skip link (its words, its anchor) scrolls its heading into view.
    JupyterLab 4 marks headings with data-jupyter-id."""
    for words, anchor in links:
        link = page.get_by_role("link", name=words)
        assert link.get_attribute("href") == f"#{anchor}"
        link.scroll_into_view_if_needed()
        link.click()
        heading = page.locator(f'[data-jupyter-id="{anchor}"]').first
        page.wait_for_function("h => { const r = h.getBoundingClientRect(); "
                               "return r.top >= 0 && r.bottom <= window.innerHeight; }",
                               arg=heading.element_handle(), timeout=10_000)


# ---- the learner app (Voilà): one server for the whole session, pre-heated as `make app` runs it ----------

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"


@dataclass
class AppServer:
    url: str
    token: str
    data_dir: Path
    process: subprocess.Popen
    log: Path

    def login_url(self, path: str = "") -> str:
        """`path` (relative to the app's root) with the token, which logs this browser context in."""
        return f"{self.url}/{path}{'&' if '?' in path else '?'}token={self.token}"


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[AppServer]:
    """`python -m widgets app` on 127.0.0.1 with a temporary COURSE_DATA_DIR (never the learner's real data)."""
    port, token = free_port(), secrets.token_hex(16)
    folder = tmp_path_factory.mktemp("app")
    data_dir, log = folder / "learner-data", folder / "voila.log"
    process = start_app(port, token, data_dir, log)
    try:
        wait_for(f"http://127.0.0.1:{port}/weather", process, log)
        # Every module's kernel has run its notebook before the first page is opened, as after `make app` has
        # been up a minute: on a busy machine a page asked for meanwhile waits behind eight notebooks at once.
        wait_for_pools(log, len(load_course().modules), seconds=300)
        yield AppServer(f"http://127.0.0.1:{port}", token, data_dir, process, log)
    finally:
        stop(process, seconds=20)


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core's script, installed by `make test` from package.json (npm ci)."""
    if not AXE.exists():
        message = "axe-core is not installed: run `make test` (it runs `npm ci`), or `npm ci` here"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return AXE.read_text(encoding="utf-8")
