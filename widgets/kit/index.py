"""The facilitator index (build/facilitator/index.html): every module's guide, handout (HTML and PDF) and
slides, the total time, and a one-day and a two-day workshop plan. Also renders each guide as HTML."""

from __future__ import annotations

import re
from pathlib import Path

from ..content.course import Course, Module
from ._html import esc, minutes_text, page, write
from .workshop import BLOCK_LIMIT, LUNCH, SHORT_BREAK, Plan, clock, one_day, two_day

CSS = """
body { max-width: 62rem; margin: 0 auto; padding: 1.5rem 1.2rem 3rem; font-size: 1.05rem; }
h1 { font-size: 1.9rem; margin: 0.2em 0 0.3em; }
h2 { margin-top: 1.6em; padding-left: 0.4em; border-left: 0.3em solid var(--blue); }
table { border-collapse: collapse; width: 100%; margin: 0.6em 0 1em; }
th, td { border: 1px solid #6b6b6b; padding: 0.35em 0.55em; text-align: left; vertical-align: top; }
thead th, tfoot th, tfoot td { background: #f2f2f2; }
td.n, th.n { text-align: right; white-space: nowrap; }
tr.break td { font-style: italic; }
tr.break td:first-child { border-left: 0.35em dotted var(--orange); }
.missing { color: var(--muted); font-style: italic; }
.note { border-left: 0.3em dotted var(--purple); padding: 0.2em 0.7em; }
.kicker { color: var(--muted); margin: 0; }
.totals { font-size: 1.1rem; }
@media print { body { max-width: none; padding: 0; } a { color: inherit; } }
"""

GUIDE_CSS = CSS + """
blockquote { border-left: 0.3em solid var(--sky); margin: 0.5em 0; padding: 0.1em 0.8em; }
code { font-size: 0.95em; }
"""


def build_index(out: Path, course: Course, say=print) -> list[Path]:
    """Write each guide as HTML and the index into out/facilitator/; return the files written."""
    folder = out / "facilitator"
    written = [write(folder / f"{m.name}.html", render_guide(m, course.title)) for m in course.modules]
    say(f"guides: {len(written)} facilitator guides as HTML in {folder.name}/")
    written.append(write(folder / "index.html", render_index(course, out)))
    say(f"index: {written[-1].name}")
    return written


def render_guide(module: Module, course_title: str) -> str:
    """A facilitator guide (Markdown) as a printable page."""
    import mistune

    text = module.path("guide").read_text(encoding="utf-8")
    text = re.sub(r"^<!-- /?answer-key -->\n", "", text, flags=re.MULTILINE)
    body = mistune.create_markdown(escape=True, plugins=["table"])(text)
    nav = '<p class="kicker"><a href="index.html">Facilitator kit</a> · ' + esc(course_title) + "</p>"
    return page(f"Facilitator guide: Module {module.id}, {module.title}", f"{nav}\n<main>\n{body}</main>",
                GUIDE_CSS)


def _link(out: Path, relative: str, label: str, make: str) -> str:
    """A link to a kit file (relative to facilitator/), or a note that it is not built yet."""
    if (out / "facilitator" / relative).resolve().exists():
        return f'<a href="{esc(relative)}">{esc(label)}</a>'
    return f'<span class="missing">{esc(label)}: not built yet (<code>{esc(make)}</code>)</span>'


