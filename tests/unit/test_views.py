"""Widget views driven as a learner would, without a browser: callbacks are plain methods."""

from __future__ import annotations

import asyncio
import html
import threading
from pathlib import Path

import mistune
import pytest

from widgets.content.activities import Card, CardSort
from widgets.content.banks import Item, Option, Pair
from widgets.learner.models.learner_data import load_note, quiz_records
from widgets.learner.store import LearnerStore
from widgets.learner.views._late_answer import QUICK, SETTLE
from widgets.learner.views._view import esc
from widgets.learner.views.card_sort import CardSortView
from widgets.learner.views.notes import MyDataView, ReflectionView
from widgets.learner.views.quiz import QuizView

SCRIPT = '<script>alert("x")</script>'


def items() -> list[Item]:
    return [
        Item("01-a", "01", "01-define", "single", "Which is right?", options=(
            Option(text="Wrong one", correct=False, feedback="That mixes it up."),
            Option(text="Right one", correct=True, feedback="Yes, exactly."))),
        Item("01-b", "01", "01-define", "multiple", "Pick all", options=(
            Option(text="A", correct=True, feedback="A fits."),
            Option(text="B", correct=False, feedback="B does not."),
            Option(text="C", correct=True, feedback="C fits."))),
        Item("01-c", "01", "01-settings", "matching", "Match", pairs=(
            Pair(left="Family", right="a parent", feedback="Family is relatives."),
            Pair(left="Work", right="a boss", feedback="Work is a job."))),
        Item("01-d", "01", "01-origin", "ordering", "Order", steps=(
            Option(text="first", correct=True, feedback="f1"),
            Option(text="second", correct=True, feedback="f2"),
            Option(text="third", correct=True, feedback="f3"))),
    ]


