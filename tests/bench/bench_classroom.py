"""Benchmark for a class on the local JupyterHub: N learners (default 30, $CLASS_SIZE) log in at once in Chromium,
each goes straight to module 01 as an app page, answers a quiz item, and we time login to "quiz ready". It runs
the set-up before #18 (learners in JupyterLab with every server extension, plain Voilà, all servers starting
together), the current one (the course app, learners' servers loading only what they need, starts queued) and
the current one with every learner's server started before class (`make classroom WARM=1`), one after the other
in the same run, and reports for each: p50/p90 to interactive, errors, memory per learner,
and where the CPU-seconds went (learners' servers, their kernels, the hub and proxy, the browsers).

It reports; it does not assert. Run `python tests/bench/bench_classroom.py`, or call `run()` for the lines.
$CLASSROOM_SETUPS picks set-ups ("lab,app,warm,warm-protocol" by default; "-protocol" on a name: browsers elsewhere,
e.g. CLASSROOM_SETUPS=warm,warm-protocol).

In a class every learner has a device of their own; here all 30 browsers share the hub's cores and use much of
their CPU, so the report also gives what the serving side alone (servers, kernels, hub and proxy) cost, and the
least time a class of this size needs on this machine's cores with the browsers elsewhere. (One Chromium with a
browser context per learner, tried once in place of 30, used less CPU but let 4 of 30 in, not 15: its single
browser process became the bottleneck.)

Browsers elsewhere ("app-protocol", "warm-protocol"): the same set-up, but each learner is a protocol client in this
process (asyncio) that asks the hub exactly what the learner's Chromium asks of it: the login, the start page's
event stream, the module page (Voilà runs the notebook in a new kernel as the page streams), the page's static
files, then the kernel's websocket, where it asks for every widget's state as ipywidgets 8's manager does
("interactive": the states have arrived) and answers a quiz item. So only the serving side runs on these cores,
as in a class where every learner brings a device. Not measured: drawing the page on the learner's device (about
1 s on a quiet machine for a module page; tests/bench/bench_app.py). Which static files a page needs, only a
browser can say: Voilà's scripts load the labextensions' chunks and styles they need. So one Chromium learner
opens the page once on a hub of its own, before the runs, and every protocol learner replays that list.
"""

from __future__ import annotations

import asyncio
import contextlib
import html
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import quote, urlsplit
from uuid import uuid4

import httpx
import psutil
from jupyter_server.services.kernels.connection.base import deserialize_msg_from_ws_v1, serialize_msg_to_ws_v1
from websockets.asyncio.client import ClientConnection, connect

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from tests.bench._stats import percentile  # noqa: E402
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path  # noqa: E402
from widgets.classroom.hub import START_SLOTS, Classroom, free_port  # noqa: E402
from widgets.classroom.warm import start_servers  # noqa: E402
from widgets.content.course import load_course  # noqa: E402

CLASS_SIZE = int(os.environ.get("CLASS_SIZE", "30"))
SETUPS = os.environ.get("CLASSROOM_SETUPS", "lab,app,warm,warm-protocol").split(",")
SERVING = ("servers", "kernels", "hub and proxy")  # what a real class costs the machine that serves it
NAMES = {"lab": "before (JupyterLab, plain Voila, all start at once)",
         "app": f"now (course app, lean servers, {START_SLOTS} starts at a time)",
         "warm": "now, servers started before class (WARM=1)"}
PAGE_TIMEOUT_MS = 420_000
MODULE = "01"
FAILED = "div.error, #progress-bar.bg-danger"  # the hub's error page or a failed start
QUIZ_READY_OR_FAILED = f"""() => document.querySelector({FAILED!r}) || [...document.querySelectorAll("button")]
    .some(button => button.textContent.trim() === "Check answer" && button.offsetParent !== null)"""
PROTOCOL = "-protocol"  # a set-up name's suffix: its learners are protocol clients (browsers elsewhere)
ELSEWHERE = "browsers elsewhere: protocol clients, no page drawing"
NOT_DRAWN = ("not measured: drawing the page on the learner's device (about 1 s on a quiet machine for a module "
             "page; tests/bench/bench_app.py)")
