"""Benchmark for the learner app (Voilà) in Chromium. It reports; it does not assert.

1. Time to interactive for every module page (navigation start until the page's last widget is on screen),
   over several loads per module, with Voilà running each notebook when asked (plain, the baseline) and with
   pre-heated kernels (as `make app` runs). Loads go round the modules in turn, in one browser whose cache is
   warm after a first page; the first, cold page is reported apart. Before each load the machine is left to
   go quiet (the used kernel's replacement has run its notebook), as while a learner reads a page; one more
   round without pauses shows what back-to-back loads cost on this 2-core machine.
2. Memory of each waiting (pre-heated) kernel: resident and proportional set size, from /proc.
3. Control change -> new figure in the browser, for module 02's simulator: keydown on the slider until the
   new image is in the page, against the kernel-side render time measured in the same run.

Run `python tests/bench/bench_app.py`, or call `run()` for the lines. Needs Chromium (/usr/bin/chromium).
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench._stats import percentile  # noqa: E402
from tests.browser.app_pages import COUNT_WIDGETS, start_app, wait_for_pools, wait_until_interactive  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402
from widgets.app.site import neighbours  # noqa: E402
from widgets.content.course import load_course  # noqa: E402

ROUNDS = 2  # paused loads of each module per mode (one more round goes without pauses)
FILL_DELAY = 3.0  # widgets/app/settings.py: seconds before Voilà replaces a used kernel
KEY_PRESSES = 16
COURSE = load_course()
PATHS = {m.id: neighbours(COURSE)[m.name]["self"].path for m in COURSE.modules}

LATENCY_PROBE = """(box) => {
  window.__t0 = null; window.__t1 = null;
  const before = (box.querySelector('.widget-output img') || {}).src;
  document.addEventListener('keydown', () => { window.__t0 = performance.now(); }, {capture: true, once: true});
  const observer = new MutationObserver(() => {
    const img = box.querySelector('.widget-output img');
    if (img && img.src !== before && window.__t1 === null) { window.__t1 = performance.now(); observer.disconnect(); }
  });
  observer.observe(box, {subtree: true, childList: true, attributes: true, attributeFilter: ['src']});
}"""


def p50_p90(values: list[float]) -> str:
    return f"p50 {statistics.median(values):.0f} ms, p90 {percentile(values, 90):.0f} ms"


class App:
    """One run of `python -m widgets app` on loopback, with a throwaway learner-data folder."""

    def __init__(self, pool_size: int):
        self.folder = Path(tempfile.mkdtemp(prefix="bench-app-"))
        self.port, self.token, self.pool_size = free_port(), secrets.token_hex(16), pool_size
        self.log = self.folder / "voila.log"
        self.process = start_app(self.port, self.token, self.folder / "data", self.log, pool_size)
        self.url = f"http://127.0.0.1:{self.port}"
        wait_for(f"{self.url}/weather", self.process, self.log)
        self.ready_after = wait_for_pools(self.log, len(COURSE.modules)) if pool_size else 0.0

    def kernels(self) -> list[int]:
        """Process ids of the app's kernels (its child processes)."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children").read_text().split()
        return [int(pid) for pid in children]

    def cpu_ticks(self) -> int:
        """CPU time used so far by the server and its kernels, in clock ticks."""
        total = 0
        for pid in (self.process.pid, *self.kernels()):
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime
        return total

    def wait_until_quiet(self, seconds: float = 60) -> None:
        """Wait until the server and its kernels use almost no CPU for a second (notebooks have run)."""
        deadline, quiet = time.monotonic() + seconds, 0
        before = self.cpu_ticks()
        while quiet < 2 and time.monotonic() < deadline:
            time.sleep(0.5)
            now = self.cpu_ticks()
            quiet = quiet + 1 if now - before < 5 else 0
            before = now

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(30)


def memory_mib(pid: int) -> tuple[float, float]:
    """Resident and proportional set size of a process, in MiB."""
    rss = pss = 0.0
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        if line.startswith("Rss:"):
            rss = int(line.split()[1]) / 1024
        elif line.startswith("Pss:"):
            pss = int(line.split()[1]) / 1024
    return rss, pss


