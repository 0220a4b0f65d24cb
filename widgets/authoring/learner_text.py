"""The words a learner reads, pulled out of notebooks, banks and activities for reading-level checks."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

from ..content.activities import CardSort
from ..content.banks import Bank
from ..content.cycle import Cycle
from ..content.scenario import Scenario, text_parts
from ..kit.paper import HandoutPlan, PaperActivity

_CODE = re.compile(r"```.*?```", re.DOTALL)
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CITATION = re.compile(r"\((?:[A-Z][^()]*?,\s*(?:19|20)\d\d[a-z]?;?\s*)+\)")
_MARKUP = re.compile(r"[*_`>#|]+")


def prose_from_markdown(text: str) -> str:
    """Markdown as plain sentences: no code, links reduced to their words, no citations, each line a sentence."""
    text = _CODE.sub(" ", text)
    text = re.split(r"^##\s+Sources\s*$", text, flags=re.MULTILINE)[0]
    text = _LINK.sub(r"\1", text)
    text = _CITATION.sub("", text)
    sentences = []
    for line in text.splitlines():
        line = _MARKUP.sub(" ", line).strip(" -:\t")
        if re.fullmatch(r"[-: ]*", line):  # table rules and blank lines
            continue
        line = re.sub(r"^\d+\.\s+", "", line)
        sentences.append(line if line[-1] in ".!?\"')" else line + ".")
    return "\n".join(sentences)


def notebook_prose(path: Path) -> str:
    """The learner-facing Markdown of a built notebook, as plain sentences."""
    notebook = nbformat.read(path, as_version=4)
    return prose_from_markdown("\n\n".join(c.source for c in notebook.cells if c.cell_type == "markdown"))


def bank_prose(bank: Bank) -> str:
    parts: list[str] = []
    for item in bank.items:
        parts.append(item.prompt)
        parts += [f"{o.text}. {o.feedback}" for o in item.options + item.steps]
        parts += [f"{p.left}: {p.right}. {p.feedback}" for p in item.pairs]
        if item.explanation:
            parts.append(item.explanation)
    return prose_from_markdown("\n".join(parts))


def card_sort_prose(sort: CardSort) -> str:
    return prose_from_markdown("\n".join([sort.title, sort.instructions]
                                         + [f"{c.text}\n{c.explanation}" for c in sort.cards]))


def cycle_prose(cycle: Cycle) -> str:
    """A cycle timeline's words: title, instructions, every part of every phase, and the caveat."""
    parts = [cycle.title, cycle.instructions, cycle.caveat]
    for phase in cycle.phases:
        parts += [phase.name, phase.description, phase.person_using_abuse, phase.person_harmed, phase.schedule_link]
    return prose_from_markdown("\n".join(parts))


def activity_prose(activity: CardSort | Cycle | Scenario) -> str:
    """The words of any activity (card sort, cycle timeline or branching scenario), as plain sentences."""
    if isinstance(activity, Scenario):
        return prose_from_markdown("\n".join(text_parts(activity)))
    if isinstance(activity, Cycle):
        return cycle_prose(activity)
    return card_sort_prose(activity)


def handout_prose(plan: HandoutPlan, activities: list[PaperActivity]) -> str:
    """The handouts' own words (course/handouts.yml) and the labels and hints of their paper activities.
    The key points, activities and support services are measured where they are written."""
    parts = list(plan.texts.values()) + [entry.how for entry in plan.entries.values()]
    for activity in activities:
        parts += [activity.title, activity.intro]
        parts += [f"{field.label}. {field.hint}" if field.hint else field.label for field in activity.fields]
    return prose_from_markdown("\n".join(p for p in parts if p))
