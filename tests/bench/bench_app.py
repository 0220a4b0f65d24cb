"""Benchmark for the learner app (Voilà) in Chromium. It reports; it does not assert.

1. Time to interactive for every module page (navigation start until the page's last widget is on screen),
   over several loads per module, in three designs: Voilà running each notebook when asked (plain, the first
   baseline); pre-heated kernels as before #19 (`--classic-pages --eager-refills`: the page hidden until every
   widget is drawn, and a used kernel replaced 3 s after its page even while pages keep opening); and
   pre-heated kernels as `make app` runs today. Loads go round the modules in turn, in one browser
   whose cache is warm after a first page; the first, cold page is reported apart. Before each load the machine
   is left to go quiet (the used kernel's replacement has run its notebook), as while a learner reads a page;
   one more round without pauses shows what back-to-back loads cost on this 2-core machine.
2. Where a page's time goes (page_breakdown.py): server response, scripts, kernel connection and round trip,
   widget states, widget models and views drawn, first and largest paint; medians over the paused loads, and
   the main thread's work from Chromium traces of one more load per module.
3. Memory of each waiting (pre-heated) kernel: resident and proportional set size, from /proc.
4. Control change -> new figure in the browser, for module 02's simulator: keydown on the slider until the
   new image is in the page, with the figures drawn live on every change (`--live-simulator`, as before #19)
   and looked up (stored frames, as `make app` runs), in turns in the same run; and the kernel-side time of
   both. (The figure's bytes per change are reported too: before #19 it crossed the wire twice.)

Plain Voilà runs first, alone (its pages run their notebooks, which would slow the others' loads). The two
pre-heated designs then run side by side and take turns load by load (ABBA), so a slow spell of a shared machine
falls on both alike (one run where they went one after another had every part of the later design's loads, even
HTML parsing, 1.5x slower). Absolute times on a shared machine are noisy; the ratios much less so.

Run `python tests/bench/bench_app.py` (`--figures`: part 4 alone), or call `run()` for the lines. Needs Chromium
(/usr/bin/chromium).
"""

from __future__ import annotations

import os
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

os.environ.setdefault("MPLBACKEND", "Agg")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench._stats import percentile  # noqa: E402
from tests.bench.page_breakdown import SOCKET_PROBE, Load, measure, summary  # noqa: E402
from tests.browser.app_pages import COUNT_WIDGETS, start_app, wait_for_pools, wait_until_interactive  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path, free_port, wait_for  # noqa: E402
from widgets.app.site import neighbours  # noqa: E402
from widgets.content.course import load_course  # noqa: E402

ROUNDS = 4  # paused loads of each module per design (then one traced round, and one without pauses)
FILL_DELAY = 3.0  # widgets/app/settings.py: seconds before Voilà replaces a used kernel
KEY_PRESSES = 30
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

    def __init__(self, pool_size: int, classic_pages: bool = False, live_simulator: bool = False,
                 eager_refills: bool = False):
        self.folder = Path(tempfile.mkdtemp(prefix="bench-app-"))
        self.port, self.token, self.pool_size = free_port(), secrets.token_hex(16), pool_size
        self.log = self.folder / "voila.log"
        self.process = start_app(self.port, self.token, self.folder / "data", self.log, pool_size, classic_pages,
                                 live_simulator, eager_refills)
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


@dataclass
class Loads:
    """One design's page loads: the cold first page, the paused loads per module, the traced ones, and the
    back-to-back round (each a `Load` with its marks)."""

    cold: float
    paused: dict[str, list[Load]]
    traced: list[Load]
    back_to_back: list[Load]

    def all_paused(self) -> list[Load]:
        return [load for loads in self.paused.values() for load in loads]

    def ready(self) -> list[float]:
        return [load.marks["ready"] for load in self.all_paused()]


