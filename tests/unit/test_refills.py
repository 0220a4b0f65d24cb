"""The learner app's pool refills (widgets/app/refills.py): a used kernel's replacement does not start while the
learner goes from page to page, but nothing a page waits for is held back. Kernel starts are recorded, not made;
the pool is laid out as Voilà lays it out (a task per waiting kernel, taken out of the pool by the page it serves)."""

from __future__ import annotations

import asyncio
import time

import pytest
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager

from tests.unit.test_classroom_setup import _run
from widgets.app.refills import QuietRefills

POOL_KERNEL = {"env": {"VOILA_PREHEAT": "True"}}  # what Voilà passes for a pool kernel
PAGE_KERNEL = {"env": {"VOILA_PREHEAT": "False"}}  # and for a kernel started for a page, with no pool
LONG = 60.0  # a wait no test sits out: a start held this long fails the test's timeout instead


@pytest.fixture
def starts(monkeypatch) -> list[float]:
    """The time of each kernel start that reached Jupyter's kernel manager."""
    started: list[float] = []

    async def record(self, *args, **kwargs) -> str:
        started.append(time.monotonic())
        return f"kernel-{len(started)}"

    monkeypatch.setattr(AsyncMappingKernelManager, "start_kernel", record)
    return started


def manager(quiet: float = LONG, hold: float = LONG) -> QuietRefills:
    kernels = QuietRefills(quiet_seconds=quiet, longest_hold=hold)
    kernels._pools = {}
    return kernels


def pool_start(kernels: QuietRefills) -> asyncio.Task:
    """A pool kernel's start, waiting in the pool as Voilà's are."""
    task = asyncio.create_task(kernels.start_kernel(**POOL_KERNEL))
    kernels._pools.setdefault("02.ipynb", []).append(task)
    return task


def test_a_replacement_starts_only_once_pages_stop_opening(starts: list[float]) -> None:
    async def scenario() -> float:
        kernels = manager(quiet=2.0)
        kernels.notify_connect("page-1")
        task = pool_start(kernels)
        await asyncio.sleep(0.3)
        last_page = time.monotonic()
        kernels.notify_connect("page-2")  # the learner opens another page: the replacement waits on
        await asyncio.wait_for(task, 10)
        return last_page

    last_page = _run(scenario())
    assert len(starts) == 1
    assert starts[0] - last_page >= 2.0


def test_a_held_replacement_starts_at_once_when_a_page_waits_for_it(starts: list[float]) -> None:
    async def scenario() -> None:
        kernels = manager()
        kernels.notify_connect("page-1")
        task = pool_start(kernels)
        await asyncio.sleep(0.3)
        assert starts == []  # held: a page connected moments ago
        kernels._pools["02.ipynb"].remove(task)  # the learner opens this module: the page takes the kernel
        await asyncio.wait_for(task, 10)

    _run(scenario())
    assert len(starts) == 1


@pytest.mark.parametrize("kind", [PAGE_KERNEL, {}], ids=["page kernel", "no environment"])
def test_a_kernel_for_a_page_is_never_held(starts: list[float], kind: dict) -> None:
    async def scenario() -> None:
        kernels = manager()
        kernels.notify_connect("page-1")
        await asyncio.wait_for(kernels.start_kernel(**kind), 10)

    _run(scenario())
    assert len(starts) == 1


def test_the_first_fill_before_any_page_is_not_held(starts: list[float]) -> None:
    async def scenario() -> None:
        kernels = manager()
        await asyncio.wait_for(asyncio.gather(*(pool_start(kernels) for _ in range(8))), 10)

    _run(scenario())
    assert len(starts) == 8


def test_a_room_that_never_stops_opening_pages_still_gets_its_pool_refilled(starts: list[float]) -> None:
    async def scenario() -> None:
        kernels = manager(hold=0.5)
        kernels.notify_connect("another learner's page")
        task = pool_start(kernels)
        while not task.done():
            kernels.notify_connect("another learner's page")
            await asyncio.sleep(0.05)
            assert time.monotonic() < deadline, "held past longest_hold"

    asked = time.monotonic()
    deadline = asked + 10
    _run(scenario())
    assert len(starts) == 1
    assert starts[0] - asked >= 0.5  # it was held, as long as it may be, then started
