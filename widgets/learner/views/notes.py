"""Private reflections, and module 00's "my data" panel: where data is kept, export, delete everything."""

from __future__ import annotations

from datetime import datetime

import ipywidgets as ipw

from ..._errors import StoreError
from ...content.course import load_course
from ..models.learner_data import export_markdown, load_note_version, save_note
from ..store import LearnerStore
from ._fresh import reload_when_opened
from ._place import file_kept, kept_html, place_words
from ._saving import SavingNotice, refresh_notices
from ._view import CSS, FULL_WIDTH, View, button, download_link, esc, html_widget, status_html

EXPORT_NAME = "my-course-notes.md"


class ReflectionView(View):
    """An optional private note: a text box, Save, and where it is kept."""

    def __init__(self, note_id: str, prompt: str, store: LearnerStore):
        self.note_id, self.prompt, self.store = note_id, prompt, store
        question = html_widget(f'{CSS}<div class="tbc-box"><p class="tbc-prompt">{esc(prompt)}</p>'
                               '<p class="tbc-note">Optional and private. Nobody else sees it, and it is never '
                               "sent anywhere. Write as much or as little as you like.</p></div>")
        self.text = ipw.Textarea(placeholder="Type here if you want to…", description="Your note",
                                 style={"description_width": "initial"},
                                 layout=ipw.Layout(width="auto", max_width="52rem", height="8em"))
        self.save_button = button("Save privately", f"Save this note {place_words(store).in_place}")
        self.save_button.on_click(lambda _: self.save())
        self.status = html_widget()
        self.notice = SavingNotice(store)
        self.seen_rev = 0  # the revision of the note this page shows: a save over a newer one keeps both
        self.reload()
        reload_when_opened(self.reload)
        self.root = ipw.VBox([question, self.notice.widget, self.text, self.save_button, self.status],
                             layout=FULL_WIDTH)

    def reload(self) -> None:
        """Show the note as it is saved now."""
        try:
            self.text.value, self.seen_rev = load_note_version(self.store, self.note_id)
        except StoreError as exc:
            self.status.value = status_html(esc(str(exc)), "bad")
        self._problems()

    def _problems(self) -> None:
        if self.store.problems:
            self.status.value = status_html("".join(f"<p>{esc(p)}</p>" for p in self.store.problems), "info")

    def save(self) -> bool:
        try:
            saved = save_note(self.store, self.note_id, self.prompt, self.text.value, self.seen_rev)
        except StoreError as exc:
            self.notice.refresh()
            self.status.value = status_html(f"<p>✘ Not saved. {esc(str(exc))}</p>", "bad")
            return False
        self.seen_rev = saved.rev
        self.notice.refresh()
        when = datetime.now().strftime("%H:%M")
        if saved.other is not None:
            self.text.value = saved.text
            both = ("Both versions are now in the box: yours first, then the other one under a line that says so."
                    if self.text.value.strip() != saved.other.strip() else "The box now shows that version.")
            self.status.value = status_html(
                "<p><strong>This note was changed on another page (another tab or window) after you opened it "
                f"here.</strong> Nothing was lost. {both} Edit it if you like, and press Save again. Saved at "
                f"{when}, {esc(self.store.saved_where())}.</p>", "info")
            return True
        what = "Saved" if self.text.value.strip() else "Cleared"
        self.status.value = status_html(f"<p>✔ {what} at {when}, {esc(self.store.saved_where())}.</p>", "good")
        self._problems()
        return True

    def describe(self) -> str:
        return f"Private reflection: {self.prompt}"


