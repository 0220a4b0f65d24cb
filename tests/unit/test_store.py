"""The private learner store: every back end keeps the same promises (records survive a new store object, one
change at a time, nothing lost, delete means delete); the local files are also atomic, private (0600),
lock-protected, and set a damaged file aside instead of losing it."""

from __future__ import annotations

import json
import multiprocessing
import os
import stat
from collections.abc import Callable, Iterator
from pathlib import Path

import mistune
import pytest

from widgets._errors import StoreError
from widgets.content.course import load_course
from widgets.learner.models.learner_data import (
    export_markdown,
    load_note,
    load_worksheet,
    quiz_records,
    record_attempt,
    save_note,
    save_worksheet,
)
from widgets.learner.store import BrowserFiles, InMemory, LearnerStore, LocalFiles, Store, data_dir

BACK_ENDS: dict[str, Callable[[Path], Store]] = {
    "local": LocalFiles,
    "browser": BrowserFiles,  # the browser edition's (its folder's parent stands for the drive)
    "memory": lambda folder: InMemory(str(folder)),
}


@pytest.fixture(params=sorted(BACK_ENDS))
def reopen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Callable[[], Store]]:
    """Opens one learner's store on a back end; each call makes a new store object on the same records, as a
    restarted kernel (local files) or another widget on the page (memory) would."""
    folder = tmp_path / "data"
    yield lambda: BACK_ENDS[request.param](folder)
    InMemory(str(folder)).forget()


@pytest.fixture
def any_store(reopen: Callable[[], Store]) -> Store:
    return reopen()


@pytest.fixture
def local(tmp_path: Path) -> LocalFiles:
    return LocalFiles(tmp_path / "data")


def test_data_dir_honours_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("COURSE_DATA_DIR", str(tmp_path / "mine"))
    assert data_dir() == tmp_path / "mine"
    monkeypatch.delenv("COURSE_DATA_DIR")
    assert "trauma-bond-course" in str(data_dir())


# -- what every back end promises -----------------------------------------------------------------------------


def test_notes_survive_a_new_store_object(reopen: Callable[[], Store]) -> None:
    save_note(reopen(), "01-reflect", "What stood out?", "Ünïcode ✓ and <b>tags</b>")
    assert load_note(reopen(), "01-reflect") == "Ünïcode ✓ and <b>tags</b>"


def test_empty_note_removes_it(any_store: Store) -> None:
    save_note(any_store, "01-reflect", "Q", "text")
    save_note(any_store, "01-reflect", "Q", "   ")
    assert load_note(any_store, "01-reflect") == ""


def test_first_try_is_only_set_by_the_first_attempt(any_store: Store) -> None:
    record_attempt(any_store, "01", "01-a", False)
    record = record_attempt(any_store, "01", "01-a", True)
    assert record == {**record, "attempts": 2, "correct": True, "first_try": False}


def test_each_change_builds_on_the_last_one(reopen: Callable[[], Store]) -> None:
    first, second = reopen(), reopen()  # two widgets on one page, or two pages
    for n in range(5):
        record_attempt(first if n % 2 else second, "01", f"01-{n}", True)
    assert len(quiz_records(reopen(), "01")) == 5


def test_a_record_read_is_a_copy(any_store: Store) -> None:
    save_note(any_store, "01-reflect", "Q", "kept")
    any_store.read("notes")["notes"].clear()  # changing what was read changes nothing kept
    assert load_note(any_store, "01-reflect") == "kept"


def test_delete_all_forgets_everything(reopen: Callable[[], Store]) -> None:
    store = reopen()
    save_note(store, "01-reflect", "Q", "text")
    record_attempt(store, "01", "01-a", True)
    store.delete_all()
    again = reopen()
    assert again.read("notes") == {} and again.read("progress") == {} and again.files() == []


