"""The kernel manager under Voilà's pool of pre-heated kernels: a used kernel's replacement waits until the
learner has stopped opening pages.

A replacement runs a whole notebook (several CPU-seconds). Voilà starts it a fixed delay after its page was asked
for, so a learner going from page to page had each page compete with the replacements for the pages before it
(`make bench`, "back to back": p90 2.9 s, 1.4 s with this). Here a replacement starts only once no page has
connected to its kernel for `quiet_seconds`, unless a page is already waiting for it or it has waited
`longest_hold` seconds (a room on a LAN address, where pages never stop opening, still gets its pool refilled).
"""

from __future__ import annotations

import asyncio
import math
import time

from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager
from traitlets import Float
from voila.utils import ENV_VARIABLE

from .settings import FILL_DELAY

POLL_SECONDS = 0.25  # how often a held start looks again whether a page now waits for it


class QuietRefills(AsyncMappingKernelManager):
    """Holds back the start of each pool kernel until `quiet_seconds` have passed since a page last connected to a
    kernel. Kernels started for any other reason (and the pool's first fill, before any page) start at once."""

    quiet_seconds = Float(FILL_DELAY, config=True, help="Seconds without a page opening before a pool kernel starts.")
    longest_hold = Float(15.0, config=True, help="Seconds after which a held pool kernel starts anyway.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.last_page_connected = -math.inf  # time.monotonic() of the last kernel connection

    def notify_connect(self, kernel_id: str) -> None:
        self.last_page_connected = time.monotonic()
        super().notify_connect(kernel_id)

    def page_waits(self) -> bool:
        """Whether a page has taken the pool entry this start belongs to and now waits for it. (Voilà's pool holds
        the task that starts the kernel, the one running here; a page takes it out of the pool and awaits it.)"""
        pools = getattr(self, "_pools", None)  # Voilà's; if a later Voilà keeps its pool elsewhere, hold nothing
        task = asyncio.current_task()
        return pools is None or not any(task in pool for pool in pools.values())

    async def until_quiet(self) -> str:
        """Return once no page has connected for `quiet_seconds`, a page waits for this kernel, or after
        `longest_hold` seconds; say which."""
        give_up = time.monotonic() + self.longest_hold
        while not self.page_waits():
            now = time.monotonic()
            if now >= give_up:
                return "held the longest it may be"
            left = min(self.last_page_connected + self.quiet_seconds, give_up) - now
            if left <= 0:
                return "pages stopped opening"
            await asyncio.sleep(min(left, POLL_SECONDS))
        return "a page waits for it"

    async def start_kernel(self, *args, **kwargs) -> str:
        if (kwargs.get("env") or {}).get(ENV_VARIABLE.VOILA_PREHEAT) == "True":  # Voilà's mark of a pool kernel
            began = time.monotonic()
            reason = await self.until_quiet()
            if (held := time.monotonic() - began) > POLL_SECONDS:
                self.log.info("Pool kernel held %.1f s, now started: %s", held, reason)
        return await super().start_kernel(*args, **kwargs)
