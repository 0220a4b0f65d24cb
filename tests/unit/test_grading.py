"""Pure grading: every item type, partial and complete answers, and the answer key shape."""

from __future__ import annotations

from widgets.content.banks import Item, Option, Pair, correct_response, grade


def single() -> Item:
    return Item("x-1", "01", "01-a", "single", "Pick", options=(
        Option(text="A", correct=False, feedback="A is a myth."),
        Option(text="B", correct=True, feedback="B is right."),
        Option(text="C", correct=False, feedback="C no.")))


def test_single_choice_feedback_is_the_chosen_options() -> None:
    wrong = grade(single(), 0)
    assert not wrong.correct and wrong.feedback[0].text == "A is a myth." and not wrong.feedback[0].good
    right = grade(single(), 1)
    assert right.correct and right.feedback[0].text == "B is right."


def test_no_answer_is_incomplete_not_wrong() -> None:
    assert grade(single(), None).incomplete


def test_multiple_select_needs_exactly_the_right_set() -> None:
    item = Item("x-2", "01", "01-a", "multiple", "Pick all", options=(
        Option(text="A", correct=True, feedback="fa"),
        Option(text="B", correct=True, feedback="fb"),
        Option(text="C", correct=False, feedback="fc")))
    partial = grade(item, {0})
    assert not partial.correct
    assert any("left out 1" in f.text for f in partial.feedback)
    extra = grade(item, {0, 1, 2})
    assert not extra.correct and [f.good for f in extra.feedback] == [True, True, False]
    assert grade(item, {0, 1}).correct


def test_matching_reports_each_wrong_pair() -> None:
    item = Item("x-3", "01", "01-a", "matching", "Match", pairs=(
        Pair(left="Family", right="a parent", feedback="Family means relatives."),
        Pair(left="Work", right="a boss", feedback="Work means a job.")))
    result = grade(item, ["a boss", "a parent"])
    assert not result.correct and len(result.feedback) == 2
    assert grade(item, ["a parent", "a boss"]).correct
    assert grade(item, ["a parent", None]).incomplete
    assert sorted(item.right_choices()) == ["a boss", "a parent"]
    assert item.right_choices() == item.right_choices()


def test_ordering_is_shuffled_stably_and_graded_by_position() -> None:
    steps = tuple(Option(text=t, correct=True, feedback=f"{t} feedback") for t in ("one", "two", "three", "four"))
    item = Item("x-4", "02", "02-a", "ordering", "Order", steps=steps)
    shown = item.shuffled_steps()
    assert shown != [0, 1, 2, 3] and sorted(shown) == [0, 1, 2, 3] and shown == item.shuffled_steps()
    assert grade(item, [0, 1, 2, 3]).correct
    swapped = grade(item, [1, 0, 2, 3])
    assert not swapped.correct and len(swapped.feedback) == 2
    assert grade(item, [0, 0, 1, 2]).incomplete


def test_correct_response_grades_as_correct_for_every_type() -> None:
    items = [single(), Item("t", "01", "01-a", "true_false", "S", options=(
        Option(text="True", correct=False, feedback="f1"), Option(text="False", correct=True, feedback="f2")))]
    for item in items:
        assert grade(item, correct_response(item)).correct
