"""The checks that run inside assessment notebooks: answer forms, scoring, partial credit, the grading guard."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from widgets.content.banks import load_banks
from widgets.content.course import load_course
from widgets.grading.assignments import item_spec
from widgets.grading.autograde_checks import check_format, letters_in, score
from widgets.grading.guard import GradingGuardError, make_hook

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


def test_the_guard_blocks_course_files_and_programs_but_not_the_students_own_folder(tmp_path) -> None:
    course = tmp_path / "course"
    own = course / "autograded" / "student" / "01"
    own.mkdir(parents=True)
    (course / "source").mkdir()
    (course / "source" / "answers.txt").write_text("B")
    script = (
        "import os, subprocess, sys\n"
        "from widgets.grading.guard import make_hook, GradingGuardError\n"
        f"sys.addaudithook(make_hook([{str(course)!r}], os.getcwd()))\n"
        "open('mine.txt', 'w').write('kept')\n"
        "print(open('mine.txt').read())\n"
        "for attempt in (lambda: open('../../../source/answers.txt').read(),\n"
        "                lambda: os.listdir('../..'),\n"
        "                lambda: subprocess.run(['true']),\n"
        "                lambda: os.kill(os.getppid(), 0)):\n"
        "    try:\n"
        "        attempt(); print('NOT BLOCKED')\n"
        "    except GradingGuardError:\n"
        "        print('blocked')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], cwd=own, capture_output=True, text=True,
                            env={**os.environ, "PYTHONPATH": os.getcwd()}, check=True)
    assert result.stdout.split() == ["kept"] + ["blocked"] * 4


def test_the_guard_hook_allows_reading_outside_the_course(tmp_path) -> None:
    hook = make_hook([str(tmp_path / "course")], str(tmp_path / "course" / "autograded" / "s"))
    hook("open", (str(tmp_path / "elsewhere.txt"), "r", 0))
    with pytest.raises(GradingGuardError):
        hook("open", (str(tmp_path / "course" / "gradebook.db"), "r", 0))
