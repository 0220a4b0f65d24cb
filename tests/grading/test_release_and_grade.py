"""The instructor's path end to end: release, synthetic submissions, autograde, feedback, grades.csv.

Scores are worked out from the banks, never stored. One release and one grading run are shared by the tests
(a module-scoped fixture), because nbgrader starts a kernel per submission.
"""

from __future__ import annotations

import csv
import html
import re
import shutil

import nbformat
import pytest

from widgets.grading import cli as instructor
from widgets.grading.assignments import NOTEBOOK_NAME, item_spec, notebook_path
from widgets.grading.cli import load_all, stale_sources
from widgets.grading.leaks import find_leaks
from widgets.grading.rubric_feedback import GRADE_ID

from .submissions import STUDENTS, expected_auto_score, write_submission

pytestmark = pytest.mark.grading
RAW_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "MARK SCHEME",
               "def score(")


@pytest.fixture(scope="module")
def assessments():
    return {a.module.id: a for a in load_all()[0]}


@pytest.fixture(scope="module")
def graded(tmp_path_factory, assessments):
    """A class: released assignments, six students on module 01 and one on module 02, graded from a folder."""
    course_dir = tmp_path_factory.mktemp("class")
    monkeypatch = pytest.MonkeyPatch()
    monkeypatch.setenv("GRADING_CELL_TIMEOUT", "3")
    assert instructor.release(course_dir) == 0
    inbox = tmp_path_factory.mktemp("inbox")
    first, second = assessments["01"], assessments["02"]
    for student in STUDENTS:
        write_submission(course_dir / "release" / first.name / NOTEBOOK_NAME, inbox, student, first)
    write_submission(course_dir / "release" / second.name / NOTEBOOK_NAME, inbox, "all_correct", second)
    status = instructor.grade(course_dir, inbox)
    yield course_dir, inbox, status
    monkeypatch.undo()


def test_the_committed_source_assignments_match_the_banks() -> None:
    assert stale_sources() == []


def test_an_edited_source_assignment_is_reported_stale(tmp_path, assessments) -> None:
    instructor.generate_sources(tmp_path)
    path = notebook_path(assessments["03"], tmp_path)
    notebook = nbformat.read(path, as_version=4)
    notebook.cells[4].source = notebook.cells[4].source.replace("BEGIN SOLUTION", "BEGIN SOLUTION\n# edited")
    nbformat.write(notebook, path)
    assert [p for p, _ in stale_sources(tmp_path)] == [path]


def test_the_release_folder_holds_no_solutions_hidden_tests_rubrics_or_answers(graded, assessments) -> None:
    course_dir = graded[0]
    released = sorted((course_dir / "release").rglob("*"))
    assert len([p for p in released if p.name == NOTEBOOK_NAME]) == len(assessments)
    for path in (p for p in released if p.is_file()):
        raw = path.read_text(encoding="utf-8")
        for marker in RAW_MARKERS:
            assert marker not in raw, f"{path} contains {marker}"
        for assessment in assessments.values():
            for task in assessment.tasks:
                assert all(c.text not in raw for c in task.rubric), f"{path} shows a rubric"
            for item in assessment.items:
                feedback = item_spec(item)[2]["say"]
                for text in feedback.values() if isinstance(feedback, dict) else feedback:
                    assert text.replace('"', '\\"') not in raw, f"{path} shows feedback for {item.id}"


def test_a_student_version_has_empty_answers_and_keeps_the_form_checks(graded, assessments) -> None:
    notebook = nbformat.read(graded[0] / "release" / assessments["01"].name / NOTEBOOK_NAME, as_version=4)
    answers = [c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("solution")]
    assert answers and all(a.rstrip().endswith('= ""') for a in answers)
    checks = [c.source for c in notebook.cells if c.metadata.get("nbgrader", {}).get("grade")]
    assert all("check_format(" in c for c in checks)


def test_every_submission_gets_the_score_worked_out_from_the_bank(graded, assessments) -> None:
    course_dir, _, status = graded
    assert status == 0
    with (course_dir / instructor.GRADES_CSV).open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == len(STUDENTS) + 1  # one row per student and assignment
    by_key = {(r["student"], r["assignment"]): r for r in rows}
    first = assessments["01"]
    for student in STUDENTS:
        row = by_key[(student, first.name)]
        assert float(row["auto_score"]) == expected_auto_score(student, first), student
        assert float(row["max_score"]) == first.points
        assert row["needs_manual_grade"] == "yes"  # the written answer waits for the instructor
    second = by_key[("all_correct", assessments["02"].name)]
    assert float(second["auto_score"]) == len(assessments["02"].items)


def test_feedback_exists_for_every_submission_and_hides_the_hidden_tests(graded, assessments) -> None:
    course_dir = graded[0]
    first = assessments["01"]
    for student in STUDENTS:
        page = course_dir / "feedback" / student / first.name / "assessment.html"
        text = page.read_text(encoding="utf-8")
        for marker in RAW_MARKERS + ("HIDDEN TESTS", "&#39;say&#39;", "'say'"):
            assert marker not in text, f"{page} contains {marker}"
        shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", text)).split())
        for criterion in first.tasks[0].rubric:  # not marked yet: no level is shown
            assert f"{criterion.text}: not marked yet" in shown
            assert all(d not in shown for d in criterion.levels.values()), f"{page} shows a rubric level"
    loops = (course_dir / "feedback" / "loops_forever" / first.name / "assessment.html").read_text()
    assert "CellTimeoutError" in loops
    cheat = (course_dir / "feedback" / "reads_answers" / first.name / "assessment.html").read_text()
    assert "cannot open course files" in cheat
    empty = (course_dir / "feedback" / "empty" / first.name / "assessment.html").read_text()
    assert "you have not answered yet" in empty


