"""The practice and graded pools: learners never see a graded item, a graded prompt is no near copy of a practice
prompt, and the course's questions cannot be guessed from their form. Each rule is shown to hold on the real
course and to fail on a copy broken on purpose."""

from __future__ import annotations

from pathlib import Path

import pytest

from widgets.authoring.check import learner_facing_files, run_checks
from widgets.content.assessments import load_assessments
from widgets.content.banks import Item, load_banks
from widgets.content.course import load_course
from widgets.content.pools import (
    LONGEST_RIGHT_MAX,
    SHORTEST_RIGHT_MAX,
    TRUE_SHARE,
    Guessability,
    course_guessability,
    give_away_options,
    near_copies,
    similarity,
)
from widgets.content.schema import Option
from widgets.grading.bank_export import jupyterquiz_bank
from widgets.grading.leaks import visible_text

COURSE = load_course()
BANKS = load_banks(COURSE)


def problems(**options) -> list[str]:
    return [str(p) for p in run_checks(**options).problems]


def test_every_objective_has_a_practice_item_and_a_graded_item() -> None:
    for pool in ("practice", "graded"):
        covered = {i.objective for b in BANKS.values() for i in getattr(b, pool)}
        assert [o.id for m in COURSE.modules for o in m.objectives if o.id not in covered] == [], pool


def test_the_pools_never_overlap_and_learners_see_only_practice_items() -> None:
    from widgets.learner.views.quiz import quiz

    graded = {i.id for b in BANKS.values() for i in b.graded}
    practice = {i.id for b in BANKS.values() for i in b.practice}
    assert graded and practice and not graded & practice
    for module in COURSE.modules:
        shown = {v.item.id for v in quiz(module.id).items}
        assert shown == {i.id for i in BANKS[module.id].practice}, module.id
        with pytest.raises(KeyError, match="graded items are never shown"):
            quiz(module.id, items=[BANKS[module.id].graded[0].id])
    for assessment in load_assessments(COURSE, BANKS).values():
        assert assessment.items and all(i.graded for i in assessment.items), assessment.name
        assert {i.id for i in assessment.items} == {i.id for i in BANKS[assessment.module.id].graded}


def test_no_graded_prompt_appears_anywhere_a_learner_can_read() -> None:
    texts = {path: " ".join(visible_text(path).split()) for path in learner_facing_files() if path.exists()}
    texts["jupyterquiz export"] = " ".join(jupyterquiz_bank([i for b in BANKS.values() for i in b.practice]).split())
    for item in (i for b in BANKS.values() for i in b.graded):
        prompt = " ".join(item.prompt.split())
        assert not [where for where, text in texts.items() if prompt in text], item.id


def test_no_graded_prompt_is_a_near_copy_of_a_practice_prompt() -> None:
    assert near_copies(BANKS.values()) == []
    assert similarity("Which sentence best describes a trauma bond?",
                      "Which sentence best describes a trauma bond today?") > 0.9
    assert similarity("Which sentence best describes a trauma bond?", "Match each schedule with an example.") < 0.3


def test_the_guessability_statistics_are_within_the_limits() -> None:
    for stats in course_guessability(BANKS.values()):
        assert stats.problems() == [], stats.summary()
        assert stats.longest_share <= LONGEST_RIGHT_MAX and stats.shortest_share <= SHORTEST_RIGHT_MAX
        assert TRUE_SHARE[0] <= stats.true_share <= TRUE_SHARE[1]
    assert not [o for b in BANKS.values() for i in b.items for o in give_away_options(i)]


def test_the_guessability_limits_can_fail() -> None:
    assert len(Guessability("x", single=10, longest=4, shortest=0, true_false=10, true=5).problems()) == 1
    assert len(Guessability("x", single=10, longest=0, shortest=4, true_false=10, true=5).problems()) == 1
    assert len(Guessability("x", single=10, longest=2, shortest=2, true_false=10, true=7).problems()) == 1
    assert Guessability("x", single=10, longest=3, shortest=3, true_false=10, true=4).problems() == []
    item = Item("01-x", "01", "01-define", "single", "Which?", options=(
        Option(text="A kind of love.", feedback="No."), Option(text="All of the above", correct=True, feedback="Ok")))
    assert give_away_options(item) == ["All of the above"]


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_the_check_fails_when_a_graded_item_is_shown_to_learners(course_copy: Path) -> None:
    graded = BANKS["01"].graded[0]
    _edit(course_copy / "course/notebooks/01_what_is_a_trauma_bond.md", 'quiz("01", items=["01-define"])',
          f'quiz("01", items=["{graded.id}"])')
    _edit(course_copy / "course/facilitator/02_intermittent_reinforcement_cycle.md", "## Discussion prompts",
          f"## Discussion prompts\n\nTry this: {graded.prompt}\n")
    found = problems(check_generated=False)
    assert any(p.startswith("course/notebooks/01_what_is_a_trauma_bond.md:") and f"{graded.id!r} is a graded item"
               in p for p in found), found
    assert any(p.startswith("course/facilitator/02_intermittent_reinforcement_cycle.md:")
               and f"shows graded item {graded.id}" in p for p in found), found


def test_the_check_fails_when_a_graded_prompt_copies_a_practice_prompt(course_copy: Path) -> None:
    graded, practice = BANKS["04"].graded[0], BANKS["04"].practice[0]
    bank = course_copy / "course/banks/04_why_leaving_is_hard.yml"
    text = bank.read_text(encoding="utf-8")
    start = text.index(f"id: {graded.id}")
    prompt_at = text.index("prompt:", start)
    end = text.index("\n    options:", prompt_at)
    bank.write_text(text[:prompt_at] + f"prompt: {practice.prompt.replace(' best', '')}" + text[end:],
                    encoding="utf-8")
    found = problems(check_generated=False)
    assert any(f"graded item {graded.id}: its prompt is a near copy" in p and practice.id in p for p in found), found


def test_the_check_fails_when_true_false_answers_lean_one_way(course_copy: Path) -> None:
    for path in sorted((course_copy / "course/banks").glob("*.yml")):
        path.write_text(path.read_text(encoding="utf-8").replace("answer: false", "answer: true"), encoding="utf-8")
    found = problems(check_generated=False)
    assert any("true/false answers are true" in p and "keep it between 40% and 60%" in p for p in found), found


def test_an_assessment_cannot_grade_a_practice_item(course_copy: Path) -> None:
    practice = BANKS["01"].practice[0]
    _edit(course_copy / "course/assessments/01_what_is_a_trauma_bond.yml", "items: all", f"items: [{practice.id}]")
    found = problems(check_generated=False)
    assert any(f"'{practice.id}' is a practice item" in p for p in found), found
