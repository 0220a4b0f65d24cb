"""A Check button whose click is checked against the answer the learner meant, even when that answer reaches the
kernel after the click.

The browser sends a control's new value and a button's click as separate messages, and nothing orders them:
- while a change of a control is being handled, ipywidgets holds the control's next change back until the kernel
  is done (one update per widget at a time), but sends a click at once;
- JupyterLab hands widget updates to a kernel subshell (its own thread), while the click may be handled on the
  main thread, so even an update that arrived first may not be applied yet.
So a keyboard user who moves to an answer and presses Enter at once could have the previous answer checked.

`LateAnswerGuard` makes the click wait SETTLE seconds on the kernel's event loop (a little longer after each
change that arrives meanwhile), then check. And when the click came right after a change (within QUICK seconds,
as "choose, then Enter at once" does), a change that still arrives within LATE seconds of the click is the
answer the click was for: it is checked at once. Outside a kernel (a script, nbval) a click is checked at once.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import threading
import time
from collections.abc import Callable, Iterator

import ipywidgets as ipw

SETTLE = 0.25  # seconds a click waits for an answer still on its way from the browser
SETTLE_AFTER_CHANGE = 0.1  # and after each change that arrives while it waits
QUICK = 1.0  # a click this soon after a change may have overtaken the change after it...
LATE = 3.0  # ...which can still arrive this long after the click (the kernel was busy with the first)
log = logging.getLogger(__name__)


class LateAnswerGuard:
    """Calls `check` for each click on `button`, once the answer in `controls` is the one the learner meant."""

    def __init__(self, button: ipw.Button, controls: list[ipw.Widget], check: Callable[[], object]):
        self._check = check
        self._lock = threading.RLock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._waiting: asyncio.TimerHandle | None = None
        self._last_change = float("-inf")
        self._late_until = float("-inf")
        self._ignore = False
        button.on_click(lambda _: self.clicked())
        for control in controls:
            control.observe(self._changed, names="value")

    def clicked(self) -> None:
        now = time.monotonic()
        with self._lock:
            self._late_until = now + LATE if now - self._last_change < QUICK else float("-inf")
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # no event loop: nothing can be on its way
            self._run_check()
            return
        with self._lock:
            self._loop = loop
            self._wait(SETTLE)

    def _wait(self, seconds: float) -> None:
        """(Re)start the wait; runs on the loop's thread, with the lock held."""
        if self._waiting is not None:
            self._waiting.cancel()
        self._waiting = self._loop.call_later(seconds, self._settled)

    def _settled(self) -> None:
        with self._lock:
            self._waiting = None
        self._run_check()

    @contextlib.contextmanager
    def ignoring(self) -> Iterator[None]:
        """Changes the course makes itself (showing the answer) are not the learner's: no click is for them."""
        with self._lock:
            self._ignore, self._late_until = True, float("-inf")
            try:
                yield
            finally:
                self._ignore = False

    def _changed(self, _change: dict) -> None:
        now = time.monotonic()
        with self._lock:
            if self._ignore:
                return
            self._last_change = now
            if self._waiting is not None:  # the answer the click waits for has arrived: give it a moment more
                self._loop.call_soon_threadsafe(self._extend)
                return
            late = now <= self._late_until
            self._late_until = float("-inf")
        if late:  # the click was checked before this answer arrived: check the answer it was meant for
            self._run_check()

    def _extend(self) -> None:
        with self._lock:
            if self._waiting is not None:
                self._wait(SETTLE_AFTER_CHANGE)

    def _run_check(self) -> None:
        with self._lock:
            try:
                self._check()
            except Exception:  # noqa: BLE001 - on the kernel's loop or a subshell: log it rather than lose it
                log.exception("could not check the answer")
