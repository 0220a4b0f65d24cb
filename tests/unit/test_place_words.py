"""What the learner reads about where their things are kept follows the store's kind of place: a folder on the
computer running the course, or (in the browser edition) this web browser's own storage for the site."""

from __future__ import annotations

import html
import re
from pathlib import Path

import ipywidgets as ipw
import pytest

from widgets.learner.store import BrowserFiles, InMemory, LearnerStore, LocalFiles
from widgets.learner.views.notes import MyDataView, ReflectionView, SavingChoiceView
from widgets.learner.views.summary import SummaryView
from widgets.learner.views.worksheet import Field, WorksheetView

COMPUTER = re.compile(r"computer|server|course folder|/drive|course-data", re.I)


@pytest.fixture
def browser_store(tmp_path: Path) -> LearnerStore:
    """A learner store as the browser edition makes it: BrowserFiles in a folder on the drive."""
    (tmp_path / "drive").mkdir()
    return LearnerStore(local=BrowserFiles(tmp_path / "drive" / "course-data"))


def texts(*widgets: ipw.Widget) -> str:
    """Every text and tooltip the learner can read in these widgets and their children, HTML unescaped."""
    found: list[str] = []
    for widget in widgets:
        for name in ("value", "description", "tooltip", "placeholder"):
            value = getattr(widget, name, None)
            if isinstance(value, str):
                found.append(html.unescape(value))
        found.append(texts(*getattr(widget, "children", ())))
    return "\n".join(found)


def test_each_back_end_says_what_kind_of_place_it_is(tmp_path: Path, browser_store: LearnerStore) -> None:
    assert LocalFiles(tmp_path / "a").place == "folder"
    assert BrowserFiles(tmp_path / "b").place == "browser"
    assert InMemory().place == "memory"
    assert LearnerStore(tmp_path / "c").place == "folder"
    assert browser_store.place == "browser"
    browser_store.set_saving(False)
    assert browser_store.place == "browser", "the files the panel lists and deletes are still the browser's"


def test_the_data_panel_in_the_browser_says_the_browser_keeps_it_and_what_deletes_it(
        browser_store: LearnerStore) -> None:
    panel = MyDataView(browser_store)
    where = html.unescape(panel.where.value)
    assert "only in this web browser's own storage for this site" in where
    assert "Nothing is sent anywhere" in where
    assert "clear this site's data" in where and "private window" in where
    assert "Anyone who uses this browser on this device could open them" in where
    assert "from this web browser" in panel.delete_button.tooltip
    assert not COMPUTER.search(texts(panel.root)), texts(panel.root)


def test_the_data_panel_on_a_computer_still_shows_its_folder(store: LearnerStore) -> None:
    panel = MyDataView(store)
    assert "<code>" in panel.where.value and str(store.folder.name) in panel.where.value
    assert "on the computer or server running this course" in panel.where.value
    assert "from this computer" in panel.delete_button.tooltip


def test_export_and_delete_in_the_browser_speak_of_the_browser(browser_store: LearnerStore) -> None:
    note = ReflectionView("01-reflect", "What stood out?", browser_store)
    note.text.value = "a note"
    assert note.save()
    assert "only in this web browser's own storage for this site" in html.unescape(note.status.value)
    panel = MyDataView(browser_store)
    assert "a note" in panel.export()
    assert "Saved a copy, only in this web browser's own storage" in html.unescape(panel.status.value)
    panel.ask_to_delete()
    panel.delete()
    assert "left in this web browser's storage" in html.unescape(panel.status.value)
    assert not COMPUTER.search(texts(panel.root, note.root))


def test_saving_off_and_the_other_private_views_in_the_browser_name_no_computer_or_folder(
        browser_store: LearnerStore) -> None:
    choice = SavingChoiceView(browser_store)
    assert "this web browser's own storage for this site" in html.unescape(texts(choice.root))
    choice.choice.value = SavingChoiceView.NOTHING
    sheet = WorksheetView("05-test", "Test sheet", [Field("One word", "text")], "Intro.", browser_store)
    summary = SummaryView(browser_store)
    panel = MyDataView(browser_store)
    assert "Saving is off" in sheet.notice.widget.value
    shown = texts(choice.root, sheet.root, summary.root, panel.root)
    assert "saved only in this web browser's own storage for this site" in shown
    assert not COMPUTER.search(shown), shown
    summary.make("markdown")
    status = re.sub(r'href="data:[^"]*"', "", summary.status.value)  # the download link's text, not its data
    assert "Your summary is ready" in status and not COMPUTER.search(html.unescape(status)), status
