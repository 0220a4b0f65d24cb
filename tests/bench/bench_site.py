"""The browser edition (`make site`): its size, the bytes a first visit downloads, and the time to the first
interactive module page (and to its text on screen) on a cold visit (a fresh browser profile) and a warm one (the
same profile, reloaded), beside the same page in the learner app (`make app`, pre-heated), timed the same way in
the same run.
Reported, never asserted; ratios are against measurements of the same run."""

from __future__ import annotations

import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))  # `tests.` imports, when run on its own

from tests.browser.app_pages import WIDGETS_SHOWN
from widgets._paths import course_root
from widgets.classroom.hub import free_port
from widgets.content.course import load_course
from widgets.site.build import is_current
from widgets.site.serve import SiteHandler, make_server
from widgets.site.trim import folder_size

SITE = course_root() / "build" / "site"
MODULE = load_course().module("01")


# The module's title laid out on screen (a hidden page has none): the ms since navigation began, else false.
TEXT_SHOWN = ("() => { const h = document.querySelector('main h1');"
              " return h && h.offsetHeight > 0 && performance.now(); }")


def _visit(page, url: str) -> tuple[float, float]:
    """Seconds until the module's text is on screen (the page's own clock, from its navigation's start), and until
    every widget is drawn (from just before the navigation was asked for)."""
    started = time.perf_counter()
    page.goto(url, wait_until="commit")
    text = page.wait_for_function(TEXT_SHOWN, timeout=400_000, polling="raf").json_value() / 1000
    page.wait_for_load_state("domcontentloaded")
    cells = page.locator(".jp-CodeCell").count()
    page.wait_for_function(WIDGETS_SHOWN, arg=cells, timeout=400_000, polling=100)
    return text, time.perf_counter() - started


def app_time(browser) -> float:
    """Module MODULE's page in `make app` (one pre-heated kernel), from navigation to every widget drawn, as the
    site's pages are timed; the second load, as the first in a new browser fetches Voila's scripts."""
    from tests.bench.bench_app import FILL_DELAY, PATHS, App
    from widgets.app.settings import DEFAULT_POOL_SIZE

    app = App(DEFAULT_POOL_SIZE)
    try:
        context = browser.new_context()
        page = context.new_page()
        page.goto(f"{app.url}/?token={app.token}")
        app.wait_until_quiet()
        _visit(page, f"{app.url}/{PATHS[MODULE.id]}")
        time.sleep(FILL_DELAY + 0.5)  # the pool refills before the measured load, as in bench_app
        app.wait_until_quiet()
        _, seconds = _visit(page, f"{app.url}/{PATHS[MODULE.id]}")
        context.close()
        return seconds
    finally:
        app.stop()


class CountingHandler(SiteHandler):
    """The site's handler, adding up the bytes of every file it sends (what a visit really downloads: requests
    the browser answers from its cache never reach it, and a page, its kernel's worker and the service worker
    all count)."""

    sent = 0
    _adding = threading.Lock()  # one handler thread per request: `+=` on the class is not atomic

    def copyfile(self, source, outputfile) -> None:
        start = source.tell()
        super().copyfile(source, outputfile)
        with self._adding:
            type(self).sent += source.tell() - start


def run() -> Iterator[str]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

    if not is_current(SITE):
        subprocess.run([sys.executable, "-m", "widgets", "site"], check=True, capture_output=True)
    yield f"site size: {folder_size(SITE) / 1e6:.1f} MB (aim: 45 MB or less)"
    server = make_server(SITE, "127.0.0.1", free_port(), handler=CountingHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/voici/render/{MODULE.name}.html"
    try:
        with sync_playwright() as playwright:
            # A browser profile on disk, as a learner's own browser has (with its disk cache), and requests only
            # watched: Playwright's request routing, which the tests use to block, turns the HTTP cache off.
            with tempfile.TemporaryDirectory(prefix="bench-site-profile-") as profile:
                context = playwright.chromium.launch_persistent_context(
                    profile, executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
                outside = []
                context.on("request", lambda r: None if r.url.startswith(("http://127.0.0.1", "data:", "blob:"))
                           else outside.append(r.url))
                page = context.new_page()
                cold_text, cold = _visit(page, url)
                first_visit = CountingHandler.sent
                warm_text, warm = _visit(page, url)
                warm_visit = CountingHandler.sent - first_visit
                context.close()
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                 args=CHROMIUM_FLAGS)
            in_app = app_time(browser)
            browser.close()
    finally:
        server.shutdown()
    yield (f"first visit to module {MODULE.id}: {first_visit / 1e6:.1f} MB downloaded, then {warm_visit / 1e6:.1f} MB "
           f"on a warm visit (bytes the site sent); requests off this machine: {len(outside)}")
    yield f"time to interactive, module {MODULE.id}: cold {cold:.1f} s (aim 30 s), warm {warm:.1f} s (aim 3 s); " \
          f"warm/cold = {warm / cold:.2f}"
    yield (f"module {MODULE.id}'s text on screen (readable while Python starts): cold {cold_text:.1f} s, "
           f"warm {warm_text:.1f} s")
    yield (f"the same page in the learner app (make app, pre-heated, warm cache): {in_app:.1f} s; "
           f"site warm / app = {warm / in_app:.1f}")


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)