def render_index(course: Course, out: Path) -> str:
    rows = []
    for m in course.modules:
        handout = (_link(out, f"../handouts/{m.name}.html", "HTML", "make handouts") + " · "
                   + _link(out, f"../handouts/{m.name}.pdf", "PDF", "make handouts"))
        rows.append(f"<tr><td>{esc(m.id)}</td><th scope=\"row\">{esc(m.title)}</th>"
                    f'<td class="n">{m.minutes} min</td><td class="n">{m.teaching_minutes} + {m.exercise_minutes}</td>'
                    f'<td><a href="{esc(m.name)}.html">Guide</a></td><td>{handout}</td>'
                    f"<td>{_link(out, f'../slides/{m.name}.html', 'Slides', 'make slides')}</td></tr>")
    total = sum(m.minutes for m in course.modules)
    teaching = sum(m.teaching_minutes for m in course.modules)
    exercises = sum(m.exercise_minutes for m in course.modules)
    plans = [one_day(course), two_day(course)]
    body = f"""<header><p class="kicker">{esc(course.title)}</p><h1>Facilitator kit</h1>
<p>Everything you need to run this course as a workshop, made from the course files. Open a module's guide first:
it has the timing, discussion prompts, group activity, answer key and trauma-informed facilitation notes.</p>
</header>
<main>
<p class="note"><strong>Handouts carry support numbers.</strong> Offer them; do not hand one to everyone by
default. Some people are not safe taking paper home. When you project the course, use a demo data folder
(<code>COURSE_DATA_DIR=/tmp/course-demo</code>) so no one's notes appear on screen.</p>
<h2 id="modules">Modules</h2>
<table aria-describedby="modules">
<thead><tr><th scope="col">#</th><th scope="col">Module</th><th scope="col" class="n">Time</th>
<th scope="col" class="n">Teaching + activities</th><th scope="col">Guide</th><th scope="col">Handout</th>
<th scope="col">Slides</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody>
<tfoot><tr><td></td><th scope="row">All modules</th><td class="n" id="total-minutes">{total} min</td>
<td class="n">{teaching} + {exercises}</td><td colspan="3">{esc(minutes_text(total))} of teaching and
activities, not counting breaks</td></tr></tfoot>
</table>
<h2 id="plans">Workshop plans</h2>
<p class="totals">One day: <strong id="one-day-total">{esc(minutes_text(plans[0].total))}</strong>
({plans[0].module_minutes} min of modules + {plans[0].break_minutes} min of breaks).
Two days: <strong id="two-day-total">{esc(minutes_text(plans[1].total))}</strong>
({plans[1].module_minutes} min of modules + {plans[1].break_minutes} min of breaks), as two half days of
{" and ".join(esc(minutes_text(d.total)) for d in plans[1].days)}.</p>
<p>How these plans are made: the module times come from <code>course/course.yml</code> (each guide's timing table
adds up to them). Modules stay in teaching order and are grouped into blocks of at most {BLOCK_LIMIT} minutes, so
no one sits through more than about two hours without a pause. A {SHORT_BREAK}-minute break follows each block; on
the one-day plan, the break nearest the middle of the day is a {LUNCH}-minute lunch. The two-day plan splits the
modules where the two days come closest in length, and runs each as a half day.</p>
<p>We suggest two days where you can. This is a heavy topic: a day between sessions gives people time to rest and
to reach out for support. On one day, keep the breaks, keep the quiet space open, and do not cut the content notes
or the closing "Take care". Start times are examples; move them to suit your group.</p>
{"".join(_plan_table(p) for p in plans)}
</main>"""
    return page(f"Facilitator kit: {course.title}", body, CSS)


def _plan_table(plan: Plan) -> str:
    parts = [f"<h3>{esc(plan.name)}</h3>"]
    for day in plan.days:
        caption = (f"Day {day.number}: {clock(day.start)} to {clock(day.end)}, {esc(minutes_text(day.total))} "
                   f"({day.module_minutes} min of modules, {day.break_minutes} min of breaks)")
        rows = "".join(
            f'<tr class="{"module" if s.kind == "module" else "break"}"><td class="n">{clock(s.start)}–'
            f'{clock(s.end)}</td><td>{esc(s.label)}</td><td class="n">{s.minutes} min</td></tr>' for s in day.slots)
        parts.append(f'<table><caption>{caption}</caption><thead><tr><th scope="col" class="n">Time</th>'
                     f'<th scope="col">What</th><th scope="col" class="n">Length</th></tr></thead>'
                     f"<tbody>{rows}</tbody></table>")
    return "\n".join(parts)
