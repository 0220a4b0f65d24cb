"""The private learner store: atomic, private, lock-protected, and it never loses what the learner wrote."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from pathlib import Path

import pytest

from widgets._errors import StoreError
from widgets.learner.models.learner_data import load_note, quiz_records, record_attempt, save_note
from widgets.learner.store import LearnerStore, data_dir


def test_data_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    monkeypatch.delenv("COURSE_DATA_DIR")
    assert "trauma-bond-course" in str(data_dir())


def test_notes_survive_a_new_store_object_and_are_private(store: LearnerStore) -> None:
    save_note(store, "01-reflect", "What stood out?", "Ünïcode ✓ and <b>tags</b>")
    again = LearnerStore(store.folder)  # as a restarted kernel would
    assert load_note(again, "01-reflect") == "Ünïcode ✓ and <b>tags</b>"
    assert stat.S_IMODE(os.stat(store.file("notes")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o700


def test_empty_note_removes_it(store: LearnerStore) -> None:
    save_note(store, "01-reflect", "Q", "text")
    save_note(store, "01-reflect", "Q", "   ")
    assert load_note(store, "01-reflect") == ""


def test_truncated_json_is_kept_aside_and_reported(store: LearnerStore) -> None:
    save_note(store, "00-reflect", "Q", "keep me")
    record_attempt(store, "01", "01-define", True)
    store.file("progress").write_text('{"quiz": {"01": ', encoding="utf-8")
    fresh = LearnerStore(store.folder)
    assert quiz_records(fresh, "01") == {}
    aside = list(store.folder.glob("progress.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == '{"quiz": {"01": '
    assert len(fresh.problems) == 1 and "kept as" in fresh.problems[0]
    assert load_note(fresh, "00-reflect") == "keep me"  # the other file is untouched
    record_attempt(fresh, "01", "01-define", False)
    assert json.loads(store.file("progress").read_text(encoding="utf-8"))["quiz"]["01"]["01-define"]["attempts"] == 1


def test_a_folder_where_the_file_should_be_is_moved_aside(store: LearnerStore) -> None:
    store.folder.mkdir(parents=True)
    store.file("notes").mkdir()
    (store.file("notes") / "inside.txt").write_text("precious", encoding="utf-8")
    save_note(store, "01-reflect", "Q", "new text")
    assert load_note(store, "01-reflect") == "new text"
    aside = list(store.folder.glob("notes.damaged-*"))
    assert len(aside) == 1 and (aside[0] / "inside.txt").read_text(encoding="utf-8") == "precious"
    assert any("is a folder" in p for p in store.problems)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_no_write_permission_gives_a_clear_error(store: LearnerStore) -> None:
    save_note(store, "01-reflect", "Q", "first")
    store.folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="Could not save"):
            save_note(store, "01-reflect", "Q", "second")
    finally:
        store.folder.chmod(0o700)
    assert load_note(store, "01-reflect") == "first"


def test_unwritable_folder_gives_a_clear_error_even_as_root(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    store = LearnerStore(blocker / "data")
    with pytest.raises(StoreError) as caught:
        save_note(store, "01-reflect", "Q", "text")
    assert "Could not save" in str(caught.value) and "still on the screen" in str(caught.value)


def _hammer(folder: str, worker: int, count: int) -> None:
    store = LearnerStore(Path(folder))
    for n in range(count):
        record_attempt(store, "01", f"w{worker}-{n}", True)


def test_two_kernels_writing_at_once_lose_nothing(store: LearnerStore) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(str(store.folder), w, 40)) for w in range(2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    assert len(quiz_records(store, "01")) == 80
    assert not list(store.folder.glob("*.tmp")) and not list(store.folder.glob(".*.tmp"))


def test_first_try_is_only_set_by_the_first_attempt(store: LearnerStore) -> None:
    record_attempt(store, "01", "01-a", False)
    record = record_attempt(store, "01", "01-a", True)
    assert record == {**record, "attempts": 2, "correct": True, "first_try": False}


def test_delete_all_removes_damaged_copies_too(store: LearnerStore) -> None:
    save_note(store, "01-reflect", "Q", "text")
    store.file("progress").write_text("not json", encoding="utf-8")
    LearnerStore(store.folder).read("progress")
    deleted = store.delete_all()
    assert {p.name.split(".")[0] for p in deleted} == {"notes", "progress"}
    assert store.files() == []


def test_worksheets_keep_field_order_survive_restart_and_export_escaped(store: LearnerStore) -> None:
    from widgets.content.course import load_course
    from widgets.learner.models.learner_data import export_markdown, load_worksheet, save_worksheet

    fields = {"Time limit on arguments": "20 minutes", "My boundaries": ["No name-calling", "<script>x</script>"]}
    save_worksheet(store, "05-boundaries", "My boundaries", fields)
    again = LearnerStore(store.folder)
    assert list(load_worksheet(again, "05-boundaries")) == list(fields)
    assert load_worksheet(again, "05-boundaries") == fields
    text = export_markdown(again, load_course())
    assert "### My boundaries" in text and "> - No name-calling" in text and "> - <script>x</script>" in text
    save_worksheet(store, "05-boundaries", "My boundaries", {"My boundaries": ["", "  "]})
    assert load_worksheet(store, "05-boundaries") == {}


def test_export_skips_a_note_that_is_not_a_note(store: LearnerStore) -> None:
    from widgets.content.course import load_course
    from widgets.learner.models.learner_data import export_markdown

    save_note(store, "01-reflect", "Q", "kept")
    store.file("notes").write_text('{"notes": {"01-reflect": {"prompt": "Q", "text": "kept"}, "x": 5}}',
                                   encoding="utf-8")
    assert "> kept" in export_markdown(LearnerStore(store.folder), load_course())