CONNECTIONS = 6  # a browser's connections per host
KEEP_ALIVE = 4.0  # seconds an idle connection is kept: less than the proxy's (Node's 5 s), or reusing one may fail
KERNEL = "{kernel}"  # in a recorded path: the page's kernel id
WS_PROTOCOL = "v1.kernel.websocket.jupyter.org"  # what JupyterLab's services (in Voilà's page) ask for and get
STATES_TIMEOUT = 4.0  # ipywidgets 8's manager falls back to asking each model's state after this long
PAGE_CONFIG = re.compile(r'<script id="jupyter-config-data" type="application/json">(.*?)</script>', re.S)  # Voilà's
FEEDBACK = re.compile(r"Right\.|Not quite\.")  # what the Chromium learner waits for after "Check answer"


def kind(process: psutil.Process) -> str:
    """Which part of the class a process is, by its command line."""
    if process.pid == os.getpid():
        return "bench process"  # Playwright's client side, or the protocol learners
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


def first_line(error: BaseException) -> str:
    """What an error says, its first line (some say nothing)."""
    return (str(error).splitlines() or [""])[0][:160]


def failures(names: list[str], results: list) -> list[str]:
    """One line for each learner whose result (from asyncio.gather with return_exceptions) is an error."""
    return [f"{n}: {type(r).__name__}: {first_line(r)}" for n, r in zip(names, results, strict=True)
            if isinstance(r, BaseException)]


def login_path(name: str, notebook: str) -> str:
    """The hub's login page, sending the learner on to start their server and open the module."""
    module = quote(f"/user/{name}/voila/render/modules/{notebook}")
    return f"/hub/login?next={quote(f'/hub/spawn?next={module}')}"


async def learner(playwright, room: Classroom, name: str, notebook: str) -> float:
    """Log in, open the module's app page, answer the first quiz item; return seconds to interactive.

    Each learner has a browser of their own, as in a class: one browser's six connections per host would
    otherwise be held by the hub's start pages (an event stream each) and stall every other learner."""
    browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
    context = await browser.new_context()
    page = await context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)  # a busy hub answers the login slowly: that is measured, not an error
    try:
        await page.goto(room.url + login_path(name, notebook), timeout=PAGE_TIMEOUT_MS)
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
        raise RuntimeError(f"{type(exc).__name__} on {page.url}: {first_line(exc)[:100]}") from exc
    finally:
        await browser.close()


async def open_pages(room: Classroom, names: list[str], notebook: str,
                     watch: CpuWatch) -> tuple[list[float], list[str]]:
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:  # the browsers are this process's descendants
        results = await asyncio.gather(*(learner(playwright, room, n, notebook) for n in names),
                                       return_exceptions=True)
        watch.sample()
    return [r for r in results if isinstance(r, float)], failures(names, results)


# ---- browsers elsewhere: protocol learners ------------------------------------------------------------------


@dataclass(frozen=True)
class Fetch:
    """A request a learner's browser makes besides the pages themselves, as recorded in Chromium."""

    path: str  # from the hub's root ("/hub/static/...") or, for the learner's server, after "/user/<name>/"
    mode: str  # the Sec-Fetch-Mode it sent ("no-cors" for scripts and styles, "cors" for fonts and fetches)
    dest: str  # its Sec-Fetch-Dest
    xsrf: bool  # it sent the page's _xsrf cookie as X-XSRFToken (JupyterLab's services do; a plain fetch does not)
    status: int  # what it got after following redirects (0: no answer, e.g. too many redirects)


@dataclass
class Recording:
    hub: list[Fetch]  # the hub's login page's files
    start_page: list[Fetch]  # the hub's start page's files not in the browser's cache by then
    server: list[Fetch]  # the module page's files, from the learner's server (KERNEL in place of its kernel id)
    websocket: str  # the kernel websocket's URL, after "/user/<name>/", for the report


