"""Where a learner-app page's time goes, measured in Chromium with the Performance API and Chromium's own
tracing, for `bench_app.py`.

One load gives these marks, in ms from navigation start, each from the page itself:

- server response: the first byte of the page's HTML (`responseStart`) and its last (`responseEnd`);
- scripts: the page's own scripts loaded, parsed and run, up to the moment the page opens its kernel's
  WebSocket (the script count and size come from Resource Timing; in traced loads, Chromium's trace events
  give the main thread's time compiling and running scripts, parsing HTML, styling, laying out, painting);
- kernel round trip: the WebSocket opened, then the first message back from the kernel; then the largest
  message, which is the widget states (ipywidgets 8 sends every model's state in one reply);
- widgets: from the states to the last widget view on screen, with the number of views in the page;
- first render: the first contentful paint (the course bar), the module's text on screen (the first largest
  contentful paint inside the page's cells: as the HTML arrives for a text-first page, after Voilà's scripts
  for the classic page), the largest contentful paint, and the page interactive (every widget shown).
"""

from __future__ import annotations

import json
import statistics
from dataclasses import dataclass, field

# Added to every page before its own scripts: wraps WebSocket to time the kernel connection and its messages.
SOCKET_PROBE = """
(() => {
  const marks = window.__tbcMarks = {created: null, open: null, firstSent: null, firstReceived: null,
                                     largest: 0, largestAt: null, received: 0};
  const Native = window.WebSocket;
  class Timed extends Native {
    constructor(...args) {
      super(...args);
      if (marks.created === null) marks.created = performance.now();
      this.addEventListener('open', () => { if (marks.open === null) marks.open = performance.now(); });
      this.addEventListener('message', (event) => {
        const now = performance.now();
        const data = event.data;
        const size = typeof data === 'string' ? data.length : (data.byteLength || data.size || 0);
        marks.received += 1;
        if (marks.firstReceived === null) marks.firstReceived = now;
        if (size > marks.largest) { marks.largest = size; marks.largestAt = now; }
      });
    }
    send(data) {
      if (marks.firstSent === null) marks.firstSent = performance.now();
      return super.send(data);
    }
  }
  window.WebSocket = Timed;
})();
"""

READ_MARKS = """async () => {
  const painted = await new Promise((resolve) => {
    new PerformanceObserver((list) => resolve(list.getEntries()))
      .observe({type: 'largest-contentful-paint', buffered: true});
    setTimeout(() => resolve([]), 1000);
  });
  const lcp = painted.length ? painted[painted.length - 1].startTime : null;
  // The module's text on screen: the first largest paint that is in the page's cells (not the course bar).
  const inCells = painted.find(e => e.element && e.element.closest('.tbc-cells'));
  const nav = performance.getEntriesByType('navigation')[0];
  const paint = performance.getEntriesByType('paint').find(p => p.name === 'first-contentful-paint');
  const scripts = performance.getEntriesByType('resource')
    .filter(r => r.initiatorType === 'script' || r.name.endsWith('.js'));
  const cells = document.querySelector('.tbc-cells') || document;
  return {
    ttfb: nav.responseStart, html_end: nav.responseEnd, html_kib: nav.decodedBodySize / 1024,
    dom_ready: nav.domContentLoadedEventEnd,
    scripts: scripts.length, script_kib: scripts.reduce((s, r) => s + r.decodedBodySize, 0) / 1024,
    fcp: paint ? paint.startTime : null, lcp, text: inCells ? inCells.startTime : null,
    ws_created: window.__tbcMarks.created, ws_open: window.__tbcMarks.open,
    first_reply: window.__tbcMarks.firstReceived, states_at: window.__tbcMarks.largestAt,
    states_kib: window.__tbcMarks.largest / 1024, messages: window.__tbcMarks.received,
    ready: window.__tbcReadyAt,
    views: cells.querySelectorAll('.jupyter-widgets').length,
  };
}"""

# Chromium's trace events on the page's main thread, by what the work was (outermost event of each kind).
TRACE_CATEGORIES = ["devtools.timeline", "v8", "blink", "toplevel"]
WORK = {
    "script": ("EvaluateScript", "v8.compile", "v8.compileModule", "FunctionCall", "v8.run", "RunMicrotasks",
               "TimerFire", "EventDispatch", "FireAnimationFrame", "v8.produceCache"),
    "HTML parse": ("ParseHTML",),
    "style": ("UpdateLayoutTree", "ParseAuthorStyleSheet", "RecalculateStyles", "CSSParserImpl::parseStyleSheet"),
    "layout": ("Layout",),
    "paint": ("Paint", "PrePaint", "Layerize", "UpdateLayer", "CompositeLayers"),
}
KIND = {name: kind for kind, names in WORK.items() for name in names}


