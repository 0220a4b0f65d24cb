"""The practice and graded pools of the question banks, and the rules that keep graded items fair.

- A graded item is never shown to learners, and its prompt is not a near copy of any practice prompt (it tests
  the same objective with a new case or new wording: transfer, not recall).
- Questions cannot be guessed from their form: across the course, the right option is the longest in at most
  `LONGEST_RIGHT_MAX` of single-choice items (and, so that "pick the shortest" is no trick either, the shortest
  in at most `SHORTEST_RIGHT_MAX`), and between `TRUE_SHARE` of true/false answers are "true".
- No "all of the above" or "none of the above" options.

Every limit lives here, in one place; `widgets check` reports the numbers and fails above the limits.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher

from .banks import Bank, Item

LONGEST_RIGHT_MAX = 0.35  # share of single-choice items whose right option is the longest (chance is about 1 in 4)
SHORTEST_RIGHT_MAX = 0.35  # the same for the shortest
TRUE_SHARE = (0.40, 0.60)  # share of true/false items whose answer is "true"
NEAR_COPY = 0.70  # word-level similarity from which a graded prompt counts as a near copy of a practice prompt
ABOVE = re.compile(r"\b(all|none|both|neither) of the (above|options)\b"  # give-away options
                   r"|^(all|none) of these\W*$|\bboth [A-D] and [A-D]\b", re.IGNORECASE)


def words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9']+", text.lower())


def similarity(a: str, b: str) -> float:
    """How alike two prompts are, word by word (0 = nothing in common, 1 = the same words in the same order)."""
    return SequenceMatcher(None, words(a), words(b), autojunk=False).ratio()


@dataclass(frozen=True)
class NearCopy:
    graded: Item
    practice: Item
    ratio: float


def near_copies(banks: Iterable[Bank], limit: float = NEAR_COPY) -> list[NearCopy]:
    """Each graded item whose prompt is a near copy of a practice prompt (any module), with the closest one."""
    banks = list(banks)
    practice = [i for b in banks for i in b.practice]
    found = []
    for item in (i for b in banks for i in b.graded):
        closest = max(practice, key=lambda p: similarity(item.prompt, p.prompt), default=None)
        if closest is not None and (ratio := similarity(item.prompt, closest.prompt)) >= limit:
            found.append(NearCopy(item, closest, ratio))
    return found


def right_is_longest(item: Item) -> bool:
    """A single-choice item whose right option is at least as long as every other (counted in characters)."""
    right = next(o for o in item.options if o.correct)
    return all(len(right.text) >= len(o.text) for o in item.options)


def right_is_shortest(item: Item) -> bool:
    """A single-choice item whose right option is at most as long as every other."""
    right = next(o for o in item.options if o.correct)
    return all(len(right.text) <= len(o.text) for o in item.options)


@dataclass(frozen=True)
class Guessability:
    """How much of a set of items can be answered from its form alone."""

    label: str
    single: int
    longest: int
    shortest: int
    true_false: int
    true: int

    @property
    def longest_share(self) -> float:
        return self.longest / self.single if self.single else 0.0

    @property
    def shortest_share(self) -> float:
        return self.shortest / self.single if self.single else 0.0

    @property
    def true_share(self) -> float:
        return self.true / self.true_false if self.true_false else 0.5

    def problems(self) -> list[str]:
        found = []
        if self.longest_share > LONGEST_RIGHT_MAX:
            found.append(f"{self.label}: the right option is the longest in {self.longest} of {self.single} "
                         f"single-choice items ({self.longest_share:.0%}; at most {LONGEST_RIGHT_MAX:.0%}): "
                         "make a wrong option as full as the right one, or the right one shorter")
        if self.shortest_share > SHORTEST_RIGHT_MAX:
            found.append(f"{self.label}: the right option is the shortest in {self.shortest} of {self.single} "
                         f"single-choice items ({self.shortest_share:.0%}; at most {SHORTEST_RIGHT_MAX:.0%}): "
                         "give some right options the fuller wording")
        low, high = TRUE_SHARE
        if self.true_false and not low <= self.true_share <= high:
            found.append(f"{self.label}: {self.true} of {self.true_false} true/false answers are true "
                         f"({self.true_share:.0%}; keep it between {low:.0%} and {high:.0%})")
        return found

    def summary(self) -> str:
        return (f"{self.label}: right option longest in {self.longest}/{self.single} single-choice items "
                f"({self.longest_share:.0%}, limit {LONGEST_RIGHT_MAX:.0%}), shortest in {self.shortest} "
                f"({self.shortest_share:.0%}, limit {SHORTEST_RIGHT_MAX:.0%}); {self.true}/{self.true_false} "
                f"true/false answers true ({self.true_share:.0%}, limits {TRUE_SHARE[0]:.0%}-{TRUE_SHARE[1]:.0%})")


def guessability(items: Iterable[Item], label: str) -> Guessability:
    items = list(items)
    single = [i for i in items if i.type == "single"]
    true_false = [i for i in items if i.type == "true_false"]
    return Guessability(label, len(single), sum(right_is_longest(i) for i in single),
                        sum(right_is_shortest(i) for i in single), len(true_false),
                        sum(next(o.text == "True" for o in i.options if o.correct) for i in true_false))


def course_guessability(banks: Iterable[Bank]) -> list[Guessability]:
    """The statistics for the whole course, and for the graded pool on its own (what a student is marked on)."""
    banks = list(banks)
    return [guessability((i for b in banks for i in b.items), "all items"),
            guessability((i for b in banks for i in b.graded), "graded items")]


def give_away_options(item: Item) -> list[str]:
    """Options such as "all of the above" that test reading the options, not the topic."""
    return [o.text for o in item.options if ABOVE.search(o.text)]