def load_times(browser, app: App) -> tuple[float, dict[str, list[float]], list[float]]:
    """The first (cold) page, ROUNDS paused loads of every module in turn, then one round back to back;
    times to interactive in ms."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNT_WIDGETS)
    page = context.new_page()
    page.goto(f"{app.url}/?token={app.token}")
    app.wait_until_quiet()
    page.goto(f"{app.url}/{PATHS['00']}")
    cold = wait_until_interactive(page)
    times: dict[str, list[float]] = {m: [] for m in PATHS}
    for _ in range(ROUNDS):
        for module_id, path in PATHS.items():
            time.sleep(FILL_DELAY + 0.5 if app.pool_size else 0.5)
            app.wait_until_quiet()
            page.goto(f"{app.url}/{path}")
            times[module_id].append(wait_until_interactive(page))
    time.sleep(FILL_DELAY + 0.5)
    app.wait_until_quiet()
    back_to_back = []
    for path in PATHS.values():
        page.goto(f"{app.url}/{path}")
        back_to_back.append(wait_until_interactive(page))
    context.close()
    return cold, times, back_to_back


def figure_latency(browser, app: App) -> list[float]:
    """Keydown on module 02's slider until the new figure is in the page, KEY_PRESSES times, in ms."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_init_script(COUNT_WIDGETS)
    page = context.new_page()
    page.goto(f"{app.url}/?token={app.token}")
    page.goto(f"{app.url}/{PATHS['02']}")
    wait_until_interactive(page)
    box = page.locator(".widget-vbox").filter(has=page.locator(".pree-table")).filter(
        has=page.locator(".widget-slider")).first
    box.locator(".widget-output img").first.wait_for(timeout=60_000)
    handle = box.locator(".widget-slider .noUi-handle").first
    handle.focus()
    times = []
    for press in range(KEY_PRESSES):
        box.evaluate(LATENCY_PROBE)
        page.keyboard.press("ArrowRight" if press % 2 == 0 else "ArrowLeft")
        page.wait_for_function("() => window.__t1 !== null", timeout=30_000, polling=10)
        times.append(page.evaluate("() => window.__t1 - window.__t0"))
    context.close()
    return times


def kernel_side_ms(n: int = 10) -> list[float]:
    from widgets.learner.views.reinforcement_widget import time_control_change

    time_control_change(n=2)
    return [t * 1e3 for t in time_control_change(n=n)]


def run() -> Iterator[str]:
    """The benchmark's printable lines, yielded as they are measured."""
    if not chromium_path():
        yield "learner app: skipped (Chromium not found: `apt-get install chromium`)"
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        results = {}
        for mode, pool in (("plain", 0), ("pre-heated", 1)):
            started = time.perf_counter()
            app = App(pool)
            try:
                if pool:
                    app.wait_until_quiet()
                    yield (f"learner app ({mode}): {len(COURSE.modules)} kernels started {app.ready_after:.1f} s "
                           f"after start, all notebooks run {time.perf_counter() - started:.1f} s after start")
                    sizes = [memory_mib(pid) for pid in app.kernels()]
                    rss = statistics.mean(s[0] for s in sizes)
                    pss = statistics.mean(s[1] for s in sizes)
                    yield (f"learner app ({mode}): memory per waiting kernel: RSS {rss:.0f} MiB, PSS {pss:.0f} MiB "
                           f"({len(sizes)} kernels, {sum(s[1] for s in sizes):.0f} MiB PSS in all)")
                cold, times, back_to_back = load_times(browser, app)
                results[mode] = [t for values in times.values() for t in values]
                yield f"learner app ({mode}): first page in a new browser (cold cache): {cold:.0f} ms"
                for module_id, values in times.items():
                    yield f"learner app ({mode}): module {module_id} time to interactive: {p50_p90(values)}"
                yield (f"learner app ({mode}): all module pages, {len(results[mode])} paused loads: "
                       f"{p50_p90(results[mode])}; {len(back_to_back)} back to back: {p50_p90(back_to_back)} "
                       f"({time.perf_counter() - started:.0f} s)")
                if pool:
                    browser_ms = figure_latency(browser, app)
                    kernel_ms = kernel_side_ms()
                    yield (f"learner app ({mode}): module 02 slider key -> new figure in the page, "
                           f"{KEY_PRESSES} presses: {p50_p90(browser_ms)}; kernel-side render alone "
                           f"{p50_p90(kernel_ms)}")
            finally:
                app.stop()
        browser.close()
    plain, heated = statistics.median(results["plain"]), statistics.median(results["pre-heated"])
    yield (f"learner app: pre-heated module pages are interactive {plain / heated:.1f}x sooner than plain "
           f"(p50 {heated:.0f} vs {plain:.0f} ms; aim: p90 <= 1000 ms pre-heated)")


if __name__ == "__main__":
    for line in run():
        print(line, flush=True)
