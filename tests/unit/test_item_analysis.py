"""Item analysis after grading, on a synthetic class of 30 (no nbgrader needed): a planted bad item is flagged,
good items are not, and the CSV and HTML report say so without loading anything from the web."""

from __future__ import annotations

import csv
import io
import re

import pytest

from widgets.content.assessments import load_assessments
from widgets.content.banks import load_banks
from widgets.content.course import load_course
from widgets.grading.assignments import item_spec
from widgets.grading.item_analysis import Answer, StudentAnswers, analyse, point_biserial
from widgets.grading.item_report import csv_text, page_html, write_reports
from widgets.grading.responses import answer_literal, letters_of

CLASS = 30
ASSESSMENT = load_assessments(load_course(), load_banks(load_course()))["01"]
ITEMS = [i for i in ASSESSMENT.items if i.type in ("single", "true_false")][:6]
BAD = next(i for i in ITEMS if i.type == "single")  # stronger students miss it: a miskeyed or misleading item
EASY = next(i for i in ITEMS if i.type == "true_false")  # everyone gets it right


def letters(item) -> tuple[str, list[str]]:
    """(the right letter, the wrong letters) as a student types them."""
    kind, _, spec = item_spec(item)
    if kind == "tf":
        right = "T" if spec["key"] else "F"
        return right, ["F" if right == "T" else "T"]
    return spec["key"], [k for k in spec["say"] if k != spec["key"]]


def synthetic_class() -> list[StudentAnswers]:
    """Student s (0 weakest ... 29 strongest) gets a normal item right when s is above the item's bar, and picks
    the wrong options in turn otherwise. The bad item is the other way round, and its wrong answers all pick
    the same option, so one of its wrong options is never chosen."""
    records = []
    for s in range(CLASS):
        answers = {}
        for n, item in enumerate(ITEMS):
            right, wrong = letters(item)
            if item is EASY:
                good = True
            elif item is BAD:
                good = s < 12
            else:
                good = s >= 6 + 3 * n
            given = right if good else (wrong[0] if item is BAD else wrong[s % len(wrong)])
            answers[item.id] = Answer(given, 1.0 if good else 0.0)
        records.append(StudentAnswers(f"student{s:02d}", answers))
    return records


@pytest.fixture(scope="module")
def stats():
    return {s.item.id: s for s in analyse(ITEMS, {i.id: 1.0 for i in ITEMS}, synthetic_class())}


def test_the_planted_bad_item_is_flagged(stats) -> None:
    bad = stats[BAD.id]
    assert bad.n == CLASS
    assert bad.discrimination is not None and bad.discrimination < 0
    assert bad.upper_lower is not None and bad.upper_lower < 0
    assert "negative_discrimination" in bad.flags and "unused_distractor" in bad.flags
    assert [c.count for c in bad.choices if c.correct] == [12]


def test_good_items_are_not_flagged_and_an_item_everyone_gets_is_too_easy(stats) -> None:
    for item_id, item_stats in stats.items():
        if item_id in (BAD.id, EASY.id):
            continue
        assert item_stats.flags == [], (item_id, item_stats.flags)
        assert item_stats.discrimination > 0.2
    assert stats[EASY.id].difficulty == 1.0 and "too_easy" in stats[EASY.id].flags
    assert stats[EASY.id].discrimination is None  # no spread, so no correlation to speak of


def test_a_hard_item_is_flagged_too_hard() -> None:
    records = [StudentAnswers(f"s{n}", {ITEMS[0].id: Answer("", 1.0 if n == 0 else 0.0)}) for n in range(CLASS)]
    (only,) = analyse(ITEMS[:1], {ITEMS[0].id: 1.0}, records)
    assert only.difficulty == pytest.approx(1 / CLASS) and "too_hard" in only.flags


def test_point_biserial_matches_a_hand_worked_case() -> None:
    assert point_biserial([1, 1, 0, 0], [3, 2, 1, 0]) == pytest.approx(0.894, abs=0.001)
    assert point_biserial([1, 1, 1, 1], [3, 2, 1, 0]) is None


def test_the_csv_and_the_page_show_the_flags_and_load_nothing_from_the_web(stats, tmp_path) -> None:
    ordered = [stats[i.id] for i in ITEMS]
    rows = list(csv.DictReader(io.StringIO(csv_text(ASSESSMENT, ordered))))
    assert [r["item"] for r in rows] == [i.id for i in ITEMS]
    bad = next(r for r in rows if r["item"] == BAD.id)
    assert "negative_discrimination" in bad["flags"] and float(bad["discrimination"]) < 0
    assert re.search(r"\(right\) 12", bad["choices"])
    page = page_html(ASSESSMENT, ordered)
    assert page.count("<svg") == len(ITEMS)  # a small figure per item, inline
    assert "negative discrimination" in page and "a wrong option nobody chose" in page
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    index = write_reports(tmp_path, [(ASSESSMENT, ordered)])
    assert (tmp_path / "item-analysis" / f"{ASSESSMENT.name}.csv").exists() and index.exists()


def test_answers_are_read_as_literals_never_run() -> None:
    assert answer_literal('# type here\nanswer_3 = "b"\n') == "b"
    assert answer_literal('answer_3 = ""\nanswer_3 = "A C"') == "A C"
    assert answer_literal("answer_1 = open('x').read()") is None
    assert answer_literal("answer_1 = (") is None
    assert letters_of("1c, 2a", kind_is_tf=False) == "CA"
    assert letters_of(True, kind_is_tf=True) == "T" and letters_of(" false ", kind_is_tf=True) == "F"
