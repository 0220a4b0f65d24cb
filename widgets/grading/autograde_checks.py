"""The checks that run inside an assessment notebook, copied into its cells by assignments.py.

They use the standard library only, because `check_format` runs in the student's kernel. The grader calls the
same functions in its own process on the typed answers (answers.py); the copy of `score` in each hidden test
shows the instructor, in the source notebook, exactly how the item is marked. A student
answers with letters ("B", "A C", "1C 2A 3B") or, for true/false items, true or false.
"""

from __future__ import annotations

import re


def letters_in(answer: object) -> str:
    """The answer's letters, upper case, in order: "1c, 2a" → "CA". Text only; anything else gives ""."""
    if not isinstance(answer, str):
        return ""
    return re.sub(r"[^A-Z]", "", answer.upper())


def check_format(answer: object, kind: str, count: int, question: int) -> None:
    """Raise AssertionError, in plain words, if the answer is not in the form the question asks for.

    This says nothing about whether the answer is right. kind: "one" (one letter), "set" (one or more letters),
    "seq" (every letter once, in an order) or "tf" (true or false); count: how many options the question has.
    """
    name = f"Question {question}"
    if kind == "tf":
        ok = isinstance(answer, bool) or (isinstance(answer, str) and answer.strip().lower() in
                                          ("true", "false", "t", "f"))
        assert ok, f"{name}: type true or false between the quotes."
        return
    assert isinstance(answer, str) and answer.strip(), f"{name}: you have not answered yet. Type your answer " \
                                                       "between the quotes, then run the cell."
    letters = letters_in(answer)
    allowed = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[:count]
    outside = sorted(set(letters) - set(allowed))
    assert not outside, f"{name}: use only the letters A to {allowed[-1]} (found {', '.join(outside)})."
    assert len(set(letters)) == len(letters), f"{name}: each letter can be used only once."
    if kind == "one":
        assert len(letters) == 1, f"{name}: type just one letter."
    elif kind == "seq":
        assert len(letters) == count, f"{name}: use all {count} letters, each once, in the order you choose."


def score(answer: object, spec: dict) -> float:
    """Points earned for `answer`, printing feedback on each part the student chose or missed.

    spec: kind, key (the right letters, or True/False for "tf"), points, say (feedback by letter for
    "one"/"set"/"tf", by position for "seq"). "set" gives credit for right picks minus wrong picks; "seq" for
    each letter in its right place.
    """
    kind, key, points, say = spec["kind"], spec["key"], spec["points"], spec["say"]
    if kind == "tf":
        chosen = answer if isinstance(answer, bool) else str(answer).strip().lower() in ("true", "t")
        print(("✔ " if chosen == key else "✘ ") + say["T" if chosen else "F"])
        return float(points) if chosen == key else 0.0
    letters = letters_in(answer)
    if kind == "one":
        right = letters == key
        print(("✔ " if right else "✘ ") + say.get(letters, ""))
        return float(points) if right else 0.0
    if kind == "set":
        hits = [letter for letter in letters if letter in key]
        wrong = [letter for letter in letters if letter not in key]
        for letter in sorted(set(letters) | set(key)):
            mark = "✔ " if (letter in letters) == (letter in key) else "✘ "
            print(mark + say[letter])
        return round(points * max(0, len(hits) - len(wrong)) / len(key), 2)
    placed = [i for i, letter in enumerate(key) if i < len(letters) and letters[i] == letter]
    for i in range(len(key)):
        if i not in placed:
            print("✘ " + say[i])
    if len(placed) == len(key):
        print("✔ Every part is in the right place.")
    return round(points * len(placed) / len(key), 2)
