"""The closing "my next steps" summary: everything a learner saved, gathered into one private page.

`collect` reads the learner's store once (it never writes); `summary_html` and `summary_markdown` turn what it
found into text. The HTML page stands alone: every string is escaped, the CSS is inline, and a content
security policy forbids loading anything at all, so opening the page makes no request. The Markdown is the
module 00 export (`learner_data.export_markdown`, learner text in block quotes) under a "next steps" heading.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

from ...content.course import Course
from ..store import Store, now
from .learner_data import _fields, _filled, _plain, _quote, export_markdown

PLAN_ID = "07-self-care-plan"
FIRST_STEP = "My first small step"
PRIVATE_NOTE = ("This summary is private. It was made only from what you saved in the course, and nothing was "
                "sent anywhere. Think before you print or share it, and keep it somewhere safe. You can delete it at "
                "any time.")
EMPTY_NOTE = ("You have not saved anything yet, and that is fine. Notes, worksheets and quiz answers are all "
              "optional. If you save some as you go, you can make this summary again.")


@dataclass(frozen=True)
class Reflection:
    prompt: str
    module: str
    updated: str
    text: str


@dataclass(frozen=True)
class Sheet:
    id: str
    title: str
    updated: str
    fields: tuple[tuple[str, tuple[str, ...]], ...]  # filled fields only, in the order the worksheet asks them


@dataclass(frozen=True)
class Progress:
    module_id: str
    title: str
    correct: int
    total: int | None  # None when the module's quiz is not known


@dataclass(frozen=True)
class Summary:
    course_title: str
    made: str
    folder: str
    reflections: tuple[Reflection, ...]
    sheets: tuple[Sheet, ...]
    progress: tuple[Progress, ...]

    @property
    def empty(self) -> bool:
        return not (self.reflections or self.sheets or self.progress)

    @property
    def plan(self) -> Sheet | None:
        return next((s for s in self.sheets if s.id == PLAN_ID), None)


def collect(store: Store, course: Course, totals: dict[str, int] | None = None) -> Summary:
    """What the learner saved (reflections, worksheets, quiz progress); `totals` gives each quiz's length."""
    titles = {m.id: m.title for m in course.modules}
    notes = store.read("notes").get("notes", {})
    reflections = []
    for note_id, note in sorted(notes.items() if isinstance(notes, dict) else []):
        if isinstance(note, dict) and isinstance(note.get("text"), str) and note["text"].strip():
            reflections.append(Reflection(str(note.get("prompt") or note_id), titles.get(note_id.split("-")[0], ""),
                                          str(note.get("updated", "")), note["text"]))
    sheets_data = store.read("worksheets").get("worksheets", {})
    sheets = []
    for sheet_id, sheet in sorted(sheets_data.items() if isinstance(sheets_data, dict) else []):
        fields = tuple((label, tuple(_texts(value))) for label, value in _fields(sheet).items() if _filled(value))
        if fields:
            sheets.append(Sheet(sheet_id, str(sheet.get("title") or sheet_id), str(sheet.get("updated", "")),
                                fields))
    sheets.sort(key=lambda s: (s.id != PLAN_ID, s.id))  # the self-care plan first: it holds the next steps
    quiz = store.read("progress").get("quiz", {})
    progress = []
    for module_id, items in sorted(quiz.items() if isinstance(quiz, dict) else []):
        if isinstance(items, dict):
            correct = sum(1 for r in items.values() if isinstance(r, dict) and r.get("correct"))
            progress.append(Progress(module_id, titles.get(module_id, "unknown"), correct,
                                     (totals or {}).get(module_id)))
    return Summary(course.title, now(), store.label(), tuple(reflections), tuple(sheets),
                   tuple(progress))


def _texts(value: object) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [v for v in items if isinstance(v, str) and v.strip()]


