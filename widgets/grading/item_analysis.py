"""Item analysis after grading (pure): how hard each autograded item was, how well it told stronger students from
weaker ones, and how often each wrong option was chosen, with flags for items worth a second look.

- difficulty: the share of the item's points the class earned (1.0 = everyone right);
- discrimination: the corrected point-biserial correlation between the item's score and the rest of the
  autograded score (the total without this item); near 0 the item does not separate stronger from weaker
  students, below 0 stronger students did worse on it than weaker ones;
- upper_lower: the item's mean score in the top 27% of the class minus the bottom 27% (by the rest score);
- choices: how many students chose each option (single, multiple and true/false items).

Flags (thresholds below, in one place): too easy, too hard, negative discrimination, a wrong option nobody chose.
The numbers come from `responses.read_class`, the one place that reads what students answered.
"""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass, field

from ..content.banks import Item
from .assignments import item_spec

TOO_EASY = 0.90  # difficulty above this: nearly everyone was right
TOO_HARD = 0.20  # difficulty below this: nearly everyone was wrong
NEGATIVE = 0.0  # discrimination below this: stronger students did worse than weaker ones
GROUP_SHARE = 0.27  # the upper and lower groups for the upper-lower index
SMALL_CLASS = 20  # below this, the numbers are unstable; the report says so

FLAG_WORDS = {
    "too_easy": f"too easy (more than {TOO_EASY:.0%} right)",
    "too_hard": f"too hard (fewer than {TOO_HARD:.0%} right)",
    "negative_discrimination": "negative discrimination (stronger students did worse)",
    "unused_distractor": "a wrong option nobody chose",
}


@dataclass(frozen=True)
class Answer:
    """One student's answer to one item: the letters typed ("B", "AC", "T"/"F" for true/false, "" for none)
    and the points the grader gave."""

    letters: str
    score: float


@dataclass(frozen=True)
class StudentAnswers:
    student: str
    answers: dict[str, Answer]  # by item id


@dataclass(frozen=True)
class OptionCount:
    label: str  # the letter the student saw ("A"...) or "True"/"False"
    text: str
    correct: bool
    count: int


@dataclass
class ItemStats:
    number: int
    item: Item
    n: int
    difficulty: float
    discrimination: float | None
    upper_lower: float | None
    choices: list[OptionCount] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)  # each student's share of the points, for the figure
    flags: list[str] = field(default_factory=list)

    @property
    def unused(self) -> list[OptionCount]:
        return [c for c in self.choices if not c.correct and c.count == 0]


def choices_for(item: Item, letters: Sequence[str]) -> list[OptionCount]:
    """How often each option of a choice item was picked, in the order students saw the options."""
    kind, _, spec = item_spec(item)
    if kind == "tf":
        picks = [letter for letter in letters if letter in ("T", "F")]
        return [OptionCount(word, word, spec["key"] == (word == "True"), sum(p == word[0] for p in picks))
                for word in ("True", "False")]
    if kind not in ("one", "set"):
        return []
    shown = [item.options[i] for i in item.option_order()]
    return [OptionCount(label, option.text, option.correct, sum(label in given for given in letters))
            for label, option in zip("ABCDEFGHIJKLMNOPQRSTUVWXYZ", shown, strict=False)]


def point_biserial(item_scores: Sequence[float], rest: Sequence[float]) -> float | None:
    """Pearson's r between the item scores and the rest scores (None when either does not vary)."""
    if len(item_scores) < 3 or len(set(item_scores)) < 2 or len(set(rest)) < 2:
        return None
    r = statistics.correlation(item_scores, rest)
    return None if math.isnan(r) else r


def upper_lower(item_scores: Sequence[float], rest: Sequence[float]) -> float | None:
    """Mean item score of the top GROUP_SHARE of students (by rest score) minus that of the bottom share."""
    n = len(item_scores)
    if n < 4:
        return None
    size = max(1, round(GROUP_SHARE * n))
    order = sorted(range(n), key=lambda i: rest[i])
    return statistics.fmean(item_scores[i] for i in order[-size:]) - statistics.fmean(item_scores[i]
                                                                                     for i in order[:size])


def analyse(items: Sequence[Item], points: dict[str, float], records: Sequence[StudentAnswers]) -> list[ItemStats]:
    """Statistics and flags for each item, from every student's answers. `points` is each item's maximum."""
    missing = Answer("", 0.0)
    share = {item.id: [r.answers.get(item.id, missing).score / points[item.id] for r in records] for item in items}
    totals = [sum(share[item.id][s] for item in items) for s in range(len(records))]
    found = []
    for number, item in enumerate(items, 1):
        scores = share[item.id]
        rest = [total - own for total, own in zip(totals, scores, strict=True)]
        letters = [r.answers.get(item.id, missing).letters for r in records]
        stats = ItemStats(number, item, len(records), statistics.fmean(scores) if scores else 0.0,
                          point_biserial(scores, rest), upper_lower(scores, rest), choices_for(item, letters),
                          scores)
        stats.flags = flags(stats)
        found.append(stats)
    return found


def flags(stats: ItemStats) -> list[str]:
    found = []
    if stats.n and stats.difficulty > TOO_EASY:
        found.append("too_easy")
    if stats.n and stats.difficulty < TOO_HARD:
        found.append("too_hard")
    if stats.discrimination is not None and stats.discrimination < NEGATIVE:
        found.append("negative_discrimination")
    if stats.n and stats.unused:
        found.append("unused_distractor")
    return found
