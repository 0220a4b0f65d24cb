"""The learner app's pages as data: the home page's module list with progress, each module's neighbours,
the support services. (The browser tests in tests/browser/test_app.py drive the real pages.)"""

from __future__ import annotations

import pytest

from widgets.app.site import Progress, home_entries, neighbours, support_lines
from widgets.content.banks import load_banks
from widgets.content.course import load_course, load_resources
from widgets.learner.models.learner_data import record_attempt
from widgets.learner.store import LearnerStore

COURSE = load_course()
ITEM_IDS = {m: [i.id for i in bank.practice] for m, bank in load_banks(COURSE).items()}


def test_home_lists_every_module_in_order_with_progress_from_the_store(store: LearnerStore) -> None:
    first, second = ITEM_IDS["01"][:2]
    record_attempt(store, "01", first, False)
    record_attempt(store, "01", first, True)
    record_attempt(store, "01", second, False)
    entries = home_entries(COURSE, ITEM_IDS, store)
    assert [e.id for e in entries] == [m.id for m in COURSE.modules]
    by_id = {e.id: e for e in entries}
    assert by_id["01"].progress == Progress(1, len(ITEM_IDS["01"]))
    assert by_id["01"].link.path == "voila/render/01_what_is_a_trauma_bond.ipynb"
    assert by_id["01"].link.title == "Module 01: What a trauma bond is"
    assert by_id["00"].progress.answered == 0


def test_progress_is_said_in_words() -> None:
    assert Progress(0, 5).words == "Not started: 5 questions"
    assert Progress(2, 5).words == "Started: 2 of 5 questions answered correctly"
    assert Progress(5, 5).words == "Done: all 5 questions answered correctly" and Progress(5, 5).done
    assert Progress(0, 0).words == "No quiz in this module" and not Progress(0, 0).done
    assert Progress(0, 5, known=False).words == "Progress could not be read"


def test_home_still_lists_the_modules_when_progress_cannot_be_read() -> None:
    entries = home_entries(COURSE, ITEM_IDS, None)
    assert len(entries) == len(COURSE.modules) and not any(e.progress.known for e in entries)


@pytest.mark.parametrize("index", range(len(COURSE.modules)))
def test_every_module_links_to_its_neighbours(index: int) -> None:
    modules = COURSE.modules
    page = neighbours(COURSE)[modules[index].name]
    assert page["self"].title.startswith(f"Module {modules[index].id}: ")
    assert (page["previous"] is None) == (index == 0)
    assert (page["next"] is None) == (index == len(modules) - 1)
    if page["next"]:
        assert page["next"].path.endswith(f"{modules[index + 1].name}.ipynb")


def test_support_lists_every_service_with_a_way_to_reach_it() -> None:
    resources = load_resources()
    regions = support_lines(resources)
    assert [r["name"] for r in regions] == [r.name for r in resources.regions]
    assert all(s["ways"] for r in regions for s in r["services"])
    assert regions[0]["emergency"] == resources.regions[0].emergency
