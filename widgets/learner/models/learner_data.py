"""What the course keeps for a learner: quiz attempts and private notes, and their Markdown export.

Layout of the store's files:
- progress.json: {"quiz": {module_id: {item_id: {"attempts", "correct", "first_try", "updated"}}}}
- notes.json:    {"notes": {note_id: {"prompt", "text", "updated", "rev"}}} ("rev" counts the saves of a note, so a
  page that saves over a version it never saw is caught: see `save_note`)
- worksheets.json: {"worksheets": {worksheet_id: {"title", "fields": [[label, text or [texts]], ...], "updated"}}}
  (boundaries, plans, thought records: anything a learner fills in and keeps)
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from ...content.course import Course
from ..store import Store, now


@dataclass(frozen=True)
class ModuleProgress:
    answered: int  # items answered correctly at some point
    first_try: int  # items answered correctly on the first attempt
    total: int


def record_attempt(store: Store, module_id: str, item_id: str, correct: bool) -> dict:
    """Count one checked answer; `first_try` is true only when the first attempt was correct."""

    def change(data: dict) -> None:
        record = data.setdefault("quiz", {}).setdefault(module_id, {}).setdefault(
            item_id, {"attempts": 0, "correct": False, "first_try": False})
        record["attempts"] += 1
        if record["attempts"] == 1:
            record["first_try"] = correct
        record["correct"] = record["correct"] or correct
        record["updated"] = now()

    return store.update("progress", change)["quiz"][module_id][item_id]


def quiz_records(store: Store, module_id: str) -> dict[str, dict]:
    """The saved records of one module's quiz items (empty when nothing is saved)."""
    module = store.read("progress").get("quiz", {}).get(module_id, {})
    return {k: v for k, v in module.items() if isinstance(v, dict)}


def module_progress(store: Store, module_id: str, item_ids: list[str]) -> ModuleProgress:
    records = quiz_records(store, module_id)
    answered = sum(1 for i in item_ids if records.get(i, {}).get("correct"))
    first = sum(1 for i in item_ids if records.get(i, {}).get("first_try"))
    return ModuleProgress(answered, first, len(item_ids))


@dataclass(frozen=True)
class SavedNote:
    """What saving a note did: the text now saved, its revision, and the other page's text when there was a
    conflict (then `text` holds both versions, and `other_saved` says when the other one was saved)."""

    text: str
    rev: int
    other: str | None = None
    other_saved: str = ""


CONFLICT_HEADING = "--- Also kept: the version saved on another page{when} ---"


def save_note(store: Store, note_id: str, prompt: str, text: str, seen_rev: int | None = None) -> SavedNote:
    """Save (or, with empty text, remove) one private note.

    `seen_rev` is the revision the page showed (from `load_note_version`). When the note was saved elsewhere
    since then (another tab) with other text, nothing is lost: the saved note becomes this page's text followed by
    the other version under a heading (or, when this page was clearing the note, stays the other version)."""
    outcome: list[SavedNote] = []

    def change(data: dict) -> None:
        notes = data.setdefault("notes", {})
        if not isinstance(notes, dict):
            notes = data["notes"] = {}
        current = notes.get(note_id) if isinstance(notes.get(note_id), dict) else {}
        rev = current.get("rev", 0) if isinstance(current.get("rev"), int) else 0
        saved = current.get("text", "") if isinstance(current.get("text"), str) else ""
        new = text
        other = None
        if seen_rev is not None and rev != seen_rev and saved.strip() and saved != text:
            other = saved  # changed on another page since this one showed the note: keep both
            when = f" at {current['updated']}" if isinstance(current.get("updated"), str) else ""
            new = f"{text.rstrip()}\n\n{CONFLICT_HEADING.format(when=when)}\n{saved}" if text.strip() else saved
        if new.strip():
            notes[note_id] = {"prompt": prompt, "text": new, "updated": now(), "rev": rev + 1}
            outcome.append(SavedNote(new, rev + 1, other, str(current.get("updated", ""))))
        else:
            notes.pop(note_id, None)
            outcome.append(SavedNote("", rev + 1))

    store.update("notes", change)
    return outcome[-1]


def load_note_version(store: Store, note_id: str) -> tuple[str, int]:
    """A note's text and revision (("", 0) when there is none)."""
    note = store.read("notes").get("notes", {}).get(note_id)
    if not isinstance(note, dict):
        return "", 0
    text = note.get("text", "")
    rev = note.get("rev", 0)
    return (text if isinstance(text, str) else ""), (rev if isinstance(rev, int) else 0)


