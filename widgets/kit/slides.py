"""Facilitator slides, one self-contained HTML deck per module (`make slides`): objectives, session plan
(timings from the facilitator guide), key ideas, group activity, discussion prompts and support.

No framework and nothing fetched: without JavaScript the deck is a scrolling page; with it, a small inline
script shows one slide at a time (arrow keys, space, Page Up/Down, Home/End, or the on-screen buttons)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..content.course import AUDIENCES, Module, Resources, Service
from . import guide
from ._html import esc, inline, page, write

CSS = """
html { font-size: clamp(14px, min(2vw, 3.5vh), 30px); background: #fff; }
.slide { min-height: 100vh; padding: 4vh 6vw 9vh; position: relative; display: flex; flex-direction: column;
  border-bottom: 4px solid var(--blue); }
.slide h1 { font-size: 2.1rem; line-height: 1.15; margin: 0 0 0.6em; }
.slide h2 { font-size: 1.6rem; margin: 0 0 0.5em; padding-left: 0.4em; border-left: 0.3em solid var(--blue); }
.slide li { margin: 0.2em 0; }
.slide p { margin: 0.3em 0; }
.kicker { font-size: 0.9rem; color: var(--muted); margin: 0 0 0.3em; }
.lead { font-size: 1.15rem; }
.note { border-left: 0.3em dotted var(--purple); padding-left: 0.6em; }
.safety { border: 3px solid var(--vermillion); border-left-width: 0.45em; padding: 0.3em 0.6em;
  font-weight: 700; }
table { border-collapse: collapse; font-size: 0.78rem; width: 100%; }
th, td { border: 1px solid #6b6b6b; padding: 0.25em 0.45em; text-align: left; vertical-align: top; }
thead th { background: #f2f2f2; }
td.n, th.n { text-align: right; white-space: nowrap; }
.kind-activity td:first-child { border-left: 0.35em solid var(--orange); }
.kind-teaching td:first-child { border-left: 0.35em solid var(--sky); }
.steps li::marker { font-weight: 700; }
.parts { list-style: none; padding: 0; margin: 0; display: flex; gap: 3vw; }
.parts > li { flex: 1; }
.parts ol { margin: 0.3em 0 0; }
.small { font-size: 0.8rem; }
ul.services { columns: 2; column-gap: 2em; }
ul.services li { break-inside: avoid; }
.slide-number { position: absolute; right: 6vw; bottom: 3vh; margin: 0; font-size: 0.8rem; color: var(--muted); }
.deck-controls { position: fixed; left: 6vw; bottom: 2.2vh; display: flex; gap: 0.5em; }
.deck-controls[hidden] { display: none; }
.deck-controls button { font: inherit; font-size: 0.75rem; padding: 0.2em 0.7em; border: 2px solid var(--ink);
  border-radius: 0.3em; background: #fff; color: var(--ink); cursor: pointer; }
.js .slide { height: 100vh; overflow: auto; border-bottom: 0; }
.js .slide[hidden] { display: none; }
@media print {
  @page { size: A4 landscape; margin: 10mm; }
  html { font-size: 15pt; }
  .slide, .js .slide, .js .slide[hidden] { display: flex; height: auto; min-height: 0; break-after: page;
    border-bottom: 0; padding: 0 0 12mm; }
  .deck-controls { display: none; }
}
"""

SCRIPT = """(function () {
  var slides = Array.prototype.slice.call(document.querySelectorAll('.slide'));
  if (!slides.length) { return; }
  document.documentElement.classList.add('js');
  var controls = document.querySelector('.deck-controls');
  var status = document.getElementById('deck-status');
  var current = 0;
  controls.hidden = false;
  function show(n, announce) {
    current = Math.max(0, Math.min(slides.length - 1, n));
    slides.forEach(function (s, i) { s.hidden = i !== current; });
    if (history.replaceState) { history.replaceState(null, '', '#slide-' + (current + 1)); }
    if (announce) { status.textContent = 'Slide ' + (current + 1) + ' of ' + slides.length; }
  }
  document.getElementById('deck-prev').addEventListener('click', function () { show(current - 1, true); });
  document.getElementById('deck-next').addEventListener('click', function () { show(current + 1, true); });
  document.addEventListener('keydown', function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var tag = (e.target && e.target.tagName) || '';
    if ((e.key === ' ' || e.key === 'Enter') && (tag === 'BUTTON' || tag === 'A')) { return; }
    var moves = { ArrowRight: 1, ArrowDown: 1, PageDown: 1, ' ': 1, ArrowLeft: -1, ArrowUp: -1, PageUp: -1 };
    if (e.key in moves) { show(current + (e.shiftKey && e.key === ' ' ? -1 : moves[e.key]), true); }
    else if (e.key === 'Home') { show(0, true); }
    else if (e.key === 'End') { show(slides.length - 1, true); }
    else { return; }
    e.preventDefault();
  });
  var match = /^#slide-(\\d+)$/.exec(location.hash);
  show(match ? parseInt(match[1], 10) - 1 : 0, false);
})();"""

PART = re.compile(r"^Part [A-Z]\b")
TIMING_ROWS_PER_SLIDE = 7
KEY_POINTS_PER_SLIDE = 4
OBJECTIVES_PER_SLIDE = 6
PROMPTS_PER_SLIDE = 3


@dataclass(frozen=True)
class Slide:
    heading: str  # already HTML
    body: str  # already HTML


def chunks(items: Sequence, size: int) -> list[Sequence]:
    """Split a list into slides of at most `size` items (at least one, even when empty)."""
    return [items[i:i + size] for i in range(0, len(items), size)] or [items]


def _part(title: str, n: int, total: int) -> str:
    return f"{title} ({n} of {total})" if total > 1 else title


def _list(items: Iterable[str], tag: str = "ul", cls: str = "") -> str:
    attrs = f' class="{cls}"' if cls else ""
    return f"<{tag}{attrs}>" + "".join(f"<li>{inline(i)}</li>" for i in items) + f"</{tag}>"


def _steps(steps: Sequence[str]) -> str:
    """Numbered steps; an activity in parts ("Part A: …") gets one numbered list per part."""
    if not steps or not PART.match(steps[0]):
        return _list(steps, "ol", "steps")
    parts: list[tuple[str, list[str]]] = []
    for step in steps:
        if PART.match(step):
            parts.append((step, []))
        else:
            parts[-1][1].append(step)
    return '<ul class="parts">' + "".join(
        f"<li><strong>{inline(title)}</strong>{_list(inner, 'ol', 'steps') if inner else ''}</li>"
        for title, inner in parts) + "</ul>"


def module_slides(module: Module, guide_text: str, resources: Resources) -> list[Slide]:
    """Every slide of one module's deck, in teaching order."""
    slides = [_title_slide(module)]
    goals = chunks(module.objectives, OBJECTIVES_PER_SLIDE)
    slides += [Slide(_part("By the end of this session, we will be able to", n, len(goals)),
                     _list((o.text for o in part), "ul")) for n, part in enumerate(goals, start=1)]
    rows = guide.timing(guide_text)
    parts = chunks(rows, TIMING_ROWS_PER_SLIDE)
    elapsed = 0
    for n, part in enumerate(parts, start=1):
        body = ['<table><thead><tr><th scope="col">Section</th><th scope="col">Minutes</th>'
                '<th scope="col">Kind</th><th scope="col" class="n">Minutes in</th></tr></thead><tbody>']
        for row in part:
            kind = esc(row.kind.lower())
            body.append(f'<tr class="kind-{kind}"><td>{inline(row.section)}</td><td class="n">{row.minutes}</td>'
                        f'<td>{kind}</td><td class="n">{elapsed}–{elapsed + row.minutes}</td></tr>')
            elapsed += row.minutes
        body.append("</tbody></table>")
        if n == len(parts):
            body.append(f'<p class="small"><strong>Total: {elapsed} minutes</strong> '
                        f"({module.teaching_minutes} teaching, {module.exercise_minutes} activities).</p>")
        slides.append(Slide(_part("Session plan", n, len(parts)), "".join(body)))
    points = chunks(module.key_points, KEY_POINTS_PER_SLIDE)
    for n, part in enumerate(points, start=1):
        slides.append(Slide(_part("Key ideas", n, len(points)), _list(part, cls="lead")))
    for activity in guide.group_activities(guide_text):
        purpose = f'<p class="lead">{inline(activity.purpose[:1].upper() + activity.purpose[1:])}</p>' \
            if activity.purpose else ""
        slides.append(Slide(f"Group activity: {inline(activity.title)}", purpose + _steps(activity.steps)))
    prompts = chunks(guide.discussion_prompts(guide_text), PROMPTS_PER_SLIDE)
    for n, part in enumerate(prompts, start=1):
        body = ('<p class="note">Every prompt is about ideas, not anyone\'s own life. "Pass" is always fine.</p>'
                + _list(part, "ol") if part else "<p>See the facilitator guide.</p>")
        slides.append(Slide(_part("Discussion", n, len(prompts)), body))
    slides.append(_take_care(resources))
    return slides


def _title_slide(module: Module) -> Slide:
    note = (f'<p class="note"><strong>Content note:</strong> {esc(module.content_note)}</p>'
            if module.content_note else "")
    body = (f'<p class="lead">About {module.minutes} minutes: {module.teaching_minutes} teaching, '
            f"{module.exercise_minutes} activities.</p>"
            "<p>This is education, not therapy. You can pause, step out or pass at any time.</p>" + note)
    return Slide(f"Module {esc(module.id)}: {esc(module.title)}", body)


def _number_and_who(service: Service) -> str:
    """ "0808 2000 247 (women, England)": a service's number, or its web address, and whom it is for."""
    who = [AUDIENCES[a] for a in service.audiences if a in ("women", "men")]
    who += [service.area] if service.area and service.area != "UK-wide" else []
    contact = service.phone or service.text or service.web or ""
    return f"{contact} ({', '.join(who)})" if who else contact


def _take_care(resources: Resources) -> Slide:
    emergency = "; ".join(f"{esc(r.name)}: {esc(r.emergency)}" for r in resources.regions)
    # One line per region, numbers with whom they serve: a projector has room for six lines, not every name.
    services = [f"<li><strong>{esc(region.name)}</strong>: "
                + "; ".join(esc(_number_and_who(s)) for s in region.services if s.for_everyone) + "</li>"
                for region in resources.regions]
    body = (f'<p class="safety">In danger now? Call your emergency number. {emergency}.</p>'
            "<p>It is OK to take a break or talk to someone you trust. Free, private support:</p>"
            f'<ul class="small services">{"".join(services)}</ul>'
            '<p class="small">More, including services for LGBTQ+ people, Deaf people and young people: module 00 '
            "and the handouts.</p>")
    return Slide("Take care", body)


def render(module: Module, guide_text: str, resources: Resources, course_title: str) -> str:
    """One module's deck as a self-contained HTML page."""
    slides = module_slides(module, guide_text, resources)
    sections = []
    for n, slide in enumerate(slides, start=1):
        tag = "h1" if n == 1 else "h2"
        kicker = f'<p class="kicker">{esc(course_title)}</p>' if n == 1 else ""
        sections.append(f'<section class="slide" id="slide-{n}" aria-labelledby="slide-{n}-title">{kicker}'
                        f'<{tag} id="slide-{n}-title">{slide.heading}</{tag}>{slide.body}'
                        f'<p class="slide-number">Module {esc(module.id)} · slide {n} of {len(slides)}</p>'
                        "</section>")
    controls = ('<nav class="deck-controls" aria-label="Slide controls" hidden>'
                '<button type="button" id="deck-prev">Previous</button>'
                '<button type="button" id="deck-next">Next</button>'
                '<span id="deck-status" class="visually-hidden" role="status" aria-live="polite"></span></nav>')
    body = "<main>\n" + "\n".join(sections) + "\n</main>\n" + controls
    return page(f"Slides: Module {module.id}, {module.title}", body, CSS, script=SCRIPT)


def build_decks(out: Path, modules: list[Module], course_title: str, resources: Resources, say=print) -> list[Path]:
    """Write each module's deck into `out`; report progress per module."""
    written = []
    for n, module in enumerate(modules, start=1):
        text = module.path("guide").read_text(encoding="utf-8")
        count = len(module_slides(module, text, resources))
        written.append(write(out / f"{module.name}.html", render(module, text, resources, course_title)))
        say(f"[{n}/{len(modules)}] module {module.id}: slides {written[-1].name} ({count} slides)")
    return written