def test_worksheets_keep_field_order_survive_restart_and_export_escaped(reopen: Callable[[], Store]) -> None:
    fields = {"Time limit on arguments": "20 minutes", "My boundaries": ["No name-calling", "<script>x</script>"]}
    save_worksheet(reopen(), "05-boundaries", "My boundaries", fields)
    again = reopen()
    assert list(load_worksheet(again, "05-boundaries")) == list(fields)
    assert load_worksheet(again, "05-boundaries") == fields
    text = export_markdown(again, load_course())
    assert "### My boundaries" in text and "> - No name-calling" in text
    assert "> - &lt;script&gt;x&lt;/script&gt;" in text and "<script" not in mistune.html(text)
    save_worksheet(again, "05-boundaries", "My boundaries", {"My boundaries": ["", "  "]})
    assert load_worksheet(again, "05-boundaries") == {}


def test_export_skips_a_note_that_is_not_a_note(any_store: Store) -> None:
    save_note(any_store, "01-reflect", "Q", "kept")
    any_store.update("notes", lambda data: data["notes"].update(x=5))
    assert "> kept" in export_markdown(any_store, load_course())


def test_an_export_is_kept_where_the_back_end_keeps_things(any_store: Store) -> None:
    path = any_store.write_export("my-course-notes.md", "# Mine\n")
    if path is None:  # a back end that keeps no files: nothing was written anywhere
        assert any_store.files() == []
    else:
        assert path.read_text(encoding="utf-8") == "# Mine\n" and path in any_store.files()
    assert any_store.where() and any_store.label()


# -- the local files: private, atomic, locked, and nothing damaged is lost ------------------------------------


def test_local_files_are_private(local: LocalFiles) -> None:
    save_note(local, "01-reflect", "Q", "text")
    assert stat.S_IMODE(os.stat(local.file("notes")).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(local.folder).st_mode) == 0o700


def test_truncated_json_is_kept_aside_and_reported(local: LocalFiles) -> None:
    save_note(local, "00-reflect", "Q", "keep me")
    record_attempt(local, "01", "01-define", True)
    local.file("progress").write_text('{"quiz": {"01": ', encoding="utf-8")
    fresh = LocalFiles(local.folder)
    assert quiz_records(fresh, "01") == {}
    aside = list(local.folder.glob("progress.damaged-*.json"))
    assert len(aside) == 1 and aside[0].read_text(encoding="utf-8") == '{"quiz": {"01": '
    assert len(fresh.problems) == 1 and "kept as" in fresh.problems[0]
    assert load_note(fresh, "00-reflect") == "keep me"  # the other file is untouched
    record_attempt(fresh, "01", "01-define", False)
    assert json.loads(local.file("progress").read_text(encoding="utf-8"))["quiz"]["01"]["01-define"]["attempts"] == 1


def test_a_folder_where_the_file_should_be_is_moved_aside(local: LocalFiles) -> None:
    local.folder.mkdir(parents=True)
    local.file("notes").mkdir()
    (local.file("notes") / "inside.txt").write_text("precious", encoding="utf-8")
    save_note(local, "01-reflect", "Q", "new text")
    assert load_note(local, "01-reflect") == "new text"
    aside = list(local.folder.glob("notes.damaged-*"))
    assert len(aside) == 1 and (aside[0] / "inside.txt").read_text(encoding="utf-8") == "precious"
    assert any("is a folder" in p for p in local.problems)


@pytest.mark.skipif(os.geteuid() == 0, reason="root ignores file permissions")
def test_no_write_permission_gives_a_clear_error(local: LocalFiles) -> None:
    save_note(local, "01-reflect", "Q", "first")
    local.folder.chmod(0o500)
    try:
        with pytest.raises(StoreError, match="Could not save"):
            save_note(local, "01-reflect", "Q", "second")
    finally:
        local.folder.chmod(0o700)
    assert load_note(local, "01-reflect") == "first"


