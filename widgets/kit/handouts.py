"""Printable handouts, one per module (`make handouts`): title, key points, one activity on paper, and the
support services. HTML from the single source (course.yml, handouts.yml, activities, resources.yml); PDF by
printing that HTML with headless Chromium (see _print.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..content.course import UNCONFIRMED_NOTE, Course, Module, Reference, Resources
from ._html import esc, page, write
from .paper import HandoutPlan, Item, PaperActivity, WritingField, paper_activity

CSS = """
body { font-size: 11.5pt; max-width: 182mm; margin: 0 auto; padding: 8mm 6mm 12mm; }
@media print { body { padding: 0; max-width: none; } }
header.handout { border-bottom: 3px solid var(--blue); padding-bottom: 2mm; margin-bottom: 4mm; }
.kicker { margin: 0; font-size: 10.5pt; color: var(--muted); }
h1 { font-size: 21pt; line-height: 1.2; margin: 1mm 0 2mm; }
h2 { font-size: 14pt; margin: 5mm 0 2mm; padding-left: 2.5mm; border-left: 5px solid var(--blue); }
h3 { font-size: 12pt; margin: 4mm 0 1mm; }
p, li { margin: 1.2mm 0; }
.intro { font-size: 11.5pt; }
.danger { margin: 3mm 0; padding: 2mm 3mm; border: 2px solid var(--vermillion); border-left-width: 7px;
  font-weight: 700; }
