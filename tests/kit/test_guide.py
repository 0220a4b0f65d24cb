"""The parts of each facilitator guide that slides show: timing, prompts, group activities."""

from __future__ import annotations

import pytest

from widgets.content.course import load_course
from widgets.kit import guide

MODULES = load_course().modules


@pytest.mark.parametrize("module", MODULES, ids=lambda m: m.id)
def test_every_guide_gives_timing_prompts_and_an_activity(module) -> None:
    text = module.path("guide").read_text(encoding="utf-8")
    rows = guide.timing(text)
    assert sum(r.minutes for r in rows) == module.minutes
    assert {r.kind for r in rows} <= {"teaching", "activity"}
    assert len(guide.discussion_prompts(text)) >= 3
    activities = guide.group_activities(text)
    assert activities and all(a.purpose and a.steps for a in activities)


def test_parsing_reads_what_is_written() -> None:
    text = """## Timing

| Section | Minutes | Kind |
| --- | --- | --- |
| Welcome, with **care** | 3 | teaching |
| Sort the cards | 7 | activity |
| **Total** | **10** | |

## Discussion prompts

Pick one.

1. Why might a prompt
   run over two lines?
2. Second?

## Group activity

**Card sort (7 minutes)**

Purpose: practise
sorting.

1. **Set up (1 minute).** Say hello.
2. **Sort (6 minutes).** Sort.

## Answer key
"""
    assert guide.timing(text) == [guide.TimingRow("Welcome, with **care**", 3, "teaching"),
                                  guide.TimingRow("Sort the cards", 7, "activity")]
    assert guide.discussion_prompts(text) == ["Why might a prompt run over two lines?", "Second?"]
    assert guide.group_activities(text) == [guide.GroupActivity("Card sort (7 minutes)", "practise sorting.",
                                                                ("Set up (1 minute)", "Sort (6 minutes)"))]