def test_unwritable_folder_gives_a_clear_error_even_as_root(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where the data folder should be", encoding="utf-8")
    store = LocalFiles(blocker / "data")
    with pytest.raises(StoreError) as caught:
        save_note(store, "01-reflect", "Q", "text")
    assert "Could not save" in str(caught.value) and "still on the screen" in str(caught.value)


def _hammer(folder: str, worker: int, count: int) -> None:
    store = LocalFiles(Path(folder))
    for n in range(count):
        record_attempt(store, "01", f"w{worker}-{n}", True)


def test_two_kernels_writing_at_once_lose_nothing(local: LocalFiles) -> None:
    context = multiprocessing.get_context("fork")
    workers = [context.Process(target=_hammer, args=(str(local.folder), w, 40)) for w in range(2)]
    for process in workers:
        process.start()
    for process in workers:
        process.join(60)
        assert process.exitcode == 0
    assert len(quiz_records(local, "01")) == 80
    assert not list(local.folder.glob("*.tmp")) and not list(local.folder.glob(".*.tmp"))


def test_delete_all_removes_damaged_copies_too(local: LocalFiles) -> None:
    save_note(local, "01-reflect", "Q", "text")
    local.file("progress").write_text("not json", encoding="utf-8")
    LocalFiles(local.folder).read("progress")
    deleted = local.delete_all()
    assert {p.name.split(".")[0] for p in deleted} == {"notes", "progress"}
    assert local.files() == []


# -- the learner's store: local files, or memory while the learner saves nothing -------------------------------


def test_the_learner_store_uses_local_files_until_the_learner_saves_nothing(store: LearnerStore) -> None:
    assert isinstance(store.backend, LocalFiles) and store.where().startswith("only in your course folder")
    store.set_saving(False)
    assert isinstance(LearnerStore(store.folder).backend, InMemory)  # the choice holds for every page
    assert store.write_export("my-course-notes.md", "text") is None and store.where().startswith("nowhere")
    store.memory.forget()


# -- a folder that is not only the course's: delete only what the course wrote, never follow a link --------------


def _outside(tmp_path: Path) -> tuple[Path, Path]:
    """A learner's own folder, outside the course's, with a file in it."""
    documents = tmp_path / "Documents"
    documents.mkdir()
    (documents / "letter.txt").write_text("my own letter", encoding="utf-8")
    return documents, documents / "letter.txt"


def test_a_folder_holding_other_files_is_refused_and_left_untouched(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    documents, letter = _outside(tmp_path)
    documents.chmod(0o755)
    monkeypatch.setenv("COURSE_DATA_DIR", str(documents))  # a learner pointed the course at their Documents
    store = LearnerStore()
    with pytest.raises(StoreError, match="not the course's folder.*letter.txt.*saves nothing there"):
        save_note(store, "01-reflect", "Q", "text")
    with pytest.raises(StoreError, match="not the course's folder.*deletes nothing there"):
        store.delete_all()
    assert sorted(p.name for p in documents.iterdir()) == ["letter.txt"]
    assert letter.read_text(encoding="utf-8") == "my own letter"
    assert stat.S_IMODE(documents.stat().st_mode) == 0o755  # not the course's: its mode is not changed either
    from widgets.learner.views.notes import MyDataView

    assert "is not the course" in MyDataView(store).where.value  # said before anything is tried


def test_delete_all_never_follows_a_link_and_leaves_what_the_course_did_not_write(local: LocalFiles,
                                                                                  tmp_path: Path) -> None:
    documents, letter = _outside(tmp_path)
    save_note(local, "01-reflect", "Q", "text")
    # Links with the names of course files, to a folder and to a file outside, and things the learner put there.
    (local.folder / "notes.damaged-20260101T000000000000.json").symlink_to(documents, target_is_directory=True)
    (local.folder / "my-course-notes.md").symlink_to(letter)
    (local.folder / "Documents").symlink_to(documents, target_is_directory=True)
    (local.folder / "mine.txt").write_text("mine", encoding="utf-8")
    (local.folder / "progress.damaged-20260101T000000000000.json").mkdir()  # a folder the course never makes
    deleted = local.delete_all()
    assert {p.name for p in deleted} == {"notes.json", "notes.damaged-20260101T000000000000.json",
                                         "my-course-notes.md"}  # the links themselves, not what they point to
    assert letter.read_text(encoding="utf-8") == "my own letter" and list(documents.iterdir()) == [letter]
    assert sorted(p.name for p in local.left) == ["Documents", "mine.txt",
                                                  "progress.damaged-20260101T000000000000.json"]
    assert (local.folder / "mine.txt").exists() and local.files() == []


def test_the_panel_says_what_it_left_and_why(store: LearnerStore) -> None:
    from widgets.learner.views.notes import MyDataView

    save_note(store, "01-reflect", "Q", "text")
    (store.folder / "mine.txt").write_text("mine", encoding="utf-8")
    panel = MyDataView(store)
    panel.delete()
    assert "Deleted 1 file" in panel.status.value and "mine.txt" in panel.status.value
    assert "did not make them" in panel.status.value and (store.folder / "mine.txt").exists()


def test_a_killed_save_leaves_nothing_behind(local: LocalFiles) -> None:
    save_note(local, "01-reflect", "Q", "first")
    leftover = local.folder / ".notes-k1ll3d_x.tmp"  # what a save killed between write and rename leaves
    leftover.write_text('{"notes": {"01-reflect": {"text": "a full copy of my notes"}}}', encoding="utf-8")
    assert leftover in local.files()  # listed as the learner's: it holds their notes
    assert load_note(LocalFiles(local.folder), "01-reflect") == "first"  # the next start
    assert not leftover.exists()
    leftover.write_text("another copy", encoding="utf-8")
    LearnerStore(local.folder).delete_all()
    assert not leftover.exists() and not list(local.folder.glob("*.tmp")) and not list(local.folder.glob(".*.tmp"))


def test_an_existing_course_folder_with_a_loose_mode_is_tightened(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    (folder / "progress.json").write_text('{"quiz": {}}', encoding="utf-8")  # from before the folder was marked
    store = LocalFiles(folder)
    record_attempt(store, "01", "01-a", True)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert len(quiz_records(store, "01")) == 1


def test_two_tabs_on_one_note_keep_both_versions(store: LearnerStore) -> None:
    from widgets.learner.views.notes import ReflectionView

    save_note(store, "01-reflect", "Q", "first thoughts")
    old_tab = ReflectionView("01-reflect", "Q", store)
    new_tab = ReflectionView("01-reflect", "Q", LearnerStore(store.folder))
    new_tab.text.value = "newer text, written in the other tab"
    assert new_tab.save()
    old_tab.text.value = "stale tab's text"
    assert old_tab.save()
    saved = load_note(store, "01-reflect")
    assert "newer text, written in the other tab" in saved and "stale tab's text" in saved
    assert old_tab.text.value == saved and "changed on another page" in old_tab.status.value
    old_tab.text.value = "merged by hand"
    assert old_tab.save() and load_note(store, "01-reflect") == "merged by hand"  # no conflict any more
    assert "changed on another page" not in old_tab.status.value


def test_a_stale_tab_clearing_a_note_does_not_remove_newer_text(store: LearnerStore) -> None:
    from widgets.learner.views.notes import ReflectionView

    old_tab = ReflectionView("01-reflect", "Q", store)
    new_tab = ReflectionView("01-reflect", "Q", LearnerStore(store.folder))
    new_tab.text.value = "keep me"
    new_tab.save()
    old_tab.text.value = ""
    old_tab.save()
    assert load_note(store, "01-reflect") == "keep me" and old_tab.text.value == "keep me"


def test_the_browser_store_makes_its_folder_with_the_default_mode(monkeypatch: pytest.MonkeyPatch,
                                                                   tmp_path: Path) -> None:
    # JupyterLite's drive keeps a folder made with any mode but 0777 as a *file*, so a reloaded page could not
    # read back what was saved (README, Browser edition): the browser store must not ask for 0700.
    modes: list[int] = []
    mkdir = Path.mkdir

    def spy(self: Path, mode: int = 0o777, parents: bool = False, exist_ok: bool = False) -> None:
        if self == tmp_path / "data":
            modes.append(mode)
        mkdir(self, mode=mode, parents=parents, exist_ok=exist_ok)

    monkeypatch.setattr(Path, "mkdir", spy)
    BrowserFiles(tmp_path / "data").update("progress", lambda data: data.update(seen=True))
    assert modes[0] == 0o777
    assert BrowserFiles(tmp_path / "data").read("progress")["seen"] is True
