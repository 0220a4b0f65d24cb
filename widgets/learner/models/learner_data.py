"""What the course keeps for a learner: quiz attempts and private notes, and their Markdown export.

Layout of the store's files:
- progress.json: {"quiz": {module_id: {item_id: {"attempts", "correct", "first_try", "updated"}}}}
- notes.json:    {"notes": {note_id: {"prompt", "text", "updated"}}}
- worksheets.json: {"worksheets": {worksheet_id: {"title", "fields": [[label, text or [texts]], ...], "updated"}}}
  (boundaries, plans, thought records: anything a learner fills in and keeps)
"""

from __future__ import annotations

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


def save_note(store: Store, note_id: str, prompt: str, text: str) -> None:
    """Save (or, with empty text, remove) one private note."""

    def change(data: dict) -> None:
        notes = data.setdefault("notes", {})
        if text.strip():
            notes[note_id] = {"prompt": prompt, "text": text, "updated": now()}
        else:
            notes.pop(note_id, None)

    store.update("notes", change)


def load_note(store: Store, note_id: str) -> str:
    note = store.read("notes").get("notes", {}).get(note_id)
    return note.get("text", "") if isinstance(note, dict) else ""


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
    lines = [f"# My notes: {course.title}", "",
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
        lines += [f"### {note.get('prompt', note_id)}", "", f"*{module}, saved {note.get('updated', '')}*", "",
                  _quote(note.get("text", "")), ""]
    sheets = store.read("worksheets").get("worksheets", {})
    if sheets:
        lines += ["## My worksheets and plans", ""]
    for sheet_id, sheet in sorted(sheets.items()):
        if not isinstance(sheet, dict):
            continue
        lines += [f"### {sheet.get('title', sheet_id)}", "", f"*Saved {sheet.get('updated', '')}*", ""]
        for label, value in _fields(sheet).items():
            if not _filled(value):
                continue
            lines += [f"**{label}**", ""]
            if isinstance(value, list):
                lines += ["> - " + v.replace("\n", " ") for v in value if isinstance(v, str) and v.strip()]
            elif isinstance(value, str):
                lines.append(_quote(value))
            lines.append("")
    lines += ["## My quiz progress", ""]
    if not progress:
        lines += ["(No quiz answers saved yet.)", ""]
    for module_id, items in sorted(progress.items()):
        done = sum(1 for r in items.values() if isinstance(r, dict) and r.get("correct"))
        lines.append(f"- Module {module_id} ({titles.get(module_id, 'unknown')}): {done} questions answered correctly")
    return "\n".join(lines).rstrip() + "\n"


def _quote(text: str) -> str:
    """Learner text as a Markdown block quote, so nothing they wrote is read as Markdown structure."""
    return "\n".join("> " + line if line else ">" for line in text.splitlines()) or ">"