async def record_fetches(room: Classroom, name: str, notebook: str) -> Recording:
    """Open the module page once as the Chromium learner does, with an empty cache, and list what the browser
    fetched from the hub besides the pages (same origin, GET) until the quiz is ready and the network quiet."""
    from playwright.async_api import TimeoutError as PlaywrightTimeout
    from playwright.async_api import async_playwright

    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = await browser.new_page()
        page.set_default_timeout(PAGE_TIMEOUT_MS)
        finished, sockets = [], []
        page.on("requestfinished", lambda request: finished.append(request))
        page.on("websocket", lambda socket: sockets.append(socket.url))
        await page.goto(room.url + login_path(name, notebook))
        await page.get_by_label("Username").fill(name)
        await page.get_by_role("button", name="Sign in").click()
        await page.wait_for_function(QUIZ_READY_OR_FAILED, polling=250, timeout=PAGE_TIMEOUT_MS)
        if await page.locator(FAILED).count():  # a failed start or an error page: nothing worth replaying
            raise RuntimeError(f"recording: the hub showed an error on {page.url}")
        with contextlib.suppress(PlaywrightTimeout):
            await page.wait_for_load_state("networkidle", timeout=15_000)
        await asyncio.sleep(1)
        kernel = json.loads(await page.locator("#jupyter-config-data").text_content())["kernelId"]
        prefix = f"/user/{name}/"
        hub, start_page, server = [], [], []
        for request in finished:
            url = urlsplit(request.url)
            if request.method != "GET" or url.netloc != urlsplit(room.url).netloc or request.redirected_from or \
                    request.resource_type in ("document", "eventsource", "websocket"):
                continue  # a redirect's next hop: the protocol learner follows redirects itself
            end = request
            while end.redirected_to:
                end = end.redirected_to
            response = await end.response()
            headers = await request.all_headers()
            path = url.path + (f"?{url.query}" if url.query else "")
            fetch = Fetch(path.removeprefix(prefix).replace(kernel, KERNEL), headers.get("sec-fetch-mode", "no-cors"),
                          headers.get("sec-fetch-dest", "empty"), "x-xsrftoken" in headers,
                          response.status if response else 0)
            if path.startswith(prefix):
                server.append(fetch)
            elif all(fetch.path != cached.path for cached in hub + start_page):  # else: a reload's revalidation
                on_start_page = urlsplit(headers.get("referer", "")).path.startswith("/hub/spawn-pending/")
                (start_page if on_start_page else hub).append(fetch)
        await browser.close()
    websocket = next((urlsplit(url) for url in sockets if "/channels" in url), None)
    return Recording(hub, start_page, server,
                     f"{websocket.path.removeprefix(prefix)}?{websocket.query}" if websocket else "")


def record(setup: str, notebook: str) -> Recording:
    """Record the fetches on a hub of their own (one learner, this set-up), so no class run pays for them."""
    with tempfile.TemporaryDirectory(prefix="bench-record-") as tmp, \
            Classroom(Path(tmp), port=free_port(), users=("recorder",), setup=setup) as room:
        return asyncio.run(record_fetches(room, "recorder", notebook))


@dataclass
class Visit:
    """One protocol learner's visit, with what shows the serving side did the work."""

    interactive: float  # seconds from the login POST to the widget states
    states_seconds: float  # of which waiting for the states on the kernel's websocket
    cells: int  # cells in the page's HTML: the learner's own kernel ran the notebook
    widget_outputs: int  # widget views among the cells' outputs
    fetched: int  # static files replayed
    fetched_bytes: int
    unlike_browser: list[str]  # of them, those answered otherwise than the browser's (path: browser's, ours)
    models: int  # widget models whose states arrived
    feedback: str | None  # what the quiz item said after "Check answer": "Right." or "Not quite."


class KernelSocket:
    """A kernel's websocket as the page's JupyterLab services use it: protocol v1, binary frames (header, parent
    header, metadata, content: JSON each; jupyter_server's own helpers frame them)."""

    def __init__(self, socket: ClientConnection, session: str) -> None:
        self.socket = socket
        self.session = session  # the page's client id: in the websocket's URL and every message's header

    async def send(self, msg_type: str, content: dict, metadata: dict | None = None) -> str:
        header = {"msg_id": uuid4().hex, "msg_type": msg_type, "session": self.session, "username": "",
                  "date": datetime.now(UTC).isoformat(), "version": "5.3"}
        parts = [json.dumps(part).encode() for part in (header, {}, metadata or {}, content)]
        await self.socket.send(serialize_msg_to_ws_v1(parts, "shell"))
        return header["msg_id"]

    async def receive(self, wanted: Callable[[dict], bool], seconds: float) -> dict:
        """The next message for which `wanted(message)` is true, within `seconds`."""
        async with asyncio.timeout(seconds):
            while True:
                channel, parts = deserialize_msg_from_ws_v1(await self.socket.recv())
                header, parent, _, content = (json.loads(part) for part in parts[:4])
                message = {"channel": channel, "header": header, "parent_header": parent, "content": content}
                if wanted(message):
                    return message


