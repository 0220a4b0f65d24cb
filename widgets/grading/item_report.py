"""The item analysis as files: course/item-analysis/NN_slug.csv and NN_slug.html per assessment, and index.html.

Each HTML page has a small figure per item (matplotlib, drawn as inline SVG: the page loads nothing from the
web), the numbers in a table, and the flags in words. The right option is marked by a hatch and the word
"right", never by colour alone.
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Sequence
from pathlib import Path

from .._files import write_text_atomic
from ..content.assessments import Assessment
from .item_analysis import FLAG_WORDS, SMALL_CLASS, ItemStats

FOLDER = "item-analysis"
COLUMNS = ["assignment", "number", "item", "objective", "type", "students", "difficulty", "discrimination",
           "upper_lower", "choices", "flags"]
STYLE = """body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}
table{border-collapse:collapse}td,th{border:1px solid #999;padding:.25rem .5rem;text-align:left}
.item{border-top:2px solid #555;margin-top:1.5rem;padding-top:.5rem}.flag{font-weight:bold}
figure{margin:.5rem 0}figcaption{font-size:.9rem}"""


def number(value: float | None) -> str:
    return "" if value is None else f"{value:.2f}"


def choice_words(stats: ItemStats) -> str:
    """"A (right) 20; B 3; C 0; D 7" for the CSV."""
    return "; ".join(f"{c.label}{' (right)' if c.correct else ''} {c.count}" for c in stats.choices)


def csv_text(assessment: Assessment, stats: Sequence[ItemStats]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(COLUMNS)
    for s in stats:
        writer.writerow([assessment.name, s.number, s.item.id, s.item.objective, s.item.type, s.n,
                         number(s.difficulty), number(s.discrimination), number(s.upper_lower), choice_words(s),
                         " ".join(s.flags)])
    return out.getvalue()


def figure_svg(stats: ItemStats) -> str:
    """A small bar chart: how many chose each option (choice items), or how many earned each share of the
    point (matching and ordering items)."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["svg.fonttype"] = "none"  # text stays text: readable and searchable
    figure, axes = plt.subplots(figsize=(3.6, 1.6), dpi=100)
    try:
        if stats.choices:
            labels = [c.label for c in stats.choices]
            bars = axes.bar(labels, [c.count for c in stats.choices], color="#56B4E9", edgecolor="black")
            for bar, choice in zip(bars, stats.choices, strict=True):
                if choice.correct:
                    bar.set_hatch("//")
                    axes.annotate("right", (bar.get_x() + bar.get_width() / 2, bar.get_height()),
                                  ha="center", va="bottom", fontsize=8)
            axes.set_ylabel("students", fontsize=8)
        else:
            steps = sorted({round(s, 2) for s in stats.scores} | {0.0, 1.0})
            axes.bar([f"{s:g}" for s in steps], [sum(round(x, 2) == s for x in stats.scores) for s in steps],
                     color="#E69F00", edgecolor="black")
            axes.set_xlabel("share of the point earned", fontsize=8)
            axes.set_ylabel("students", fontsize=8)
        axes.tick_params(labelsize=8)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.spines[["top", "right"]].set_visible(False)
        figure.tight_layout()
        out = io.StringIO()
        figure.savefig(out, format="svg")
    finally:
        plt.close(figure)
    svg = out.getvalue()
    return svg[svg.index("<svg"):].replace("<svg", '<svg aria-hidden="true"', 1)  # the caption says it in words


def describe(stats: ItemStats) -> str:
    """The figure in words, for people who cannot see it."""
    if stats.choices:
        parts = [f"{c.label}{' (the right answer)' if c.correct else ''}: {c.count}" for c in stats.choices]
        return "How many students chose each option. " + "; ".join(parts) + "."
    return (f"Each student's share of the point. Mean {stats.difficulty:.2f} over {stats.n} students.")


def item_html(stats: ItemStats) -> str:
    esc = html.escape
    flags = "".join(f'<li class="flag">{esc(FLAG_WORDS[f])}</li>' for f in stats.flags) or "<li>none</li>"
    rows = "".join(f"<tr><td>{esc(c.label)}</td><td>{esc(c.text)}</td><td>{'right' if c.correct else 'wrong'}"
                   f"</td><td>{c.count}</td></tr>" for c in stats.choices)
    options = (f"<table><thead><tr><th>option</th><th>text</th><th></th><th>chosen by</th></tr></thead>"
               f"<tbody>{rows}</tbody></table>") if stats.choices else ""
    return f"""<section class="item" id="{esc(stats.item.id)}">
<h2>Question {stats.number}: {esc(stats.item.id)} ({esc(stats.item.type.replace('_', '/'))}, objective
{esc(stats.item.objective)})</h2>
<p>{esc(stats.item.prompt)}</p>
<p>Difficulty (share of the point earned) <strong>{stats.difficulty:.2f}</strong>; discrimination
(point-biserial with the rest of the score) <strong>{number(stats.discrimination) or 'not defined'}</strong>;
upper minus lower group <strong>{number(stats.upper_lower) or 'not defined'}</strong>; {stats.n} students.</p>
<p>Flags:</p><ul>{flags}</ul>
<figure>{figure_svg(stats)}
<figcaption>{esc(describe(stats))}</figcaption></figure>
{options}
</section>"""


def page_html(assessment: Assessment, stats: Sequence[ItemStats]) -> str:
    count = stats[0].n if stats else 0
    caution = (f"<p><strong>Only {count} students:</strong> with fewer than {SMALL_CLASS}, these numbers move a "
               "lot with one answer. Read the flags as a prompt to look again, not as a verdict.</p>"
               if count < SMALL_CLASS else "")
    flagged = sum(bool(s.flags) for s in stats)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Item analysis: {html.escape(assessment.name)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body><main>
<h1>Item analysis: module {html.escape(assessment.module.id)}, {html.escape(assessment.module.title)}</h1>
<p>{len(stats)} autograded questions, {count} students, {flagged} question(s) flagged. The same numbers are in
<a href="{html.escape(assessment.name)}.csv">{html.escape(assessment.name)}.csv</a>.
<a href="index.html">All assessments</a>.</p>
{caution}
<p>Difficulty is the share of the point the class earned. Discrimination is the correlation between a question and
the rest of the autograded score: near 0 the question does not separate stronger from weaker students; below 0,
stronger students did worse on it. Flags: too easy, too hard, negative discrimination, and a wrong option that
nobody chose (it is not doing its job as a plausible mistake).</p>
{''.join(item_html(s) for s in stats)}
</main></body></html>
"""


def index_html(entries: Sequence[tuple[Assessment, Sequence[ItemStats]]]) -> str:
    rows = "".join(
        f'<tr><td><a href="{html.escape(a.name)}.html">{html.escape(a.module.id)} {html.escape(a.module.title)}'
        f"</a></td><td>{s[0].n if s else 0}</td><td>{len(s)}</td><td>{sum(bool(x.flags) for x in s)}</td></tr>"
        for a, s in entries)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Item analysis</title>
<meta name="viewport" content="width=device-width, initial-scale=1"><style>{STYLE}</style></head>
<body><main><h1>Item analysis after grading</h1>
<table><thead><tr><th>assessment</th><th>students</th><th>questions</th><th>flagged</th></tr></thead>
<tbody>{rows}</tbody></table></main></body></html>
"""


def write_reports(course_dir: Path, entries: Sequence[tuple[Assessment, Sequence[ItemStats]]]) -> Path:
    """Write every assessment's CSV and page, and the index; return the index's path."""
    folder = course_dir / FOLDER
    for assessment, stats in entries:
        write_text_atomic(folder / f"{assessment.name}.csv", csv_text(assessment, stats))
        write_text_atomic(folder / f"{assessment.name}.html", page_html(assessment, stats))
    index = folder / "index.html"
    write_text_atomic(index, index_html(entries))
    return index
