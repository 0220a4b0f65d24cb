"""The course outline (course/course.yml), its references and its support resources, validated.

Every loader returns plain frozen dataclasses and collects *all* problems it finds, each as
`file:line: message`, before raising one ContentError.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from ._errors import ContentError, Problem
from ._paths import course_root, relative
from ._yaml import LineDict, LineList, load_yaml

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


# How strong the evidence is behind the claim the course cites a source for, in the words a learner sees beside
# each citation (definitions in course/AUTHORING.md, "References").
STRENGTHS = {
    "strong": "strong evidence",   # consistent findings from several good studies, or a systematic review of them
    "some": "some evidence",       # a few studies or one trial, or a review of mixed or weak trials
    "early": "early evidence",     # small, mixed or animal studies, case reports, no comparison group
    "expert": "expert view",       # a guideline, theory, book or a service's advice, not itself a test
}


@dataclass(frozen=True)
class Reference:
    key: str
    short: str
    full: str
    doi: str | None
    url: str | None
    strength: str | None = None  # a key of STRENGTHS; `widgets check` requires it
    where: Problem | None = None  # the file and line it was read from, for messages

    @property
    def strength_words(self) -> str:
        return STRENGTHS.get(self.strength or "", "")


@dataclass(frozen=True)
class Term:
    """A word from the course's glossary, and the module that first explains it."""

    word: str
    means: str
    module: str


AUDIENCES = {  # tag: the words the support finder uses for it
    "everyone": "anyone",
    "women": "women",
    "men": "men",
    "lgbtq": "LGBTQ+ people",
    "deaf": "Deaf and hard-of-hearing people",
    "young": "young people",
}
# Digits with single spaces or hyphens between groups: "0808 2000 247", "1-800-799-7233", "988".
PHONE = re.compile(r"^\+?\d+(?:[ -]\d+)*$")
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")


@dataclass(frozen=True)
class Verification:
    """How a service's details were checked: `confirmed` with the service itself, or only `unconfirmed`."""

    status: str
    date: str  # YYYY-MM or YYYY-MM-DD
    source: str

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    def words(self) -> str:
        """What a learner is told: a checked date only when the service itself was checked."""
        if self.confirmed:
            year, month = self.date.split("-")[:2]
            return f"Checked {MONTHS[int(month) - 1]} {year}."
        return "Not yet checked by the course."


# Said once under any list that holds a service not yet checked.
UNCONFIRMED_NOTE = ("Services marked \"not yet checked\" are listed in good faith but the course has not yet "
                    "checked their details with the service: please confirm them on the service's website.")


@dataclass(frozen=True)
class Service:
    name: str
    serves: str
    audiences: tuple[str, ...]
    verified: Verification
    phone: str | None = None
    tty: str | None = None
    text: str | None = None
    web: str | None = None
    hours: str | None = None
    area: str | None = None

    def contact(self) -> str:
        """How to reach the service, in one line: "call 0808 2000 247 (TTY …); Text …; web"."""
        call = self.phone and (f"call {self.phone}" + (f" (TTY {self.tty})" if self.tty else ""))
        return "; ".join(x for x in (call, self.text, self.web) if x)

    @property
    def for_everyone(self) -> bool:
        """A general service (for anyone, or for women or men), as opposed to one for a particular group."""
        return bool({"everyone", "women", "men"} & set(self.audiences))


@dataclass(frozen=True)
class Region:
    id: str
    name: str
    emergency: str
    services: tuple[Service, ...]
    emergency_note: str | None = None
    directory: bool = False  # only points to a directory of services (no audience-specific services needed)
    line: int = 0


@dataclass(frozen=True)
class Resources:
    regions: tuple[Region, ...]

    @property
    def services(self) -> list[tuple[Region, Service]]:
        return [(r, s) for r in self.regions for s in r.services]