def comm_data(message: dict) -> dict:
    return message["content"].get("data", {}) if message["header"]["msg_type"] == "comm_msg" else {}


def feedback(message: dict, states: dict[str, dict]) -> str | None:
    """ "Right." or "Not quite." if the message sets a quiz item's feedback (an HTML widget), else None."""
    model = states.get(message["content"].get("comm_id", ""), {})
    found = FEEDBACK.search(str(comm_data(message).get("state", {}).get("value", "")))
    return found[0] if found and model.get("model_name") == "HTMLModel" else None


def quiz_item(states: dict[str, dict]) -> tuple[str | None, str]:
    """The first quiz item's answer control (None unless it is a RadioButtons) and its "Check answer" button, by
    model id. An item is a VBox of prompt, control, an HBox of buttons, feedback (widgets/learner/views/quiz.py)."""
    def children(model_id: str) -> list[str]:
        return [child.removeprefix("IPY_MODEL_") for child in states[model_id]["state"].get("children", [])]

    check = next(model_id for model_id, model in states.items() if model["model_name"] == "ButtonModel"
                 and model["state"].get("description") == "Check answer")
    buttons = next(model_id for model_id in states if check in children(model_id))
    item = next(model_id for model_id in states if buttons in children(model_id))
    radios = [child for child in children(item) if states[child]["model_name"] == "RadioButtonsModel"]
    return (radios[0] if radios else None), check


async def read_progress(client: httpx.AsyncClient, source: str) -> bool:
    """Read the start page's event stream as its script does: True once the server is ready, False if the stream
    ended first; a failed start raises."""
    async with client.stream("GET", source, headers={"Accept": "text/event-stream", "Sec-Fetch-Mode": "cors",
                                                     "Sec-Fetch-Dest": "empty"}) as events:
        async for line in events.aiter_lines():
            if line.startswith("data:"):
                event = json.loads(line.removeprefix("data:"))
                if event.get("failed"):
                    raise RuntimeError(f"the start failed: {event.get('message', '')[:100]}")
                if event.get("ready"):
                    return True
    return False


async def wait_for_start(client: httpx.AsyncClient, pending: httpx.Response, files: list[Fetch]) -> httpx.Response:
    """On the hub's start page: fetch its `files`, wait as the browser does (the event stream until "ready";
    EventSource reconnects after about 3 s; our start page also reloads itself every 15 s), then load the page
    again: the hub sends a learner whose server is ready on to it."""
    await replay(client, "", files)
    source = html.unescape(re.search(r'new EventSource\("([^"]+)"\)', pending.text)[1])
    refresh = re.search(r'http-equiv="refresh" content="(\d+)"', pending.text)
    try:
        async with asyncio.timeout(int(refresh[1]) if refresh else None):
            while not await read_progress(client, source):
                await asyncio.sleep(3)
    except TimeoutError:
        pass
    return await client.get(pending.url)


async def replay(client: httpx.AsyncClient, prefix: str, fetches: list[Fetch],
                 kernel: str = "") -> list[tuple[int, int]]:
    """GET the recorded files, at most CONNECTIONS at a time (the client's pool), as a browser with an empty cache;
    (status, bytes) for each, status 0 after too many redirects (as the browser, 20)."""
    xsrf = next((cookie.value for cookie in client.cookies.jar if cookie.name == "_xsrf"
                 and prefix.startswith(cookie.path)), "")  # the cookie the page's scripts can read

    async def get_once(fetch: Fetch) -> tuple[int, int]:
        headers = {"Sec-Fetch-Mode": fetch.mode, "Sec-Fetch-Dest": fetch.dest}
        if fetch.xsrf:
            headers["X-XSRFToken"] = xsrf
        try:
            response = await client.get(prefix + fetch.path.replace(KERNEL, kernel), headers=headers)
        except httpx.TooManyRedirects:
            return 0, 0
        return response.status_code, response.num_bytes_downloaded

    async def get(fetch: Fetch) -> tuple[int, int]:
        try:
            return await get_once(fetch)
        except (httpx.RemoteProtocolError, httpx.ReadError):  # a kept-alive connection closed or reset as we sent:
            return await get_once(fetch)  # a browser sends a GET again, once

    return await asyncio.gather(*(get(fetch) for fetch in fetches))