def test_wrong_then_right_shows_feedback_and_saves_progress(store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    first = quiz.items[0]
    first.set_response(0)
    assert not first.check().correct
    assert "Not quite" in first.feedback.value and "That mixes it up." in first.feedback.value
    first.set_response(1)
    assert first.check().correct
    assert "✔ Right." in first.feedback.value and "Yes, exactly." in first.feedback.value
    assert "1 of 4 answered correctly (0 on the first try)" in quiz.score.value
    assert quiz_records(store, "01")["01-a"]["attempts"] == 2


def test_progress_is_restored_after_a_restart(store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    quiz.items[1].set_response({0, 2})
    assert quiz.items[1].check().correct
    again = QuizView("01", items(), LearnerStore(store.folder))
    assert "1 of 4 answered correctly (1 on the first try)" in again.score.value
    assert "correctly before" in again.items[1].feedback.value


def test_reveal_is_offered_after_two_wrong_tries_and_does_not_count(store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    view = quiz.items[2]
    view.set_response(["a boss", "a parent"])
    view.check()
    assert view.reveal_button.layout.display == "none"
    view.check()
    assert view.reveal_button.layout.display == ""
    view.reveal()
    assert view.response() == ["a parent", "a boss"]
    assert "not counted" in view.feedback.value
    assert not quiz_records(store, "01")["01-c"]["correct"]


def test_unanswered_check_asks_for_an_answer_and_records_nothing(store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    quiz.items[0].check()
    assert "Choose an answer first" in quiz.items[0].feedback.value
    assert quiz_records(store, "01") == {}


def test_ordering_starts_shuffled_and_can_be_solved(store: LearnerStore) -> None:
    view = QuizView("01", items(), store).items[3]
    assert view.response() != [0, 1, 2]
    view.set_response([0, 1, 2])
    assert view.check().correct


def test_quiz_keeps_working_when_saving_fails(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    quiz = QuizView("01", items(), LearnerStore(blocker / "data"))
    quiz.items[0].set_response(1)
    assert quiz.items[0].check().correct
    assert "not saved" in quiz.notice.value
    assert "1 of 4 answered correctly" in quiz.score.value


def test_a_damaged_progress_file_is_reported_in_the_quiz(store: LearnerStore) -> None:
    store.folder.mkdir(parents=True)
    store.file("progress").write_text("{broken", encoding="utf-8")
    quiz = QuizView("01", items(), store)
    assert "was kept as" in quiz.notice.value


def test_reflection_escapes_learner_text_and_survives_restart(store: LearnerStore) -> None:
    view = ReflectionView("01-reflect", "What stood out?", store)
    view.text.value = SCRIPT
    assert view.save()
    assert "Saved" in view.status.value
    assert load_note(store, "01-reflect") == SCRIPT
    again = ReflectionView("01-reflect", "What stood out?", LearnerStore(store.folder))
    assert again.text.value == SCRIPT


def test_my_data_exports_escaped_markdown_and_deletes_after_confirming(store: LearnerStore) -> None:
    ReflectionView("01-reflect", "What stood out?", store).text.value = "x"
    view = ReflectionView("01-reflect", "What stood out?", store)
    view.text.value = SCRIPT + "\nsecond line"
    view.save()
    panel = MyDataView(store)
    assert "notes.json" in panel.where.value
    text = panel.export()
    assert "> " + html.escape(SCRIPT, quote=False) in text and "> second line" in text
    assert "<script" not in mistune.html(text)  # a Markdown viewer shows the tag as text; it never runs
    assert (store.folder / "my-course-notes.md").read_text(encoding="utf-8") == text
    assert SCRIPT not in panel.status.value and SCRIPT not in panel.where.value
    panel.ask_to_delete()
    assert panel.confirm_row.layout.display == "" and store.files()
    panel.cancel()
    assert store.files()
    panel.ask_to_delete()
    panel.delete()
    assert store.files() == [] and "Deleted 2 files" in panel.status.value


def test_card_sort_explains_each_card_and_lists_the_hard_ones() -> None:
    sort = CardSort(id="t", title="Myth or fact?", instructions="Sort them.", categories=("Myth", "Fact"), cards=(
        Card(text="Only partners", answer="Myth", explanation="Also families."),
        Card.model_construct(text=SCRIPT, answer="Fact", explanation="Because."),  # as if never checked
        Card(text="Unsorted", answer="Fact", explanation="Left.")))
    view = CardSortView(sort)
    view.choices[0].value = "Fact"
    view.choices[1].value = "Fact"
    result = view.check()
    assert result.right == 1 and result.unanswered == 1
    assert "You chose Fact" in view.explanations[0].value and "Also families." in view.explanations[0].value
    assert "✔" in view.explanations[1].value
    assert SCRIPT not in view.explanations[1].value + view.summary.value
    assert "Only partners" in view.summary.value and "1 card is not sorted yet" in view.summary.value


@pytest.mark.parametrize("text", [SCRIPT, "a & b", '"quoted"'])
def test_esc_neutralises_html(text: str) -> None:
    assert "<" not in esc(text) and '"' not in esc(text)


def test_worksheet_saves_every_kind_of_field_and_restores_it(store: LearnerStore) -> None:
    from widgets.learner.views.worksheet import Field, WorksheetView

    fields = [Field("Situation", "long"), Field("My boundaries", "list", rows=2),
              Field("How strong (0-10)", "scale"), Field("When", "choice", choices=("Daily", "Weekly")),
              Field("One word", "text")]
    sheet = WorksheetView("05-test", "Test sheet", fields, "Intro.", store)
    sheet.controls[0].value = SCRIPT
    sheet.controls[1].value = ["one", "two", "three"]  # more lines than shown: lines are added
    sheet.controls[2].value = "7"
    sheet.controls[3].value = "Weekly"
    assert sheet.save() and "Saved" in sheet.status.value
    again = WorksheetView("05-test", "Test sheet", fields, "Intro.", LearnerStore(store.folder))
    assert again.values() == {"Situation": SCRIPT, "My boundaries": ["one", "two", "three"],
                              "How strong (0-10)": "7", "When": "Weekly", "One word": ""}
    assert len(again.controls[1].lines) == 3


def test_worksheet_field_kinds_are_checked() -> None:
    from widgets.learner.views.worksheet import Field

    with pytest.raises(ValueError, match="kind must be one of"):
        Field("x", "essay")
    with pytest.raises(ValueError, match="at least two choices"):
        Field("x", "choice", choices=("only",))


# -- a click that reaches the kernel before the answer it was meant for ----------------------------------------


def _on_own_thread(run) -> None:
    """Run `run` on a thread of its own, as a kernel handles a message: the test process's main thread may hold
    another library's event loop (Playwright's, for the browser tests)."""
    failures: list[BaseException] = []

    def target() -> None:
        try:
            run()
        except BaseException as exc:  # noqa: BLE001 - handed back to the test
            failures.append(exc)

    thread = threading.Thread(target=target)
    thread.start()
    thread.join(30)
    if failures:
        raise failures[0]


def _in_a_kernel_loop(steps) -> None:
    """Run `steps` as a kernel runs message handlers: on a running event loop, with time for what it schedules."""
    async def run() -> None:
        steps()
        await asyncio.sleep(SETTLE + 0.3)

    _on_own_thread(lambda: asyncio.run(run()))


def _click(view) -> None:
    """A click outside any event loop (a script, nbval): checked at once."""
    _on_own_thread(view.check_button.click)


def test_a_click_that_overtakes_the_new_answer_checks_the_new_answer(store: LearnerStore) -> None:
    """Keyboard: the learner moves from a wrong answer to the right one and presses Enter at once; the browser
    sends the click before the value it was holding back (one update per widget at a time)."""
    quiz = QuizView("01", items(), store)
    view = quiz.items[0]
    view.set_response(0)
    _click(view)  # outside a kernel's loop: checked at once
    assert "Not quite" in view.feedback.value

    def keyboard() -> None:
        view.check_button.click()  # the click arrives first...
        view.control.value = 1  # ...then the answer it was meant for

    _in_a_kernel_loop(keyboard)
    assert "✔ Right." in view.feedback.value, view.feedback.value
    assert quiz_records(store, "01")["01-a"] == {**quiz_records(store, "01")["01-a"], "attempts": 2,
                                                 "correct": True, "first_try": False}


def test_a_first_answer_that_arrives_after_the_click_is_checked_and_counts_as_the_first_try(
        store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    view = quiz.items[1]

    def keyboard() -> None:
        view.check_button.click()
        view.boxes[0].value = True  # two boxes ticked; their values arrive after the click
        view.boxes[2].value = True

    _in_a_kernel_loop(keyboard)
    assert "✔ Right." in view.feedback.value
    assert quiz_records(store, "01")["01-b"]["first_try"] is True and quiz_records(store, "01")["01-b"]["attempts"] == 1


def test_an_answer_that_arrives_long_after_a_quick_click_is_still_the_one_checked(store: LearnerStore) -> None:
    """The kernel was busy with the first change for longer than the click waits: the right answer arrives after
    the click was checked, and is checked then."""
    quiz = QuizView("01", items(), store)
    view = quiz.items[0]

    async def busy_kernel() -> None:
        view.control.value = 0  # a change the kernel handles...
        view.check_button.click()  # ...the click right after it...
        await asyncio.sleep(SETTLE + 0.3)
        assert "Not quite" in view.feedback.value  # (checked with the answer it had)
        view.control.value = 1  # ...and the answer the learner moved on to, held back until now

    _on_own_thread(lambda: asyncio.run(busy_kernel()))
    assert "✔ Right." in view.feedback.value


def test_a_change_made_after_reading_the_feedback_waits_for_its_own_click(store: LearnerStore,
                                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    import widgets.learner.views._late_answer as late

    clock = [1000.0]
    monkeypatch.setattr(late.time, "monotonic", lambda: clock[0])
    quiz = QuizView("01", items(), store)
    view = quiz.items[0]
    view.control.value = 0
    clock[0] += QUICK + 1  # the learner chose, then took a moment to reach the button
    _click(view)
    assert "Not quite" in view.feedback.value
    clock[0] += 1
    view.control.value = 1  # a new choice, not yet checked: it waits for the learner's click
    assert "Not quite" in view.feedback.value and quiz_records(store, "01")["01-a"]["attempts"] == 1


def test_showing_the_answer_right_after_a_quick_click_does_not_count_it(store: LearnerStore) -> None:
    quiz = QuizView("01", items(), store)
    view = quiz.items[0]
    for _ in range(2):
        view.control.value = None
        view.control.value = 0
        _click(view)  # quick clicks: a late answer could still count for them
    view.reveal()
    assert "not counted" in view.feedback.value
    assert quiz_records(store, "01")["01-a"] == {**quiz_records(store, "01")["01-a"], "attempts": 2, "correct": False}