def load_times(browser, apps: dict[str, App]) -> dict[str, Loads]:
    """For each design (app): the first (cold) page; ROUNDS paused loads of every module in turn and one traced
    round, the designs taking turns load by load (ABBA), so that a slow spell of a shared machine falls on each
    alike; then one round back to back, one design after the other (taking turns there would give each app the
    other's load time to rest)."""
    pages = {}
    for mode, app in apps.items():
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.add_init_script(COUNT_WIDGETS)
        context.add_init_script(SOCKET_PROBE)
        pages[mode] = context.new_page()
        pages[mode].goto(f"{app.url}/?token={app.token}")

    def pause(app: App) -> None:  # as while a learner reads: every app quiet, the used kernel replaced
        time.sleep(FILL_DELAY + 0.5 if app.pool_size else 0.5)
        for each in apps.values():
            each.wait_until_quiet()

    cold = {}
    for mode, app in apps.items():
        pause(app)
        pages[mode].goto(f"{app.url}/{next(iter(PATHS.values()))}")
        cold[mode] = wait_until_interactive(pages[mode])
    paused: dict[str, dict[str, list[Load]]] = {mode: {m: [] for m in PATHS} for mode in apps}
    traced: dict[str, list[Load]] = {mode: [] for mode in apps}
    modes = list(apps)
    for round_number in range(ROUNDS + 1):
        for index, (module_id, path) in enumerate(PATHS.items()):
            for mode in (modes if (round_number + index) % 2 == 0 else modes[::-1]):  # each goes first as often
                pause(apps[mode])
                url = f"{apps[mode].url}/{path}"
                if round_number < ROUNDS:
                    paused[mode][module_id].append(measure(pages[mode], url, wait_until_interactive))
                else:
                    traced[mode].append(measure(pages[mode], url, wait_until_interactive, browser))
    results = {}
    for mode, app in apps.items():
        pause(app)
        back_to_back = [measure(pages[mode], f"{app.url}/{path}", wait_until_interactive) for path in PATHS.values()]
        pages[mode].context.close()
        results[mode] = Loads(cold[mode], paused[mode], traced[mode], back_to_back)
    return results


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


def kernel_side_ms(live: bool, n: int = 10) -> list[float]:
    from widgets.learner.views.reinforcement_widget import time_control_change

    time_control_change(n=2, live=live)
    return [t * 1e3 for t in time_control_change(n=n, live=live)]


FIGURE_TURNS = 2  # apps started in turn for each way of making the figures


def figure_lines(browser) -> Iterator[str]:
    """Module 02's slider key -> new figure in the page, figures drawn live (before #19) and looked up (now): apps
    without pre-heating (only module 02's page is opened), started in turns so both share the machine's load."""
    from widgets.learner.views.reinforcement_widget import ReinforcementSimulator

    times: dict[bool, list[float]] = {True: [], False: []}
    for _ in range(FIGURE_TURNS):
        for live in (True, False):
            app = App(0, live_simulator=live)
            try:
                times[live] += figure_latency(browser, app)
            finally:
                app.stop()
    kernel = {live: kernel_side_ms(live) for live in (True, False)}
    old, new = times[True], times[False]
    p50, p90 = statistics.median(old) / statistics.median(new), percentile(old, 90) / percentile(new, 90)
    yield (f"learner app: module 02 slider key -> new figure in the page, {len(new)} presses each: figures drawn "
           f"live (before #19) {p50_p90(old)}; looked up {p50_p90(new)}; ratio p50 {p50:.2f}x, p90 {p90:.2f}x; "
           "aim p90 <= 120 ms")
    yield (f"learner app: module 02 kernel-side time per change: drawn live {p50_p90(kernel[True])}; "
           f"looked up {p50_p90(kernel[False])}")
    html = len(ReinforcementSimulator().figure_output.outputs[0]["data"]["text/html"])
    yield (f"learner app: module 02 figure sent per change: {html / 1024:.0f} KiB (before #19 the PNG went twice, "
           f"as an <img> and as image/png: about {2 * html / 1024:.0f} KiB)")


# (name, kernels per pool, as before #19: classic page and eager refills)
DESIGNS = (("plain", 0, True), ("pre-heated, before #19", 1, True), ("pre-heated, today", 1, False))
# Plain Voilà runs alone (its pages run their notebooks: the other designs' loads would share its CPU); the two
# pre-heated designs run side by side and take turns.
GROUPS = (DESIGNS[:1], DESIGNS[1:])