async def protocol_learner(room: Classroom, name: str, notebook: str, recording: Recording) -> Visit:
    """A learner whose browser is elsewhere: log in, wait for the server, load the module page and its files, then
    on the kernel's websocket get the widget states ("interactive") and check an answer, as the browser would."""
    step = "login page"
    limits = httpx.Limits(max_connections=CONNECTIONS, keepalive_expiry=KEEP_ALIVE)
    async with httpx.AsyncClient(base_url=room.url, follow_redirects=True, trust_env=False,
                                 timeout=PAGE_TIMEOUT_MS / 1000, limits=limits,
                                 headers={"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin",
                                          "Sec-Fetch-Dest": "document"}) as client:
        try:
            login = (await client.get(login_path(name, notebook))).raise_for_status()
            form = re.search(r'<form action="([^"]+)"', login.text)[1]
            xsrf = re.search(r'name="_xsrf" value="([^"]+)"', login.text)[1]
            await replay(client, "", recording.hub)
            step = "login and its redirects to the module page"  # a warm server's page comes back from the POST
            started = time.monotonic()
            # As long as the Chromium learner waits: a page whose kernel never answers streams Voilà's heartbeats
            # forever, so no read times out.
            async with asyncio.timeout(PAGE_TIMEOUT_MS / 1000):
                page = await client.post(html.unescape(form), data={"_xsrf": xsrf, "username": name, "password": ""})
                step = "start page"
                files = recording.start_page  # the first time only: the browser has them in its cache then
                while page.url.path.startswith(f"/hub/spawn-pending/{name}") and page.status_code == 200:
                    page, files = await wait_for_start(client, page, files), []
                step = "module page"
                page.raise_for_status()
                if not page.url.path.endswith(notebook):
                    raise RuntimeError(f"landed on {page.url.path}")
                kernel = json.loads(PAGE_CONFIG.search(page.text)[1])["kernelId"]
                step = "static files"
                files = await replay(client, f"/user/{name}/", recording.server, kernel)
                step = "kernel websocket"
                session = str(uuid4())
                url = f"/user/{name}/api/kernels/{kernel}/channels?session_id={session}"
                cookies = client.build_request("GET", url).headers.get("cookie", "")
                async with connect(room.url.replace("http", "ws", 1) + url, origin=room.url, subprotocols=[WS_PROTOCOL],
                                   additional_headers={"Cookie": cookies, "Sec-Fetch-Mode": "websocket",
                                                       "Sec-Fetch-Site": "same-origin", "Sec-Fetch-Dest": "websocket"},
                                   proxy=None, compression=None, max_size=None, ping_interval=None,
                                   open_timeout=PAGE_TIMEOUT_MS / 1000) as websocket:
                    kernel_socket = KernelSocket(websocket, session)
                    asked = await kernel_socket.send("kernel_info_request", {})
                    await kernel_socket.receive(lambda m: m["parent_header"].get("msg_id") == asked, 120)
                    step = "widget states"
                    asked_at = time.monotonic()
                    control = uuid4().hex
                    await kernel_socket.send("comm_open", {"comm_id": control, "target_name": "jupyter.widget.control",
                                                           "data": {}}, {"version": "1.0.0"})
                    await kernel_socket.send("comm_msg", {"comm_id": control, "data": {"method": "request_states"}})
                    states = comm_data(await kernel_socket.receive(
                        lambda m: comm_data(m).get("method") == "update_states", 120))["states"]
                    interactive = time.monotonic() - started
                    states_seconds = time.monotonic() - asked_at
                    await kernel_socket.send("comm_close", {"comm_id": control, "data": {}})
                    step = "answer"
                    radio, check = quiz_item(states)
                    if radio:  # the Chromium learner checks the first option
                        await kernel_socket.send("comm_msg", {"comm_id": radio, "data": {
                            "method": "update", "state": {"index": 0}, "buffer_paths": []}})
                    await kernel_socket.send("comm_msg", {"comm_id": check, "data": {
                        "method": "custom", "content": {"event": "click"}}})
                    reply = await kernel_socket.receive(lambda m: feedback(m, states) is not None, 120)
        except Exception as exc:
            raise RuntimeError(f"{type(exc).__name__} at {step}: {first_line(exc)[:100]}") from exc
    unlike = [f"{fetch.path[:40]}: {fetch.status}, {status}"
              for fetch, (status, _) in zip(recording.server, files, strict=True) if status != fetch.status]
    return Visit(interactive, states_seconds, page.text.count("cell-index="),
                 page.text.count("application/vnd.jupyter.widget-view+json"), len(files),
                 sum(size for _, size in files), unlike, len(states), feedback(reply, states))


