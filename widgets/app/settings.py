"""The learner app's settings, each with the reason for its value. `python -m widgets app --help` can change
the first few; the rest are choices measured on a 2-core, 24 GiB machine (see `make bench`)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass, field
from pathlib import Path

from .._paths import course_root

DEFAULT_PORT = 8866
# One waiting kernel per module: a module page opens from a kernel that has already run its notebook.
# Measured (`make bench`, 2 cores shared with other jobs): module pages interactive at p50 1.3 s / p90 2.2 s,
# against 3.1 / 3.4 s without; each waiting kernel holds about 75 MiB (55 MiB PSS), 0.45 GiB for the 8. A second kernel
# per module would only help a learner who reopens a page within seconds, at twice the memory.
# 0 turns pre-heating off (every page then runs its notebook when asked).
DEFAULT_POOL_SIZE = 1
# Seconds before a used kernel is replaced: the replacement runs a whole notebook, so it waits until the
# page the learner just opened has finished loading rather than competing with it for the processor.
FILL_DELAY = 3.0
# And no replacement starts while the learner goes from page to page: only once no page has opened for FILL_DELAY
# seconds (refills.py). False (`--eager-refills`) starts each FILL_DELAY after its page, as before, for the benchmark.
QUIET_REFILLS = True
# A kernel whose page was closed without saying so (a crash, a lost tab) is shut down after this long idle.
# Kernels of open pages are never culled; waiting kernels never are either (Voilà protects its pool).
CULL_IDLE_SECONDS = 15 * 60
# Lab extensions a module page does not need: syntax highlighting is for code, which the app never shows; and
# Notebook 7's and nbgrader's (installed beside the course for instructors), which break Voilà's page with "The
# getter for the shared module is not a function". (@jupyter-widgets/jupyterlab-manager stays: Voilà's widget
# manager takes the widget classes from it.)
DENIED_EXTENSIONS = ("jupyterlab_pygments", "@jupyter-notebook/lab-extension", "@jupyter/nbgrader")
# Text-first module pages (#19; `make bench` prints where a page's time goes): the page's text is on screen as soon
# as its HTML arrives, like a static page, instead of after every widget is drawn; the widgets then appear in their
# places. False restores the earlier design (`--classic-pages`), so the benchmark measures both in one run.
TEXT_FIRST = True
# The browser keeps Voilà's widget scripts whose names hold a hash of their content, instead of asking for each
# again on every page (a dozen "not modified" answers, one after another, before any widget is drawn): ~0.1 s a
# page. False with `--classic-pages`. (An earlier trial, together with one style shared by all widgets, now and then
# left a widget undrawn; kept scripts alone drew every widget of 208 module pages opened one after another.)
KEEP_WIDGET_SCRIPTS = True
# Module 02's simulator shows the frames stored by `make notebooks` whenever they are current (made by today's
# simulator code with the installed numpy, matplotlib and Pillow; a test proves them pixel-equal to live ones):
# a control change is then a lookup instead of a matplotlib render (#19: the kernel's render was 74 ms of the
# slider's 133 ms). False (`--live-simulator`) draws every figure live, as before, so the benchmark compares both.
STORED_FRAMES = True


@dataclass(frozen=True)
class AppSettings:
    """How one run of the app is set up."""

    port: int = DEFAULT_PORT
    # The address the app listens on. Only this computer can reach 127.0.0.1; a LAN address would be served
    # to a room, and is then the one other name the app answers to (see `allowed_hosts`).
    ip: str = "127.0.0.1"
    pool_size: int = DEFAULT_POOL_SIZE
    fill_delay: float = FILL_DELAY
    quiet_refills: bool = QUIET_REFILLS  # replacements wait until pages stop opening (see QUIET_REFILLS)
    cull_idle_seconds: int = CULL_IDLE_SECONDS
    denied_extensions: tuple[str, ...] = DENIED_EXTENSIONS
    text_first: bool = TEXT_FIRST  # text-first pages (see TEXT_FIRST)
    keep_widget_scripts: bool = KEEP_WIDGET_SCRIPTS  # the browser keeps hashed widget scripts (see above)
    stored_frames: bool = STORED_FRAMES  # module 02's figures looked up when current (see STORED_FRAMES)
    token: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    modules: Path = field(default_factory=lambda: course_root() / "modules")

    @property
    def allowed_hosts(self) -> frozenset[str]:
        """The names a request's Host header may give. Any other name is refused, so a web page on another site
        whose name was pointed at 127.0.0.1 (DNS rebinding) cannot read the course or the learner's progress."""
        return frozenset({"127.0.0.1", "localhost", self.ip.lower()})

    @property
    def url(self) -> str:
        """The address to open first: it carries the token, and the home page then drops it."""
        return f"http://{self.ip}:{self.port}/?token={self.token}"