def test_feedback_shows_the_level_reached_on_each_criterion_and_no_other(graded, assessments) -> None:
    from nbgrader.api import Gradebook

    course_dir, first = graded[0], assessments["01"]
    task = first.tasks[0]
    levels = [3, 1, 0, 2, 1, 3][:len(task.rubric)]
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for number, level in enumerate(levels, 1):
            grade = gradebook.find_grade(GRADE_ID.format(task=task.id, number=number), "assessment", first.name,
                                         "partly_correct")
            grade.manual_score = level
        gradebook.db.commit()
    assert instructor.api(course_dir).generate_feedback(first.name, "partly_correct", force=True)["success"]
    page = course_dir / "feedback" / "partly_correct" / first.name / "assessment.html"
    shown = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.read_text(encoding="utf-8"))).split())
    for criterion, level in zip(task.rubric, levels, strict=False):
        assert f"level {level} of {criterion.points}" in shown
        assert " ".join(criterion.descriptor(level).split()) in shown, criterion.text
        for other in (lv for lv in criterion.levels if lv != level):
            assert " ".join(criterion.descriptor(other).split()) not in shown, (criterion.text, other)
    assert find_leaks(course_dir / "feedback", list(assessments.values()), before_submission=False) == []


def expected_share(student: str, number: int) -> float:
    """The point a student earns on question `number`, from how tests/grading/submissions.py answers."""
    if student == "all_correct":
        return 1.0
    if student == "partly_correct":
        return 1.0 if number % 2 else 0.0
    if student == "empty":
        return 0.0
    return 1.0 if number > 1 else 0.0


def test_grading_writes_the_item_analysis_from_what_each_student_answered(graded, assessments) -> None:
    course_dir, first = graded[0], assessments["01"]
    folder = course_dir / "item-analysis"
    with (folder / f"{first.name}.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["item"] for r in rows] == [i.id for i in first.items]
    for number, row in enumerate(rows, 1):
        assert row["students"] == str(len(STUDENTS))
        want = sum(expected_share(s, number) for s in STUDENTS) / len(STUDENTS)
        assert float(row["difficulty"]) == pytest.approx(want, abs=0.005), row["item"]
    second = list(csv.DictReader((folder / f"{assessments['02'].name}.csv").open(newline="")))
    assert all(r["students"] == "1" and "too_easy" in r["flags"] for r in second)  # one student, all right
    page = (folder / f"{first.name}.html").read_text(encoding="utf-8")
    assert page.count("<svg") == len(first.items)
    assert "index.html" in page and (folder / "index.html").exists()


def test_grading_writes_a_gradebook_canvas_can_import(graded, assessments) -> None:
    course_dir = graded[0]
    with (course_dir / instructor.CANVAS_CSV).open(newline="") as handle:
        rows = list(csv.reader(handle))
    header, points, *students = rows
    ordered = sorted(assessments.values(), key=lambda a: a.module.id)
    assert header[:5] == ["Student", "ID", "SIS User ID", "SIS Login ID", "Section"]
    assert header[5:] == [f"Module {a.module.id} assessment: {a.module.title}" for a in ordered]
    assert points[0].strip() == "Points Possible" and points[5:] == [f"{a.points:g}" for a in ordered]
    with (course_dir / instructor.GRADES_CSV).open(newline="") as handle:
        scores = {(r["student"], r["assignment"]): r["score"] for r in csv.DictReader(handle)}
    by_login = {row[3]: row for row in students}
    assert sorted(by_login) == sorted(STUDENTS)
    column = 5 + [a.module.id for a in ordered].index("01")
    for student in STUDENTS:
        assert by_login[student][column] == scores[(student, assessments["01"].name)]
    assert by_login["empty"][5 + [a.module.id for a in ordered].index("03")] == ""  # no submission: left blank


def test_grading_again_keeps_an_earlier_different_submission(graded, assessments, tmp_path) -> None:
    """Last: it hands in new work for partly_correct, which the tests above must not see."""
    course_dir, inbox, _ = graded
    first = assessments["01"]
    resubmitted = tmp_path / "inbox"
    shutil.copytree(inbox / "partly_correct", resubmitted / "partly_correct")
    write_submission(course_dir / "release" / first.name / NOTEBOOK_NAME, resubmitted, "all_correct", first)
    (resubmitted / "all_correct" / first.name / "notes.txt").write_text("my draft")
    earlier = (course_dir / "submitted" / "all_correct" / first.name / NOTEBOOK_NAME).read_bytes()
    shutil.copy(resubmitted / "all_correct" / first.name / NOTEBOOK_NAME,
                resubmitted / "partly_correct" / first.name / NOTEBOOK_NAME)  # partly_correct hands in new work
    assert instructor.grade(course_dir, resubmitted) == 0
    kept = list((course_dir / "submitted" / ".replaced").rglob(f"partly_correct/{first.name}/{NOTEBOOK_NAME}"))
    assert len(kept) == 1
    assert (course_dir / "submitted" / "all_correct" / first.name / NOTEBOOK_NAME).read_bytes() == earlier
