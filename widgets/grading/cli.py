"""The instructor's commands: `python -m widgets release` and `python -m widgets grade` (make release/grade).

release: write the nbgrader source notebooks from the banks and assessments, make the student versions in
release/, and search them for anything that must not leak. grade: take in submissions (nbgrader's exchange
or a folder), autograde each one on its own, write feedback, search the feedback for leaks, export the grades
(grades.csv, and grades-canvas.csv in Canvas's gradebook import format) and the item analysis (item-analysis/).
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import sys
import time
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from .._files import write_text_atomic
from .._paths import course_root, relative
from ..content.assessments import ITEM_POINTS, Assessment, load_assessments
from ..content.banks import load_banks
from ..content.course import Resources, load_course, load_resources
from .assignments import NOTEBOOK_NAME, notebook_path, notebook_text
from .config import configure
from .leaks import find_leaks

GRADES_CSV = "grades.csv"
CANVAS_CSV = "grades-canvas.csv"


def default_course_dir() -> Path:
    return course_root() / "course"


def load_all() -> tuple[list[Assessment], Resources]:
    course = load_course()
    return list(load_assessments(course, load_banks(course)).values()), load_resources()


def generate_sources(course_dir: Path) -> list[Path]:
    """Write every assessment's source notebook; return the ones that changed."""
    assessments, resources = load_all()
    changed = []
    for assessment in assessments:
        path = notebook_path(assessment, course_dir)
        text = notebook_text(assessment, resources)
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
            changed.append(path)
    return changed


def stale_sources(course_dir: Path | None = None) -> list[tuple[Path, str]]:
    """(path, why) for each source notebook that does not match the banks and assessments."""
    assessments, resources = load_all()
    stale = []
    for assessment in assessments:
        path = notebook_path(assessment, course_dir)
        if not path.exists():
            stale.append((path, "not generated yet"))
        elif path.read_text(encoding="utf-8") != notebook_text(assessment, resources):
            stale.append((path, "differs from its bank and assessment file"))
    return stale


def api(course_dir: Path):
    """An nbgrader API object configured for this course (imported late: learners never need nbgrader)."""
    from nbgrader.apps import NbGraderAPI
    from nbgrader.coursedir import CourseDirectory
    from sqlalchemy.exc import SAWarning
    from traitlets.config import Config

    warnings.filterwarnings("ignore", category=SAWarning)  # nbgrader's own gradebook code; nothing to act on

    # nbgrader runs `alembic` (from this venv) to set up the gradebook, and `make` does not activate the venv.
    bin_dir = str(Path(sys.executable).parent)
    if bin_dir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bin_dir + os.pathsep + os.environ.get("PATH", "")
    config = Config()
    configure(config, course_dir)
    return NbGraderAPI(CourseDirectory(config=config), config=config)


def say(message: str) -> None:
    print(message, flush=True)


# ---- release -----------------------------------------------------------------------------------


def release(course_dir: Path) -> int:
    started = time.monotonic()
    changed = generate_sources(course_dir)
    say(f"[release] source notebooks: {len(changed)} regenerated from the banks")
    assessments, _ = load_all()
    grader = api(course_dir)
    for n, assessment in enumerate(assessments, 1):
        say(f"[release] {n}/{len(assessments)} {assessment.name}: {len(assessment.items)} questions, "
            f"{len(assessment.tasks)} written, {assessment.points} points")
        result = grader.generate_assignment(assessment.name, force=True, create=True)
        if not result["success"]:
            say(result.get("log", "") + result.get("error", ""))
            say(f"[release] FAILED on {assessment.name}; nothing else was changed after it")
            return 1
    leaks = find_leaks(course_dir / "release", assessments, before_submission=True)
    for leak in leaks:
        say(f"[release] LEAK {leak}")
    if leaks:
        say(f"[release] FAILED: {len(leaks)} leak(s) in {relative(course_dir / 'release')}; do not hand it out")
        return 1
    shared = ""
    if os.environ.get("NBGRADER_EXCHANGE"):
        for assessment in assessments:
            result = grader.release_assignment(assessment.name)
            if not result["success"]:
                say(result.get("log", "") + result.get("error", ""))
                say(f"[release] FAILED to share {assessment.name} in the exchange {os.environ['NBGRADER_EXCHANGE']}")
                return 1
        shared = f", shared in the exchange {os.environ['NBGRADER_EXCHANGE']}"
    say(f"[release] {len(assessments)} assignments in {relative(course_dir / 'release')}{shared} "
        f"(checked: no solutions, hidden tests or rubrics) in {time.monotonic() - started:.0f} s")
    return 0


