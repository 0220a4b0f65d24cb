"""The branching scenario: the pure model (loading, validation, branching, summary) and the view driven as a
learner would, by clicking its buttons."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import textstat

from widgets import scenario as scenario_widget
from widgets._errors import ContentError
from widgets.authoring.check import run_checks
from widgets.authoring.learner_text import prose_from_markdown
from widgets.content.activities import CardSort, load_activity
from widgets.content.files import activity_path
from widgets.content.scenario import (
    END,
    Progress,
    Scenario,
    barriers_met,
    choose,
    follow,
    load_scenario,
    path_lengths,
    start,
    summary_text,
    text_parts,
)
from widgets.content.schema import schema_name_for
from widgets.learner.views.scenario import ScenarioView

SCRIPT = '<script>alert("x")</script>'

GOOD = """\
id: test_scenario
title: A test scenario
person: Quinn
instructions: Choose a thought.
question: What might Quinn tell themselves?
ending: Quinn has not decided yet.
closing: Each of these makes sense.
barriers:
  - id: dissonance
    name: Cognitive dissonance
    about: Two pictures clash.
    helps: Someone who listens.
    cite: [festinger1957]
  - id: shame
    name: Guilt and shame
    about: Blame can feel true.
    helps: Hearing it is not your fault.
  - id: fear
    name: Fear of repercussions
    about: This fear is often realistic.
    helps: A safety plan.
moments:
  - id: first
    title: First moment
    text: Something happens.
    choices:
      - text: They were stressed.
        barrier: dissonance
        feedback: This explains it away.
        next: second
      - text: It was my fault.
        barrier: shame
        feedback: The blame is not yours.
        next: third
  - id: second
    title: Second moment
    text: Something else happens.
    choices:
      - text: It is not that bad.
        barrier: dissonance
        feedback: Playing it down.
        next: third
      - text: They said they would hurt me.
        barrier: fear
        feedback: A realistic fear.
        next: end
  - id: third
    title: Third moment
    text: A last thing happens.
    choices:
      - text: I can't risk it.
        barrier: fear
        feedback: A realistic fear.
        next: end
      - text: I'm ashamed.
        barrier: shame
        feedback: Shame keeps people quiet.
        next: end
"""


def write(tmp_path: Path, text: str, name: str = "test_scenario.yml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def problems(path: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_scenario(path)
    return [str(p) for p in caught.value.problems]


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line number of the n-th line containing `fragment`."""
    hits = [n for n, line in enumerate(text.splitlines(), 1) if fragment in line]
    return hits[occurrence - 1]


@pytest.fixture
def good(tmp_path: Path) -> Scenario:
    return load_scenario(write(tmp_path, GOOD))


# ------------------------------------------------------------------------------------------------ loading


def test_a_valid_scenario_loads(good: Scenario) -> None:
    assert [m.id for m in good.moments] == ["first", "second", "third"]
    assert good.first.id == "first" and good.person == "Quinn"
    assert good.moment("second").choices[1].next == END
    assert good.barrier("dissonance").cite == ("festinger1957",)
    assert good.cite == ("festinger1957",)
    assert path_lengths(good) == (2, 3)


def test_module_04_scenario_is_valid_and_meets_every_barrier() -> None:
    scenario = load_scenario(activity_path("04_inner_voice"))
    assert {b.id for b in scenario.barriers} == {"conditioning", "dissonance", "abandonment", "shame",
                                                 "helplessness", "repercussions"}
    assert path_lengths(scenario) == (3, 4)
    assert all(len(m.choices) >= 2 for m in scenario.moments)
    assert scenario.person == "Quinn"


def test_module_04_scenario_reads_at_grade_8_or_below() -> None:
    scenario = load_scenario(activity_path("04_inner_voice"))
    grade = textstat.flesch_kincaid_grade(prose_from_markdown("\n".join(text_parts(scenario))))
    assert grade <= 8.0, f"course/activities/04_inner_voice.yml: reading grade {grade:.1f} (aim 8 or below)"


def test_the_check_tells_a_scenario_from_a_card_sort() -> None:
    assert isinstance(load_activity(activity_path("04_inner_voice")), Scenario)
    assert isinstance(load_activity(activity_path("01_myth_or_fact")), CardSort)
    assert schema_name_for(Path("activities/x.yml"), {"moments": []}) == "scenario"
    assert schema_name_for(Path("activities/x.yml"), {"cards": []}) == "card_sort"


# ------------------------------------------------------------------------------------------------ branching


def test_branching_follows_next(good: Scenario) -> None:
    progress = start(good)
    assert progress.current == "first" and progress.number == 1 and not progress.ended
    progress = choose(good, progress, 1)  # "It was my fault." skips the second moment
    assert progress.current == "third" and progress.number == 2
    progress = choose(good, progress, 0)
    assert progress.ended and progress.current is None
    assert follow(good, [0, 0]).current == "third"
    assert follow(good, [0, 1]).ended