def main_thread_work(trace: bytes) -> dict[str, float]:
    """Milliseconds of main-thread work in a Chromium trace, by kind, plus "busy": every task's time."""
    events = json.loads(trace)["traceEvents"]
    mains = {(e["pid"], e["tid"]) for e in events
             if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    spans = sorted(((e["ts"], e["ts"] + e.get("dur", 0), e["name"]) for e in events
                    if e.get("ph") == "X" and (e["pid"], e["tid"]) in mains), key=lambda s: (s[0], -s[1]))
    totals = dict.fromkeys([*WORK, "busy"], 0.0)
    open_until = dict.fromkeys([*WORK, "busy"], -1.0)  # end of the outermost event of each kind now open
    for start, end, name in spans:
        for kind in (KIND.get(name), "busy" if name in ("RunTask", "ThreadControllerImpl::RunTask") else None):
            if kind and start >= open_until[kind]:
                totals[kind] += (end - start) / 1e3
                open_until[kind] = end
    return totals


@dataclass
class Load:
    """The marks of one page load, in ms from navigation start (sizes in KiB, counts as numbers)."""

    marks: dict[str, float]
    main_thread: dict[str, float] = field(default_factory=dict)  # ms of main-thread work, when traced

    def phases(self) -> dict[str, float]:
        """The load cut into consecutive phases that add up to the time to interactive."""
        m = self.marks
        return {
            "server response (first byte)": m["ttfb"],
            "HTML transfer": m["html_end"] - m["ttfb"],
            "scripts load, parse, run": m["ws_created"] - m["html_end"],
            "kernel connect": m["ws_open"] - m["ws_created"],
            "kernel round trip (first reply)": m["first_reply"] - m["ws_open"],
            "widget states received": m["states_at"] - m["first_reply"],
            "widget models + views created, shown": m["ready"] - m["states_at"],
        }


def measure(page, url: str, wait_until_interactive, browser=None) -> Load:
    """Open `url` in `page` (which has SOCKET_PROBE and the widget counter as init scripts) and time it; with
    `browser`, record a Chromium trace of the load too (tracing slows the page: use those loads for the work
    shares, not for the times)."""
    if browser is not None:
        browser.start_tracing(page=page, categories=TRACE_CATEGORIES)
    page.goto(url, wait_until="commit")  # a plain Voilà page streams while its notebook runs: wait for widgets
    wait_until_interactive(page)
    marks = page.evaluate(READ_MARKS)
    work = main_thread_work(browser.stop_tracing()) if browser is not None else {}
    return Load(marks, work)


def summary(loads: list[Load], traced: list[Load]) -> list[str]:
    """Medians over the loads of each phase and of the page facts, and over the traced loads of the main
    thread's work, as printable lines."""
    phases = {name: statistics.median(load.phases()[name] for load in loads) for name in loads[0].phases()}
    med = {key: statistics.median(load.marks[key] or 0 for load in loads) for key in
           ("ready", "fcp", "text", "lcp", "html_kib", "scripts", "script_kib", "views", "states_kib", "messages")}
    lines = [" | ".join(f"{name} {value:.0f}" for name, value in phases.items()) + " (ms)",
             f"first contentful paint {med['fcp']:.0f} ms, module text on screen {med['text']:.0f} ms, largest "
             f"contentful paint {med['lcp']:.0f} ms, interactive {med['ready']:.0f} ms",
             f"page: HTML {med['html_kib']:.0f} KiB, {med['scripts']:.0f} scripts ({med['script_kib']:.0f} KiB), "
             f"{med['views']:.0f} widget views, widget states {med['states_kib']:.0f} KiB in "
             f"{med['messages']:.0f} kernel messages"]
    if traced:
        work = {kind: statistics.median(load.main_thread[kind] for load in traced) for kind in traced[0].main_thread}
        lines.append(f"main thread (Chromium trace, {len(traced)} loads): " +
                     ", ".join(f"{kind} {value:.0f}" for kind, value in work.items()) + " ms")
    return lines
