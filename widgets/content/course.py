"""The course outline (course/course.yml), its references and its support resources, validated.

Every loader returns plain frozen dataclasses and collects *all* problems it finds, each as
`file:line: message`, before raising one ContentError.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root
from ._yaml import LineDict, load_yaml
from .files import Reader

MODULE_ID = re.compile(r"^\d\d$")
SLUG = re.compile(r"^[a-z0-9]+(_[a-z0-9]+)*$")
OBJECTIVE_ID = re.compile(r"^\d\d-[a-z0-9-]+$")
REFERENCE_KEY = re.compile(r"^[a-z][a-z0-9_-]*$")


@dataclass(frozen=True)
class Objective:
    id: str
    text: str


@dataclass(frozen=True)
class Module:
    """One module: its outline and where its files are (all derived from id and slug)."""

    id: str
    slug: str
    title: str
    teaching_minutes: int
    exercise_minutes: int
    objectives: tuple[Objective, ...]
    key_points: tuple[str, ...]
    content_note: str | None

    @property
    def name(self) -> str:
        return f"{self.id}_{self.slug}"

    @property
    def minutes(self) -> int:
        return self.teaching_minutes + self.exercise_minutes

    def path(self, kind: str) -> Path:
        """The module's file of a kind: notebook, source, bank or guide."""
        root = course_root()
        return {
            "notebook": root / "modules" / f"{self.name}.ipynb",
            "source": root / "course" / "notebooks" / f"{self.name}.md",
            "bank": root / "course" / "banks" / f"{self.name}.yml",
            "guide": root / "course" / "facilitator" / f"{self.name}.md",
        }[kind]


@dataclass(frozen=True)
class Course:
    title: str
    modules: tuple[Module, ...]

    def module(self, module_id: str) -> Module:
        for module in self.modules:
            if module.id == module_id:
                return module
        known = ", ".join(m.id for m in self.modules)
        raise KeyError(f"no module {module_id!r} in course.yml (known: {known})")

    def objective_ids(self) -> dict[str, Module]:
        return {o.id: m for m in self.modules for o in m.objectives}


@dataclass(frozen=True)
class Reference:
    key: str
    short: str
    full: str
    doi: str | None
    url: str | None


@dataclass(frozen=True)
class Term:
    """A word from the course's glossary, and the module that first explains it."""

    word: str
    means: str
    module: str


@dataclass(frozen=True)
class Service:
    name: str
    phone: str | None
    text: str | None
    web: str | None
    hours: str | None
    about: str | None


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    emergency: str
    services: tuple[Service, ...]


@dataclass(frozen=True)
class Resources:
    checked: str
    regions: tuple[Region, ...]


def load_course(path: Path | None = None) -> Course:
    """Read and validate course/course.yml."""
    path = path or course_root() / "course" / "course.yml"
    data = load_yaml(path)
    reader = Reader(path)
    top = reader.mapping(data, 1, "course.yml")
    if top is None:
        reader.finish()
    reader.unknown_keys(top, {"title", "modules"}, "course")
    title = reader.text(top, "title", "course") or ""
    modules: list[Module] = []
    seen_modules: dict[str, int] = {}
    seen_objectives: dict[str, int] = {}
    raw_modules = reader.items(top.get("modules"), top.line_of("modules"), "modules")
    for index, raw in enumerate(raw_modules):
        entry = reader.mapping(raw, raw_modules.line_of(index), f"module #{index + 1}")
        if entry is None:
            continue
        module = _read_module(reader, entry, index, seen_modules, seen_objectives)
        if module:
            modules.append(module)
    if not modules and not reader.problems:
        reader.problem(top.line, "course: no modules listed")
    reader.finish()
    # Ids are the teaching order (00 first), whatever order the entries are written in.
    return Course(title=title, modules=tuple(sorted(modules, key=lambda m: m.id)))


def _read_module(
    reader: Reader, entry: LineDict, index: int, seen_modules: dict[str, int], seen_objectives: dict[str, int]
) -> Module | None:
    allowed = {"id", "slug", "title", "minutes", "objectives", "key_points", "content_note"}
    module_id = reader.text(entry, "id", f"module #{index + 1}")
    where = f"module {module_id or '#' + str(index + 1)}"
    reader.unknown_keys(entry, allowed, where)
    if module_id and not MODULE_ID.match(module_id):
        reader.problem(entry.line_of("id"), f"{where}: id must be two digits in quotes, like \"01\"")
    reader.unique(seen_modules, module_id, entry.line_of("id"), "module id")
    slug = reader.text(entry, "slug", where)
    if slug and not SLUG.match(slug):
        reader.problem(entry.line_of("slug"), f"{where}: slug must be lower_case_words, got {slug!r}")
    title = reader.text(entry, "title", where)
    minutes = reader.mapping(entry.get("minutes"), entry.line_of("minutes"), f"{where}: minutes")
    teaching = reader.whole(minutes, "teaching", f"{where} minutes") if minutes else 0
    exercises = reader.whole(minutes, "exercises", f"{where} minutes") if minutes else 0
    objectives = []
    if entry.get("objectives") == []:
        reader.problem(entry.line_of("objectives"), f"{where}: needs at least one objective")
    for j, objective in reader.entries(entry, "objectives", f"{where}: objective", {"id", "text"}):
        oid = reader.text(objective, "id", f"{where}: objective #{j}")
        text = reader.text(objective, "text", f"{where}: objective {oid}")
        if oid and not (OBJECTIVE_ID.match(oid) and oid.startswith(f"{module_id}-")):
            reader.problem(objective.line_of("id"), f"objective id {oid!r} must look like '{module_id}-short-name'")
        reader.unique(seen_objectives, oid, objective.line_of("id"), "objective id")
        if oid and text:
            objectives.append(Objective(oid, text))
    key_points = reader.items(entry.get("key_points"), entry.line_of("key_points"), f"{where}: key_points")
    points = []
    for j, point in enumerate(key_points):
        if isinstance(point, str) and point.strip():
            points.append(point.strip())
        else:
            reader.problem(key_points.line_of(j), f"{where}: each key point must be text")
    note = entry.get("content_note")
    if note is not None and not (isinstance(note, str) and note.strip()):
        reader.problem(entry.line_of("content_note"), f"{where}: content_note must be text when present")
    if not (module_id and slug and title):
        return None
    return Module(module_id, slug, title, teaching, exercises, tuple(objectives), tuple(points),
                  note.strip() if isinstance(note, str) else None)


