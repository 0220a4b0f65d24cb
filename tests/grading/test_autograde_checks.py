"""The checks in assessment notebooks (answer forms, scoring, partial credit) and how the grader reads answers."""

from __future__ import annotations

import pytest

from widgets.content.banks import load_banks
from widgets.content.course import load_course
from widgets.grading.answers import Response, read_answer, read_check
from widgets.grading.assignments import item_spec
from widgets.grading.autograde_checks import check_format, letters_in, score

from .submissions import right_answer, wrong_answer


def test_letters_are_read_however_they_are_typed() -> None:
    assert letters_in("b") == "B"
    assert letters_in("1C, 2a 3-d") == "CAD"
    assert letters_in(3) == ""


@pytest.mark.parametrize(("answer", "kind", "message"), [
    ("", "one", "not answered yet"),
    ("AB", "one", "just one letter"),
    ("E", "one", "only the letters A to D"),
    ("A A", "set", "only once"),
    ("ABC", "seq", "all 4 letters"),
    ("maybe", "tf", "true or false"),
])
def test_a_badly_formed_answer_gets_a_plain_message(answer: str, kind: str, message: str) -> None:
    with pytest.raises(AssertionError, match=message):
        check_format(answer, kind, 4, 7)


def test_well_formed_answers_pass_the_form_check() -> None:
    check_format("c", "one", 4, 1)
    check_format("A, C", "set", 4, 1)
    check_format("1D 2A 3C 4B", "seq", 4, 1)
    check_format(True, "tf", 2, 1)


def test_scores_give_partial_credit_where_the_type_allows(capsys) -> None:
    say = {letter: f"about {letter}" for letter in "ABCD"}
    assert score("B", {"kind": "one", "key": "B", "points": 1, "say": say}) == 1.0
    assert score("A", {"kind": "one", "key": "B", "points": 1, "say": say}) == 0.0
    assert "about A" in capsys.readouterr().out
    many = {"kind": "set", "key": "AC", "points": 1, "say": say}
    assert score("A C", many) == 1.0
    assert score("A", many) == 0.5
    assert score("A B", many) == 0.0  # a wrong pick cancels a right one
    seq = {"kind": "seq", "key": "CADB", "points": 1, "say": ["p1", "p2", "p3", "p4"]}
    assert score("CADB", seq) == 1.0
    assert score("CABD", seq) == 0.5
    out = capsys.readouterr().out
    assert "p3" in out and "p4" in out and "p1" not in out.replace("Every part", "")
    assert score("false", {"kind": "tf", "key": False, "points": 1, "say": {"T": "t", "F": "f"}}) == 1.0


def test_every_bank_item_scores_full_marks_for_its_key_and_less_for_a_wrong_answer() -> None:
    course = load_course()
    for bank in load_banks(course).values():
        for item in bank.items:
            spec = {**item_spec(item)[2], "points": 1}
            assert score(right_answer(item), spec) == 1.0, item.id
            assert score(wrong_answer(item), spec) < 1.0, item.id


def test_the_right_option_is_not_always_in_the_same_place() -> None:
    """Banks list the right option first; learners and students must see it in varied places."""
    course = load_course()
    places = {item_spec(item)[2]["key"] for bank in load_banks(course).values() for item in bank.items
              if item.type == "single"}
    assert len(places) >= 3


@pytest.mark.parametrize(("source", "value"), [
    ('answer_3 = "B"', "B"),
    ("# Type the letter. Then run this cell.\nanswer_3 = ''\nanswer_3 = 'a c'  # my pick", "a c"),
    ("answer_3 = True", True),
])
def test_the_grader_reads_the_typed_answer(source: str, value: object) -> None:
    assert read_answer(source, "answer_3") == Response(value)


@pytest.mark.parametrize(("source", "problem"), [
    ('answer_3 = "B"\nprint(answer_3)', "other code (line 2)"),
    ('answer_3 = "B".lower()', "line 1 is not a plain answer"),
    ('answer_3 = "B', "Python cannot read"),
    ('answer_2 = "B"', "other code (line 1)"),
    ("# nothing here", "no `answer_3"),
    ('get_ipython().ast_node_interactivity = "none"\nanswer_3 = "B"', "other code (line 1)"),
    ("answer_3 = '" + "A" * 5000 + "'", "longer than"),
])
def test_an_answer_cell_with_anything_but_the_answer_is_not_read(source: str, problem: str) -> None:
    response = read_answer(source, "answer_3")
    assert response.value is None and problem in response.problem


def test_the_check_is_read_from_the_instructors_check_cell() -> None:
    spec = {"kind": "one", "key": "B", "say": {"A": "a", "B": "b"}, "points": 1}
    source = (f"check_format(answer_4, 'one', 2, 4)\n### BEGIN HIDDEN TESTS\ndef score(answer, spec):\n"
              f"    print(len(answer))\n\nscore(answer_4, {spec!r})\n### END HIDDEN TESTS")
    check = read_check(source)
    assert (check.variable, check.kind, check.count, check.number, check.spec) == ("answer_4", "one", 2, 4, spec)
    assert read_check("check_format(answer_4, 'one', 2, 4)") is None  # the student version has no key