def _day(stamp: str) -> str:
    """A saved time as a date (2025-06-01), or the text as it is when it is not a timestamp."""
    return stamp[:10] if re.match(r"\d{4}-\d\d-\d\dT", stamp) else stamp


# -- Markdown ------------------------------------------------------------------------------------------------


def summary_markdown(store: Store, course: Course) -> str:
    """The summary as Markdown: a short "next steps" opening, then the module 00 export of everything saved."""
    summary = collect(store, course)
    lines = [f"# My next steps: {_plain(course.title)}", "", PRIVATE_NOTE, ""]
    if summary.empty:
        lines += [EMPTY_NOTE, ""]
    step = _first_step(summary)
    if step:
        lines += ["## My next step", "", _quote(step), ""]
    # export_markdown's first line is its own title; the rest is every reflection, worksheet and quiz result.
    body = export_markdown(store, course).split("\n", 1)[1].lstrip("\n")
    return "\n".join(lines) + "\n" + body


def _first_step(summary: Summary) -> str:
    plan = summary.plan
    if plan is None:
        return ""
    return "\n".join(next((texts for label, texts in plan.fields if label == FIRST_STEP), ()))


# -- HTML ----------------------------------------------------------------------------------------------------

# Print-friendly, high-contrast, no web fonts: the page must look right offline and on paper.
STYLE = """
:root { color-scheme: light; }
body { margin: 0; background: #f6f6f4; color: #1a1a1a;
  font: 1.05rem/1.55 system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif; }
main { max-width: 46rem; margin: 0 auto; padding: 1.5rem 1.25rem 3rem; background: #fff; }
h1 { font-size: 1.9rem; margin: 0.2em 0 0.1em; }
h2 { font-size: 1.35rem; margin: 1.6em 0 0.5em; padding-bottom: 0.2em; border-bottom: 2px solid #0072B2; }
h3 { font-size: 1.1rem; margin: 1.2em 0 0.3em; }
.course { font-size: 1.1rem; margin: 0; }
.meta { color: #444; font-size: 0.92rem; margin: 0.2em 0 0.6em; }
.note { border-left: 0.35em solid #0072B2; background: #eef5fb; padding: 0.6em 0.9em; margin: 1em 0; }
.plan { border: 2px solid #009E73; border-radius: 0.4em; padding: 0.4em 1em 0.8em; margin-top: 1.2em; }
.plan h2 { border-bottom-color: #009E73; margin-top: 0.6em; }
dl { margin: 0.4em 0 0; }
dt { font-weight: 600; margin-top: 0.7em; }
dd { margin: 0.2em 0 0; }
blockquote { margin: 0.25em 0 0.5em; padding: 0.35em 0.8em; border-left: 0.3em solid #bbb; background: #fafafa; }
.learner { white-space: pre-wrap; overflow-wrap: anywhere; word-break: break-word; margin: 0; }
ul.answers { margin: 0.25em 0 0.5em; padding-left: 1.4em; }
ul.answers li { white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 0.35em 0.5em; border-bottom: 1px solid #ccc; vertical-align: top; }
footer { margin-top: 2.5em; font-size: 0.95rem; color: #333; }
@media print {
  body { background: #fff; font-size: 11pt; }
  main { max-width: none; padding: 0; }
  .no-print { display: none; }
  .note { background: none; }
  blockquote { background: none; }
  h2, h3, dt { break-after: avoid; page-break-after: avoid; }
  article, .plan, tr { break-inside: avoid; page-break-inside: avoid; }
}
"""
# The page may load nothing: no scripts, images, fonts or frames, from anywhere. Only the inline style applies.
CSP = "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'"


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _learner(text: str) -> str:
    """Learner text: escaped, in a block quote, line breaks kept."""
    return f'<blockquote><p class="learner">{_e(text)}</p></blockquote>'