# ---- grade ---------------------------------------------------------------------------------------


@dataclass
class GradeRun:
    graded: list[tuple[str, str]] = field(default_factory=list)
    failed: list[tuple[str, str, str]] = field(default_factory=list)
    kept_aside: list[Path] = field(default_factory=list)


def take_in_folder(folder: Path, course_dir: Path, names: set[str], run: GradeRun) -> int:
    """Copy submissions laid out <student>/<assignment>/assessment.ipynb into submitted/. An earlier, different
    copy of the same submission is moved to submitted/.replaced/ rather than overwritten."""
    count = 0
    for notebook in sorted(folder.glob(f"*/*/{NOTEBOOK_NAME}")):
        student, assignment = notebook.parent.parent.name, notebook.parent.name
        if assignment not in names:
            say(f"[grade] skipped {relative(notebook)}: {assignment!r} is not an assignment of this course")
            continue
        target = course_dir / "submitted" / student / assignment
        if target.exists():
            if (target / NOTEBOOK_NAME).read_bytes() == notebook.read_bytes():
                count += 1
                continue
            aside = course_dir / "submitted" / ".replaced" / time.strftime("%Y%m%d-%H%M%S") / student / assignment
            aside.parent.mkdir(parents=True, exist_ok=True)
            shutil.move(str(target), str(aside))
            run.kept_aside.append(aside)
        shutil.copytree(notebook.parent, target)
        count += 1
    return count


def last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "nbgrader gave no reason"


def submissions(course_dir: Path, names: list[str]) -> list[tuple[str, str]]:
    found = []
    for name in names:
        for notebook in sorted((course_dir / "submitted").glob(f"*/{name}/{NOTEBOOK_NAME}")):
            found.append((name, notebook.parent.parent.name))
    return found


def grade(course_dir: Path, folder: Path | None = None) -> int:
    started = time.monotonic()
    assessments, _ = load_all()
    names = [a.name for a in assessments]
    run = GradeRun()
    grader = api(course_dir)
    if folder:
        count = take_in_folder(folder, course_dir, set(names), run)
        say(f"[grade] took in {count} submission(s) from {folder}")
    elif os.environ.get("NBGRADER_EXCHANGE"):
        for name in names:
            result = grader.collect(name)
            if result["success"] and "Collecting submission" in result.get("log", ""):
                say(f"[grade] collected {name} from the exchange")
    todo = submissions(course_dir, names)
    if not todo:
        say(f"[grade] no submissions in {relative(course_dir / 'submitted')} "
            "(put them there, use the exchange, or pass SUBMISSIONS=folder)")
        return 1
    for n, (name, student) in enumerate(todo, 1):
        began = time.monotonic()
        result = grader.autograde(name, student, force=True, create=True)
        if not result["success"]:
            run.failed.append((name, student, last_line(result.get("error") or result.get("log") or "")))
            say(f"[grade] {n}/{len(todo)} {student} {name}: not graded; going on with the others")
            continue
        feedback = grader.generate_feedback(name, student, force=True)
        if not feedback["success"]:
            run.failed.append((name, student, "feedback failed"))
        run.graded.append((name, student))
        say(f"[grade] {n}/{len(todo)} {student} {name}: graded in {time.monotonic() - began:.1f} s")
    leaks = find_leaks(course_dir / "feedback", assessments, before_submission=False)
    for leak in leaks:
        say(f"[grade] LEAK {leak}")
    if os.environ.get("NBGRADER_EXCHANGE") and not leaks:
        for name in sorted({name for name, _ in run.graded}):
            if grader.release_feedback(name)["success"]:
                say(f"[grade] feedback for {name} shared in the exchange (students: Fetch Feedback)")
    out = export_grades(course_dir, course_dir / GRADES_CSV)
    canvas = export_canvas_grades(course_dir, course_dir / CANVAS_CSV, assessments)
    analysis = write_item_analysis(course_dir, assessments)
    for name, student, why in run.failed:
        say(f"[grade] not graded: {student} {name}: {why}")
    for aside in run.kept_aside:
        say(f"[grade] an earlier copy was kept in {relative(aside)}")
    if analysis:
        say(f"[grade] item analysis: {relative(analysis[0])} ({analysis[1]} question(s) flagged)")
    say(f"[grade] graded {len(run.graded)} of {len(todo)} submissions in {time.monotonic() - started:.0f} s; "
        f"feedback in {relative(course_dir / 'feedback')}, grades in {relative(out)} ({out.stat().st_size} bytes) "
        f"and {relative(canvas)} (for Canvas)")
    return 1 if run.failed or leaks else 0


