"""Hostile or careless author input: `widgets check` answers every case quickly with `file:line: message`, never a
hang or a traceback. A YAML alias bomb, 5,000-deep nesting, a 5,001-digit number, a 35 MB bank, and HTML markup
in a plain-text field (which a page that forgot to escape would run as script)."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import pytest

from widgets._errors import ContentError
from widgets.content._yaml import MAX_BYTES, load_yaml

BANK = "course/banks/01_what_is_a_trauma_bond.yml"
LAUGHS = "".join(f"{a}: &{a} [{', '.join([f'*{b}'] * 9)}]\n" for a, b in zip("bcdefghij", "abcdefghi", strict=True))
ALIAS_BOMB = 'module: "01"\na: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]\n' + LAUGHS
DEEP = 'module: "01"\nitems: ' + "[" * 5000 + "]" * 5000 + "\n"
LONG_NUMBER = 'module: "01"\nitems:\n  - id: 01-x\n    objective: ' + "9" * 5001 + "\n"
ITEM = "  - id: 01-x\n    objective: 01-define\n    type: single\n    prompt: " + "Many words here. " * 8 + "\n"


def big_bank(path: Path, size: int) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.write('module: "01"\nitems:\n')
        while handle.tell() < size:
            handle.write(ITEM * 1000)


@pytest.mark.parametrize(("text", "line", "words"), [
    (ALIAS_BOMB, 3, "an alias (*a) is not allowed"),
    (DEEP, 2, "nested more than 40 levels deep"),
    (LONG_NUMBER, 4, "a number of 5,001 characters is too long"),
], ids=["alias-bomb", "deep-nesting", "long-number"])
def test_the_loader_refuses_what_no_course_file_needs_with_its_line(tmp_path: Path, text: str, line: int,
                                                                    words: str) -> None:
    path = tmp_path / "bank.yml"
    path.write_text(text, encoding="utf-8")
    started = time.monotonic()
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert time.monotonic() - started < 5
    [problem] = caught.value.problems
    assert problem.line == line and words in problem.message, problem


def test_a_huge_file_is_refused_at_the_line_where_it_passes_the_limit(tmp_path: Path) -> None:
    path = tmp_path / "bank.yml"
    big_bank(path, 35_000_000)
    started = time.monotonic()
    with pytest.raises(ContentError) as caught:
        load_yaml(path)
    assert time.monotonic() - started < 5
    [problem] = caught.value.problems
    head = path.read_bytes()[:MAX_BYTES].decode("utf-8")
    assert problem.line == head.count("\n") + 1 and "larger than 1 MB" in problem.message


def test_a_file_just_under_the_limit_is_still_read(tmp_path: Path) -> None:
    path = tmp_path / "bank.yml"
    path.write_text('module: "01"\nitems:\n' + ITEM * ((MAX_BYTES - 100) // len(ITEM)), encoding="utf-8")
    assert len(load_yaml(path)["items"]) > 1000


def run_check(root: Path) -> tuple[subprocess.CompletedProcess, float]:
    import os

    started = time.monotonic()
    result = subprocess.run([sys.executable, "-m", "widgets", "check", "--no-generated"], capture_output=True,
                            text=True, env={**os.environ, "COURSE_ROOT": str(root)}, cwd=root, timeout=300)
    return result, time.monotonic() - started


def test_widgets_check_answers_every_hostile_bank_quickly_without_a_traceback(course_copy: Path) -> None:
    banks = sorted((course_copy / "course/banks").glob("0*.yml"))
    for path, text in zip(banks, (ALIAS_BOMB, DEEP, LONG_NUMBER), strict=False):
        path.write_text(text.replace('"01"', f'"{path.name[:2]}"'), encoding="utf-8")
    big_bank(banks[3], 35_000_000)
    result, seconds = run_check(course_copy)
    output = result.stdout + result.stderr
    assert result.returncode == 1 and "Traceback" not in output, output[-3000:]
    expected = {banks[0]: ":3: an alias", banks[1]: ":2: nested more than", banks[2]: ":4: a number of 5,001",
                banks[3]: "larger than 1 MB"}
    for path, words in expected.items():
        shown = str(path.relative_to(course_copy))
        assert any(line.startswith(shown + ":") and words in line for line in result.stdout.splitlines()), (
            shown, words, result.stdout[-3000:])
    assert seconds < 60


@pytest.mark.parametrize(("file", "old", "new", "words"), [
    ("course/course.yml", "title: What a trauma bond is", "title: What a trauma bond is<script>alert(1)</script>",
     "module 01: 'title': HTML markup (<s…) is not allowed"),
    ("course/resources.yml", "name: 988 Suicide & Crisis Lifeline",
     'name: 988 Suicide & Crisis Lifeline <img src=x onerror="alert(1)">', "HTML markup (<i…) is not allowed"),
    (BANK, "    prompt: ", "    prompt: <b>Bold</b> ", "'prompt': HTML markup (<b…) is not allowed"),
], ids=["course-title", "resources-name", "bank-prompt"])
def test_widgets_check_rejects_markup_in_plain_text_at_its_line(course_copy: Path, file: str, old: str, new: str,
                                                                words: str) -> None:
    path = course_copy / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"test set-up: {old!r} not in {file}"
    line = text[:text.index(old)].count("\n") + 1
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    result, _ = run_check(course_copy)
    assert result.returncode == 1 and "Traceback" not in result.stdout + result.stderr
    assert any(out.startswith(f"{file}:{line}: ") and words in out for out in result.stdout.splitlines()), (
        line, result.stdout[-2000:])


def test_less_than_in_plain_text_is_not_markup(course_copy: Path) -> None:
    path = course_copy / "course/course.yml"
    path.write_text(path.read_text(encoding="utf-8").replace("title: What a trauma bond is",
                                                             "title: What a trauma bond is (< 5 minutes)", 1),
                    encoding="utf-8")
    result, _ = run_check(course_copy)
    assert "HTML markup" not in result.stdout