async def open_protocol(room: Classroom, names: list[str], notebook: str,
                        recording: Recording) -> tuple[list[float], list[str], list[Visit]]:
    results = await asyncio.gather(*(protocol_learner(room, n, notebook, recording) for n in names),
                                   return_exceptions=True)
    visits = [r for r in results if isinstance(r, Visit)]
    return [visit.interactive for visit in visits], failures(names, results), visits


def checks(visits: list[Visit], recording: Recording) -> list[str]:
    """What shows the protocol learners had the serving side do a learner's work."""
    if not visits:
        return []
    n, median = len(visits), statistics.median
    unlike = sorted({u for v in visits for u in v.unlike_browser})
    lines = [f"  each page: median {median(v.cells for v in visits):.0f} cells with "
             f"{median(v.widget_outputs for v in visits):.0f} widget outputs (the learner's kernel ran the notebook); "
             f"widget states: median {median(v.models for v in visits):.0f} models, in "
             f"{median(v.states_seconds for v in visits):.1f} s (max {max(v.states_seconds for v in visits):.1f})",
             f"  replayed per learner: {len(recording.hub)} files of the hub's login page (and "
             f"{len(recording.start_page)} of its start page if shown), then "
             f"{median(v.fetched for v in visits):.0f} of the module page "
             f"({median(v.fetched_bytes for v in visits) / 2**20:.1f} MB), recorded once in Chromium; answered as "
             f"the browser's were: {n * len(recording.server) - sum(len(v.unlike_browser) for v in visits)} of "
             f"{n * len(recording.server)}" + "".join(f"; not {u}" for u in unlike[:3]),
             f"  quiz answered: {n} learners' checks came back ({sum(v.feedback == 'Right.' for v in visits)} "
             f"\"Right\", {sum(v.feedback == 'Not quite.' for v in visits)} \"Not quite\")"]
    slow = sum(v.states_seconds > STATES_TIMEOUT for v in visits)
    if slow:
        lines.append(f"  {slow} of {n} waited over {STATES_TIMEOUT:.0f} s for the states: a browser would then have "
                     "asked each model's state on its own (ipywidgets' fallback, not done here)")
    return lines


@dataclass
class ClassRun:
    setup: str
    times: list[float]
    errors: list[str]
    memory_mib: list[float]
    cpu: dict[str, float]
    wall: float
    warm_seconds: float | None = None  # servers started before the class logged in (not in `times`)
    checks: list[str] = field(default_factory=list)  # protocol learners: what shows the server did the work


def split_setup(setup: str) -> tuple[str, bool]:
    """("warm", True) for "warm-protocol": the set-up, and whether its learners are protocol clients."""
    return setup.removesuffix(PROTOCOL), setup.endswith(PROTOCOL)


def hub_setup(setup: str) -> str:
    """The Classroom set-up: warm is the course app with servers started before class."""
    base, _ = split_setup(setup)
    return "app" if base == "warm" else base