def kernel_lines(mode: str, app: App, started: float) -> Iterator[str]:
    """When the pre-heated kernels were ready, and the memory each waiting kernel holds."""
    yield (f"learner app ({mode}): {len(COURSE.modules)} kernels started {app.ready_after:.1f} s "
           f"after start, all notebooks run {time.perf_counter() - started:.1f} s after start")
    sizes = [memory_mib(pid) for pid in app.kernels()]
    rss = statistics.mean(s[0] for s in sizes)
    pss = statistics.mean(s[1] for s in sizes)
    yield (f"learner app ({mode}): memory per waiting kernel: RSS {rss:.0f} MiB, PSS {pss:.0f} MiB "
           f"({len(sizes)} kernels, {sum(s[1] for s in sizes):.0f} MiB PSS in all)")


def load_lines(mode: str, loads: Loads, started: float) -> Iterator[str]:
    """One design's page loads: cold, per module, all paused and back to back, and where the time went."""
    ready = loads.ready()
    yield f"learner app ({mode}): first page in a new browser (cold cache): {loads.cold:.0f} ms"
    for module_id, values in loads.paused.items():
        times = [v.marks["ready"] for v in values]
        yield f"learner app ({mode}): module {module_id} time to interactive: {p50_p90(times)}"
    yield (f"learner app ({mode}): all module pages, {len(ready)} paused loads: {p50_p90(ready)}; "
           f"{len(loads.back_to_back)} back to back: {p50_p90([v.marks['ready'] for v in loads.back_to_back])} "
           f"({time.perf_counter() - started:.0f} s since its app started)")
    for line in summary(loads.all_paused(), loads.traced):
        yield f"learner app ({mode}) breakdown: {line}"


def run(figures_only: bool = False) -> Iterator[str]:
    """The benchmark's printable lines, yielded as they are measured (`figures_only`: part 4 alone)."""
    if not chromium_path():
        yield "learner app: skipped (Chromium not found: `apt-get install chromium`)"
        return
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True, args=CHROMIUM_FLAGS)
        if figures_only:
            yield from figure_lines(browser)
            browser.close()
            return
        results: dict[str, Loads] = {}
        for group in GROUPS:
            apps: dict[str, App] = {}
            started: dict[str, float] = {}
            try:
                for mode, pool, before_19 in reversed(group):  # today's app first, its start timed alone
                    started[mode] = time.perf_counter()
                    apps[mode] = App(pool, classic_pages=before_19, eager_refills=before_19)
                    if pool and not before_19:
                        apps[mode].wait_until_quiet()
                        yield from kernel_lines(mode, apps[mode], started[mode])
                loads = load_times(browser, apps)
                results.update(loads)
                for mode, _, _ in group:
                    yield from load_lines(mode, loads[mode], started[mode])
            finally:
                for app in apps.values():
                    app.stop()
        yield from figure_lines(browser)
        browser.close()
    yield from compare(results)


def compare(results: dict[str, Loads]) -> Iterator[str]:
    """The designs side by side, as ratios of times measured in this run (above 1: the new design is sooner)."""
    plain, before, today = (results[mode] for mode, _, _ in DESIGNS)

    def ratio(name: str, old: list[float], new: list[float]) -> str:
        return (f"{name}: p50 {statistics.median(old):.0f} -> {statistics.median(new):.0f} ms "
                f"({statistics.median(old) / statistics.median(new):.2f}x), p90 {percentile(old, 90):.0f} -> "
                f"{percentile(new, 90):.0f} ms ({percentile(old, 90) / percentile(new, 90):.2f}x)")

    def marks(loads: Loads, key: str, back_to_back: bool = False) -> list[float]:
        chosen = loads.back_to_back if back_to_back else loads.all_paused()
        return [load.marks[key] or 0.0 for load in chosen]

    yield ("learner app, today vs before #19 (both pre-heated, same run): "
           + ratio("interactive", marks(before, "ready"), marks(today, "ready")))
    yield "    " + ratio("module text on screen", marks(before, "text"), marks(today, "text"))
    yield "    " + ratio("back to back, interactive", marks(before, "ready", True), marks(today, "ready", True))
    yield ("learner app, today vs plain Voilà: "
           + ratio("interactive", marks(plain, "ready"), marks(today, "ready"))
           + "; aims: p90 <= 1000 ms paused, <= 1500 ms back to back")


if __name__ == "__main__":
    for line in run(figures_only="--figures" in sys.argv[1:]):
        print(line, flush=True)
