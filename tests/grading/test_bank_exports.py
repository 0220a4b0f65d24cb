"""Question banks exported for reuse: Moodle GIFT read back by a small GIFT reader, and the jupyterquiz JSON's
shape (tests/browser/test_bank_export_jupyterquiz.py renders it with jupyterquiz itself)."""

from __future__ import annotations

import json
import re

import pytest

from widgets.content.banks import load_banks
from widgets.content.course import load_course
from widgets.grading.bank_export import export, jupyterquiz_questions

GIFT_QUESTION = re.compile(r"^::(?P<title>(?:\\.|[^:])+)::\s*(?P<prompt>(?:\\.|[^{])*)\{(?P<body>(?:\\.|[^}])*)\}",
                           re.MULTILINE)


def unescape(text: str) -> str:
    return re.sub(r"\\(.)", r"\1", text).strip()


def split_unescaped(text: str, sep: str) -> list[str]:
    return re.split(rf"(?<!\\){re.escape(sep)}", text)


def read_gift(text: str) -> dict[str, dict]:
    """Our subset of GIFT: single (=/~), weighted multiple (~%n%), true/false, matching (=a -> b)."""
    questions = {}
    for match in GIFT_QUESTION.finditer(text):
        body = match["body"].strip()
        entry: dict = {"prompt": unescape(match["prompt"])}
        if re.match(r"^(TRUE|FALSE)#", body):
            flag, wrong, right = split_unescaped(body, "#")
            entry.update(kind="tf", answer=flag == "TRUE", feedback=(unescape(wrong), unescape(right)))
        elif "->" in body:
            entry.update(kind="matching", pairs=[tuple(unescape(s) for s in line.strip()[1:].split(" -> "))
                                                 for line in body.splitlines() if line.strip()])
        else:
            options = []
            for line in (x.strip() for x in body.splitlines() if x.strip()):
                weight = re.match(r"^~%(-?[\d.]+)%", line)
                mark = float(weight[1]) if weight else (100.0 if line[0] == "=" else 0.0)
                rest = line[weight.end():] if weight else line[1:]
                answer, feedback = split_unescaped(rest, "#")
                options.append((unescape(answer), mark, unescape(feedback)))
            entry.update(kind="choice", options=options)
        questions[unescape(match["title"])] = entry
    return questions


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    folder = tmp_path_factory.mktemp("banks")
    export(folder)
    return folder, load_course(), load_banks(load_course())


def test_every_bank_item_reads_back_from_gift_with_its_answers_and_feedback(exported) -> None:
    folder, course, banks = exported
    for module in course.modules:
        read = read_gift((folder / f"{module.name}.gift").read_text(encoding="utf-8"))
        items = banks[module.id].items
        assert sorted(read) == sorted(item.id for item in items)
        for item in items:
            entry = read[item.id]
            assert entry["prompt"] == " ".join(item.prompt.split())
            if item.type == "true_false":
                assert entry["answer"] == next(o.correct for o in item.options if o.text == "True")
            elif item.type in ("single", "multiple"):
                got = {text: (mark > 0, feedback) for text, mark, feedback in entry["options"]}
                want = {" ".join(o.text.split()): (o.correct, " ".join(o.feedback.split())) for o in item.options}
                assert got == want, item.id
                assert sum(max(mark, 0) for _, mark, _ in entry["options"]) == pytest.approx(100, abs=0.01)
            else:
                assert len(entry["pairs"]) == len(item.pairs or item.steps)


def test_the_jupyterquiz_export_has_one_question_per_choice_and_a_right_answer_each(exported) -> None:
    folder, course, banks = exported
    for module in course.modules:
        questions = json.loads((folder / f"{module.name}.json").read_text(encoding="utf-8"))
        assert len(questions) == sum(len(jupyterquiz_questions(i)) for i in banks[module.id].items)
        for question in questions:
            assert question["type"] in ("multiple_choice", "many_choice")
            assert any(a["correct"] for a in question["answers"])
            assert all(a["answer"] and a["feedback"] for a in question["answers"])
