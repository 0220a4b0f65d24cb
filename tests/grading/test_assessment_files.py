"""Assessment files: a mistake is reported as file:line: message, and every mistake at once."""

from __future__ import annotations

import textwrap

import pytest

from widgets._errors import ContentError
from widgets.content.assessments import load_assessment
from widgets.content.banks import load_banks
from widgets.content.course import load_course

BROKEN = """\
module: "01"
items: [01-g-boss, 01-no-such-item, 01-define]
tasks:
  - id: 01-case
    objective: 02-pree
    points: 5
    prompt: A case.
    rubric:
      - criterion: One thing.
        levels:
          0: Nothing.
          1: Some.
          2: All.
      - criterion: Another.
        levels:
          0: Nothing.
          2: All.
"""


def test_every_mistake_in_an_assessment_is_named_with_its_line(tmp_path, monkeypatch) -> None:
    course = load_course()
    banks = load_banks(course)
    module = course.module("01")
    folder = tmp_path / "course" / "assessments"
    folder.mkdir(parents=True)
    (folder / f"{module.name}.yml").write_text(textwrap.dedent(BROKEN), encoding="utf-8")
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    with pytest.raises(ContentError) as caught:
        load_assessment(module, banks["01"], course)
    messages = [str(p) for p in caught.value.problems]
    name = f"course/assessments/{module.name}.yml"
    assert f"{name}:2: items: '01-no-such-item' is not an item of {module.name}.yml" in messages
    assert any(m.startswith(f"{name}:2:") and "'01-define' is a practice item" in m for m in messages), messages
    assert not any("01-g-boss" in m for m in messages)  # a graded item is fine
    assert any(m.startswith(f"{name}:5:") and "belongs to module 02" in m for m in messages)
    assert any(m.startswith(f"{name}:14:") and "levels must be numbered 0, 1, 2" in m for m in messages), messages
    assert any(m.startswith(f"{name}:6:") and "top levels add up to 2" in m for m in messages), messages
