"""nbgrader settings for this course, in one place: course/nbgrader_config.py and `python -m widgets` use them."""

from __future__ import annotations

import os
from pathlib import Path

from .guard import PROTECT_ENV

COURSE_ID = "trauma-bonds"
# Seconds per cell: answers run at once, so only a stuck submission reaches this ($GRADING_CELL_TIMEOUT sets it).
CELL_TIMEOUT = 15
# Run in each grading kernel before the student's code: the guard, and short tracebacks (the exception's message
# only), so an error never shows the hidden lines next to the one that failed (nbgrader#1363).
KERNEL_SETUP = ("import widgets.grading.guard as _guard; _guard.install(); del _guard; "
                "get_ipython().run_line_magic('xmode', 'Minimal')")


def configure(c, course_dir: Path) -> None:
    """Apply the course's nbgrader settings to a traitlets config `c` for the course folder `course_dir`."""
    course_dir = Path(course_dir).resolve()
    c.CourseDirectory.root = str(course_dir)
    c.CourseDirectory.course_id = COURSE_ID
    c.CourseDirectory.db_url = f"sqlite:///{course_dir / 'gradebook.db'}"
    if os.environ.get("NBGRADER_EXCHANGE"):  # a class server's shared exchange (see course/INSTRUCTORS.md)
        c.Exchange.root = os.environ["NBGRADER_EXCHANGE"]
    c.ExchangeReleaseAssignment.force = True  # `make release` again replaces what students can fetch
    # The student writes only the answer itself; the line above the solution already names the variable.
    c.ClearSolutions.code_stub = {"python": ""}
    c.Execute.timeout = int(os.environ.get("GRADING_CELL_TIMEOUT", CELL_TIMEOUT))
    c.Execute.extra_arguments = ["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=ERROR",
                                 f"--IPKernelApp.exec_lines={KERNEL_SETUP}"]
    # Feedback shows scores and the student's own work, never hidden tests or rubrics (nbgrader#917, #1363).
    c.GenerateFeedback.preprocessors = [
        "nbgrader.preprocessors.GetGrades",
        "widgets.grading.rubric_feedback.ShowRubricLevels",  # the level reached per criterion, before the scheme goes
        "nbgrader.preprocessors.ClearHiddenTests",
        "nbgrader.preprocessors.ClearMarkScheme",
        "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
    ]
    protect = [str(course_dir), str(Path(__file__).resolve().parents[2] / "course")]
    os.environ[PROTECT_ENV] = os.pathsep.join(protect)