class _Reader:
    """Collects problems while reading fields from LineDicts, so one run reports all of them."""

    def __init__(self, path: Path):
        self.path = relative(path)
        self.problems: list[Problem] = []

    def problem(self, line: int | None, message: str) -> None:
        self.problems.append(Problem(self.path, line, message))

    def mapping(self, value: object, line: int, what: str) -> LineDict | None:
        if isinstance(value, LineDict):
            return value
        self.problem(line, f"{what} must be a mapping (key: value lines), got {_kind(value)}")
        return None

    def items(self, value: object, line: int, what: str) -> LineList:
        if isinstance(value, LineList):
            return value
        self.problem(line, f"{what} must be a list (lines starting with '- '), got {_kind(value)}")
        empty = LineList()
        empty.line, empty.item_lines = line, []
        return empty

    def text(self, data: LineDict, key: str, where: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                self.problem(data.line, f"{where}: missing field '{key}'")
            return None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            value = str(value)
        if not isinstance(value, str) or not value.strip():
            self.problem(data.line_of(key), f"{where}: '{key}' must be non-empty text, got {_kind(value)}")
            return None
        return value.strip()

    def whole(self, data: LineDict, key: str, where: str) -> int:
        value = data.get(key)
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            self.problem(data.line_of(key), f"{where}: '{key}' must be a whole number of minutes, got {value!r}")
            return 0
        return value

    def entries(self, data: LineDict, key: str, what: str, allowed: set[str]) -> Iterator[tuple[int, LineDict]]:
        """Each mapping in the list `data[key]`, numbered from 1, after checking it has only `allowed` fields."""
        raw = self.items(data.get(key), data.line_of(key), what)
        for index, value in enumerate(raw, start=1):
            entry = self.mapping(value, raw.line_of(index - 1), f"{what} #{index}")
            if entry is not None:
                self.unknown_keys(entry, allowed, f"{what} #{index}")
                yield index, entry

    def unique(self, seen: dict[str, int], value: str | None, line: int, what: str) -> None:
        """Report `value` if it was seen before (naming the first line), else remember it."""
        if value in seen:
            self.problem(line, f"duplicate {what} {value!r} (first at line {seen[value]})")
        elif value:
            seen[value] = line

    def unknown_keys(self, data: LineDict, allowed: set[str], where: str) -> None:
        for key in data:
            if key not in allowed:
                hint = ", ".join(sorted(allowed))
                self.problem(data.line_of(key), f"{where}: unknown field '{key}' (expected one of: {hint})")

    def finish(self) -> None:
        if self.problems:
            raise ContentError(self.problems)


def _kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return f"text {value!r}" if len(value) < 40 else "text"
    return type(value).__name__.replace("Line", "").replace("Dict", "mapping").replace("List", "list")


def load_course(path: Path | None = None) -> Course:
    """Read and validate course/course.yml."""
    path = path or course_root() / "course" / "course.yml"
    data = load_yaml(path)
    reader = _Reader(path)
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
    reader: _Reader, entry: LineDict, index: int, seen_modules: dict[str, int], seen_objectives: dict[str, int]
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
        reader = _Reader(path)
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
            reader.unknown_keys(entry, {"short", "full", "doi", "url", "note", "strength"}, f"reference {key}")
            short = reader.text(entry, "short", f"reference {key}")
            full = reader.text(entry, "full", f"reference {key}")
            if short and full:
                first_seen[key] = f"{reader.path}:{line}"
                strength = entry.get("strength")
                if strength is not None and strength not in STRENGTHS:
                    reader.problem(entry.line_of("strength"), f"reference {key}: strength must be one of "
                                                              f"{', '.join(STRENGTHS)}, got {strength!r}")
                    strength = None
                references[key] = Reference(key, short, full, entry.get("doi"), entry.get("url"), strength,
                                            Problem(reader.path, line, ""))
        problems.extend(reader.problems)
    if problems:
        raise ContentError(problems)
    return references


def load_resources(path: Path | None = None) -> Resources:
    """Read course/resources.yml: support services by region, one file a facilitator can localise."""
    path = path or course_root() / "course" / "resources.yml"
    reader = _Reader(path)
    top = reader.mapping(load_yaml(path), 1, "resources.yml")
    if top is None:
        reader.finish()
    reader.unknown_keys(top, {"regions"}, "resources")
    regions = []
    region_fields = {"id", "name", "emergency", "emergency_note", "directory", "services"}
    for i, region in reader.entries(top, "regions", "region", region_fields):
        rid = reader.text(region, "id", f"region #{i}")
        name = reader.text(region, "name", f"region {rid}")
        emergency = reader.text(region, "emergency", f"region {rid}")
        note = reader.text(region, "emergency_note", f"region {rid}", required=False)
        directory = region.get("directory", False)
        if not isinstance(directory, bool):
            reader.problem(region.line_of("directory"), f"region {rid}: 'directory' must be true or false")
        services = [s for j, raw in reader.entries(region, "services", f"region {rid}: service", SERVICE_FIELDS)
                    if (s := _read_service(reader, raw, f"region {rid}: service #{j}"))]
        if rid and name and emergency:
            regions.append(Region(rid, name, emergency, tuple(services), note, directory is True, region.line))
    reader.finish()
    return Resources(tuple(regions))


SERVICE_FIELDS = {"name", "serves", "for", "verified", "phone", "tty", "text", "web", "hours", "area"}


def _read_service(reader: _Reader, raw: LineDict, where: str) -> Service | None:
    name = reader.text(raw, "name", where)
    where = f"service {name}" if name else where
    serves = reader.text(raw, "serves", where)
    values = {f: reader.text(raw, f, where, required=False) for f in ("phone", "tty", "text", "web", "hours", "area")}
    if not (values["phone"] or values["text"] or values["web"]):
        reader.problem(raw.line, f"{where}: give at least one of phone, text or web")
    for field in ("phone", "tty"):
        if values[field] and not PHONE.match(values[field]):
            reader.problem(raw.line_of(field), f"{where}: '{field}' must be digits with single spaces or hyphens "
                                               f"between groups, like 0808 2000 247, got {values[field]!r}")
    audiences = reader.items(raw.get("for"), raw.line_of("for"), f"{where}: for")
    unknown = [a for a in audiences if a not in AUDIENCES]
    if unknown or not audiences:
        reader.problem(raw.line_of("for"), f"{where}: 'for' must list who the service is for, from: "
                                           f"{', '.join(AUDIENCES)} (got {list(audiences) or 'nothing'})")
    verified = _read_verification(reader, raw, where)
    if not (name and serves and verified) or unknown or not audiences:
        return None
    return Service(name, serves, tuple(audiences), verified, **values)


def _read_verification(reader: _Reader, raw: LineDict, where: str) -> Verification | None:
    if "verified" not in raw:
        reader.problem(raw.line, f"{where}: missing field 'verified' (how and when its details were checked: "
                                 "status, date, source)")
        return None
    record = reader.mapping(raw.get("verified"), raw.line_of("verified"), f"{where}: verified")
    if record is None:
        return None
    reader.unknown_keys(record, {"status", "date", "source"}, f"{where}: verified")
    status = reader.text(record, "status", f"{where}: verified")
    date = str(record.get("date") or "")
    source = reader.text(record, "source", f"{where}: verified")
    if status not in (None, "confirmed", "unconfirmed"):
        reader.problem(record.line_of("status"), f"{where}: verified status must be confirmed or unconfirmed, "
                                                 f"got {status!r}")
        return None
    if not re.fullmatch(r"20\d\d-(0[1-9]|1[0-2])(-\d\d)?", date):
        reader.problem(record.line_of("date"), f"{where}: verified 'date' must be a date like 2026-11 or 2026-11-30, "
                                             f"got {date or 'nothing'!r}")
        return None
    return Verification(status, date, source) if status and source else None


def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """Read course/glossary.yml: plain-language definitions, sorted A to Z."""
    path = path or course_root() / "course" / "glossary.yml"
    reader = _Reader(path)
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
