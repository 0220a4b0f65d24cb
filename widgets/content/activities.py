"""Activity files (course/activities/*.yml): `load_activity` reads any of them with the loader for its kind, and
card sorts, where the learner puts each card in a category and sees why (cycles and scenarios have their own
modules). Pure model: loading, validation and scoring. The view is in widgets/learner/views/card_sort.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ._yaml import load_yaml
from .cycle import Cycle, load_cycle
from .files import read_activity
from .scenario import Scenario, load_scenario
from .schema import Card, CardSort, activity_schema_name

__all__ = ["Card", "CardResult", "CardSort", "SortResult", "load_activity", "load_card_sort", "score"]


@dataclass(frozen=True)
class CardResult:
    card: Card
    chosen: str | None

    @property
    def right(self) -> bool:
        return self.chosen == self.card.answer


@dataclass(frozen=True)
class SortResult:
    cards: tuple[CardResult, ...]

    @property
    def right(self) -> int:
        return sum(r.right for r in self.cards)

    @property
    def unanswered(self) -> int:
        return sum(r.chosen is None for r in self.cards)

    def hard(self) -> list[CardResult]:
        """The cards placed in the wrong category: the ones worth a second look."""
        return [r for r in self.cards if r.chosen is not None and not r.right]


def load_activity(path: Path) -> CardSort | Cycle | Scenario:
    """An activity file with the loader for its kind: a cycle has a `phases` list, a branching scenario a
    `moments` list, anything else is a card sort."""
    loaders = {"card_sort": load_card_sort, "cycle": load_cycle, "scenario": load_scenario}
    return loaders[activity_schema_name(load_yaml(path))](path)


def load_card_sort(path: Path) -> CardSort:
    """Read and validate a card sort; raise ContentError listing every problem as `file:line: message`."""
    reader, sort = read_activity(path, CardSort)
    for card in sort.cards if sort else ():
        if card.answer not in sort.categories:
            reader.problem(card.line_of("answer"), f"card {card.text[:40]!r}: answer {card.answer!r} is not one "
                                                   f"of the categories ({', '.join(sort.categories)})")
    reader.finish()
    return sort


def score(sort: CardSort, chosen: list[str | None]) -> SortResult:
    """Pair each card with the category the learner chose (None when left unsorted)."""
    if len(chosen) != len(sort.cards):
        raise ValueError(f"expected {len(sort.cards)} choices for card sort {sort.id}, got {len(chosen)}")
    return SortResult(tuple(CardResult(card, pick) for card, pick in zip(sort.cards, chosen, strict=True)))
