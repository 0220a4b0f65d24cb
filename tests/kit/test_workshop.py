"""Workshop plans: totals come from module minutes plus the breaks the plan shows."""

from __future__ import annotations

from widgets.content.course import Course, Module, load_course
from widgets.kit.workshop import BLOCK_LIMIT, LUNCH, SHORT_BREAK, blocks, clock, one_day, two_day


def _module(module_id: str, minutes: int) -> Module:
    return Module(module_id, f"m{module_id}", f"Module {module_id}", minutes, 0, (), (), None)


def _course(*minutes: int) -> Course:
    return Course("Test", tuple(_module(f"{i:02d}", m) for i, m in enumerate(minutes)))


def test_blocks_stay_in_order_and_under_the_limit() -> None:
    course = _course(60, 40, 30, 200, 10)
    groups = blocks(course.modules)
    assert [[m.id for m in g] for g in groups] == [["00", "01"], ["02"], ["03"], ["04"]]
    assert all(sum(m.minutes for m in g) <= BLOCK_LIMIT or len(g) == 1 for g in groups)


def test_one_day_totals_add_module_minutes_and_breaks_with_lunch_near_the_middle() -> None:
    course = _course(100, 100, 100, 100)
    plan = one_day(course)
    kinds = [s.kind for s in plan.days[0].slots]
    assert kinds == ["module", "break", "module", "lunch", "module", "break", "module"]
    assert plan.module_minutes == 400
    assert plan.total == 400 + 2 * SHORT_BREAK + LUNCH
    day = plan.days[0]
    assert clock(day.start) == "09:00" and day.end - day.start == plan.total
    assert all(a.end == b.start for a, b in zip(day.slots, day.slots[1:], strict=False))


def test_two_day_split_is_the_most_even_one_and_has_no_lunch() -> None:
    plan = two_day(_course(30, 30, 30, 90))
    assert [[s.module_id for s in d.slots if s.kind == "module"] for d in plan.days] == [["00", "01", "02"], ["03"]]
    assert all(s.kind != "lunch" for d in plan.days for s in d.slots)
    assert plan.module_minutes == 180


def test_the_real_course_plans_cover_every_module_once() -> None:
    course = load_course()
    for plan in (one_day(course), two_day(course)):
        ids = [s.module_id for d in plan.days for s in d.slots if s.kind == "module"]
        assert ids == [m.id for m in course.modules]
        assert plan.module_minutes == sum(m.minutes for m in course.modules)