class MyDataView(View):
    """Where the learner's data is, with export to Markdown and delete-everything (with a confirm step)."""

    def __init__(self, store: LearnerStore):
        self.store = store
        self.where = html_widget()
        self.export_button = button("Save a copy of my notes", "Make a Markdown file of your notes and progress")
        self.delete_button = button("Delete everything…", place_words(store).delete_tip)
        self.confirm_button = button("Yes, delete everything", style="danger")
        self.cancel_button = button("No, keep my notes")
        self.confirm_row = ipw.HBox([self.confirm_button, self.cancel_button], layout=ipw.Layout(display="none"))
        self.status = html_widget()
        self.notice = SavingNotice(store)
        self.export_button.on_click(lambda _: self.export())
        self.delete_button.on_click(lambda _: self.ask_to_delete())
        self.confirm_button.on_click(lambda _: self.delete())
        self.cancel_button.on_click(lambda _: self.cancel())
        self.refresh()
        reload_when_opened(self.refresh)
        self.root = ipw.VBox([html_widget(CSS), self.notice.widget, self.where,
                              ipw.HBox([self.export_button, self.delete_button]), self.confirm_row, self.status],
                             layout=FULL_WIDTH)

    def refresh(self) -> None:
        files = self.store.files()
        listed = "".join(f"<li><code>{esc(p.name)}</code></li>" for p in files) or "<li>Nothing saved yet.</li>"
        refused = self.store.local.not_ours()
        warning = f'<p class="tbc-bad">✘ {esc(refused)}</p>' if refused else ""
        self.where.value = (f'<div class="tbc-box">{kept_html(self.store)}{warning}'
                            f"<p>What is there now:</p><ul>{listed}</ul></div>")

    def export(self) -> str:
        link = ""
        try:
            text = export_markdown(self.store, load_course())
            link = download_link(EXPORT_NAME, "text/markdown", text, "download the copy")
            if not self.store.saving:  # private mode: nothing is written, the copy is only offered
                self.status.value = status_html(f"<p>✔ Your copy is ready: {link} to a folder you choose. "
                                                f"{place_words(self.store).not_written}</p>", "good")
                return text
            path = self.store.write_export(EXPORT_NAME, text)
        except StoreError as exc:
            self.status.value = status_html(f"<p>✘ {esc(str(exc))}</p>", "bad")
            return ""
        self.status.value = status_html(f"<p>✔ Saved a copy, {file_kept(self.store, path)}. "
                                        f"You can also {link} to a folder you choose.</p>", "good")
        self.refresh()
        return text

    def ask_to_delete(self) -> None:
        self.confirm_row.layout.display = ""
        self.status.value = status_html("<p><strong>Delete all your notes and quiz progress?</strong> "
                                        "This cannot be undone. Save a copy first if you want one.</p>", "bad")

    def cancel(self) -> None:
        self.confirm_row.layout.display = "none"
        self.status.value = status_html("<p>Nothing was deleted.</p>", "info")

    def delete(self) -> None:
        self.confirm_row.layout.display = "none"
        try:
            deleted = self.store.delete_all()
        except (StoreError, OSError) as exc:
            self.status.value = status_html(f"<p>✘ Nothing was deleted. {esc(str(exc))}</p>", "bad")
            return
        done = f"✔ Deleted {len(deleted)} file{'s' if len(deleted) != 1 else ''}. "
        if self.store.left:
            names = ", ".join(f"<code>{esc(p.name)}</code>" for p in self.store.left)
            self.status.value = status_html(f"<p>{done}Nothing the course saved for you is left. These were left "
                                            f"as they were, because the course did not make them: {names}.</p>",
                                            "good")
        else:
            self.status.value = status_html(f"<p>{done}{place_words(self.store).none_left}</p>", "good")
        self.refresh()

    def describe(self) -> str:
        return "Your data: where your notes are kept, with buttons to save a copy or delete everything."


class SavingChoiceView(View):
    """What the course saves, and a switch to a mode that saves nothing."""

    SAVE, NOTHING = "Save my progress and notes", "Save nothing"

    def __init__(self, store: LearnerStore):
        self.store = store
        intro = html_widget(
            f'{CSS}<div class="tbc-box"><p class="tbc-prompt">What the course saves</p>'
            "<p>When you check a quiz answer, the course saves it at once, so you can see your progress. Notes "
            f"and worksheets are saved only when you press <em>Save privately</em>. {place_words(store).all_of_it}"
            "</p>"
            "<p>If you would rather leave no trace, choose <em>Save nothing</em>. Then quiz answers, notes and "
            "worksheets are kept only until you close the page. You can change this at any time.</p></div>")
        self.choice = ipw.RadioButtons(options=[self.SAVE, self.NOTHING], description="Saving",
                                       value=self.SAVE if store.saving else self.NOTHING,
                                       style={"description_width": "initial"}, layout=FULL_WIDTH)
        self.status = html_widget()
        self.choice.observe(lambda _: self.apply(), names="value")
        reload_when_opened(self.reload)
        self.root = ipw.VBox([intro, self.choice, self.status], layout=FULL_WIDTH)

    def reload(self) -> None:
        self.choice.value = self.SAVE if self.store.saving else self.NOTHING

    def apply(self) -> None:
        on = self.choice.value == self.SAVE
        if on == self.store.saving:
            return
        try:
            self.store.set_saving(on)
        except StoreError as exc:
            self.status.value = status_html(f"<p>✘ Could not change this: {esc(str(exc))}</p>", "bad")
            return
        refresh_notices()
        if on:
            self.status.value = status_html("<p>✔ Saving is on. From now on, checked answers and saved notes are "
                                            f"kept {esc(self.store.saved_where())}.</p>", "good")
            return
        left = self.store.files()
        extra = (" Things you saved before are still there: use <em>Delete everything</em> below to remove them."
                 if any(p.stem != "settings" for p in left) else "")
        self.status.value = status_html("<p>✔ Saving is off. Nothing you do from now on is saved: answers and notes "
                                        f"are kept only until you close the page.{extra}</p>", "good")

    def describe(self) -> str:
        return "Saving: choose whether the course saves your progress and notes, or saves nothing."


def saving_choice(store: LearnerStore | None = None) -> SavingChoiceView:
    """What the course saves, and a switch to save nothing at all."""
    return SavingChoiceView(store or LearnerStore())


def reflection(note_id: str, prompt: str, store: LearnerStore | None = None) -> ReflectionView:
    """An optional, private reflection box whose text is saved only in the learner's store."""
    return ReflectionView(note_id, prompt, store or LearnerStore())


def my_data(store: LearnerStore | None = None) -> MyDataView:
    """Where the learner's data is kept, with export and delete-all."""
    return MyDataView(store or LearnerStore())
