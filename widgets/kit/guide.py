"""Read the parts of a facilitator guide (course/facilitator/NN_slug.md) that slides and the kit index show:
the timing table, the discussion prompts and the group activities. Pure text in, dataclasses out."""

from __future__ import annotations

import re
from dataclasses import dataclass

_SECTION = r"^##\s+{name}[^\n]*\n(.*?)(?=^##\s|\Z)"
_NUMBERED = re.compile(r"^\d+\.\s+(.*)$")
_ACTIVITY_TITLE = re.compile(r"^\*\*([^*]+\(\d+ minutes?[^*]*\))\*\*\s*$")
_STEP_HEAD = re.compile(r"^\d+\.\s+\*\*(.+?)\*\*")


@dataclass(frozen=True)
class TimingRow:
    section: str
    minutes: int
    kind: str


@dataclass(frozen=True)
class GroupActivity:
    title: str
    purpose: str
    steps: tuple[str, ...]


def section(text: str, name: str) -> str:
    """The body of the `## name…` section ('' when the guide has none)."""
    match = re.search(_SECTION.format(name=re.escape(name)), text, re.MULTILINE | re.DOTALL)
    return match.group(1) if match else ""


def timing(text: str) -> list[TimingRow]:
    """The rows of the Timing table (not the header, rule or Total row), each with its first whole number."""
    rows = []
    for line in section(text, "Timing").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if not line.lstrip().startswith("|") or len(cells) < 2 or set(cells[0]) <= set("-: "):
            continue
        if cells[0].strip("*").lower() == "total":
            continue
        numbers = [i for i, c in enumerate(cells[1:], start=1) if re.fullmatch(r"\d+", c.strip("*"))]
        if numbers:
            i = numbers[0]
            kind = cells[i + 1] if i + 1 < len(cells) else ""
            rows.append(TimingRow(cells[0], int(cells[i].strip("*")), kind))
    return rows


def _items(body: str) -> list[str]:
    """Numbered list items, each joined into one line (continuation lines are indented)."""
    items: list[str] = []
    for line in body.splitlines():
        match = _NUMBERED.match(line)
        if match:
            items.append(match.group(1).strip())
        elif items and line.startswith("   ") and line.strip():
            items[-1] += " " + line.strip()
        elif items and not line.strip():
            items.append("")  # a blank line ends the item
    return [i for i in items if i]


def discussion_prompts(text: str) -> list[str]:
    """The numbered prompts under '## Discussion prompts'."""
    return _items(section(text, "Discussion prompts"))


def group_activities(text: str) -> list[GroupActivity]:
    """Each bold '**Title (N minutes)**' under '## Group activity', with its Purpose line and step headings."""
    lines = section(text, "Group activity").splitlines()
    starts = [i for i, line in enumerate(lines) if _ACTIVITY_TITLE.match(line.strip())]
    activities = []
    for n, start in enumerate(starts):
        end = starts[n + 1] if n + 1 < len(starts) else len(lines)
        body = lines[start + 1:end]
        purpose = ""
        for i, line in enumerate(body):
            if line.startswith("Purpose:"):
                purpose = " ".join([line.removeprefix("Purpose:").strip()] + _paragraph(body[i + 1:]))
                break
        steps = [m.group(1).rstrip(".") for line in body if (m := _STEP_HEAD.match(line))]
        title = _ACTIVITY_TITLE.match(lines[start].strip()).group(1)
        # Nested parts (Part A / Part B) belong to the activity above them when they have no Purpose.
        if activities and not purpose and re.match(r"Part [A-Z]", title):
            last = activities[-1]
            activities[-1] = GroupActivity(last.title, last.purpose, last.steps + (title, *steps))
            continue
        activities.append(GroupActivity(title, purpose, tuple(steps)))
    return activities


def _paragraph(lines: list[str]) -> list[str]:
    out = []
    for line in lines:
        if not line.strip():
            break
        out.append(line.strip())
    return out
