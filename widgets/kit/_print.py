"""Print HTML pages to PDF with Debian's headless Chromium, driven by Playwright. Never downloads a browser,
and blocks every request that is not a local file, so printing cannot reach the network."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
PAPER = ("A4", "Letter")


class PrintError(Exception):
    """PDFs could not be made; the message says what to install."""


def chromium_path() -> str | None:
    """Debian's Chromium ($CHROMIUM overrides), or None."""
    for candidate in (os.environ.get("CHROMIUM"), shutil.which("chromium"), "/usr/bin/chromium"):
        if candidate and Path(candidate).exists():
            return candidate
    return None


@contextmanager
def local_browser() -> Iterator[object]:
    """A headless Chromium (Playwright Browser) with a fresh profile; PrintError if it cannot start."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PrintError("PDFs need Playwright: run `make handouts` (it installs it), or "
                         "`.venv/bin/pip install -e '.[kit]'`.") from None
    executable = chromium_path()
    if executable is None:
        raise PrintError("PDFs need Chromium: `apt-get install chromium` (we never download a browser).")
    with tempfile.TemporaryDirectory(prefix="kit-chromium-") as profile, sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            profile, executable_path=executable, headless=True, args=CHROMIUM_FLAGS)
        context.route("**/*", lambda route: route.continue_() if route.request.url.startswith(("file:", "data:"))
                      else route.abort())
        try:
            yield context
        finally:
            context.close()


def print_pdfs(pages: list[tuple[Path, Path]], paper: str = "A4", footer: Callable[[Path], str] | None = None,
               say: Callable[[str], None] = print) -> list[Path]:
    """Print each (html, pdf) pair; `footer(html)` gives the words printed beside the page number."""
    if paper not in PAPER:
        raise PrintError(f"paper must be one of {', '.join(PAPER)}, got {paper!r}")
    written = []
    with local_browser() as context:
        tab = context.new_page()
        for n, (html, pdf) in enumerate(pages, start=1):
            tab.goto(html.resolve().as_uri(), wait_until="load")
            words = footer(html) if footer else ""
            template = ('<div style="font-size:8pt;width:100%;text-align:center;color:#3d3d3d;'
                        f'font-family:sans-serif">{words} · page <span class="pageNumber"></span> of '
                        '<span class="totalPages"></span></div>')
            tab.pdf(path=str(pdf), format=paper, print_background=True, display_header_footer=True,
                    header_template="<span></span>", footer_template=template,
                    margin={"top": "14mm", "bottom": "16mm", "left": "14mm", "right": "14mm"})
            written.append(pdf)
            say(f"[{n}/{len(pages)}] printed {pdf.name}")
    return written