def load_note(store: Store, note_id: str) -> str:
    return load_note_version(store, note_id)[0]


Fields = dict[str, "str | list[str]"]


def save_worksheet(store: Store, worksheet_id: str, title: str, fields: Fields) -> None:
    """Save (or, when every field is empty, remove) one filled-in worksheet; fields keep their order."""

    def change(data: dict) -> None:
        sheets = data.setdefault("worksheets", {})
        if any(_filled(v) for v in fields.values()):
            # A list of pairs, not a mapping: the file is written with sorted keys, and order matters here.
            sheets[worksheet_id] = {"title": title, "fields": [[k, v] for k, v in fields.items()], "updated": now()}
        else:
            sheets.pop(worksheet_id, None)

    store.update("worksheets", change)


def load_worksheet(store: Store, worksheet_id: str) -> Fields:
    """The saved fields of a worksheet ({} when there is none)."""
    sheet = store.read("worksheets").get("worksheets", {}).get(worksheet_id)
    return _fields(sheet)


def _fields(sheet: object) -> Fields:
    pairs = sheet.get("fields") if isinstance(sheet, dict) else None
    if not isinstance(pairs, list):
        return {}
    return {p[0]: p[1] for p in pairs if isinstance(p, list) and len(p) == 2 and isinstance(p[0], str)}


def _filled(value: object) -> bool:
    if isinstance(value, list):
        return any(isinstance(v, str) and v.strip() for v in value)
    return isinstance(value, str) and bool(value.strip())


def export_markdown(store: Store, course: Course) -> str:
    """Everything the learner saved, as one Markdown document they can keep."""
    lines = [f"# My notes: {_plain(course.title)}", "",
             f"Exported {now()} from {store.label()}.", ""]
    notes = store.read("notes").get("notes", {})
    progress = store.read("progress").get("quiz", {})
    titles = {m.id: m.title for m in course.modules}
    lines += ["## My reflections", ""]
    if not notes:
        lines += ["(No reflections saved yet.)", ""]
    for note_id, note in sorted(notes.items()):
        if not isinstance(note, dict):  # valid JSON but not a note: skip it rather than lose the export
            continue
        module = titles.get(note_id.split("-")[0], "")
        lines += [f"### {_plain(note.get('prompt', note_id))}", "",
                  f"*{_plain(module)}, saved {_plain(note.get('updated', ''))}*", "", _quote(note.get("text", "")), ""]
    sheets = store.read("worksheets").get("worksheets", {})
    if sheets:
        lines += ["## My worksheets and plans", ""]
    for sheet_id, sheet in sorted(sheets.items()):
        if not isinstance(sheet, dict):
            continue
        lines += [f"### {_plain(sheet.get('title', sheet_id))}", "", f"*Saved {_plain(sheet.get('updated', ''))}*", ""]
        for label, value in _fields(sheet).items():
            if not _filled(value):
                continue
            lines += [f"**{_plain(label)}**", ""]
            if isinstance(value, list):
                lines += ["> - " + _plain(v.replace("\n", " ")) for v in value if isinstance(v, str) and v.strip()]
            elif isinstance(value, str):
                lines.append(_quote(value))
            lines.append("")
    lines += ["## My quiz progress", ""]
    if not progress:
        lines += ["(No quiz answers saved yet.)", ""]
    for module_id, items in sorted(progress.items()):
        done = sum(1 for r in items.values() if isinstance(r, dict) and r.get("correct"))
        lines.append(f"- Module {_plain(module_id)} ({_plain(titles.get(module_id, 'unknown'))}): {done} questions "
                     "answered correctly")
    return "\n".join(lines).rstrip() + "\n"


def _quote(text: str) -> str:
    """Learner text as a Markdown block quote, so nothing they wrote is read as Markdown structure, with HTML
    escaped, so a Markdown viewer shows a tag they typed as text and never runs it."""
    return "\n".join("> " + _plain(line) if line else ">" for line in str(text).splitlines()) or ">"


def _plain(text: object) -> str:
    """Text for a Markdown export with its HTML escaped (`<script>` becomes `&lt;script&gt;`, which every
    Markdown viewer shows as the characters typed)."""
    return html.escape(str(text), quote=False)
