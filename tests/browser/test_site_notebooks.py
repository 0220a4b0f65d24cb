"""The browser edition's notebooks (JupyterLite's notebooks and tree apps, for learners who want the code): the
home page points to them and says they have no Quick exit; the file list shows every module's notebook; module
02's notebook runs all its cells on the course's own Pyodide and shows its widgets with no error output. Every
request is routed and counted by test_site's `visit` (one browser context), and none may leave the origin."""

from __future__ import annotations

import json

import pytest

from widgets._paths import course_root
from widgets.content.course import load_course

from . import test_site
from .app_pages import WIDGETS_SHOWN
from .test_site import Visit, errors_shown

site_url, visit = test_site.site_url, test_site.visit  # the site's test fixtures: the served site, one context

pytestmark = pytest.mark.browser

COURSE = load_course()
MODULE = COURSE.module("02")  # the simulator: stored frames here, as the core Pyodide has no numpy
IDLE = ".jp-Notebook-ExecutionIndicator[data-status='idle']"


def test_home_points_to_the_notebooks_and_says_they_have_no_quick_exit(visit: Visit) -> None:
    page = visit.page
    page.goto(visit.origin + "/")
    assert "The notebook pages have no Quick exit button" in page.locator("main").inner_text()
    page.get_by_role("link", name="Open the notebooks").click()
    page.wait_for_url("**/tree/**", timeout=60_000)
    listing = page.locator(".jp-DirListing-content")
    for module in COURSE.modules:
        listing.get_by_text(f"{module.name}.ipynb").wait_for(timeout=120_000)
    assert visit.console_errors == []


def test_a_module_notebook_runs_all_its_cells_and_shows_its_widgets(visit: Visit) -> None:
    page = visit.page
    page.goto(f"{visit.origin}/notebooks/index.html?path={MODULE.name}.ipynb")
    cells = sum(c["cell_type"] == "code" for c in json.loads(
        (course_root() / "modules" / f"{MODULE.name}.ipynb").read_text(encoding="utf-8"))["cells"])
    page.wait_for_function("n => document.querySelectorAll('.jp-CodeCell').length == n", arg=cells,
                           timeout=120_000)  # every cell is drawn (windowingMode "none"), not only those in view
    assert page.locator(".jp-CodeCell .jp-InputPlaceholder").count() == cells, "each cell's code is folded"
    page.get_by_role("menuitem", name="Run").click()
    page.get_by_role("menuitem", name="Run All Cells", exact=True).click()
    page.wait_for_function(WIDGETS_SHOWN, arg=cells, timeout=300_000, polling=250)
    page.wait_for_selector(IDLE, timeout=120_000)
    assert errors_shown(page) == []
    page.locator(".jp-CodeCell .jp-InputPlaceholder").first.click()  # a learner unfolds the first cell's code
    assert "import" in page.locator(".jp-CodeCell .jp-InputArea").first.inner_text()
    assert visit.console_errors == []


def test_no_request_of_the_notebooks_left_this_machine(visit: Visit) -> None:
    """Runs last: the route saw the notebook pages, the kernel and Pyodide load, and blocked nothing."""
    assert any("/static/pyodide/pyodide.asm.wasm" in url for url in visit.requests)
    assert any("/build/notebooks/" in url for url in visit.requests)
    assert visit.blocked == []