def load_references(folder: Path | None = None) -> dict[str, Reference]:
    """Read every course/references/*.yml; keys must be unique across files."""
    folder = folder or course_root() / "course" / "references"
    references: dict[str, Reference] = {}
    first_seen: dict[str, str] = {}
    problems: list[Problem] = []
    for path in sorted(folder.glob("*.yml")):
        reader = Reader(path)
        try:
            data = load_yaml(path)
        except ContentError as exc:
            problems.extend(exc.problems)
            continue
        top = reader.mapping(data, 1, "a references file") if data is not None else LineDict()
        for key, raw in (top or {}).items():
            line = top.line_of(key)
            if not isinstance(key, str) or not REFERENCE_KEY.match(key):
                reader.problem(line, f"reference key {key!r} must be lower-case letters and digits, like dutton1993")
                continue
            if key in first_seen:
                reader.problem(line, f"duplicate reference key {key!r} (first in {first_seen[key]})")
                continue
            entry = reader.mapping(raw, line, f"reference {key}")
            if entry is None:
                continue
            reader.unknown_keys(entry, {"short", "full", "doi", "url", "note"}, f"reference {key}")
            short = reader.text(entry, "short", f"reference {key}")
            full = reader.text(entry, "full", f"reference {key}")
            if short and full:
                first_seen[key] = f"{reader.path}:{line}"
                references[key] = Reference(key, short, full, entry.get("doi"), entry.get("url"))
        problems.extend(reader.problems)
    if problems:
        raise ContentError(problems)
    return references


def load_resources(path: Path | None = None) -> Resources:
    """Read course/resources.yml: support services by region, one file a facilitator can localise."""
    path = path or course_root() / "course" / "resources.yml"
    reader = Reader(path)
    top = reader.mapping(load_yaml(path), 1, "resources.yml")
    if top is None:
        reader.finish()
    reader.unknown_keys(top, {"checked", "regions"}, "resources")
    checked = reader.text(top, "checked", "resources") or ""
    regions = []
    for i, region in reader.entries(top, "regions", "region", {"id", "name", "emergency", "services"}):
        rid = reader.text(region, "id", f"region #{i}")
        name = reader.text(region, "name", f"region {rid}")
        emergency = reader.text(region, "emergency", f"region {rid}")
        services = []
        fields = {"name", "phone", "text", "web", "hours", "about"}
        for j, service in reader.entries(region, "services", f"region {rid}: service", fields):
            sname = reader.text(service, "name", f"region {rid}: service #{j}")
            values = {f: reader.text(service, f, f"service {sname}", required=False) for f in fields - {"name"}}
            if not (values["phone"] or values["text"] or values["web"]):
                reader.problem(service.line, f"service {sname}: give at least one of phone, text or web")
            if sname:
                services.append(Service(name=sname, **values))
        if rid and name and emergency:
            regions.append(Region(rid, name, emergency, tuple(services)))
    reader.finish()
    return Resources(checked, tuple(regions))


def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """Read course/glossary.yml: plain-language definitions, sorted A to Z."""
    path = path or course_root() / "course" / "glossary.yml"
    reader = Reader(path)
    top = reader.mapping(load_yaml(path), 1, "glossary.yml")
    if top is None:
        reader.finish()
    terms = []
    for word, raw in top.items():
        entry = reader.mapping(raw, top.line_of(word), f"term {word!r}")
        if entry is None:
            continue
        reader.unknown_keys(entry, {"means", "module"}, f"term {word!r}")
        means = reader.text(entry, "means", f"term {word!r}")
        module = reader.text(entry, "module", f"term {word!r}")
        if module and not MODULE_ID.match(module):
            reader.problem(entry.line_of("module"), f"term {word!r}: module must be two digits in quotes, like \"01\"")
        if means and module:
            terms.append(Term(str(word), means, module))
    reader.finish()
    return tuple(sorted(terms, key=lambda t: t.word.lower()))
