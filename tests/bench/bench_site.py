"""The browser edition (`make site`): its size, the bytes a first visit downloads, and the time to the first
interactive module page on a cold visit (a fresh browser profile) and a warm one (the same profile, reloaded).
Reported, never asserted; ratios are against the cold visit measured in the same run."""

from __future__ import annotations

import contextlib
import subprocess
import sys
import threading
import time
from collections.abc import Iterator

from widgets._paths import course_root
from widgets.classroom.hub import free_port
from widgets.content.course import load_course
from widgets.site.build import folder_size, is_current
from widgets.site.serve import make_server

SITE = course_root() / "build" / "site"
MODULE = load_course().module("01")
INTERACTIVE = ("n => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output > .jupyter-widgets').length"
               " >= n")


def _interactive_after(page, url: str) -> float:
    started = time.perf_counter()
    page.goto(url)
    cells = page.locator(".jp-CodeCell").count()
    page.wait_for_function(INTERACTIVE, arg=cells, timeout=400_000, polling=100)
    return time.perf_counter() - started


def run() -> Iterator[str]:
    from playwright.sync_api import sync_playwright

    from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path

    if not is_current(SITE):
        subprocess.run([sys.executable, "-m", "widgets", "site"], check=True, capture_output=True)
    yield f"site size: {folder_size(SITE) / 1e6:.1f} MB (aim: 45 MB or less)"
    server = make_server(SITE, "127.0.0.1", free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/voici/render/{MODULE.name}.html"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                                 args=CHROMIUM_FLAGS)
            context = browser.new_context()
            received, outside = [0], []

            def count(response) -> None:
                with contextlib.suppress(Exception):  # a redirect or an aborted request has no body
                    received[0] += len(response.body())

            context.route("**/*", lambda r: r.continue_() if r.request.url.startswith("http://127.0.0.1")
                          else (outside.append(r.request.url), r.abort()))
            page = context.new_page()
            page.on("response", count)
            cold = _interactive_after(page, url)
            first_visit = received[0]
            warm = _interactive_after(page, url)
            browser.close()
    finally:
        server.shutdown()
    yield (f"first visit to module {MODULE.id}: {first_visit / 1e6:.1f} MB downloaded; "
           f"requests off this machine: {len(outside)}")
    yield f"time to interactive, module {MODULE.id}: cold {cold:.1f} s (aim 30 s), warm {warm:.1f} s (aim 3 s); " \
          f"warm/cold = {warm / cold:.2f}"
