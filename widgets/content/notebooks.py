"""The course's notebook sources (course/notebooks/NN_slug.md): Markdown in which ```python blocks are code cells
and `<!-- cell -->` lines split Markdown cells; and the kernel every generated notebook names.

Read by the build (authoring), the handouts (kit, which look up worksheet calls) and the graded assignments.
"""

from __future__ import annotations

import re

CODE_FENCE = re.compile(r"^```python[^\n]*\n(.*?)^```[ \t]*$", re.MULTILINE | re.DOTALL)
CELL_BREAK = re.compile(r"^<!-- cell -->[ \t]*$", re.MULTILINE)
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


def split_cells(text: str) -> list[tuple[str, str]]:
    """Split Markdown source into (cell_type, source) pairs: ```python blocks are code, the rest Markdown."""
    cells: list[tuple[str, str]] = []
    position = 0
    for match in CODE_FENCE.finditer(text):
        cells += _markdown_cells(text[position:match.start()])
        cells.append(("code", match.group(1).strip("\n")))
        position = match.end()
    cells += _markdown_cells(text[position:])
    return cells


def _markdown_cells(text: str) -> list[tuple[str, str]]:
    return [("markdown", part.strip("\n")) for part in CELL_BREAK.split(text) if part.strip()]
