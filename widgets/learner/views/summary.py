"""Module 07's closing "my next steps" panel: make one private summary of everything saved, as a web page
(to read or print) or as Markdown, written into the learner's own data folder."""

from __future__ import annotations

import ipywidgets as ipw

from ..._errors import ContentError, StoreError
from ...content.course import Course, load_course
from ..models.summary import collect, summary_html, summary_markdown
from ..store import LearnerStore
from ._place import file_kept, place_words
from ._saving import SavingNotice
from ._view import CSS, FULL_WIDTH, View, button, download_link, esc, html_widget, status_html

HTML_NAME = "my-next-steps.html"
MARKDOWN_NAME = "my-next-steps.md"
KINDS = {
    "html": (HTML_NAME, "text/html", "Open it in your web browser to read it or print it."),
    "markdown": (MARKDOWN_NAME, "text/markdown", "You can open it in any text editor."),
}


def quiz_totals(course: Course) -> dict[str, int]:
    """How many questions each module's quiz has ({} if the banks cannot be read: the summary still works)."""
    from ...content.banks import load_banks

    try:
        return {module_id: len(bank.practice) for module_id, bank in load_banks(course).items()}
    except ContentError:
        return {}


class SummaryView(View):
    """Two buttons that make the summary (HTML or Markdown), say where it is, and offer a download link."""

    def __init__(self, store: LearnerStore):
        self.store = store
        intro = html_widget(
            f'{CSS}<div class="tbc-box"><p class="tbc-prompt">My next steps</p>'
            "<p>This gathers what you saved in the course into one summary: your private notes, your worksheets "
            "(such as boundaries, thought records and your self-care plan) and your quiz progress.</p>"
            "<p>Choose <strong>HTML</strong> for a web page you can read or print. Choose <strong>Markdown</strong> "
            "for a plain text file.</p>"
            f'<p class="tbc-note">Private: the summary is made and saved only {place_words(store).in_place}. '
            "Nothing is sent anywhere. If someone else uses or checks this device, think before you "
            "make or print it. Module 00 can delete everything.</p></div>")
        self.html_button = button("Make my summary (HTML)", "Make a web page of everything you saved", "primary")
        self.markdown_button = button("Make my summary (Markdown)", "Make a Markdown file of everything you saved")
        self.html_button.on_click(lambda _: self.make("html"))
        self.markdown_button.on_click(lambda _: self.make("markdown"))
        self.status = html_widget()
        self.notice = SavingNotice(store)
        self.root = ipw.VBox([intro, self.notice.widget, ipw.HBox([self.html_button, self.markdown_button]),
                              self.status], layout=FULL_WIDTH)

    def make(self, kind: str) -> str:
        """Write the summary (kind "html" or "markdown") into the data folder and return its text."""
        name, mime, how = KINDS[kind]
        self.notice.refresh()
        try:
            course = load_course()
            if kind == "html":
                text = summary_html(collect(self.store, course, quiz_totals(course)))
            else:
                text = summary_markdown(self.store, course)
            path = self.store.write_export(name, text)
        except StoreError as exc:
            self.status.value = status_html(f"<p>✘ The summary was not made. {esc(str(exc))}</p>", "bad")
            return ""
        link = download_link(name, mime, text, "download a copy")
        problems = "".join(f"<p>{esc(p)}</p>" for p in self.store.problems)
        if path is None:  # the learner chose to save nothing: the summary is only offered as a download
            self.status.value = status_html(f"<p>✔ Your summary is ready: {link} to a folder you choose. "
                                            f"{place_words(self.store).not_written}</p>{problems}", "good")
            return text
        self.status.value = status_html(
            f"<p>✔ Made your summary, {file_kept(self.store, path)}. {how} "
            f"You can also {link} to a folder you choose.</p>{problems}", "good")
        return text

    def describe(self) -> str:
        return "My next steps: make one private summary of everything you saved, as a web page or Markdown."


def my_summary(store: LearnerStore | None = None) -> SummaryView:
    """The closing "my next steps" panel: one private summary of all the learner saved (HTML or Markdown)."""
    return SummaryView(store or LearnerStore())