def export_grades(course_dir: Path, out: Path) -> Path:
    """One row per student and assignment: the autograder's points, the score so far (with any hand-graded
    points) and the maximum; needs_manual_grade says the written answers still await the instructor."""
    from nbgrader.api import Gradebook, MissingEntry

    rows = []
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for assignment in gradebook.assignments:
            for student in gradebook.students:
                try:
                    submission = gradebook.find_submission(assignment.name, student.id)
                except MissingEntry:
                    continue
                rows.append([assignment.name, student.id, f"{submission.code_score:g}", f"{submission.score:g}",
                             f"{submission.max_score:g}", "yes" if submission.needs_manual_grade else "no"])
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["assignment", "student", "auto_score", "score", "max_score", "needs_manual_grade"])
    writer.writerows(sorted(rows))
    write_text_atomic(out, text.getvalue())
    return out


def export_canvas_grades(course_dir: Path, out: Path, assessments: list[Assessment]) -> Path:
    """The scores in Canvas's gradebook import format: Student, ID, SIS User ID, SIS Login ID, Section, then one
    column per assessment, and a "Points Possible" row. Students are matched by SIS Login ID (their nbgrader id,
    which on a class JupyterHub is their login). A missing submission is left blank, which Canvas ignores; a new
    column name makes Canvas create the assignment."""
    from nbgrader.api import Gradebook, MissingEntry

    columns = [f"Module {a.module.id} assessment: {a.module.title}" for a in assessments]
    rows = []
    with Gradebook(f"sqlite:///{course_dir / 'gradebook.db'}") as gradebook:
        for student in sorted(gradebook.students, key=lambda s: s.id):
            scores = []
            for assessment in assessments:
                try:
                    scores.append(f"{gradebook.find_submission(assessment.name, student.id).score:g}")
                except MissingEntry:
                    scores.append("")
            if any(scores):
                name = ", ".join(n for n in (student.last_name, student.first_name) if n) or student.id
                rows.append([name, "", "", student.id, "", *scores])
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(["Student", "ID", "SIS User ID", "SIS Login ID", "Section", *columns])
    writer.writerow(["    Points Possible", "", "", "", "", *(f"{a.points:g}" for a in assessments)])
    writer.writerows(rows)
    write_text_atomic(out, text.getvalue())
    return out


def write_item_analysis(course_dir: Path, assessments: list[Assessment]) -> tuple[Path, int] | None:
    """Item analysis of every assessment with graded submissions (see item_analysis.py): CSV and HTML pages in
    item-analysis/. Returns the index page and how many questions were flagged, or None if nothing was graded."""
    from .item_analysis import analyse
    from .item_report import write_reports
    from .responses import read_class

    entries = []
    for assessment in assessments:
        records = read_class(course_dir, assessment)
        if records:
            points = {item.id: float(ITEM_POINTS) for item in assessment.items}
            entries.append((assessment, analyse(assessment.items, points, records)))
    if not entries:
        return None
    return write_reports(course_dir, entries), sum(bool(s.flags) for _, stats in entries for s in stats)


def main(command: str, argv: list[str]) -> int:
    course_dir = Path(os.environ.get("COURSE_DIR") or default_course_dir()).resolve()
    if command == "release":
        return release(course_dir)
    folder = Path(argv[0]).resolve() if argv else None
    if folder and not folder.is_dir():
        print(f"grade: {folder} is not a folder of submissions (<student>/<assignment>/{NOTEBOOK_NAME})",
              file=sys.stderr)
        return 2
    return grade(course_dir, folder)
