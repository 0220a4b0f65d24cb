"""nbgrader settings for this course, in one place: course/nbgrader_config.py and `python -m widgets` use them."""

from __future__ import annotations

import os
from pathlib import Path

COURSE_ID = "trauma-bonds"
# Seconds per cell: answers run at once, so only a stuck submission reaches this ($GRADING_CELL_TIMEOUT sets it).
CELL_TIMEOUT = 15
# Autograding marks the typed answers in the grader's process and runs student code only in a sandbox, for the
# outputs feedback shows (widgets/grading/answers.py, sandbox.py): nbgrader's Execute never runs here.
AUTOGRADE = [
    "widgets.grading.preprocessors.RunInSandbox",
    "widgets.grading.preprocessors.MarkAnswers",
    "nbgrader.preprocessors.IgnorePattern",
    "nbconvert.preprocessors.ClearMetadataPreprocessor",
    "nbgrader.preprocessors.LimitOutput",
    "nbgrader.preprocessors.SaveAutoGrades",
    "nbgrader.preprocessors.AssignLatePenalties",
    "nbgrader.preprocessors.CheckCellMetadata",
]
# Feedback shows scores and the student's own work (as text, never as HTML), never hidden tests or rubrics
# (nbgrader#917, #1363); a leak in what the course wrote stops that one student's feedback.
FEEDBACK = [
    "nbgrader.preprocessors.GetGrades",
    "widgets.grading.rubric_feedback.ShowRubricLevels",  # the level reached per criterion, before the scheme goes
    "widgets.grading.preprocessors.ClearHiddenTests",
    "widgets.grading.preprocessors.ClearMarkScheme",
    "widgets.grading.preprocessors.EscapeStudentHtml",
    "widgets.grading.preprocessors.RefuseLeaks",
    "nbconvert.preprocessors.CSSHTMLHeaderPreprocessor",
]


def cell_timeout() -> int:
    return int(os.environ.get("GRADING_CELL_TIMEOUT", CELL_TIMEOUT))


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
    c.Autograde.autograde_preprocessors = AUTOGRADE
    c.Autograde.pre_convert_hook = "widgets.grading.preprocessors.start_early"
    c.RunInSandbox.timeout = cell_timeout()
    c.GenerateFeedback.preprocessors = FEEDBACK
