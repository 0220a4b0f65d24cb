"""Benchmark for a class on the local JupyterHub: N learners (default 30, $CLASS_SIZE) log in at once in Chromium,
each goes straight to module 01 as an app page, answers a quiz item, and we time login to "quiz ready". It runs
the set-up before #18 (learners in JupyterLab with every server extension, plain Voilà, all servers starting
together), the current one (the course app, learners' servers loading only what they need, starts queued) and
the current one with every learner's server started before class (`make classroom WARM=1`), one after the other
in the same run, and reports for each: p50/p90 to interactive, errors, memory per learner,
and where the CPU-seconds went (learners' servers, their kernels, the hub and proxy, the browsers).

It reports; it does not assert. Run `python tests/bench/bench_classroom.py`, or call `run()` for the lines.
$CLASSROOM_SETUPS picks set-ups ("lab,app,warm" by default).

In a class every learner has a device of their own; here all 30 browsers share the hub's cores and use much of
their CPU, so the report also gives what the serving side alone (servers, kernels, hub and proxy) cost, and the
least time a class of this size needs on this machine's cores with the browsers elsewhere. (One Chromium with a
browser context per learner, tried once in place of 30, used less CPU but let 4 of 30 in, not 15: its single
browser process became the bottleneck.)
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench._stats import percentile  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from widgets.classroom.hub import START_SLOTS, Classroom, free_port  # noqa: E402
from widgets.classroom.warm import start_servers  # noqa: E402
from widgets.content.course import load_course  # noqa: E402

CLASS_SIZE = int(os.environ.get("CLASS_SIZE", "30"))
SETUPS = os.environ.get("CLASSROOM_SETUPS", "lab,app,warm").split(",")
SERVING = ("servers", "kernels", "hub and proxy")  # what a real class costs the machine that serves it
NAMES = {"lab": "before (JupyterLab, plain Voila, all start at once)",
         "app": f"now (course app, lean servers, {START_SLOTS} starts at a time)",
         "warm": "now, servers started before class (WARM=1)"}
PAGE_TIMEOUT_MS = 420_000
MODULE = "01"
FAILED = "div.error, #progress-bar.bg-danger"  # the hub's error page or a failed start
QUIZ_READY_OR_FAILED = f"""() => document.querySelector({FAILED!r}) || [...document.querySelectorAll("button")]
    .some(button => button.textContent.trim() === "Check answer" && button.offsetParent !== null)"""


def kind(process: psutil.Process) -> str:
    """Which part of the class a process is, by its command line."""
    try:
        command = " ".join(process.cmdline())
    except psutil.Error:
        return "other"
    if "ipykernel" in command:
        return "kernels"
    if "singleuser" in command:  # jupyterhub-singleuser, or widgets.classroom.singleuser
        return "servers"
    if "configurable-http-proxy" in command or "bin/jupyterhub" in command:
        return "hub and proxy"
    if "chrom" in command:
        return "browsers"
    if "playwright" in command:
        return "playwright"
    return "other"


@dataclass
class CpuWatch:
    """Samples the CPU time of every process of the hub and of this benchmark's browsers, once a second."""

    roots: list[int]
    seen: dict[int, tuple[str, float]] = field(default_factory=dict)  # pid -> (kind, cpu seconds)
    stop: threading.Event = field(default_factory=threading.Event)

    def sample(self) -> None:
        for root in self.roots:
            try:
                processes = [psutil.Process(root), *psutil.Process(root).children(recursive=True)]
            except psutil.Error:
                continue
            for process in processes:
                try:
                    times = process.cpu_times()
                    used = times.user + times.system
                except psutil.Error:
                    continue
                previous = self.seen.get(process.pid)
                self.seen[process.pid] = (previous[0] if previous else kind(process), used)

    def run(self) -> None:
        while not self.stop.wait(1.0):
            self.sample()

    def totals(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for name, used in self.seen.values():
            out[name] = out.get(name, 0.0) + used
        return out


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (the user's server and its kernels)."""
    try:
        root = psutil.Process(pid)
        return sum(p.memory_info().rss for p in (root, *root.children(recursive=True))) // 1024
    except psutil.Error:
        return 0


async def learner(playwright, room: Classroom, name: str, notebook: str) -> float:
    """Log in, open the module's app page, answer the first quiz item; return seconds to interactive.

    Each learner has a browser of their own, as in a class: one browser's six connections per host would
    otherwise be held by the hub's start pages (an event stream each) and stall every other learner."""
    browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)  # a busy hub answers the login slowly: that is measured, not an error
    try:
        target = quote(f"/hub/spawn?next={quote(f'/user/{name}/voila/render/modules/{notebook}')}")
        await page.goto(f"{room.url}/hub/login?next={target}", timeout=PAGE_TIMEOUT_MS)
        await page.get_by_label("Username").fill(name)
        started = time.monotonic()
        await page.get_by_role("button", name="Sign in").click()
        # Looked for 4 times a second with plain DOM calls: a role locator's wait_for checks on every frame and
        # computes roles, which cost a waiting browser 0.04-0.2 CPU-s a second (a page of 5,000 spans or 2,000
        # buttons; this check 0.03), CPU a real learner's browser does not spend and the hub then lacked.
        await page.wait_for_function(QUIZ_READY_OR_FAILED, polling=250, timeout=PAGE_TIMEOUT_MS)
        failed = page.locator(FAILED)
        if await failed.count():
            raise RuntimeError(f"the hub showed an error: {(await page.locator('body').inner_text())[:160]!r}")
        interactive = time.monotonic() - started
        await page.locator(".widget-radio-box input").first.check()
        await page.get_by_role("button", name="Check answer").first.click()
        await page.locator("[role=status]").filter(has_text="Not quite").or_(
            page.locator("[role=status]").filter(has_text="Right")).first.wait_for(timeout=120_000)
        return interactive
    except Exception as exc:
        raise RuntimeError(f"{type(exc).__name__} on {page.url}: {str(exc).splitlines()[0][:100]}") from exc
    finally:
        await browser.close()


async def open_pages(room: Classroom, names: list[str], notebook: str,
                     watch: CpuWatch) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        watch.roots.append(os.getpid())  # the browsers are this process's descendants
        results = await asyncio.gather(*(learner(playwright, room, n, notebook) for n in names),
                                       return_exceptions=True)
        watch.sample()
    times = [r for r in results if isinstance(r, float)]
    errors = [f"{n}: {type(r).__name__}: {str(r).splitlines()[0][:160]}" for n, r in zip(names, results, strict=True)
              if not isinstance(r, float)]
    return times, errors


@dataclass
class ClassRun:
    setup: str
    times: list[float]
    errors: list[str]
    memory_mib: list[float]
    cpu: dict[str, float]
    wall: float
    warm_seconds: float | None = None  # servers started before the class logged in (not in `times`)


def class_run(setup: str, names: list[str], notebook: str) -> ClassRun:
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp, \
            Classroom(Path(tmp), port=free_port(), users=tuple(names), setup="app" if setup == "warm" else setup) \
            as room:
        watch = CpuWatch([room.process.pid])
        warm_seconds = None
        if setup == "warm":  # before class: what `make classroom WARM=1` does; its CPU is left out below
            began = time.monotonic()
            start_servers(room, names, say=lambda line: None)
            warm_seconds = time.monotonic() - began
            watch.sample()
        before_class = watch.totals()
        sampler = threading.Thread(target=watch.run, daemon=True)
        sampler.start()
        began = time.monotonic()
        times, errors = asyncio.run(open_pages(room, names, notebook, watch))
        wall = time.monotonic() - began
        watch.stop.set()
        sampler.join()
        watch.sample()
        servers = room.api("GET", "/users")
        pids = [u["servers"][""]["state"]["pid"] for u in servers if u["servers"].get("", {}).get("ready")]
        memory = [rss_kib(pid) / 1024 for pid in pids]
    used = {name: seconds - before_class.get(name, 0.0) for name, seconds in watch.totals().items()}
    return ClassRun(setup, times, errors, memory, used, wall, warm_seconds)


def describe(result: ClassRun, size: int) -> list[str]:
    lines = [f"{NAMES.get(result.setup, result.setup)}:"]
    if result.warm_seconds is not None:
        lines.append(f"  before class: {size} servers started in {result.warm_seconds:.0f} s "
                     "(not counted below: nobody waits for it)")
    if result.times:
        lines.append(f"  login to a quiz ready: p50 {percentile(result.times, 50):.0f} s, "
                     f"p90 {percentile(result.times, 90):.0f} s; {len(result.times)} of {size} in; "
                     f"all done in {result.wall:.0f} s")
    lines.append(f"  errors: {len(result.errors)}" + "".join(f"\n      {e}" for e in result.errors[:3]))
    if result.memory_mib:
        lines.append(f"  memory per learner (server + kernel): median {statistics.median(result.memory_mib):.0f} MiB,"
                     f" max {max(result.memory_mib):.0f} MiB")
    parts = ", ".join(f"{name} {seconds / size:.1f}" for name, seconds in
                      sorted(result.cpu.items(), key=lambda item: -item[1]) if seconds >= 0.05 * size)
    lines.append(f"  CPU-seconds per learner: {sum(result.cpu.values()) / size:.1f} ({parts})")
    serving = sum(result.cpu.get(name, 0.0) for name in SERVING)
    cores = os.cpu_count() or 1
    lines.append(f"  the serving side (servers, kernels, hub) used {serving / size:.1f} CPU-s per learner: with the "
                 f"browsers on learners' own devices, {size} starts need at least {serving / cores:.0f} s of this "
                 f"machine's {cores} cores")
    return lines


def run() -> list[str]:
    if not chromium_path():
        return ["skipped: Chromium not found (apt-get install chromium)"]
    names = [f"learner{n:02d}" for n in range(1, CLASS_SIZE + 1)]
    notebook = f"{load_course().module(MODULE).name}.ipynb"
    lines = [f"{CLASS_SIZE} learners log in at once on JupyterHub (127.0.0.1), {os.cpu_count()} cores, and open "
             f"module {MODULE} as an app page"]
    results = {}
    for setup in SETUPS:
        results[setup] = class_run(setup, names, notebook)
        lines += describe(results[setup], CLASS_SIZE)
    for setup in ("app", "warm"):
        if {"lab", setup} <= results.keys() and results["lab"].times and results[setup].times:
            old, new = results["lab"], results[setup]
            lines.append(f"{setup} / before: p90 {percentile(new.times, 90) / percentile(old.times, 90):.2f}, "
                         f"CPU-seconds {sum(new.cpu.values()) / max(sum(old.cpu.values()), 1e-9):.2f}, "
                         f"errors {len(new.errors)} vs {len(old.errors)}")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
