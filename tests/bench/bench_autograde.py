"""Benchmark for grading: time to autograde one submission with nbgrader (answers marked in the grader, the
student's code run in the bubblewrap sandbox for its outputs, the gradebook), against the baseline of executing
the same notebook with nbclient alone, in the same run.
It reports; it does not assert. Run `python tests/bench/bench_autograde.py`, or call `run()` for the lines.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

from tests.grading.submissions import write_submission  # noqa: E402
from widgets.grading import cli as instructor  # noqa: E402
from widgets.grading.assignments import NOTEBOOK_NAME  # noqa: E402

STUDENTS = 5
MODULE = "01"


def run() -> list[str]:
    with tempfile.TemporaryDirectory(prefix="bench-grade-") as tmp:
        course_dir, inbox = Path(tmp) / "class", Path(tmp) / "inbox"
        assessment = next(a for a in instructor.load_all()[0] if a.module.id == MODULE)
        _quietly(instructor.release, course_dir)
        released = course_dir / "release" / assessment.name / NOTEBOOK_NAME
        for n in range(STUDENTS):
            path = write_submission(released, inbox, "all_correct", assessment)
            path.parent.parent.rename(inbox / f"student{n}")
        grader = instructor.api(course_dir)
        instructor.take_in_folder(inbox, course_dir, {assessment.name}, instructor.GradeRun())
        graded, plain = [], []
        for n in range(STUDENTS):
            started = time.perf_counter()
            _quietly(grader.autograde, assessment.name, f"student{n}", force=True, create=True)
            graded.append(time.perf_counter() - started)
            notebook = nbformat.read(course_dir / "submitted" / f"student{n}" / assessment.name / NOTEBOOK_NAME, 4)
            started = time.perf_counter()
            NotebookClient(notebook, timeout=30, kernel_name="python3", resources={"metadata": {"path": tmp}},
                           extra_arguments=["--IPKernelApp.log_level=ERROR"]).execute()
            plain.append(time.perf_counter() - started)
    median_graded, median_plain = statistics.median(graded), statistics.median(plain)
    return [
        f"autograde one submission ({len(assessment.items)} questions), median of {STUDENTS}: "
        f"{median_graded:.2f} s (min {min(graded):.2f}, max {max(graded):.2f})",
        f"baseline, the same notebook run by nbclient alone: {median_plain:.2f} s",
        f"ratio autograde / baseline: {median_graded / median_plain:.1f}x; a class of 30 on one core: "
        f"about {30 * median_graded / 60:.1f} min per assignment",
    ]


def _quietly(function, *args, **kwargs):
    import contextlib
    import io

    with contextlib.redirect_stdout(io.StringIO()):
        return function(*args, **kwargs)


if __name__ == "__main__":
    print("\n".join(run()))
