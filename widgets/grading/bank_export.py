"""Export every question bank for use elsewhere: Moodle's GIFT, jupyterquiz's JSON, and QTI for Canvas and
Blackboard.

`python -m widgets export [FOLDER]` writes, per module (default build/question-banks/):
- NN_slug.gift: both pools, each in its own Moodle question-bank category (".../NN practice", ".../NN graded").
  GIFT has matching but no ordering, so an ordering item becomes a matching item (place → step);
- NN_slug.json: the practice pool for jupyterquiz, a self-check quiz learners see. jupyterquiz has neither
  matching nor ordering, so each part of such an item becomes its own multiple-choice question;
- NN_slug.graded.canvas-qti.zip and NN_slug.graded.blackboard-qti.zip: the graded pool as a QTI package to import
  as a graded quiz (see qti_export.py); NN_slug.practice.*-qti.zip: the practice pool, for an ungraded quiz.
Options keep the shuffled order learners see.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

from .._files import write_text_atomic
from .._paths import course_root, relative
from ..content.banks import ORDINALS, Item, load_banks
from ..content.course import load_course

GIFT_SPECIAL = "\\~=#{}:"


def gift_escape(text: str) -> str:
    """Text with GIFT's special characters escaped, on one line."""
    text = " ".join(text.split())
    return "".join("\\" + ch if ch in GIFT_SPECIAL else ch for ch in text)


def _places(item: Item) -> list[tuple[str, str, str]]:
    """(left, right, feedback) for a matching item, or (place, step, feedback) for an ordering item."""
    if item.type == "matching":
        return [(p.left, p.right, p.feedback) for p in item.pairs]
    return [(f"{ORDINALS[i]} step", s.text, s.feedback) for i, s in enumerate(item.steps)]


def gift_question(item: Item) -> str:
    """One item in GIFT: `::title:: prompt {answers}`; feedback after `#`."""
    head = f"// {item.id} ({item.type}, objective {item.objective})\n::{gift_escape(item.id)}::"
    prompt = gift_escape(item.prompt)
    if item.type == "true_false":
        right = next(o for o in item.options if o.correct)
        wrong = next(o for o in item.options if not o.correct)
        flag = "TRUE" if right.text == "True" else "FALSE"
        # GIFT's true/false feedback: first for a wrong answer, then for a right one.
        return f"{head} {prompt} {{{flag}#{gift_escape(wrong.feedback)}#{gift_escape(right.feedback)}}}"
    lines = []
    if item.type in ("single", "multiple"):
        options = [item.options[i] for i in item.option_order()]
        right_count = sum(o.correct for o in options)
        for option in options:
            if item.type == "single":
                mark = "=" if option.correct else "~"
            else:
                share = 100 / right_count if option.correct else -100 / (len(options) - right_count)
                mark = f"~%{share:.5g}%"
            lines.append(f"\t{mark}{gift_escape(option.text)}#{gift_escape(option.feedback)}")
    else:
        lines = [f"\t={gift_escape(left)} -> {gift_escape(right)}" for left, right, _ in _places(item)]
    return f"{head} {prompt} {{\n" + "\n".join(lines) + "\n}"


def gift_bank(items: list[Item], category: str | None = None) -> str:
    """Items in GIFT; with `category`, the items of each pool under "$CATEGORY: <category> <pool>"."""
    if category is None:
        return "\n\n".join(gift_question(item) for item in items) + "\n"
    parts = []
    for pool in ("practice", "graded"):
        chosen = [item for item in items if item.pool == pool]
        if chosen:
            parts.append(f"$CATEGORY: $course$/{category} {pool}\n\n" + gift_bank(chosen))
    return "\n".join(parts)


def jupyterquiz_questions(item: Item) -> list[dict]:
    """The item as jupyterquiz questions (schema: question, type, answers[answer, correct, feedback])."""
    if item.type in ("single", "multiple", "true_false"):
        options = [item.options[i] for i in item.option_order()]
        kind = "many_choice" if item.type == "multiple" else "multiple_choice"
        return [{"question": item.prompt, "type": kind,
                 "answers": [{"answer": o.text, "correct": o.correct, "feedback": o.feedback} for o in options]}]
    places = _places(item)
    choices = [right for _, right, _ in places]
    if item.type == "matching":
        choices = item.right_choices()
    questions = []
    for left, right, feedback in places:
        question = (f"{item.prompt} Which one goes with: {left}?" if item.type == "matching"
                    else f"{item.prompt} Which is the {left}?")
        questions.append({"question": question, "type": "multiple_choice",
                          "answers": [{"answer": c, "correct": c == right,
                                       "feedback": "Right." if c == right else feedback} for c in choices]})
    return questions


def jupyterquiz_bank(items: list[Item]) -> str:
    questions = [q for item in items for q in jupyterquiz_questions(item)]
    return json.dumps(questions, ensure_ascii=False, indent=1) + "\n"


def export(folder: Path) -> list[Path]:
    from .qti_export import write_package

    course = load_course()
    banks = load_banks(course)
    written = []
    for module in course.modules:
        if module.id not in banks:
            continue
        bank = banks[module.id]
        category = f"Trauma bonds/Module {module.id}"
        for suffix, text in ((".gift", gift_bank(list(bank.items), category)),
                             (".json", jupyterquiz_bank(list(bank.practice)))):
            path = folder / f"{module.name}{suffix}"
            write_text_atomic(path, text)
            written.append(path)
        for pool in ("practice", "graded"):
            title = f"Module {module.id} {pool} questions: {module.title}"
            for lms in ("canvas", "blackboard"):
                out = folder / f"{module.name}.{pool}.{lms}-qti.zip"
                written.append(write_package(getattr(bank, pool), title, lms, out))
        print(f"[export] {module.name}: {len(bank.practice)} practice and {len(bank.graded)} graded items", flush=True)
    return written


def main(argv: list[str]) -> int:
    started = time.monotonic()
    folder = Path(argv[0]) if argv else course_root() / "build" / "question-banks"
    written = export(folder)
    if not written:
        print("[export] no banks found", file=sys.stderr)
        return 1
    print(f"[export] wrote {len(written)} files (GIFT for Moodle, JSON for jupyterquiz, QTI for Canvas and "
          f"Blackboard) to {relative(folder)} in {time.monotonic() - started:.1f} s")
    return 0
