"""Helpers for driving the learner app (Voilà) in Chromium: when a module page is ready, and the axe audit.

Shared by tests/browser/test_app*.py and the app benchmark (tests/bench/bench_app.py)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

# Counts, as soon as the HTML is parsed, how many widget outputs the page will show (Voilà then turns them
# into widgets); records in window.__tbcReadyAt the moment the last of them is on screen.
COUNT_WIDGETS = """
(() => {
  const WIDGET = 'application/vnd.jupyter.widget-view+json';
  document.addEventListener('DOMContentLoaded', () => {
    const outputs = document.querySelectorAll('script[type="application/vnd.voila.cell-output+json"]');
    window.__tbcWidgets = [...outputs].filter(s => s.textContent.includes(WIDGET)).length;
    const check = () => {
      const cells = document.querySelector('.tbc-cells');
      const shown = document.querySelectorAll('.jp-OutputArea-output > .jupyter-widgets').length;
      if (cells && cells.style.display !== 'none' && shown >= window.__tbcWidgets && !window.__tbcReadyAt) {
        window.__tbcReadyAt = performance.now();
        observer.disconnect();
      }
    };
    const observer = new MutationObserver(check);
    observer.observe(document.body, {subtree: true, childList: true, attributes: true, attributeFilter: ['style']});
    check();
  });
})();
"""
READY = "() => !!window.__tbcReadyAt"
# True once at least n code cells show a widget (wait_for_function's arg): a module page or notebook is drawn.
WIDGETS_SHOWN = ("n => document.querySelectorAll('.jp-CodeCell .jp-OutputArea-output > .jupyter-widgets').length"
                 " >= n")


def scroll_to_end(page) -> None:
    """Press End as a reader would, and wait until the page's bottom links are in view and the scroll has stopped
    (Chromium animates a key's scroll: a key pressed before it ends can be lost)."""
    page.keyboard.press("End")
    page.wait_for_function("() => document.querySelector('.tbc-bottom').getBoundingClientRect().bottom <= innerHeight"
                           " && scrollY + innerHeight >= document.documentElement.scrollHeight - 1", timeout=5_000)


def wait_until_interactive(page, timeout_ms: int = 90_000) -> float:
    """Wait until every widget of a Voilà page is on screen; return the time from navigation start, in ms."""
    page.wait_for_function(READY, timeout=timeout_ms, polling=50)
    return float(page.evaluate("() => window.__tbcReadyAt"))


def in_page_links(page) -> dict[str, bool]:
    """Every link to a place on this page ("#id"), or one an author meant so that was sent into files/ ("files/#id"),
    and whether it leads to an element of this page (its href is "#id" and an element has that id, as written or
    percent-decoded: the browser tries both, and nbconvert writes a heading's quotes as %22 in the id itself)."""
    return page.evaluate("""() => {
        const here = f => !!document.getElementById(f) || !!document.getElementById(decodeURIComponent(f));
        return Object.fromEntries(Array.from(document.querySelectorAll("a[href^='#'], a[href*='files/#']"),
            a => [a.getAttribute("href"), a.getAttribute("href").startsWith("#") && here(a.getAttribute("href")
                                                                                          .slice(1))]));
    }""")


def serious_violations(page, axe_source: str) -> list[str]:
    """Run axe-core on the page; one line for each serious or critical violation (empty when there are none)."""
    if not page.evaluate("() => !!window.axe"):
        page.add_script_tag(content=axe_source)
    result = page.evaluate("() => axe.run(document, {resultTypes: ['violations']})")
    lines = []
    for violation in result["violations"]:
        if violation["impact"] in ("serious", "critical"):
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            lines.append(f"{violation['impact']}: {violation['id']} ({violation['help']}) at {targets}")
    return lines


def start_app(port: int, token: str, data_dir: Path, log: Path, pool_size: int | None = None,
              classic_pages: bool = False, live_simulator: bool = False,
              eager_refills: bool = False) -> subprocess.Popen:
    """`python -m widgets app` on 127.0.0.1:port, keeping learner data in `data_dir` (never the real folder);
    `classic_pages` runs the page design from before #19 and `live_simulator` draws module 02's figures live as
    before #19, and `eager_refills` replaces a used kernel while pages keep opening, as before (all three for the
    benchmark)."""
    env = {**os.environ, "COURSE_DATA_DIR": str(data_dir), "MPLBACKEND": "Agg"}
    command = [sys.executable, "-m", "widgets", "app", "--no-browser", f"--port={port}", f"--token={token}"]
    if pool_size is not None:
        command.append(f"--pool-size={pool_size}")
    if classic_pages:
        command.append("--classic-pages")
    if live_simulator:
        command.append("--live-simulator")
    if eager_refills:
        command.append("--eager-refills")
    with log.open("w") as handle:
        return subprocess.Popen(command, stdout=handle, stderr=subprocess.STDOUT, env=env)


def wait_for_pools(log: Path, count: int, seconds: float = 180) -> float:
    """Wait until Voilà says `count` kernel pools are filled; return how long that took."""
    started = time.monotonic()
    while log.read_text(errors="replace").count("is filled with") < count:
        if time.monotonic() - started > seconds:
            raise RuntimeError(f"kernel pools not filled within {seconds} s:\n{log.read_text()[-2000:]}")
        time.sleep(0.25)
    return time.monotonic() - started
