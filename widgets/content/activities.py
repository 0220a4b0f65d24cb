"""Activity files (course/activities/*.yml): `load_activity` reads any of them with the loader for its kind, and
card sorts, where the learner puts each card in a category and sees why (cycles and scenarios have their own
modules). Pure model: loading, validation and scoring. The view is in widgets/learner/views/card_sort.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ._yaml import load_yaml
from .cycle import Cycle, is_cycle_data, load_cycle
from .files import open_activity
from .scenario import Scenario, is_scenario_data, load_scenario


@dataclass(frozen=True)
class Card:
    text: str
    answer: str
    explanation: str
    cite: tuple[str, ...] = ()


@dataclass(frozen=True)
class CardSort:
    id: str
    title: str
    instructions: str
    categories: tuple[str, ...]
    cards: tuple[Card, ...]


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
    data = load_yaml(path)
    if is_scenario_data(data):
        return load_scenario(path)
    return load_cycle(path) if is_cycle_data(data) else load_card_sort(path)


def load_card_sort(path: Path) -> CardSort:
    reader, top, sort_id = open_activity(path, "card sort", {"id", "title", "instructions", "categories", "cards"})
    title = reader.text(top, "title", "card sort")
    instructions = reader.text(top, "instructions", "card sort")
    raw_categories = reader.items(top.get("categories"), top.line_of("categories"), "categories")
    categories = tuple(str(c) for c in raw_categories)
    if not 2 <= len(categories) <= 4:
        reader.problem(raw_categories.line, f"card sort: give two to four categories, got {len(categories)}")
    cards = []
    for i, card in reader.entries(top, "cards", "card", {"text", "answer", "explanation", "cite"}):
        text = reader.text(card, "text", f"card #{i}")
        answer = reader.text(card, "answer", f"card #{i}")
        explanation = reader.text(card, "explanation", f"card #{i}")
        if answer and categories and answer not in categories:
            reader.problem(card.line_of("answer"), f"card #{i}: answer {answer!r} is not one of the categories "
                                                   f"({', '.join(categories)})")
        cite = card.get("cite") or ()
        cite = (cite,) if isinstance(cite, str) else tuple(cite)
        if text and answer and explanation:
            cards.append(Card(text, answer, explanation, cite))
    if len(cards) < 2:
        reader.problem(top.line_of("cards"), "card sort: needs at least two cards")
    reader.finish()
    return CardSort(sort_id, title or "", instructions or "", categories, tuple(cards))


def score(sort: CardSort, chosen: list[str | None]) -> SortResult:
    """Pair each card with the category the learner chose (None when left unsorted)."""
    if len(chosen) != len(sort.cards):
        raise ValueError(f"expected {len(sort.cards)} choices for card sort {sort.id}, got {len(chosen)}")
    return SortResult(tuple(CardResult(card, pick) for card, pick in zip(sort.cards, chosen, strict=True)))
