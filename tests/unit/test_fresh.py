"""Saved data is shown fresh in Voilà's pre-heated kernels: views reload once the learner's request arrives,
so a page opened from a kernel started earlier never shows old progress, notes or worksheets."""

from __future__ import annotations

import threading

import pytest

from tests.unit.test_views import items
from widgets.learner.models.learner_data import record_attempt, save_note, save_worksheet
from widgets.learner.store import LearnerStore
from widgets.learner.views import _fresh
from widgets.learner.views.notes import MyDataView, ReflectionView
from widgets.learner.views.quiz import QuizView
from widgets.learner.views.worksheet import Field, WorksheetView


@pytest.fixture
def preheated(monkeypatch: pytest.MonkeyPatch) -> threading.Event:
    """A pre-heated kernel whose page has not been asked for yet; set the event to 'ask for' it."""
    request = threading.Event()
    monkeypatch.setenv("VOILA_PREHEAT", "True")
    monkeypatch.setattr(_fresh, "_reloads", [])
    monkeypatch.setattr(_fresh, "_state", {"waiting": False, "opened": False})
    monkeypatch.setattr(_fresh, "wait_for_request", lambda: request.wait(10))
    return request


def opened(request: threading.Event) -> None:
    """The learner asks for the page: the waiting thread runs every reload."""
    request.set()
    for thread in threading.enumerate():
        if thread.name == "course-fresh-data":
            thread.join(10)


def test_outside_a_preheated_kernel_nothing_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOILA_PREHEAT", raising=False)
    monkeypatch.setattr(_fresh, "_reloads", [])
    _fresh.reload_when_opened(lambda: None)
    assert _fresh._reloads == []


def test_views_show_what_was_saved_after_the_kernel_was_heated(preheated, store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    note = ReflectionView("01-note", "How are you?", store)
    sheet = WorksheetView("05-b", "Boundaries", [Field("Mine"), Field("More", kind="list")], "", store)
    data = MyDataView(store)
    assert "will show here" in quiz.score.value and note.text.value == ""

    # Meanwhile the learner answers and writes on another page (another kernel, same private folder).
    other = LearnerStore(store.folder)
    record_attempt(other, "01", "01-a", True)
    save_note(other, "01-note", "How are you?", "Tired, but OK.")
    save_worksheet(other, "05-b", "Boundaries", {"Mine": "No shouting", "More": ["Time alone"]})
    assert "will show here" in quiz.score.value  # nothing changes until this page is asked for

    opened(preheated)
    assert "1 of 4 answered correctly" in quiz.score.value
    assert "correctly before" in quiz.items[0].feedback.value
    assert note.text.value == "Tired, but OK."
    assert sheet.values() == {"Mine": "No shouting", "More": ["Time alone"]}
    assert "progress.json" in data.where.value and "notes.json" in data.where.value


def test_views_made_after_the_request_are_fresh_already(preheated, store: LearnerStore) -> None:
    QuizView("01", items(), store)
    opened(preheated)
    _fresh.reload_when_opened(lambda: pytest.fail("registered after the page was opened"))
    assert _fresh._reloads == []


def test_one_failing_reload_does_not_stop_the_others(preheated) -> None:
    ran = []
    _fresh.reload_when_opened(lambda: 1 / 0)
    _fresh.reload_when_opened(lambda: ran.append("second"))
    opened(preheated)
    assert ran == ["second"]


def test_a_score_counts_answers_saved_by_another_page(store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    record_attempt(LearnerStore(store.folder), "01", "01-b", True)  # another tab, after this one opened
    quiz.items[0].set_response(1)
    quiz.items[0].check()
    assert "2 of 4 answered correctly" in quiz.score.value