def test_a_path_that_has_ended_or_a_bad_index_is_refused(good: Scenario) -> None:
    with pytest.raises(ValueError, match="ended"):
        choose(good, follow(good, [0, 1]), 0)
    with pytest.raises(ValueError, match="choices 0 to 1"):
        choose(good, start(good), 2)
    with pytest.raises(ValueError):
        choose(good, start(good), True)


def test_summary_lists_the_barriers_met_once_each_in_order(good: Scenario) -> None:
    progress = follow(good, [0, 0, 1])  # dissonance, dissonance, shame
    assert [b.id for b in barriers_met(good, progress)] == ["dissonance", "shame"]
    text = summary_text(good, progress)
    assert text.startswith("On this path, Quinn's thoughts reflected 2 barriers: Cognitive dissonance; Guilt")
    assert text.endswith("Each of these makes sense.")
    assert "reflected one barrier: Guilt and shame." in summary_text(good, follow(good, [1, 1]))
    assert summary_text(good, Progress("first")) == "No choices made yet."


# ------------------------------------------------------------------------------------------------ bad files


def test_an_unknown_next_names_file_line_and_the_known_moments(tmp_path: Path) -> None:
    text = GOOD.replace("Playing it down.\n        next: third", "Playing it down.\n        next: thrid")
    assert text != GOOD
    found = problems(write(tmp_path, text))
    line = line_of(text, "next: thrid")
    assert found == [f"{tmp_path / 'test_scenario.yml'}:{line}: moment second: choice #1: next 'thrid' is not a "
                     "moment (use one of: first, second, third, end)"]


def test_an_unknown_barrier_names_file_and_line(tmp_path: Path) -> None:
    text = GOOD.replace("barrier: shame\n        feedback: The blame", "barrier: guilt\n        feedback: The blame")
    found = problems(write(tmp_path, text))
    line = line_of(text, "barrier: guilt")
    assert f"test_scenario.yml:{line}: moment first: choice #2: barrier 'guilt' is not one of the barriers " \
           "(dissonance, fear, shame)" in found[0]
    assert len(found) == 1  # no follow-on complaints about the graph


def test_an_unreachable_moment_is_reported_at_its_line(tmp_path: Path) -> None:
    text = GOOD.replace("        next: second\n", "        next: third\n")
    found = problems(write(tmp_path, text))
    line = line_of(text, "- id: second")
    assert found == [f"{tmp_path / 'test_scenario.yml'}:{line}: moment second cannot be reached from the first "
                     "moment (first); point a choice's next to it, or remove it"]


def test_a_loop_is_reported_because_every_path_must_end(tmp_path: Path) -> None:
    text = GOOD.replace("        feedback: Shame keeps people quiet.\n        next: end",
                        "        feedback: Shame keeps people quiet.\n        next: first")
    found = problems(write(tmp_path, text))
    line = line_of(text, "next: first")
    assert len(found) == 1
    assert f":{line}: moment third: choice #2 leads back to 'first'" in found[0]
    assert "every path must reach 'end'" in found[0]


def test_a_barrier_no_choice_uses_is_reported(tmp_path: Path) -> None:
    text = GOOD.replace("moments:\n", "  - id: spare\n    name: Spare\n    about: Unused.\n    helps: Nothing.\n"
                                      "moments:\n")
    found = problems(write(tmp_path, text))
    assert found == [f"{tmp_path / 'test_scenario.yml'}:{line_of(text, '- id: spare')}: barrier 'spare' is never "
                     "used by a choice; use it or remove it"]


def test_many_problems_are_reported_at_once(tmp_path: Path) -> None:
    text = (GOOD.replace("id: test_scenario", "id: other")
            .replace("  - id: third\n", "  - id: end\n")
            .replace("    choices:\n      - text: I can't risk it.", "    colour: red\n    choices:\n"
                     "      - text: I can't risk it.")
            .replace("        feedback: This explains it away.\n", ""))
    found = problems(write(tmp_path, text))
    joined = "\n".join(found)
    assert "scenario id 'other' must match the file name 'test_scenario'" in joined
    assert "the id 'end' is kept for the end of a path" in joined
    assert "unknown field 'colour'" in joined
    assert "moment first: choice #1: missing field 'feedback'" in joined
    assert all(p.startswith(str(tmp_path / "test_scenario.yml") + ":") for p in found)


def test_a_moment_needs_two_choices(tmp_path: Path) -> None:
    text = GOOD.replace("""      - text: I'm ashamed.
        barrier: shame
        feedback: Shame keeps people quiet.
        next: end
""", "")
    found = problems(write(tmp_path, text))
    assert any("moment third: needs at least two choices" in p for p in found)


