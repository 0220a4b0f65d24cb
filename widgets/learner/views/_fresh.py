"""Saved data shown fresh in Voilà's pre-heated kernels.

To open a page fast, Voilà can run a module's notebook before anyone asks for it (a pre-heated kernel). A view
that shows saved data (quiz progress, a note, a worksheet) would then show it as it was when the kernel was
started, minutes or hours earlier. So each such view registers a `reload` here. In a pre-heated kernel one
background thread waits until the learner's request for the page arrives, then runs every reload. Anywhere
else (JupyterLab, nbval, a Voilà kernel started for the request) the data is already fresh and this does nothing.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable

_lock = threading.Lock()
_reloads: list[Callable[[], None]] = []
_state = {"waiting": False, "opened": False}
log = logging.getLogger(__name__)


def preheated() -> bool:
    """True in a Voilà kernel that was started before its page was asked for."""
    return os.environ.get("VOILA_PREHEAT") == "True"


def reload_when_opened(reload: Callable[[], None]) -> None:
    """Run `reload` once the learner opens this page, if the notebook ran before they asked for it."""
    if not preheated():
        return
    with _lock:
        if _state["opened"]:
            return
        _reloads.append(reload)
        if not _state["waiting"]:
            _state["waiting"] = True
            threading.Thread(target=_wait_then_reload, name="course-fresh-data", daemon=True).start()


def _wait_then_reload() -> None:
    try:
        wait_for_request()
    except Exception:  # noqa: BLE001 - a failed wait must not break the page; the reloads still run
        log.exception("could not wait for the page request; reloading saved data now")
    run_reloads()


def wait_for_request() -> None:
    """Block until Voilà gives this kernel to a learner's request: it then sends the request's details on its
    request-info socket. (voila.utils.wait_for_request does the same, but never returned in Voilà 0.5.13 here.)"""
    import asyncio

    import websockets

    url = (f"ws://127.0.0.1:{os.environ.get('VOILA_APP_PORT', '8866')}{os.environ.get('VOILA_SERVER_URL', '/')}"
           f"voila/query/{os.environ.get('VOILA_KERNEL_ID', '')}")

    async def receive() -> None:
        # No client pings: a kernel may wait for hours, and a late pong must not end the wait early.
        async with websockets.connect(url, open_timeout=10, ping_interval=None) as socket:
            await socket.recv()

    asyncio.run(receive())


def run_reloads() -> None:
    """Run every registered reload once (each on its own: one failure does not stop the others)."""
    with _lock:
        _state["opened"] = True
        reloads = list(_reloads)
        _reloads.clear()
    for reload in reloads:
        try:
            reload()
        except Exception:  # noqa: BLE001
            log.exception("could not reload saved data for %r", reload)
