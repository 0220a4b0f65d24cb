"""Loaders and validators: every broken input gets its own `file:line: message`, never a traceback."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from widgets._errors import ContentError
from widgets.content.banks import load_bank
from widgets.content.course import load_course, load_references, load_resources

COURSE = """\
title: Test course
modules:
  - id: "01"
    slug: first
    title: First module
    minutes: {teaching: 10, exercises: 5}
    objectives:
      - id: 01-a
        text: Objective A.
      - id: 01-b
        text: Objective B.
    key_points: [One point.]
"""

GOOD_ITEM = """\
  - id: 01-q1
    objective: 01-a
    type: single
    prompt: Pick one.
    options:
      - text: Right
        correct: true
        feedback: Yes.
      - text: Wrong
        feedback: No, because.
"""


TRUE_FALSE_ITEM = """\
  - id: 01-tf
    objective: 01-b
    type: true_false
    prompt: A statement.
    answer: false
    feedback:
      false: Right, it is false.
"""
# Broken items; tests/unit/test_schema.py checks that the JSON Schemas reject them too.
BAD_ITEMS = {
    "missing prompt": GOOD_ITEM.replace("    prompt: Pick one.\n", ""),
    "no correct option": GOOD_ITEM.replace("        correct: true\n", ""),
    "option without feedback": GOOD_ITEM.replace("        feedback: No, because.\n", ""),
    "single with two correct": GOOD_ITEM.replace("      - text: Wrong\n",
                                                 "      - text: Wrong\n        correct: true\n"),
    "true_false without true feedback": TRUE_FALSE_ITEM,
    "unknown type": GOOD_ITEM.replace("type: single", "type: essay"),
    "unknown field": GOOD_ITEM.replace("    prompt: Pick one.\n", "    prompt: Pick one.\n    hint: extra\n"),
}
BAD_COURSE = COURSE.replace('id: "01"', 'id: "1"').replace("slug: first", "slug: First")
UNREACHABLE_SERVICE = """\
regions:
  - id: us
    name: United States
    emergency: "911"
    services:
      - name: A helpline
        serves: Anyone.
        for: [everyone]
        verified: {status: confirmed, date: 2026-11, source: its website}
        hours: always
