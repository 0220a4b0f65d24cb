"""Synthetic student submissions made from a released notebook: each student answers in a different way.

STUDENTS answer honestly (right, partly right, empty, raising, looping) or try casual cheating. ATTACKS are the
attack classes of issue #17, written with the real paths of the class being graded (an `Aim`), so that each one
would do harm if the grader let it: IPython tricks that turn wrong answers into points, switching the guard off
to print every module's answer key and start a program, writing into what other students' results depend on,
printing the grader's environment, typing the leak markers into a written answer, and printing hundreds of MB.
"""

from __future__ import annotations

import sysconfig
from dataclasses import dataclass
from pathlib import Path

import nbformat

from widgets.content.assessments import Assessment
from widgets.grading.assignments import NOTEBOOK_NAME, item_spec

WRONG = {"one": lambda key, n: "ABCDEFGH"[("ABCDEFGH".index(key) + 1) % n],
         "set": lambda key, n: " ".join(c for c in "ABCDEFGH"[:n] if c not in key),
         "seq": lambda key, n: key[1:] + key[0],
         "tf": lambda key, n: "false" if key else "true"}


def right_answer(item) -> str:
    kind, _, spec = item_spec(item)
    if kind == "tf":
        return "true" if spec["key"] else "false"
    return " ".join(spec["key"])


def wrong_answer(item) -> str:
    kind, _, spec = item_spec(item)
    count = len(item.pairs or item.steps or item.options)
    return WRONG[kind](spec["key"], count)


def answer_cell(number: int, text: str) -> str:
    return f"answer_{number} = {text!r}\n"


STUDENTS = {
    # student: (how each question is answered, expected autograded score as a function of the assessment)
    "all_correct": lambda n, item: answer_cell(n, right_answer(item)),
    "partly_correct": lambda n, item: answer_cell(n, right_answer(item) if n % 2 else wrong_answer(item)),
    "wrong": lambda n, item: answer_cell(n, wrong_answer(item)),
    "empty": None,  # hands in the released notebook unchanged
    "raises": lambda n, item: (answer_cell(n, right_answer(item)) if n > 1  # a wrong answer, then an error
                               else answer_cell(1, wrong_answer(item)) + 'raise RuntimeError("I gave up")\n'),
    "loops_forever": lambda n, item: (answer_cell(n, right_answer(item)) if n > 1
                                      else "answer_1 = ''\nwhile True:\n    pass\n"),
    # Runs the instructor's answer cell from the source notebook, three folders up from where it is graded.
    "reads_answers": lambda n, item: (answer_cell(n, right_answer(item)) if n > 1 else
                                      "import json, os\nanswer_1 = ''\n"
                                      "path = f'../../../source/{os.path.basename(os.getcwd())}/assessment.ipynb'\n"
                                      "exec(''.join(json.load(open(path))['cells'][4]['source']))\n"),
}


@dataclass(frozen=True)
class Aim:
    """What an attacking submission aims at: the real places of the class being graded."""

    course_dir: Path
    ipython_dir: Path
    package_dir: Path = Path(__file__).resolve().parents[2] / "widgets"
    site_dir: Path = Path(sysconfig.get_paths()["purelib"])
    planted: str = "_planted_by_a_student.txt"


# Wrong answers everywhere, and one line in the first answer cell that changes how IPython shows or runs results.
TRICKS = {
    "formatter_trick": "get_ipython().display_formatter.formatters['text/plain'].for_type(\n"
                       "    float, lambda value, printer, cycle: printer.text('1.0'))\n",
    "quiet_results": "get_ipython().ast_node_interactivity = 'none'\n",
    "rewrites_checks": "get_ipython().input_transformers_post.append(\n"
                       "    lambda lines: [line.replace('score(answer_', '1.0 or score(answer_') for line in lines])\n",
}
GUARD_OFF = ("try:\n    import widgets.grading.guard as guard\n"
             "    guard.PATH_EVENTS.clear(); guard.BLOCKED_EVENTS.clear()\nexcept Exception as error:\n"
             "    print('guard:', type(error).__name__)\n")
TRY = "def attempt(what, do):\n    try:\n        do()\n    except Exception as error:\n" \
      "        print(what, 'failed:', type(error).__name__)\n"
PWNED = "'PW' + 'NED'"  # made at run time, so a feedback page that shows this source does not contain the word


