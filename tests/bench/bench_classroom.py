"""Benchmark for a class on the local JupyterHub: N learners (default 30, $CLASS_SIZE) log in at once, each opens
a module as an app page (Voilà, code hidden) through the hub and answers a quiz item. It reports spawn time,
time to interactive (p50/p90), errors, memory per learner, and how many learners one machine of this size holds.
It reports; it does not assert. Run `python tests/bench/bench_classroom.py`, or call `run()` for the lines.
"""

from __future__ import annotations

import asyncio
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench._stats import percentile  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from widgets.classroom.hub import Classroom, free_port  # noqa: E402
from widgets.content.course import load_course  # noqa: E402

CLASS_SIZE = int(os.environ.get("CLASS_SIZE", "30"))
PAGE_TIMEOUT_MS = 240_000
SPAWN_TIMEOUT = 300
MODULE = "01"


def rss_kib(pid: int) -> int:
    """Resident memory of a process and all its descendants (the user's server and its kernels)."""
    total = 0
    todo = [pid]
    while todo:
        current = todo.pop()
        try:
            for line in Path(f"/proc/{current}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(c) for c in (task / "children").read_text().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def spawn_all(room: Classroom, names: list[str]) -> tuple[dict[str, float], list[str]]:
    started = time.monotonic()
    for name in names:
        room.api("POST", f"/users/{name}/server")
    ready: dict[str, float] = {}
    while len(ready) < len(names) and time.monotonic() - started < SPAWN_TIMEOUT:
        for user in room.api("GET", "/users"):
            if user["name"] in names and user["name"] not in ready and user["servers"].get("", {}).get("ready"):
                ready[user["name"]] = time.monotonic() - started
        time.sleep(0.5)
    return ready, [f"{n}: server not ready after {SPAWN_TIMEOUT} s" for n in names if n not in ready]


async def learner(browser, room: Classroom, name: str, notebook: str) -> float:
    """Log in, open the module's app page, answer the first quiz item; return seconds to interactive."""
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)  # 30 servers on 2 cores: every step waits its turn for the CPU
    try:
        started = time.monotonic()
        target = f"/user/{name}/voila/render/modules/{notebook}"
        await page.goto(f"{room.url}/hub/login?next={target}", timeout=PAGE_TIMEOUT_MS)
        await page.get_by_label("Username").fill(name)
        await page.get_by_role("button", name="Sign in").click()
        check = page.get_by_role("button", name="Check answer").first
        await check.wait_for(timeout=PAGE_TIMEOUT_MS)
        interactive = time.monotonic() - started
        await page.locator(".widget-radio-box input").first.check()
        await check.click()
        await page.locator("[role=status]").filter(has_text="Not quite").or_(
            page.locator("[role=status]").filter(has_text="Right")).first.wait_for(timeout=60_000)
        return interactive
    finally:
        await context.close()


async def open_pages(room: Classroom, names: list[str], notebook: str) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        results = await asyncio.gather(*(learner(browser, room, n, notebook) for n in names), return_exceptions=True)
        await browser.close()
    times = [r for r in results if isinstance(r, float)]
    errors = [f"{n}: {type(r).__name__}: {str(r).splitlines()[0][:120]}" for n, r in zip(names, results, strict=True)
              if not isinstance(r, float)]
    return times, errors


def run() -> list[str]:
    if not chromium_path():
        return ["skipped: Chromium not found (apt-get install chromium)"]
    names = [f"learner{n:02d}" for n in range(1, CLASS_SIZE + 1)]
    notebook = f"{load_course().module(MODULE).name}.ipynb"
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp, \
            Classroom(Path(tmp), port=free_port(), users=tuple(names)) as room:
        ready, spawn_errors = spawn_all(room, names)
        began = time.monotonic()
        times, page_errors = asyncio.run(open_pages(room, list(ready), notebook))
        wall = time.monotonic() - began
        pids = [room.api("GET", f"/users/{n}")["servers"][""]["state"]["pid"] for n in ready]
        per_learner = [rss_kib(pid) / 1024 for pid in pids]
    errors = spawn_errors + page_errors
    lines = [f"{CLASS_SIZE} learners at once on JupyterHub (127.0.0.1), module {MODULE} as an app page (Voilà)"]
    if ready:
        spawn = list(ready.values())
        lines.append(f"server start: p50 {percentile(spawn, 50):.1f} s, p90 {percentile(spawn, 90):.1f} s")
    if times:
        lines.append(f"time to interactive (login to a quiz ready): p50 {percentile(times, 50):.1f} s, "
                     f"p90 {percentile(times, 90):.1f} s; all {len(times)} pages in {wall:.0f} s")
    if per_learner:
        median = statistics.median(per_learner)
        holds = int(24 * 1024 * 0.8 / median)  # leave a fifth of the memory for the hub, proxy and system
        lines.append(f"memory per learner (server + kernel): median {median:.0f} MiB, max {max(per_learner):.0f} MiB;"
                     f" one 24 GiB machine holds about {holds} learners by memory (its 2 cores limit how many start"
                     " at once)")
    lines.append(f"errors: {len(errors)}" + ("".join(f"\n      {e}" for e in errors[:5])))
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
