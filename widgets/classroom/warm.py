"""Starting learners' servers before class, so a class that logs in together opens the course at once.

A server start is the largest cost of a learner's first minute on the hub (`make bench`, one learner: about 5.5
of the 8 CPU-seconds the hub's machine spends on a learner who logs in and opens a module). Done before the class
arrives, through the same start queue as a login, nobody waits for it; at login the hub finds the server running
and sends the learner straight on.
JupyterHub's admin page can do the same by hand ("Start All").
"""

from __future__ import annotations

import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Protocol


class HubApi(Protocol):
    def api(self, method: str, path: str, body: dict | None = None) -> dict | list: ...


def learners(hub: HubApi) -> list[str]:
    """Everyone the hub knows who is not an admin (instructors keep starting their own)."""
    return sorted(user["name"] for user in hub.api("GET", "/users") if not user.get("admin"))


def _server(hub: HubApi, name: str) -> dict:
    return hub.api("GET", f"/users/{name}")["servers"].get("", {})


def start_servers(hub: HubApi, names: list[str], say: Callable[[str], None] = print,
                  timeout: float = 900, poll: float = 1.0) -> tuple[list[str], list[str]]:
    """Ask the hub to start each learner's server and wait until all are ready or stopped; say how many are ready
    as that changes. Returns (ready, failed). A server that stops while starting is reported, not retried."""
    def ask(name: str) -> None:
        if not _server(hub, name):
            hub.api("POST", f"/users/{name}/server")

    # At once: the hub answers a start request only when the server is up or after 10 s (slow_spawn_timeout).
    with ThreadPoolExecutor(max(1, min(len(names), 64))) as pool:
        list(pool.map(ask, names))
    told = -1
    deadline = time.monotonic() + timeout
    while True:
        ready: list[str] = []
        failed: list[str] = []
        starting: list[str] = []
        for name in names:
            server = _server(hub, name)
            (ready if server.get("ready") else starting if server.get("pending") == "spawn" else failed).append(name)
        if len(ready) != told:
            say(f"{len(ready)} of {len(names)} learners' servers ready")
            told = len(ready)
        if not starting:
            break
        if time.monotonic() > deadline:
            failed += starting
            break
        time.sleep(poll)
    for name in failed:
        say(f"{name}'s server did not start; they will start it at login (the hub's log says why)")
    return ready, failed