def _sheet_html(sheet: Sheet) -> str:
    parts = ["<dl>"]
    for label, texts in sheet.fields:
        parts.append(f"<dt>{_e(label)}</dt>")
        if len(texts) == 1:
            parts.append(f"<dd>{_learner(texts[0])}</dd>")
        else:
            items = "".join(f"<li>{_e(t)}</li>" for t in texts)
            parts.append(f'<dd><blockquote><ul class="answers">{items}</ul></blockquote></dd>')
    parts.append("</dl>")
    return "".join(parts)


def summary_html(summary: Summary) -> str:
    """The summary as one standalone, print-friendly web page that loads nothing from anywhere."""
    out = ["<!DOCTYPE html>", '<html lang="en">', "<head>", '<meta charset="utf-8">',
           f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
           '<meta name="referrer" content="no-referrer">',
           '<meta name="viewport" content="width=device-width, initial-scale=1">',
           f"<title>My next steps: {_e(summary.course_title)}</title>", f"<style>{STYLE}</style>", "</head>",
           "<body>", "<main>", "<header>", "<h1>My next steps</h1>",
           f'<p class="course">{_e(summary.course_title)}</p>',
           f'<p class="meta">Made {_e(_day(summary.made))} from <code>{_e(summary.folder)}</code>.</p>',
           f'<p class="note"><strong>Private.</strong> {_e(PRIVATE_NOTE)}</p>',
           '<p class="no-print meta">To print this page or save it as a PDF, use your browser\'s Print command '
           "(Ctrl+P, or Cmd+P on a Mac).</p>", "</header>"]
    if summary.empty:
        out += ['<section aria-labelledby="empty">', '<h2 id="empty">Nothing saved yet</h2>',
                f"<p>{_e(EMPTY_NOTE)}</p>", "</section>"]
    plan = summary.plan
    if plan is not None:
        out += ['<section class="plan" aria-labelledby="plan">', f'<h2 id="plan">{_e(plan.title)}</h2>',
                f'<p class="meta">Saved {_e(_day(plan.updated))}</p>', _sheet_html(plan), "</section>"]
    if summary.reflections:
        out += ['<section aria-labelledby="reflections">', '<h2 id="reflections">My reflections</h2>']
        for note in summary.reflections:
            where = f"{note.module}, saved {_day(note.updated)}" if note.module else f"Saved {_day(note.updated)}"
            out += ["<article>", f"<h3>{_e(note.prompt)}</h3>", f'<p class="meta">{_e(where)}</p>',
                    _learner(note.text), "</article>"]
        out.append("</section>")
    others = [s for s in summary.sheets if s is not plan]
    if others:
        out += ['<section aria-labelledby="sheets">', '<h2 id="sheets">My worksheets and plans</h2>']
        for sheet in others:
            out += ["<article>", f"<h3>{_e(sheet.title)}</h3>", f'<p class="meta">Saved {_e(_day(sheet.updated))}</p>',
                    _sheet_html(sheet), "</article>"]
        out.append("</section>")
    out += ['<section aria-labelledby="quiz">', '<h2 id="quiz">My quiz progress</h2>']
    if summary.progress:
        out += ["<table>", "<thead><tr><th scope=\"col\">Module</th><th scope=\"col\">Answered correctly</th>"
                           "</tr></thead>", "<tbody>"]
        for p in summary.progress:
            done = f"{p.correct} of {p.total}" if p.total else f"{p.correct}"
            out.append(f"<tr><td>{_e(p.module_id)}: {_e(p.title)}</td><td>{_e(done)}</td></tr>")
        out += ["</tbody>", "</table>"]
    else:
        out.append("<p>No quiz answers saved yet.</p>")
    out += ["</section>", "<footer>",
            "<p>Healing takes time, and you do not have to do it alone. Module 00 of the course lists free, "
            "private support services by country. If you are in danger now, call your local emergency "
            "number.</p>", "</footer>", "</main>", "</body>", "</html>"]
    return "\n".join(out) + "\n"
