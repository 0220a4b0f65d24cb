"""What the learner app shows, as plain data: the module list with progress, each module's neighbours, and
the support services. No web server here, so all of it is tested without one."""

from __future__ import annotations

from dataclasses import dataclass

from ..content.course import Course, Module, Resources
from ..learner.models.learner_data import module_progress
from ..learner.store import LearnerStore

RENDER_PREFIX = "voila/render/"  # module pages, relative to the server's base URL, in `make app` (root: modules/)
HUB_RENDER_PREFIX = "voila/render/modules/"  # on a JupyterHub the server's root is the learner's home folder
EXIT_PATH = "weather"  # the neutral page Quick exit opens: it names no course and sends nothing anywhere
SAVING_PATH = "saving"  # whether the learner's work is saved: every page's bar asks it, the home page sets it


@dataclass(frozen=True)
class Link:
    """A page of the app: where it is (relative to the server's base URL) and what it is called."""

    path: str
    title: str


@dataclass(frozen=True)
class Progress:
    """A module's quiz progress, in words as well as numbers (never colour or a bar alone)."""

    answered: int
    total: int
    known: bool = True  # False when the store could not be read (the page says why)

    @property
    def started(self) -> bool:
        return self.answered > 0

    @property
    def done(self) -> bool:
        return self.total > 0 and self.answered >= self.total

    @property
    def words(self) -> str:
        if not self.known:
            return "Progress could not be read"
        if self.total == 0:
            return "No quiz in this module"
        if self.done:
            return f"Done: all {self.total} questions answered correctly"
        if not self.started:
            return f"Not started: {self.total} questions"
        return f"Started: {self.answered} of {self.total} questions answered correctly"


@dataclass(frozen=True)
class HomeEntry:
    """One row of the course home page."""

    id: str
    title: str
    minutes: int
    link: Link
    progress: Progress


def page_title(module: Module) -> str:
    return f"Module {module.id}: {module.title}"


def module_link(module: Module, prefix: str = RENDER_PREFIX) -> Link:
    return Link(f"{prefix}{module.name}.ipynb", page_title(module))


def home_entries(course: Course, item_ids: dict[str, list[str]], store: LearnerStore | None,
                 prefix: str = RENDER_PREFIX) -> list[HomeEntry]:
    """Every module in teaching order with the learner's progress, read now from the private store.

    `item_ids` maps a module id to its quiz item ids (from its question bank); progress counts the items
    answered correctly at least once. Raises StoreError when the store cannot be read; with no store, the
    progress is marked unknown.
    """
    entries = []
    for module in course.modules:
        ids = item_ids.get(module.id, [])
        if store is None:
            progress = Progress(0, len(ids), known=False)
        else:
            counted = module_progress(store, module.id, ids)
            progress = Progress(counted.answered, counted.total)
        entries.append(HomeEntry(module.id, module.title, module.minutes, module_link(module, prefix), progress))
    return entries


def neighbours(course: Course, prefix: str = RENDER_PREFIX) -> dict[str, dict[str, Link | None]]:
    """For each module's notebook name: the previous and next module (None at either end) and its own title.
    `prefix` is where module pages are served, relative to the server's base URL."""
    modules = list(course.modules)
    pages: dict[str, dict[str, Link | None]] = {}
    for index, module in enumerate(modules):
        pages[module.name] = {
            "self": module_link(module, prefix),
            "previous": module_link(modules[index - 1], prefix) if index > 0 else None,
            "next": module_link(modules[index + 1], prefix) if index + 1 < len(modules) else None,
        }
    return pages


def support_lines(resources: Resources) -> list[dict[str, object]]:
    """The support services by region, as the support panel lists them (emergency number first)."""
    regions = []
    for region in resources.regions:
        services = []
        for service in region.services:
            call = service.phone and f"Call {service.phone}" + (f" (TTY {service.tty})" if service.tty else "")
            ways = [w for w in (call, service.text, service.web and f"Online: {service.web}") if w]
            name = f"{service.name} ({service.area})" if service.area else service.name
            services.append({"name": name, "ways": ways, "hours": service.hours or "",
                             "about": f"For: {service.serves}", "checked": service.verified.words()})
        regions.append({"name": region.name, "emergency": region.emergency, "emergency_note": region.emergency_note,
                        "services": services})
    return regions
