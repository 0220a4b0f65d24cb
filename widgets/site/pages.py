"""The site's own pages, drawn with the learner app's Jinja files (widgets/app/.../templates/course): the course
home (progress is read in the browser, from the learner's own storage, by site.js) and the neutral page Quick
exit opens; and what each module page's bar needs, in the app's shape but with the site's addresses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import jinja2

from ..app.site import EXIT_PATH, Link, page_title, support_lines
from ..content.course import UNCONFIRMED_NOTE, Course, Module, Resources

HERE = Path(__file__).resolve().parent
APP_TEMPLATES = HERE.parent / "app" / "jupyter" / "voila" / "templates" / "course"
RENDER = "voici/render/"  # where voici writes each module's page
STATIC = "voila/templates/course/static"  # where the app's pages load tbc.css and tbc.js from (under `base`)


def module_link(module: Module) -> dict:
    return {"path": f"{RENDER}{module.name}.html", "title": page_title(module)}


def module_pages_data(course: Course, resources: Resources) -> dict[str, dict]:
    """For each module's notebook name: what index.html.j2 reads as `course` (neighbours with the site's paths,
    the support services), with `saving` known (a static page has no server to ask). Pages are text first, as in the
    app: the text can be read while Pyodide starts, and stays in the page's <main> (see index.html.j2)."""
    modules = list(course.modules)
    support = support_lines(resources)
    data = {}
    for index, module in enumerate(modules):
        page = {"self": module_link(module),
                "previous": module_link(modules[index - 1]) if index > 0 else None,
                "next": module_link(modules[index + 1]) if index + 1 < len(modules) else None}
        data[module.name] = {"title": course.title, "pages": {module.name: page}, "support": support,
                             "support_note": UNCONFIRMED_NOTE, "exit": EXIT_PATH, "saving": True,
                             "text_first": True}
    return data


def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.FileSystemLoader([HERE / "templates", APP_TEMPLATES]),
                              autoescape=True)


def write_pages(out: Path, course: Course, resources: Resources, item_ids: dict[str, list[str]],
                data_dir: str) -> None:
    """Write index.html (the course home), weather/index.html (Quick exit's page) and the app's CSS and JS."""
    env = _environment()
    entries = [{"id": m.id, "minutes": m.minutes, "link": Link(module_link(m)["path"], page_title(m)),
                "items": item_ids.get(m.id, [])} for m in course.modules]
    home = env.get_template("site-home.html").render(
        base="", title=course.title, entries=entries, support=support_lines(resources),
        support_note=UNCONFIRMED_NOTE, progress_file=f"{data_dir.removeprefix('/drive/')}/progress.json",
        items_json=json.dumps({e["id"]: e["items"] for e in entries}))
    (out / "index.html").write_text(home, encoding="utf-8")
    (out / EXIT_PATH).mkdir(exist_ok=True)
    shutil.copy2(APP_TEMPLATES / "tbc-weather.html", out / EXIT_PATH / "index.html")
    static = out / STATIC
    static.mkdir(parents=True, exist_ok=True)
    for name in ("tbc.css", "tbc.js"):
        shutil.copy2(APP_TEMPLATES / "static" / name, static / name)
    shutil.copy2(HERE / "static" / "site.js", static / "site.js")


# voici (0.10) sends every relative link in a notebook's Markdown to the site's files/ folder, an author's link to a
# heading on the same page too: "[key points](#Key-points)" comes out as href="../../files/#Key-points", which leaves
# the page. The prefix is "../" once per folder level and then files/.
FILES_ANCHOR = re.compile(r'href="(?:\.\./)+files/#')


def keep_anchor_links(out: Path) -> int:
    """Point the in-page links of every module page under `out` back at the page itself; return how many."""
    changed = 0
    for page in sorted((out / RENDER).glob("*.html")):
        text = page.read_text(encoding="utf-8")
        fixed, count = FILES_ANCHOR.subn('href="#', text)
        if count:
            page.write_text(fixed, encoding="utf-8")
            changed += count
    return changed
