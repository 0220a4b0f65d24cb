"""A queue for learners' server starts. A class logs in together, and on a small machine 30 servers starting at
once share its cores so thinly that every start times out. Here at most `start_slots` servers start at a time;
the others wait their turn, first come first served, and the hub's start page tells each learner their place
("You are in the queue: 3 people before you"), then opens the course by itself. Nobody sees a timeout.

JupyterHub's own `concurrent_spawn_limit` refuses the learners over the limit with an error ("try again in a
minute"); this waits instead. A slot is held until the new server answers, so its start-up work is done.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from jupyterhub.spawner import SimpleLocalProcessSpawner
from jupyterhub.utils import url_path_join, wait_for_http_server
from traitlets import Integer


class StartQueue:
    """First come, first served: at most `slots` starts at a time; the rest wait in arrival order."""

    def __init__(self) -> None:
        self.starting = 0
        self.waiting: list[str] = []
        self._changed: asyncio.Condition | None = None  # made in the hub's event loop, at first use

    @property
    def changed(self) -> asyncio.Condition:
        if self._changed is None:
            self._changed = asyncio.Condition()
        return self._changed

    def ahead_of(self, name: str) -> int | None:
        """How many people wait before `name` (None when `name` is not waiting)."""
        return self.waiting.index(name) if name in self.waiting else None

    async def take_turn(self, name: str, slots: int) -> None:
        """Wait until `name` is first in line and a slot is free, then hold the slot (give it back with `done`)."""
        self.waiting.append(name)
        try:
            async with self.changed:
                await self.changed.wait_for(lambda: self.starting < slots and self.waiting[0] == name)
                self.starting += 1
        finally:
            self.waiting.remove(name)
            async with self.changed:
                self.changed.notify_all()

    async def done(self) -> None:
        async with self.changed:
            self.starting -= 1
            self.changed.notify_all()


QUEUE = StartQueue()  # one per hub process: every learner's start goes through it


def queue_message(ahead: int) -> str:
    """What the start page says while a learner waits (plain words, no blame, no alarm)."""
    people = "1 person" if ahead == 1 else f"{ahead} people"
    before = "You are next." if ahead == 0 else f"{people} before you."
    return (f"You are in the queue: {before} Many people are starting at the same time. "
            "Please keep this page open: your course opens by itself.")


class QueuedSpawner(SimpleLocalProcessSpawner):
    """SimpleLocalProcessSpawner whose starts wait in the hub's start queue and report their place in it."""

    start_slots = Integer(3, config=True, help="How many servers may start at the same time (the rest wait).")

    async def start(self) -> tuple[str, int]:
        await QUEUE.take_turn(self.user.name, self.start_slots)
        try:
            ip, port = await super().start()
            url = url_path_join(f"http://{ip}:{port}", self.server.base_url, "api")
            await wait_for_http_server(url, timeout=self.http_timeout)
        finally:
            await QUEUE.done()
        return ip, port

    async def progress(self) -> AsyncIterator[dict]:
        """The start page's messages: the learner's place in the queue, then that their course is starting."""
        told = None
        while (ahead := QUEUE.ahead_of(self.user.name)) is not None:
            if ahead != told:  # say it when the place changes, not every second
                yield {"progress": 10, "message": queue_message(ahead)}
                told = ahead
            await asyncio.sleep(0.5)
        yield {"progress": 60, "message": "Your turn: your course is starting. It opens by itself in a moment."}
