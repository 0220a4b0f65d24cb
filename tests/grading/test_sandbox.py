"""The grading sandbox (widgets/grading/sandbox.py): what student code can see, change and print there, and
what grading does without it."""

from __future__ import annotations

import os
import shutil

import nbformat
import pytest

from widgets.grading import preprocessors, sandbox

needs_bwrap = pytest.mark.skipif(not shutil.which("bwrap") and not os.environ.get("CI"),
                                 reason="bubblewrap is not installed (apt-get install bubblewrap); CI requires it")


def notebook(*sources: str) -> nbformat.NotebookNode:
    book = nbformat.v4.new_notebook()
    book.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    book.cells.insert(1, nbformat.v4.new_markdown_cell("### BEGIN MARK SCHEME\nthe rubric\n### END MARK SCHEME"))
    return book


def texts(run: sandbox.Run) -> list[str]:
    assert run.notebook is not None, run.problem
    return ["".join(o.get("text", "") or o.get("data", {}).get("text/plain", "") or o.get("ename", "")
                    for o in cell.outputs) for cell in run.notebook.cells]


@needs_bwrap
def test_student_code_sees_no_course_no_environment_and_cannot_write_outside(tmp_path, monkeypatch) -> None:
    course = tmp_path / "course"
    course.mkdir()
    (course / "gradebook.db").write_text("grades")
    monkeypatch.setenv("JUPYTERHUB_API_TOKEN", "secret-token")
    run = sandbox.run(notebook(
        "import os\nprint(os.environ.get('JUPYTERHUB_API_TOKEN'), os.getuid())",
        f"print(os.path.exists({str(course)!r}), os.path.exists({os.getcwd()!r} + '/course'))",
        f"open({str(tmp_path)!r} + '/written.txt', 'w')",
        "import socket\nsocket.create_connection(('127.0.0.1', 8000), timeout=2)",
        "import sys\nopen(sys.prefix + '/planted.txt', 'w')",
        "open('mine.txt', 'w').write('kept')\nprint(open('mine.txt').read(), [n for n in os.listdir() if n[0] != '.'])",
        "import subprocess\nprint(subprocess.run(['id', '-u'], capture_output=True, text=True).stdout.strip())",
    ), cell_timeout=10)
    out = texts(run)
    assert out[0] == "None 65534\n"  # an empty environment, as an unprivileged user
    assert out[1] == "False False\n"  # neither the course folder nor the repository exists in there
    assert "Error" in out[2] and not (tmp_path / "written.txt").exists()
    assert "Error" in out[3]  # no network, not even this machine's
    assert "Error" in out[4]  # the Python installation is read-only
    assert out[5] == "kept ['mine.txt']\n"  # its own throwaway folder holds only what it wrote
    assert out[6] == "65534\n"  # a program it starts is as confined as the notebook


@needs_bwrap
def test_the_sandbox_gets_no_hidden_tests_and_no_markdown() -> None:
    run = sandbox.run(notebook("print(In[-1].count('BEGIN ' + 'HIDDEN'))\n### BEGIN HIDDEN TESTS\nkey = 'B'\n"
                               "### END HIDDEN TESTS", "print('key' in globals())"), cell_timeout=10)
    assert texts(run) == ["0\n", "False\n"]
    assert len(run.notebook.cells) == 2  # the Markdown cell with the rubric never went in


@needs_bwrap
def test_output_is_cut_to_plain_text_and_a_cell_stops_at_its_timeout() -> None:
    run = sandbox.run(notebook("print('x' * 100_000)", "from IPython.display import HTML\n"
                               "HTML('<script>alert(1)</script>')", "while True:\n    pass", "print('after')"),
                      cell_timeout=2)
    out = texts(run)
    assert len(out[0]) < sandbox.OUTPUT_CHARS + 100 and "more characters not shown" in out[0]
    assert "<script>" not in out[1] and "HTML object" in out[1]
    assert "CellTimeoutError" in out[2] and out[3] == "after\n"


@needs_bwrap
def test_a_run_that_goes_on_too_long_is_stopped_and_says_so() -> None:
    run = sandbox.run(notebook("import time\ntime.sleep(30)"), cell_timeout=60, seconds=3)
    assert run.notebook is None and run.problem == "stopped after 3 s"


def test_without_bubblewrap_student_code_is_not_run_and_the_feedback_says_so(monkeypatch) -> None:
    monkeypatch.setattr(sandbox, "bwrap", lambda: None)
    book = notebook("print('setup')", "answer_1 = 'B'\nprint('mine')")
    book.cells[2].outputs = [nbformat.v4.new_output("stream", name="stdout", text="forged by the student")]
    book, _ = preprocessors.RunInSandbox().preprocess(book, {})
    assert "was not run: bubblewrap" in book.cells[0].outputs[0]["text"]
    assert "marks come from the answers you typed" in book.cells[0].outputs[0]["text"]


def test_what_comes_back_from_a_sandbox_is_rebuilt_as_plain_text() -> None:
    """The runner cuts outputs down inside, but student code could forge what it sends back."""
    forged = [{"output_type": "display_data", "data": {"text/html": "<script>alert(1)</script>", "text/plain": "x"}},
              {"output_type": "execute_result", "data": {"text/plain": ["4", "2"]}, "execution_count": 3},
              {"output_type": "stream", "name": "stdout", "text": "y" * (sandbox.OUTPUT_CHARS + 50)},
              "not an output", {"output_type": "error", "ename": "E", "evalue": "v", "traceback": ["a", "b"]}]
    rebuilt = sandbox.plain_outputs(forged)
    assert [o["output_type"] for o in rebuilt] == ["display_data", "execute_result", "stream", "error"]
    assert rebuilt[0]["data"] == {"text/plain": "x"}
    assert rebuilt[1]["data"] == {"text/plain": "42"} and rebuilt[1]["execution_count"] == 3
    assert rebuilt[2]["text"].endswith("50 more characters not shown]")
    assert rebuilt[3]["traceback"] == ["a\nb"]