.how { font-weight: 600; }
.private { padding: 2mm 3mm; border: 1.5px dashed var(--line); font-size: 11pt; }
.note { font-size: 11pt; padding: 2mm 3mm; border-left: 4px dotted var(--purple); }
table { border-collapse: collapse; width: 100%; margin: 2mm 0; }
th, td { border: 1px solid var(--line); padding: 1.6mm 2mm; text-align: left; vertical-align: top; }
thead th { background: #f2f2f2; font-size: 10.5pt; }
tr { break-inside: avoid; }
td.box-cell { text-align: center; vertical-align: middle; width: 19mm; }
.box { display: inline-block; width: 6mm; height: 6mm; border: 1.6px solid var(--ink); border-radius: 1mm; }
.num { width: 8mm; font-weight: 700; }
ol.legend { list-style: none; padding: 0; columns: 3; column-gap: 6mm; font-size: 11pt; }
ol.legend li { break-inside: avoid; }
.field { break-inside: avoid; margin: 3mm 0 4mm; }
.field .label { font-weight: 700; margin: 0; }
.hint { margin: 0; color: var(--muted); font-style: italic; font-size: 10.5pt; }
.line { height: 9mm; border-bottom: 1px solid var(--line); }
.box-area { border: 1.5px solid var(--line); border-radius: 2mm; margin-top: 2mm; }
.scale { display: flex; gap: 2.5mm; flex-wrap: wrap; margin-top: 2mm; list-style: none; padding: 0; }
.scale li { width: 8mm; height: 8mm; border: 1.4px solid var(--ink); border-radius: 50%; text-align: center;
  line-height: 7.5mm; font-size: 10.5pt; margin: 0; }
.choices { list-style: none; padding: 0; columns: 2; }
.choices li { break-inside: avoid; }
.choices .box { width: 4.5mm; height: 4.5mm; margin-right: 2mm; vertical-align: -0.6mm; }
.answers { font-size: 10.5pt; border-top: 2px dashed var(--line); margin-top: 7mm; }
.answers dl { columns: 2; column-gap: 7mm; margin: 0; }
.answers dt { font-weight: 700; margin-top: 1.5mm; break-after: avoid; }
.answers dd { margin: 0 0 0 6mm; break-before: avoid; }
.answers dt, .answers dd { break-inside: avoid; }
.support { font-size: 10.5pt; break-inside: avoid; }
.story { font-size: 11pt; margin: 1mm 0 1.5mm; }
.moment { color: var(--muted); font-style: italic; }
.support .regions { columns: 2; column-gap: 7mm; }
.support .region { break-inside: avoid; }
.support h3 { margin-top: 0; padding-top: 2mm; }
.support ul { padding-left: 5mm; margin: 1mm 0; }
.sources { font-size: 8.5pt; color: var(--muted); }
.sources ul { columns: 2; column-gap: 6mm; padding-left: 4mm; margin: 0; }
.sources li { margin: 0 0 0.8mm; break-inside: avoid; }
.sources h2 { font-size: 11pt; }
footer { break-before: avoid; break-inside: avoid; margin-top: 4mm; padding-top: 2mm;
  border-top: 1px solid var(--line); font-size: 9.5pt;
  color: var(--muted); }
"""


@dataclass(frozen=True)
class HandoutInputs:
    """What every handout needs, loaded once."""

    course: Course
    plan: HandoutPlan
    resources: Resources
    references: dict[str, Reference]


def file_name(module: Module) -> str:
    return f"{module.name}.html"


def render(module: Module, inputs: HandoutInputs) -> str:
    """One module's handout as a self-contained HTML page."""
    texts = inputs.plan.texts
    activity = paper_activity(inputs.plan, module)
    body = [
        '<header class="handout">',
        f'<p class="kicker">Handout · Module {esc(module.id)} · {esc(inputs.course.title)}</p>',
        f"<h1>{esc(module.title)}</h1>",
        f'<p class="intro">{esc(texts["intro"])}</p>',
        f'<p class="danger">{esc(texts["in_danger"])} {esc(_emergency_line(inputs.resources))}</p>',
        "</header>",
        "<main>",
        '<section aria-labelledby="key-points"><h2 id="key-points">Key points</h2><ul>',
        *(f"<li>{esc(point)}</li>" for point in module.key_points),
        "</ul></section>",
        _activity(activity, texts),
        _answers(activity, texts["answers"]),
        _support(inputs.resources, texts["keep_safe"]),
        _sources(activity, inputs.references),
        "</main>",
        f'<footer><p>{esc(texts["footer"])} Course text: CC BY 4.0.</p></footer>',
    ]
    return page(f"Handout: Module {module.id}, {module.title}", "\n".join(p for p in body if p), CSS)


def _emergency_line(resources: Resources) -> str:
    numbers = [f"{r.emergency.split(' (')[0]} ({r.name})" for r in resources.regions if r.emergency[0].isdigit()]
    return "; ".join(numbers) + "."


def _activity(activity: PaperActivity, texts: dict[str, str]) -> str:
    parts = ['<section aria-labelledby="try-it">', f'<h2 id="try-it">Try it on paper: {esc(activity.title)}</h2>']
    if activity.intro:
        parts.append(f"<p>{esc(activity.intro)}</p>")
    parts.append(f'<p class="how">{esc(activity.how)}</p>')
    if activity.kind == "write":
        parts.append(f'<p class="private">{esc(texts["writing"])}</p>')
        parts += [_field(f, n, texts) for n, f in enumerate(activity.fields, start=1)]
    elif activity.kind == "tick":
        parts.append(_tick_table(activity))
    elif activity.kind == "order":
        parts.append(_box_table(activity, "Phase", "Order"))
    elif activity.kind == "match":
        parts.append('<h3 id="story">The story</h3>')
        parts += [f'<p class="story"><strong>{esc(m.heading)}.</strong> {esc(m.text)}</p>' for m in activity.story]
        parts.append('<h3 id="barriers">Barriers</h3><ol class="legend" aria-labelledby="barriers">')
        parts += [f"<li><strong>{esc(b.label)}</strong>: {esc(b.text)}</li>" for b in activity.legend]
        parts.append("</ol>")
        parts.append(_box_table(activity, "Thought", "Letter"))
    if activity.note:
        parts.append(f'<p class="note"><strong>Keep in mind:</strong> {esc(activity.note)}</p>')
    parts.append("</section>")
    return "\n".join(parts)


def _tick_table(activity: PaperActivity) -> str:
    head = "".join(f'<th scope="col">{esc(c)}</th>' for c in activity.columns)
    rows = []
    for item in activity.items:
        boxes = "".join(f'<td class="box-cell"><span class="box" role="img" aria-label="box to tick: {esc(c)}">'
                        "</span></td>" for c in activity.columns)
        rows.append(f'<tr><td class="num">{esc(item.label)}</td><td>{esc(item.text)}</td>{boxes}</tr>')
    return (f'<table><thead><tr><th scope="col">#</th><th scope="col">Statement</th>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table>")


def _box_table(activity: PaperActivity, what: str, box: str) -> str:
    rows = []
    for item in activity.items:
        if activity.kind == "match":  # a thought, and the moment of the story it belongs to
            heading = f'<span class="moment">{esc(item.heading)}:</span> ' if item.heading else ""
            item = Item(item.label, f"\u201c{item.text}\u201d", item.heading)
        else:
            heading = f"<strong>{esc(item.heading)}.</strong> " if item.heading else ""
        rows.append(f'<tr><td class="num">{esc(item.label)}</td><td>{heading}{esc(item.text)}</td>'
                    f'<td class="box-cell"><span class="box" role="img" aria-label="box to write in"></span></td>'
                    "</tr>")
    return (f'<table><thead><tr><th scope="col">#</th><th scope="col">{esc(what)}</th>'
            f'<th scope="col">{esc(box)}</th></tr></thead><tbody>{"".join(rows)}</tbody></table>')


def _field(field: WritingField, number: int, texts: dict[str, str]) -> str:
    label = f'<p class="label" id="field-{number}">{esc(field.label)}</p>'
    how = {"scale": texts["circle"], "choice": texts["tick"]}.get(field.kind, "")
    hint = " ".join(x for x in (field.hint, how) if x)
    hint = f'<p class="hint">{esc(hint)}</p>' if hint else ""
    if field.kind == "scale":
        marks = "".join(f"<li>{n}</li>" for n in range(11))
        body = f'<ol class="scale" aria-label="circle one number from 0 to 10">{marks}</ol>'
    elif field.kind == "choice":
        body = ('<ul class="choices">' + "".join(f'<li><span class="box" aria-hidden="true"></span>{esc(c)}</li>'
                                                 for c in field.choices) + "</ul>")
    elif field.kind == "box":
        body = f'<div class="box-area" style="height: {9 * field.rows}mm" aria-hidden="true"></div>'
    else:
        rows = {"text": 1, "long": 3}.get(field.kind, field.rows)
        body = '<div aria-hidden="true">' + '<div class="line"></div>' * rows + "</div>"
    return f'<div class="field" role="group" aria-labelledby="field-{number}">{label}{hint}{body}</div>'


def _answers(activity: PaperActivity, heading: str) -> str:
    if not activity.answers:
        return ""
    lines = "".join(f"<dt>{esc(a.label)}. {esc(a.answer)}</dt><dd>{esc(a.why)}</dd>" if a.why != a.answer
                    else f"<dt>{esc(a.label)}. {esc(a.answer)}</dt>" for a in activity.answers)
    return (f'<section class="answers" aria-labelledby="answers"><h2 id="answers">{esc(heading)}</h2>'
            f"<dl>{lines}</dl></section>")


def _support(resources: Resources, keep_safe: str) -> str:
    parts = ['<section class="support" aria-labelledby="support"><h2 id="support">Support you can contact</h2>',
             f"<p>{esc(keep_safe)}</p>", '<div class="regions">']
    for region in resources.regions:
        parts.append(f'<div class="region"><h3>{esc(region.name)}</h3>'
                     f"<p><strong>Emergency:</strong> {esc(region.emergency)}</p><ul>")
        for service in region.services:
            call = service.phone and f"Call {service.phone}" + (f" (TTY {service.tty})" if service.tty else "")
            details = [x for x in (service.area, call, service.text, service.web and f"Web: {service.web}",
                                   service.hours, f"For: {service.serves}", service.verified.words()) if x]
            parts.append(f"<li><strong>{esc(service.name)}</strong>: {esc('. '.join(d.rstrip('.') for d in details))}."
                         "</li>")
        parts.append("</ul></div>")
    parts.append(f"</div><p>{esc(UNCONFIRMED_NOTE)}</p></section>")
    return "\n".join(parts)


def _sources(activity: PaperActivity, references: dict[str, Reference]) -> str:
    refs = sorted((references[k] for k in activity.cite if k in references), key=lambda r: r.full)
    if not refs:
        return ""
    items = "".join(f'<li class="source">{esc(r.full)}'
                    f"{esc(' doi:' + r.doi) if r.doi else (esc(' ' + r.url) if r.url else '')}</li>" for r in refs)
    return f'<section class="sources" aria-labelledby="sources"><h2 id="sources">Sources</h2><ul>{items}</ul></section>'


def build_html(out: Path, inputs: HandoutInputs, modules: list[Module], say=print) -> list[Path]:
    """Write each module's handout HTML into `out`; report progress per module."""
    written = []
    for n, module in enumerate(modules, start=1):
        written.append(write(out / file_name(module), render(module, inputs)))
        say(f"[{n}/{len(modules)}] module {module.id}: handout {written[-1].name}")
    return written