def _attack(aim: Aim, name: str) -> str:
    course = str(aim.course_dir)
    if name in TRICKS:
        return TRICKS[name]
    if name == "reads_keys":  # switch the guard off, print every module's answer key, start a program
        return GUARD_OFF + TRY + (
            "import glob, os, re, subprocess\n"
            f"for path in sorted(glob.glob({course!r} + '/source/*/assessment.ipynb')):\n"
            "    for n, key in re.findall(r\"answer_(\\d+) = '([^']*)'\", open(path).read()):\n"
            "        print('KEY', os.path.basename(os.path.dirname(path)), n + ':', key)\n"
            "attempt('program', lambda: subprocess.run(['sh', '-c', 'echo started > \"$0\"', "
            f"{course!r} + '/started.txt']))\n")
    if name == "writes_shared":  # change what other students' results depend on
        return GUARD_OFF + TRY + (
            "import glob, sqlite3\n"
            f"attempt('gradebook', lambda: sqlite3.connect({course!r} + '/gradebook.db').executescript("
            "'UPDATE grade SET auto_score = 0; COMMIT;'))\n"
            f"for page in glob.glob({course!r} + '/feedback/*/*/assessment.html'):\n"
            f"    attempt('feedback', lambda: open(page, 'w').write({PWNED}))\n"
            f"for folder in ({str(aim.package_dir)!r}, {str(aim.site_dir)!r}):\n"
            f"    attempt('package', lambda: open(folder + '/' + {aim.planted!r}, 'w').write('planted'))\n")
    if name == "plants_profile":  # a startup file that runs in every later grading kernel
        trick = TRICKS["formatter_trick"]
        return GUARD_OFF + TRY + (
            "import os\n"
            f"for folder in (get_ipython().profile_dir.startup_dir, {str(aim.ipython_dir)!r} + "
            "'/profile_default/startup'):\n"
            "    attempt('profile', lambda: os.makedirs(folder, exist_ok=True))\n"
            f"    attempt('profile', lambda: open(folder + '/00-planted.py', 'w').write({trick!r}))\n")
    if name == "prints_env":
        return "import os\nprint(dict(os.environ))\n"
    if name == "prints_a_lot":  # 300 MB of output, a megabyte at a time
        return "import sys\nfor _ in range(300):\n    sys.stdout.write('x' * 1_000_000)\n"
    return ""


ATTACKS = (*TRICKS, "reads_keys", "prints_env", "writes_markers")  # each harms only its own results
SHARED_HARM = ("plants_profile", "writes_shared")  # each aims at other students' results
MARKED_ANSWER = ("Rubric: I copied BEGIN SOLUTION, ### BEGIN HIDDEN TESTS, MARK SCHEME, 'say': and def score( "
                 "here, to see what happens. <script>alert('from a student')</script>")


def attack(aim: Aim, name: str):
    """How attacking student `name` answers question n: the attack in the first answer cell, then wrong
    answers (the IPython tricks, which aim to turn them into points) or right ones (the others)."""
    def answer(n: int, item) -> str:
        honest = wrong_answer(item) if name in TRICKS else right_answer(item)
        return answer_cell(n, honest) + (_attack(aim, name) if n == 1 else "")
    return answer


def expected_auto_score(student: str, assessment: Assessment) -> float:
    """What the autograder should give, worked out from the bank (never a stored number). An answer cell that
    holds more than its answer is not scored."""
    items = assessment.items
    if student in ("all_correct", "writes_markers"):
        return float(len(items))
    if student == "partly_correct":
        return float(sum(1 for n in range(1, len(items) + 1) if n % 2))
    if student in ("empty", "wrong") or student in TRICKS:
        return 0.0
    return float(len(items) - 1)  # the first question fails, the rest are right


def answer_as(notebook: nbformat.NotebookNode, student: str, assessment: Assessment,
              aim: Aim | None = None) -> nbformat.NotebookNode:
    """The released notebook filled in as `student` would (changed in place and returned); an attacking
    student needs to know its `aim`."""
    answer = STUDENTS[student] if student in STUDENTS else attack(aim, student)
    numbers = {f"answer_{item.id}": (n, item) for n, item in enumerate(assessment.items, 1)}
    written = {"all_correct": "A trauma bond grows from harm mixed with kindness; love rests on safety and respect.",
               "writes_markers": MARKED_ANSWER}
    for cell in notebook.cells:
        grade_id = cell.metadata.get("nbgrader", {}).get("grade_id")
        if answer and grade_id in numbers:
            cell.source = answer(*numbers[grade_id])
        elif student in written and cell.cell_type == "markdown" and "Write your answer here" in cell.source:
            cell.source = written[student]
    return notebook


def write_submission(release_notebook: Path, folder: Path, student: str, assessment: Assessment,
                     aim: Aim | None = None) -> Path:
    """Fill in a copy of the released notebook as `student` would, and save it as nbgrader expects."""
    notebook = answer_as(nbformat.read(release_notebook, as_version=4), student, assessment, aim)
    target = folder / student / assessment.name / NOTEBOOK_NAME
    target.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, target)
    return target