def test_python_m_widgets_check_validates_the_scenario_file(course_copy: Path) -> None:
    path = course_copy / "course" / "activities" / "04_inner_voice.yml"
    text = path.read_text(encoding="utf-8").replace("next: good_week", "next: good_weak", 1)
    path.write_text(text, encoding="utf-8")
    report = run_checks(check_generated=False)
    line = line_of(text, "next: good_weak")
    assert [str(p) for p in report.problems] == [
        f"course/activities/04_inner_voice.yml:{line}: moment apology: choice #2: next 'good_weak' is not a moment "
        "(use one of: apology, friend, good_week, leaving, end)"]


def test_the_check_reports_an_unknown_citation_in_a_scenario(course_copy: Path) -> None:
    path = course_copy / "course" / "activities" / "04_inner_voice.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("[festinger1957]", "[festinger1900]"),
                    encoding="utf-8")
    report = run_checks(check_generated=False)
    line = line_of(path.read_text(encoding="utf-8"), "[festinger1900]")
    assert [str(p) for p in report.problems] == [
        f"course/activities/04_inner_voice.yml:{line}: scenario 04_inner_voice: unknown citation key 'festinger1900'"]


# ------------------------------------------------------------------------------------------------ the view


def test_the_buttons_advance_the_scenario_to_the_summary(good: Scenario) -> None:
    view = ScenarioView(good)
    assert "Moment 1" in view.moment.value and "First moment" in view.moment.value
    assert [b.description for b in view.choice_buttons] == ["They were stressed.", "It was my fault."]
    assert view.go_on_button.disabled
    view.choice_buttons[0].click()
    assert "This thought reflects <strong>Cognitive dissonance</strong>" in view.feedback.value
    assert 'role="status"' in view.feedback.value and "What might help:" in view.feedback.value
    assert view.choice_buttons[0].button_style == "info" and view.choice_buttons[1].button_style == ""
    view.choice_buttons[1].click()  # try another thought first: only the last one counts
    assert "Guilt and shame" in view.feedback.value and "Cognitive dissonance" not in view.feedback.value
    view.go_on_button.click()
    assert view.progress.current == "third" and "Moment 2" in view.moment.value
    assert view.feedback.value == "" and view.go_on_button.disabled
    view.choice_buttons[0].click()
    assert view.go_on_button.description == "See the summary"
    view.go_on_button.click()
    assert view.progress.ended and view.choice_buttons == [] and view.go_on_button.layout.display == "none"
    assert "Quinn has not decided yet." in view.moment.value
    assert "Quinn's thoughts reflected 2 barriers" in view.moment.value
    assert view.moment.value.index("Guilt and shame") < view.moment.value.index("Fear of repercussions")
    assert "Each of these makes sense." in view.moment.value and "the end" in view.describe()
    view.restart_button.click()
    assert view.progress == start(good) and "Moment 1" in view.moment.value and len(view.choice_buttons) == 2


def test_go_on_without_a_pick_does_nothing(good: Scenario) -> None:
    view = ScenarioView(good)
    assert view.go_on() == start(good)


def test_the_view_escapes_every_text(tmp_path: Path, allow_markup) -> None:
    text = (GOOD.replace("text: Something happens.", f"text: '{SCRIPT}'")
            .replace("name: Cognitive dissonance", f"name: '{SCRIPT}'")
            .replace("ending: Quinn has not decided yet.", f"ending: '{SCRIPT}'"))
    view = ScenarioView(load_scenario(write(tmp_path, text)))
    view.pick(0)
    assert SCRIPT not in view.moment.value and "&lt;script&gt;" in view.moment.value
    assert SCRIPT not in view.feedback.value and "&lt;script&gt;" in view.feedback.value
    view.go_on()
    view.pick(1)
    view.go_on()
    assert view.progress.ended
    assert SCRIPT not in view.moment.value and "&lt;script&gt;" in view.moment.value


def test_the_text_description_works_without_widgets(good: Scenario) -> None:
    view = ScenarioView(good)
    assert view.text().startswith("Moment 1: First moment. Something happens. What might Quinn tell themselves?")
    assert "1. They were stressed. 2. It was my fault." in view.text()
    bundle = view._repr_mimebundle_()
    assert "Branching scenario: A test scenario" in bundle["text/plain"]
    view.pick(1)
    view.go_on()
    view.pick(1)
    view.go_on()
    assert view.text().startswith("Quinn has not decided yet. On this path")


def test_the_public_function_loads_module_04() -> None:
    view = scenario_widget("04_inner_voice")
    assert isinstance(view, ScenarioView)
    assert "Each path has 3 or 4 moments." in view.root.children[0].value
