"""Question banks as QTI packages that Canvas and Blackboard import, made with qti-package-maker (offline).

- Canvas: QTI 1.2 (`NN_slug.canvas-qti.zip`). Canvas's classic quizzes have no ordering question, so an ordering
  item becomes a matching item (place → step), as in the GIFT export.
- Blackboard: QTI 2.1 (`NN_slug.blackboard-qti.zip`), with ordering items as they are.

Every item keeps its prompt, its options in the order learners see them and its right answer. QTI as written by
the library carries no per-option feedback: the bank's feedback stays in the nbgrader feedback and the GIFT file.
Why this library and not text2qti: text2qti writes Canvas QTI only and has no matching or ordering questions.
"""

from __future__ import annotations

import contextlib
import html
import io
import tempfile
from collections.abc import Sequence
from pathlib import Path

from ..content.banks import ORDINALS, Item

ENGINES = {"canvas": "canvas_qti_v1_2", "blackboard": "blackboard_qti_v2_1"}
TRUE_FALSE = ("True", "False")


def text(value: str) -> str:
    """Bank text as the HTML the library expects: on one line, with &, < and > escaped, and in ASCII (the library
    needs it; "–" becomes "&#8211;", which every browser shows as the dash)."""
    return html.escape(" ".join(value.split()), quote=False).encode("ascii", "xmlcharrefreplace").decode("ascii")


def qti_item(item: Item, lms: str) -> tuple[str, tuple]:
    """(qti-package-maker item type, its fields) for one bank item."""
    prompt = text(item.prompt)
    if item.type in ("single", "true_false"):
        options = [item.options[i] for i in item.option_order()]
        right = next(o for o in options if o.correct)
        return "MC", (prompt, [text(o.text) for o in options], text(right.text))
    if item.type == "multiple":
        options = [item.options[i] for i in item.option_order()]
        return "MA", (prompt, [text(o.text) for o in options], [text(o.text) for o in options if o.correct])
    if item.type == "matching":
        return "MATCH", (prompt, [text(p.left) for p in item.pairs], [text(p.right) for p in item.pairs])
    steps = [text(s.text) for s in item.steps]
    if lms == "blackboard":
        return "ORDER", (prompt, steps)
    return "MATCH", (prompt, [f"{ORDINALS[i]} step" for i in range(len(steps))], steps)


def write_package(items: Sequence[Item], title: str, lms: str, out: Path) -> Path:
    """Write one QTI package for `lms` ("canvas" or "blackboard") holding `items`."""
    from qti_package_maker.package_interface import QTIPackageInterface

    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    quiet = io.StringIO()
    # The library writes a working folder into the current folder and prints progress: keep both out of sight.
    with tempfile.TemporaryDirectory(prefix="qti-") as work, contextlib.chdir(work), \
            contextlib.redirect_stdout(quiet):
        bank = QTIPackageInterface(title, allow_mixed=True)
        for item in items:
            bank.add_item(*qti_item(item, lms))
        bank.save_package(ENGINES[lms], str(out))
    return out
