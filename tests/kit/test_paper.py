"""course/handouts.yml: one paper activity per module, read from the single source, with file:line errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets._errors import ContentError
from widgets.content.activities import load_card_sort
from widgets.content.course import load_course
from widgets.content.files import activity_path
from widgets.kit.paper import load_plan, paper_activity


def test_every_module_has_a_paper_activity_from_the_course_files() -> None:
    course = load_course()
    plan = load_plan(course)
    kinds = {m.id: paper_activity(plan, m).kind for m in course.modules}
    assert set(kinds) == {m.id for m in course.modules}
    assert kinds["01"] == "tick" and kinds["02"] == "order" and kinds["04"] == "match" and kinds["06"] == "write"


def test_a_worksheet_is_read_from_the_notebook_source_with_its_fields() -> None:
    course = load_course()
    activity = paper_activity(load_plan(course), course.module("06"))
    labels = [f.label for f in activity.fields]
    assert "Automatic thought" in labels and "A balanced thought" in labels
    assert {f.kind for f in activity.fields} >= {"long", "scale", "list"}


def test_answers_match_the_card_sort_and_the_mixed_up_order_is_mixed() -> None:
    course = load_course()
    plan = load_plan(course)
    sort = paper_activity(plan, course.module("03"))
    cards = load_card_sort(activity_path("03_relationship_sorter")).cards
    assert len(sort.answers) == len(sort.items) == len(cards) > 0
    assert sorted(i.text for i in sort.items) == sorted(c.text for c in cards)
    assert {a.answer for a in sort.answers} == set(sort.columns)
    cycle = paper_activity(plan, course.module("02"))
    assert sorted(a.answer for a in cycle.answers) == ["1", "2", "3", "4"]
    assert [a.answer for a in cycle.answers] != ["1", "2", "3", "4"]


def _break(root: Path, old: str, new: str) -> None:
    path = root / "course" / "handouts.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_a_missing_module_and_two_activities_are_reported_with_lines(course_copy: Path) -> None:
    _break(course_copy, '  "07":\n    worksheet: 07-reframe', '  "07":\n    worksheet: 07-reframe\n    activity: x')
    _break(course_copy, '  "00":', '  "09":')
    with pytest.raises(ContentError) as error:
        load_plan(load_course())
    text = str(error.value)
    assert "handouts.yml:" in text
    assert "handout 07: name exactly one of activity, worksheet, reflection" in text
    assert "handout 09: no module '09'" in text
    assert "module 00 has no handout" in text


def test_an_unknown_worksheet_is_reported_with_its_line(course_copy: Path) -> None:
    _break(course_copy, "worksheet: 06-thought-record", "worksheet: 06-no-such-sheet")
    course = load_course()
    with pytest.raises(ContentError, match=r"handouts\.yml:\d+: handout 06: no worksheet\(\"06-no-such-sheet\""):
        paper_activity(load_plan(course), course.module("06"))


def test_python_m_widgets_check_reports_a_broken_handout_once(course_copy: Path) -> None:
    from widgets.authoring.check import run_checks

    _break(course_copy, "reflection: 00-reflect", "reflection: 00-nothing")
    report = run_checks(check_generated=False)
    assert [str(p) for p in report.problems] == [
        f"course/handouts.yml:{_line(course_copy, 'reflection: 00-nothing')}: handout 00: no "
        'reflection("00-nothing", ...) in course/notebooks/00_welcome_and_safety.md']


def _line(root: Path, text: str) -> int:
    lines = (root / "course" / "handouts.yml").read_text(encoding="utf-8").splitlines()
    return next(n for n, line in enumerate(lines, 1) if text in line)