"""


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.fixture
def mini(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    write(tmp_path, "course/course.yml", COURSE)
    return tmp_path


def bank_problems(mini: Path, items: str) -> list[str]:
    path = write(mini, "course/banks/01_first.yml", 'module: "01"\nitems:\n' + items)
    with pytest.raises(ContentError) as caught:
        load_bank(path, load_course())
    return [str(p) for p in caught.value.problems]


def test_a_valid_bank_loads(mini: Path) -> None:
    path = write(mini, "course/banks/01_first.yml", 'module: "01"\nitems:\n' + GOOD_ITEM)
    bank = load_bank(path, load_course())
    assert [i.id for i in bank.items] == ["01-q1"]
    assert bank.items[0].options[1].feedback == "No, because."


def test_broken_yaml_names_file_and_line(mini: Path) -> None:
    problems = bank_problems(mini, GOOD_ITEM + "  - id: [unclosed\n")
    assert len(problems) == 1
    assert problems[0].startswith("course/banks/01_first.yml:")
    assert "YAML syntax" in problems[0]
    assert int(problems[0].split(":")[1]) >= 14


def test_missing_field_names_the_field_and_line(mini: Path) -> None:
    problems = bank_problems(mini, BAD_ITEMS["missing prompt"])
    assert problems == ["course/banks/01_first.yml:3: item 01-q1: missing field 'prompt'"]


def test_item_with_no_correct_answer(mini: Path) -> None:
    problems = bank_problems(mini, BAD_ITEMS["no correct option"])
    assert problems == ["course/banks/01_first.yml:8: item 01-q1: no option is marked 'correct: true'"]


def test_duplicate_item_id_points_to_the_first(mini: Path) -> None:
    problems = bank_problems(mini, GOOD_ITEM + GOOD_ITEM)
    assert problems == [
        "course/banks/01_first.yml:13: duplicate item id '01-q1' (first at course/banks/01_first.yml:3)"]


def test_unknown_objective(mini: Path) -> None:
    problems = bank_problems(mini, GOOD_ITEM.replace("objective: 01-a", "objective: 01-zzz"))
    assert problems == ["course/banks/01_first.yml:4: item 01-q1: unknown objective '01-zzz' (not in course.yml)"]


def test_option_without_feedback(mini: Path) -> None:
    problems = bank_problems(mini, BAD_ITEMS["option without feedback"])
    assert problems == ["course/banks/01_first.yml:11: item 01-q1: option #2: missing field 'feedback'"]


def test_single_choice_with_two_correct_options(mini: Path) -> None:
    assert "use type: multiple" in bank_problems(mini, BAD_ITEMS["single with two correct"])[0]


def test_true_false_needs_feedback_for_both_answers(mini: Path) -> None:
    assert bank_problems(mini, BAD_ITEMS["true_false without true feedback"]) == [
        "course/banks/01_first.yml:9: item 01-tf: feedback needs a 'true:' line (feedback for every option)"]


def test_unknown_type_and_unknown_field(mini: Path) -> None:
    problems = bank_problems(mini, BAD_ITEMS["unknown type"])
    assert problems == ["course/banks/01_first.yml:5: item 01-q1: unknown type 'essay' (use one of: single, "
                        "multiple, true_false, matching, ordering)"]
    problems = bank_problems(mini, BAD_ITEMS["unknown field"])
    assert len(problems) == 1
    assert problems[0].startswith("course/banks/01_first.yml:7: item 01-q1: unknown field 'hint' (expected one of:")


def test_duplicate_yaml_key_is_reported(mini: Path) -> None:
    problems = bank_problems(mini, GOOD_ITEM.replace("    prompt: Pick one.\n", "    prompt: A\n    prompt: B\n"))
    assert "appears twice" in problems[0] and ":7:" in problems[0]


def test_course_yml_problems_are_all_reported_at_once(mini: Path) -> None:
    write(mini, "course/course.yml", BAD_COURSE)
    with pytest.raises(ContentError) as caught:
        load_course()
    text = str(caught.value)
    assert "course/course.yml:3: module 1: id must be two digits" in text
    assert "course/course.yml:4: module 1: slug must be lower_case_words" in text


def test_duplicate_reference_keys_across_files(mini: Path) -> None:
    write(mini, "course/references/a.yml", "smith2000:\n  short: Smith, 2000\n  full: Smith. A book.\n")
    write(mini, "course/references/b.yml", "x1990:\n  short: X\n  full: X.\nsmith2000:\n  short: S\n  full: S.\n")
    with pytest.raises(ContentError) as caught:
        load_references()
    assert str(caught.value) == ("course/references/b.yml:4: duplicate reference key 'smith2000' "
                                 "(first in course/references/a.yml:1)")


def test_resources_need_a_way_to_contact(mini: Path) -> None:
    write(mini, "course/resources.yml", UNREACHABLE_SERVICE)
    with pytest.raises(ContentError) as caught:
        load_resources()
    assert str(caught.value) == "course/resources.yml:6: service A helpline: give at least one of phone, text or web"


def run_check(root: Path, *options: str) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "COURSE_ROOT": str(root)}
    return subprocess.run([sys.executable, "-m", "widgets", "check", *options], capture_output=True, text=True,
                          env=env, cwd=root, timeout=120)


@pytest.mark.parametrize(("file", "old", "new", "expected"), [
    ("banks", "type: single", "type: single\n    prompt: [", "YAML syntax"),
    ("course", "    title: ", "    titel: ", "unknown field 'titel'"),
    ("banks", "correct: true", "correct: false", "no option is marked 'correct: true'"),
    ("banks", "objective: 01-", "objective: 01-nonexistent-", "unknown objective"),
    ("source", "[@dutton", "[@nobody2024; @dutton", "unknown citation key 'nobody2024'"),
    ("source04", 'scenario("04_inner_voice")', 'scenario("04_missing")', "scenario('04_missing'): no file"),
])
def test_check_command_reports_each_problem_without_a_traceback(course_copy: Path, file: str, old: str, new: str,
                                                                expected: str) -> None:
    targets = {
        "banks": course_copy / "course/banks/01_what_is_a_trauma_bond.yml",
        "course": course_copy / "course/course.yml",
        "source": course_copy / "course/notebooks/01_what_is_a_trauma_bond.md",
        "source04": course_copy / "course/notebooks/04_why_leaving_is_hard.md",
    }
    path = targets[file]
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not found in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result = run_check(course_copy)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Traceback" not in result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if expected in line]
    assert lines, result.stdout
    assert lines[0].split(":")[0].startswith("course/")


def test_check_command_passes_on_the_real_course_and_catches_a_stale_notebook(course_copy: Path) -> None:
    result = run_check(course_copy)
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith("Course is valid:")
    assert "guessability, graded items: right option longest in" in result.stdout  # the statistics are reported
    source = course_copy / "course/notebooks/01_what_is_a_trauma_bond.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new paragraph.\n", encoding="utf-8")
    stale = run_check(course_copy)
    assert stale.returncode == 1
    assert "modules/01_what_is_a_trauma_bond.ipynb: stale" in stale.stdout


def problem_lines(result: subprocess.CompletedProcess) -> list[str]:
    """The problems `widgets check` printed: not the statistics before them nor the summary after them."""
    return [line for line in result.stdout.splitlines()[:-1] if not line.startswith("guessability, ")]


@pytest.mark.parametrize(("file", "old", "new"), [
    ("course/banks/02_intermittent_reinforcement_cycle.yml", "type: single", "type: single\n    prompt: ["),
    ("course/banks/03_healthy_and_unhealthy_relationships.yml", "    type: single\n", "    type: essay\n"),
    ("course/references/core.yml", "dutton1993:\n", "dutton1993: [\n"),
], ids=["bank-yaml", "bank-item", "references-yaml"])
def test_one_broken_file_is_reported_once(course_copy: Path, file: str, old: str, new: str) -> None:
    """Its own problems, and nothing else: not "no bank for that module" in every notebook, nor every citation
    of a reference file that could not be read."""
    before = problem_lines(run_check(course_copy, "--no-generated"))
    path = course_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not found in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    after = run_check(course_copy, "--no-generated")
    assert after.returncode == 1 and "Traceback" not in after.stdout + after.stderr
    added = [line for line in problem_lines(after) if line not in before]
    assert added and all(line.startswith(f"{file}:") for line in added), added