def class_run(setup: str, names: list[str], notebook: str, recording: Recording | None = None) -> ClassRun:
    """One class: `recording` (the browser's fetches) for protocol learners, None for Chromium learners."""
    with tempfile.TemporaryDirectory(prefix="bench-class-") as tmp, \
            Classroom(Path(tmp), port=free_port(), users=tuple(names), setup=hub_setup(setup)) as room:
        watch = CpuWatch([room.process.pid, os.getpid()])  # this process: Playwright, or the protocol learners
        warm_seconds = None
        visits: list[Visit] = []
        if setup.startswith("warm"):  # before class: what `make classroom WARM=1` does; its CPU is left out below
            began = time.monotonic()
            start_servers(room, names, say=lambda line: None)
            warm_seconds = time.monotonic() - began
        watch.sample()  # what every process used so far (this one's earlier set-ups too) is left out below
        before_class = watch.totals()
        sampler = threading.Thread(target=watch.run, daemon=True)
        sampler.start()
        began = time.monotonic()
        if recording:
            times, errors, visits = asyncio.run(open_protocol(room, names, notebook, recording))
        else:
            times, errors = asyncio.run(open_pages(room, names, notebook, watch))
        wall = time.monotonic() - began
        watch.stop.set()
        sampler.join()
        watch.sample()
        servers = room.api("GET", "/users")
        pids = [u["servers"][""]["state"]["pid"] for u in servers if u["servers"].get("", {}).get("ready")]
        memory = [rss_kib(pid) / 1024 for pid in pids]
    used = {name: seconds - before_class.get(name, 0.0) for name, seconds in watch.totals().items()}
    return ClassRun(setup, times, errors, memory, used, wall, warm_seconds,
                    checks(visits, recording) if recording else [])


def describe(result: ClassRun, size: int) -> list[str]:
    base, protocol = split_setup(result.setup)
    lines = [f"{NAMES.get(base, base)}{f', {ELSEWHERE}' if protocol else ''}:"]
    if result.warm_seconds is not None:
        lines.append(f"  before class: {size} servers started in {result.warm_seconds:.0f} s "
                     "(not counted below: nobody waits for it)")
    if result.times:
        goal = "the widget states (interactive)" if protocol else "a quiz ready"
        lines.append(f"  login to {goal}: p50 {percentile(result.times, 50):.0f} s, "
                     f"p90 {percentile(result.times, 90):.0f} s; {len(result.times)} of {size} in; "
                     f"all done in {result.wall:.0f} s")
    lines += result.checks
    if protocol:
        lines.append(f"  {NOT_DRAWN}")
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
    results, recordings = {}, {}
    for setup in SETUPS:
        recording, served = None, hub_setup(setup)
        if split_setup(setup)[1]:
            if served not in recordings:
                recordings[served] = fetched = record(served, notebook)
                lines.append(f"recorded once in Chromium ({served} set-up) for the protocol learners: "
                             f"{len(fetched.hub)} files of the hub's login page, {len(fetched.start_page)} of its "
                             f"start page, {len(fetched.server)} of the module page; kernel websocket "
                             f"{fetched.websocket or '(none seen)'}")
            recording = recordings[served]
        results[setup] = class_run(setup, names, notebook, recording)
        lines += describe(results[setup], CLASS_SIZE)
    for setup in ("app", "warm"):
        if {"lab", setup} <= results.keys() and results["lab"].times and results[setup].times:
            old, new = results["lab"], results[setup]
            lines.append(f"{setup} / before: p90 {percentile(new.times, 90) / percentile(old.times, 90):.2f}, "
                         f"CPU-seconds {sum(new.cpu.values()) / max(sum(old.cpu.values()), 1e-9):.2f}, "
                         f"errors {len(new.errors)} vs {len(old.errors)}")
    for setup, result in results.items():
        base, protocol = split_setup(setup)
        if protocol and base in results and result.times and results[base].times:
            here = results[base]
            lines.append(f"{setup} / {base}: serving side CPU-s per learner "
                         f"{sum(result.cpu.get(n, 0.0) for n in SERVING) / CLASS_SIZE:.1f} vs "
                         f"{sum(here.cpu.get(n, 0.0) for n in SERVING) / CLASS_SIZE:.1f}, p90 "
                         f"{percentile(result.times, 90):.0f} s vs {percentile(here.times, 90):.0f} s, "
                         f"errors {len(result.errors)} vs {len(here.errors)}")
    return lines


if __name__ == "__main__":
    print("\n".join(run()))
