"""The cycle timeline: the pure model (loading, validation, stepping) and the view driven as a learner would."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from widgets import cycle_timeline
from widgets._errors import ContentError
from widgets.content import cycle as model
from widgets.content.activities import CardSort, load_activity
from widgets.content.files import activity_path
from widgets.learner.views.cycle import CycleTimelineView, indicator_html

SCRIPT = '<script>alert("x")</script>'

GOOD = """\
id: test_cycle
title: A test cycle
instructions: Press Next.
caveat: One pattern, not a rule.
cite: [walker1979]
phases:
  - id: one
    name: First
    description: The first phase.
    person_using_abuse: They do a first thing.
    person_harmed: They feel a first way.
    schedule_link: The first link.
  - id: two
    name: Second
    description: The second phase.
    person_using_abuse: They do a second thing.
    person_harmed: They feel a second way.
    schedule_link: The second link.
  - id: three
    name: Third
    description: The third phase.
    person_using_abuse: They do a third thing.
    person_harmed: They feel a third way.
    schedule_link: The third link.
"""


def write(tmp_path: Path, text: str, name: str = "test_cycle.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        model.load_cycle(path)
    return [str(p) for p in caught.value.problems]


@pytest.fixture
def three(tmp_path: Path) -> model.Cycle:
    return model.load_cycle(write(tmp_path, GOOD))


# ------------------------------------------------------------------------------------------------ loading


def test_a_valid_cycle_loads(three: model.Cycle) -> None:
    assert [p.id for p in three.phases] == ["one", "two", "three"]
    assert three.phases[1].person_harmed == "They feel a second way."
    assert three.cite == ("walker1979",)
    assert len(three) == 3


def test_module_02_cycle_has_the_four_phases_in_order() -> None:
    cycle = model.load_cycle(activity_path(model.DEFAULT_CYCLE))
    assert [p.id for p in cycle.phases] == ["tension", "incident", "reconciliation", "calm"]
    assert "not a rule" in cycle.caveat
    assert "reward" in model.phase_at(cycle, 2).schedule_link.lower()


def test_missing_field_names_the_file_the_line_and_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    person_harmed: They feel a second way.\n", ""))
    found = problems(path)
    assert len(found) == 1
    # The second phase starts on line 13 ("  - id: two").
    assert found[0].startswith(f"{path}:13: phase two: missing field 'person_harmed'")


def test_unknown_key_names_the_file_the_line_and_the_allowed_keys(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    name: Third\n", "    name: Third\n    mood: calm\n"))
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:21: phase three: unknown field 'mood'")
    assert "person_using_abuse" in problem


def test_unknown_top_level_key_and_wrong_id_are_both_reported(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("id: test_cycle\n", "id: other_name\ncolour: red\n"))
    found = problems(path)
    assert any(p.startswith(f"{path}:1: cycle id 'other_name' must match the file name") for p in found)
    assert any(p.startswith(f"{path}:2: cycle: unknown field 'colour'") for p in found)


def test_duplicate_phase_ids_and_too_few_phases(tmp_path: Path) -> None:
    dup = write(tmp_path, GOOD.replace("  - id: two\n", "  - id: one\n"))
    assert any("duplicate phase id 'one' (first at line 7)" in p for p in problems(dup))
    one_phase = GOOD.split("  - id: two\n")[0]
    assert any(":6: cycle: needs at least two phases" in p for p in problems(write(tmp_path, one_phase)))


def test_broken_yaml_names_file_and_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("    name: Second\n", "    name: [Second\n"))
    (problem,) = problems(path)
    assert problem.startswith(f"{path}:") and "YAML syntax" in problem


def test_check_loads_each_activity_with_its_own_loader(tmp_path: Path) -> None:
    assert isinstance(load_activity(write(tmp_path, GOOD)), model.Cycle)
    sort = load_activity(activity_path("01_myth_or_fact"))
    assert isinstance(sort, CardSort)


def test_check_reports_a_broken_cycle_file(course_copy: Path) -> None:
    from widgets.authoring.check import run_checks

    path = course_copy / "course/activities/02_cycle.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("    name: Calm\n", ""), encoding="utf-8")
    report = run_checks(check_generated=False)
    messages = [str(p) for p in report.problems]
    assert any(m.startswith("course/activities/02_cycle.yml:") and "phase calm: missing field 'name'" in m
               for m in messages), messages


# ------------------------------------------------------------------------------------------------ stepping


def test_next_and_previous_wrap_around(three: model.Cycle) -> None:
    assert model.next_position(three, 0) == 1
    assert model.next_position(three, 2) == 0  # after the last comes the first
    assert model.previous_position(three, 0) == 2  # before the first comes the last
    assert model.step(three, 1, 5) == 0
    assert model.step(three, 0, -4) == 2


def test_position_gives_the_phase_and_wraps(three: model.Cycle) -> None:
    assert model.phase_at(three, 0).name == "First"
    assert model.phase_at(three, 4).name == "Second"
    assert model.phase_at(three, -1).name == "Third"
    with pytest.raises(TypeError):
        model.phase_at(three, 1.5)  # type: ignore[arg-type]


def test_text_description_names_the_phase_its_parts_what_comes_next_and_the_caveat(three: model.Cycle) -> None:
    assert model.position_label(three, 1) == "Phase 2 of 3: Second"
    text = model.describe(three, 2)
    assert text.startswith("Phase 3 of 3: Third. The third phase.")
    assert "What the person using abuse may do: They do a third thing." in text
    assert "What the person being harmed may feel: They feel a third way." in text
    assert "Link to reward schedules: The third link." in text
    assert "Next comes phase 1: First." in text
    assert text.endswith("One pattern, not a rule.")


# ------------------------------------------------------------------------------------------------ the view


def test_pressing_next_changes_the_phase_text_and_the_indicator(three: model.Cycle) -> None:
    view = CycleTimelineView(three)
    assert "Phase 1 of 3: First" in view.status.value
    assert "The first phase." in view.phase_text.value
    view.next_button.click()
    assert "Phase 2 of 3: Second" in view.status.value
    assert "The second phase." in view.phase_text.value and "The first phase." not in view.phase_text.value
    assert 'aria-current="step"><span class="tbc-cycle-now-word">Now</span>2. Second' in view.indicator.value
    assert view.indicator.value.count('aria-current="step"') == 1


def test_previous_from_the_first_phase_goes_to_the_last(three: model.Cycle) -> None:
    view = CycleTimelineView(three)
    view.previous_button.click()
    assert view.phase.name == "Third"
    assert "Phase 3 of 3: Third" in view.status.value
    view.next_button.click()
    assert view.phase.name == "First"


def test_buttons_have_accessible_names_and_the_status_is_announced(three: model.Cycle) -> None:
    view = CycleTimelineView(three)
    assert view.previous_button.description == "Previous phase"
    assert view.next_button.description == "Next phase"
    assert 'role="status"' in view.status.value and 'aria-live="polite"' in view.status.value


def test_current_phase_is_marked_by_a_word_not_colour_alone(three: model.Cycle) -> None:
    html = indicator_html(three, 0)
    assert "Now</span>1. First" in html
    assert html.count("<li") == 3  # one box per phase; "back to 1" is outside the list


def test_caveat_is_always_visible(three: model.Cycle) -> None:
    view = CycleTimelineView(three)
    for _ in range(4):
        assert view.caveat in view.root.children
        assert "One pattern, not a rule." in view.caveat.value
        view.next()


def test_all_text_is_escaped(tmp_path: Path, allow_markup) -> None:
    text = GOOD.replace("name: First", f"name: '{SCRIPT}'").replace(
        "description: The first phase.", f"description: '{SCRIPT}'").replace(
        "caveat: One pattern, not a rule.", f"caveat: '{SCRIPT}'").replace(
        "title: A test cycle", f"title: '{SCRIPT}'")
    view = CycleTimelineView(model.load_cycle(write(tmp_path, text)))
    shown = "".join(w.value for w in (view.root.children[0], view.status, view.indicator, view.phase_text,
                                      view.caveat))
    assert "<script>" not in shown
    assert "&lt;script&gt;" in shown


def test_text_repr_names_the_widget_and_the_phase() -> None:
    view = cycle_timeline()
    bundle = view._repr_mimebundle_()
    assert bundle["text/plain"].startswith("Cycle timeline: ")
    assert "Phase 1 of 4: Tension building." in bundle["text/plain"]


def test_cycle_prose_holds_every_part_a_learner_reads(three: model.Cycle) -> None:
    from widgets.authoring.learner_text import cycle_prose

    prose = cycle_prose(three)
    for text in ("A test cycle", "Press Next.", "One pattern, not a rule.", "They feel a second way.",
                 "The third link."):
        assert text in prose
