"""Every cited claim in the modules, with its sources and their evidence grades: the table counselor-education
programs read before they adopt the course (`course/CLAIMS.md`, made by `make notebooks`, checked by `make check`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._paths import course_root
from ..content.course import STRENGTHS, Course, Reference
from .render import CITATION, _split

CLAIMS_FILE = "CLAIMS.md"
# A sentence ends at . ! or ? followed by a space or the end; a citation may stand just before the stop.
SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\"“(])")
MARKUP = re.compile(r"\*\*|\*|`|^#+\s*|^\s*[-*]\s+|^>\s*", re.MULTILINE)


@dataclass(frozen=True)
class Claim:
    module: str
    text: str
    keys: tuple[str, ...]


def cited_claims(module_id: str, source: str) -> list[Claim]:
    """Each sentence of a module's Markdown that cites a source, in order (code blocks and includes skipped)."""
    prose = re.sub(r"^```.*?^```", "", source, flags=re.MULTILINE | re.DOTALL)
    prose = re.sub(r"^<!--.*?-->$", "", prose, flags=re.MULTILINE)
    claims = []
    for block in re.split(r"\n\s*\n|\n(?=\s*[-*] )", prose):
        for sentence in SENTENCE_END.split(" ".join(MARKUP.sub("", block).split())):
            keys = tuple(k for m in CITATION.finditer(sentence) for k in _split(m.group(1)))
            if keys:
                text = re.sub(r"\s+([.,:;!?])", r"\1", CITATION.sub("", sentence)).strip()
                claims.append(Claim(module_id, text, keys))
    return claims


def claims_markdown(course: Course, references: dict[str, Reference]) -> str:
    """The whole table, one section per module."""
    grades = "; ".join(f"*{words}*" for words in STRENGTHS.values())
    lines = ["# Every cited claim, with its evidence", "",
             "Made from `course/notebooks/` by `make notebooks`; never edit it by hand. Each row is a sentence a "
             "learner reads, the sources it cites, and the evidence grade each source carries in "
             f"`course/references/` ({grades}). Learners see the same grade beside each citation; module 00 "
             "explains the grades.", ""]
    for module in course.modules:
        source = module.path("source")
        if not source.exists():
            continue
        claims = cited_claims(module.id, source.read_text(encoding="utf-8"))
        lines += [f"## Module {module.id}: {module.title}", "", "| # | claim | source | evidence |",
                  "| --- | --- | --- | --- |"]
        for number, claim in enumerate(claims, start=1):
            cited = [references[k] for k in claim.keys if k in references]
            lines.append(f"| {number} | {_cell(claim.text)} | {'; '.join(_cell(r.short) for r in cited)} | "
                         f"{'; '.join(r.strength_words or 'not graded' for r in cited)} |")
        lines.append("")
    return "\n".join(lines)


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def claims_path():
    return course_root() / "course" / CLAIMS_FILE
