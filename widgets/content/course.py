"""The course outline (course/course.yml), its references, its support resources and its glossary, validated.

Every file is read against its schema (schema.py); each loader then checks the rules a schema cannot state
(unique ids across entries and files) and collects *all* problems, each as `file:line: message`, before
raising one ContentError.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root
from .files import Reader, read_file
from .schema import (
    AUDIENCES,
    MONTHS,
    STRENGTHS,
    CourseFile,
    GlossaryFile,
    ModuleEntry,
    Objective,
    ReferencesFile,
    Region,
    Resources,
    Service,
    Verification,
)

__all__ = ["AUDIENCES", "MONTHS", "STRENGTHS", "UNCONFIRMED_NOTE", "Course", "Module", "Objective", "Reference",
           "Region", "Resources", "Service", "Term", "Verification", "load_course", "load_glossary",
           "load_references", "load_resources"]



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


# Said once under any list that holds a service not yet checked.
UNCONFIRMED_NOTE = ("Services marked \"not yet checked\" are listed in good faith but the course has not yet "
                    "checked their details with the service: please confirm them on the service's website.")


def load_course(path: Path | None = None) -> Course:
    """Read and validate course/course.yml (schema: `schema.CourseFile`)."""
    reader, outline = read_file(path or course_root() / "course" / "course.yml", CourseFile)
    modules = tuple(_module(reader, entry) for entry in outline.modules) if outline else ()
    seen_modules: dict[str, int] = {}
    seen_objectives: dict[str, int] = {}
    for entry in outline.modules if outline else ():
        reader.unique(seen_modules, entry.id, entry.line_of("id"), "module id")
        for objective in entry.objectives:
            reader.unique(seen_objectives, objective.id, objective.line_of("id"), "objective id")
    reader.finish()
    # Ids are the teaching order (00 first), whatever order the entries are written in.
    return Course(title=outline.title, modules=tuple(sorted(modules, key=lambda m: m.id)))


def _module(reader: Reader, entry: ModuleEntry) -> Module:
    for objective in entry.objectives:
        if not objective.id.startswith(f"{entry.id}-"):
            reader.problem(objective.line_of("id"), f"objective id {objective.id!r} must look like "
                                                    f"'{entry.id}-short-name'")
    return Module(entry.id, entry.slug, entry.title, entry.minutes.teaching, entry.minutes.exercises,
                  entry.objectives, tuple(entry.key_points),
                  entry.content_note)


def load_references(folder: Path | None = None, problems: list[Problem] | None = None) -> dict[str, Reference]:
    """Read every course/references/*.yml (schema: `schema.ReferencesFile`); keys must be unique across files.

    With a `problems` list, problems go there and the references of the files that could be read are returned;
    without one, any problem raises ContentError."""
    folder = folder or course_root() / "course" / "references"
    references: dict[str, Reference] = {}
    first_seen: dict[str, str] = {}
    found: list[Problem] = []
    for path in sorted(folder.glob("*.yml")):
        try:
            reader, entries = read_file(path, ReferencesFile)
        except ContentError as exc:
            found.extend(exc.problems)
            continue
        for key, entry in (entries.root if entries else {}).items():
            line = reader.data.line_of(key)
            if key in first_seen:
                reader.problem(line, f"duplicate reference key {key!r} (first in {first_seen[key]})")
                continue
            first_seen[key] = f"{reader.path}:{line}"
            references[key] = Reference(key, entry.short, entry.full, entry.doi, entry.url, entry.strength,
                                        Problem(reader.path, line, ""))
        found.extend(reader.problems)
    if problems is not None:
        problems.extend(found)
    elif found:
        raise ContentError(found)
    return references


def load_resources(path: Path | None = None) -> Resources:
    """Read course/resources.yml (schema: `schema.Resources`): support services by region, one file a
    facilitator can localise."""
    reader, resources = read_file(path or course_root() / "course" / "resources.yml", Resources)
    reader.finish()
    return resources


def load_glossary(path: Path | None = None) -> tuple[Term, ...]:
    """Read course/glossary.yml (schema: `schema.GlossaryFile`): plain-language definitions, sorted A to Z."""
    reader, glossary = read_file(path or course_root() / "course" / "glossary.yml", GlossaryFile)
    reader.finish()
    terms = (Term(str(word), entry.means, entry.module) for word, entry in glossary.root.items())
    return tuple(sorted(terms, key=lambda t: t.word.lower()))
