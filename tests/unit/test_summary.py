"""The "my next steps" summary: one private page of everything saved, safe with any text a learner can type."""

from __future__ import annotations

import base64
import html
import os
import re
import stat
from html.parser import HTMLParser

import mistune

from widgets.content.course import load_course
from widgets.learner.models.learner_data import record_attempt, save_note, save_worksheet
from widgets.learner.models.summary import EMPTY_NOTE, collect, summary_html, summary_markdown
from widgets.learner.store import LearnerStore
from widgets.learner.views.summary import HTML_NAME, MARKDOWN_NAME, SummaryView

SCRIPT = '<script>alert("x")</script>'
UNICODE = "Ünïcode — 日本語 ✓"
COURSE = load_course()


class Tags(HTMLParser):
    """Every start tag in a page, and the text inside it, as a browser's parser would see them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data) -> None:
        self.text.append(data)


def parse(page: str) -> Tags:
    tags = Tags()
    tags.feed(page)
    return tags


def fill_everything(store: LearnerStore, text: str) -> None:
    """Put `text` into every kind of field a learner can fill: a reflection and every kind of worksheet field."""
    save_note(store, "07-reflect", "What will you remember?", text)
    save_worksheet(store, "07-reframe", "Kinder self-talk", {
        "A harsh thing I say to myself": text, "A kinder, realistic way to say it": text + "\nsecond line",
        "How much I believe the kinder words (0-10)": "7"})
    save_worksheet(store, "07-self-care-plan", "My self-care plan", {
        "First practice": "Journaling", "How often (first)": "Daily", "My first small step": text,
        "Other ideas I want to try": [text, "a dance class"], "People or services who can support me": text})
    save_worksheet(store, "05-boundaries", "My boundaries", {"Boundaries I want": [text, text],
                                                             "Who can support me": text})


def learner_lines_are_quoted(markdown: str, marker: str) -> None:
    """Every Markdown line holding learner text (found by `marker`) is inside a block quote."""
    lines = [line for line in markdown.splitlines() if marker in line]
    assert lines, f"{marker!r} is missing from the summary"
    assert all(line.startswith("> ") for line in lines), [line for line in lines if not line.startswith(">")]


def test_nothing_saved_gives_a_friendly_summary_that_says_so(store: LearnerStore) -> None:
    summary = collect(store, COURSE)
    assert summary.empty and summary.plan is None
    page = summary_html(summary)
    assert "Nothing saved yet" in page and EMPTY_NOTE in page and "No quiz answers saved yet" in page
    assert "<h1>My next steps</h1>" in page
    markdown = summary_markdown(store, COURSE)
    assert markdown.startswith(f"# My next steps: {COURSE.title}\n")
    assert EMPTY_NOTE in markdown and "(No reflections saved yet.)" in markdown
    assert markdown.count("\n# ") == 0  # one title: the export's own title line is replaced, not repeated


def test_everything_saved_is_gathered_with_the_plan_first(store: LearnerStore) -> None:
    fill_everything(store, "walk after lunch")
    record_attempt(store, "07", "07-plan", True)
    record_attempt(store, "01", "01-define", False)
    summary = collect(store, COURSE, totals={"07": 9, "01": 9})
    assert [s.id for s in summary.sheets] == ["07-self-care-plan", "05-boundaries", "07-reframe"]
    assert [(p.module_id, p.correct, p.total) for p in summary.progress] == [("01", 0, 9), ("07", 1, 9)]
    page = summary_html(summary)
    assert page.index("My self-care plan") < page.index("My reflections") < page.index("My boundaries")
    assert "1 of 9" in page and "Self-care and healing after" in page
    markdown = summary_markdown(store, COURSE)
    assert "## My next step\n\n> walk after lunch\n" in markdown
    for heading in ("## My reflections", "### Kinder self-talk", "### My self-care plan", "## My quiz progress"):
        assert heading in markdown


def test_script_in_every_field_is_never_live_html_and_stays_quoted_in_markdown(store: LearnerStore) -> None:
    fill_everything(store, SCRIPT)
    page = summary_html(collect(store, COURSE))
    assert "<script" not in page.lower()
    tags = parse(page)
    assert "script" not in {tag for tag, _ in tags.tags}
    # Shown as text, once for each place it was saved: 1 reflection, 2 + 3 + 3 worksheet fields and list lines.
    assert "".join(tags.text).count(SCRIPT) == 9
    assert page.count(html.escape(SCRIPT, quote=True)) == 9
    markdown = summary_markdown(store, COURSE)
    learner_lines_are_quoted(markdown, "&lt;script&gt;")
    assert "<script" not in markdown and "<script" not in mistune.html(markdown)  # shown as text, never run


def test_the_page_loads_nothing_from_anywhere_and_prints_well(store: LearnerStore) -> None:
    fill_everything(store, "x")
    page = summary_html(collect(store, COURSE))
    tags = parse(page)
    names = {tag for tag, _ in tags.tags}
    assert not names & {"script", "link", "img", "iframe", "object", "embed", "video", "audio", "source", "base"}
    assert not re.search(r"""\b(src|href)\s*=|url\(|@import|https?://""", page, re.I)
    csp = next(a["content"] for t, a in tags.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    assert "@media print" in page and '<meta charset="utf-8">' in page
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_very_long_text_is_kept_whole_and_wraps(store: LearnerStore) -> None:
    long_text = ("A" * 20_000) + " " + ("word " * 6_000)  # over 50,000 characters, with one 20,000-letter word
    assert len(long_text) > 50_000
    fill_everything(store, long_text)
    page = summary_html(collect(store, COURSE))
    assert long_text.strip() in page
    assert "overflow-wrap: anywhere" in page and "white-space: pre-wrap" in page
    markdown = summary_markdown(store, COURSE)
    assert "> " + long_text.rstrip() in markdown


def test_non_ascii_text_survives_both_formats_and_the_files(store: LearnerStore) -> None:
    fill_everything(store, UNICODE)
    view = SummaryView(store)
    page = view.make("html")
    markdown = view.make("markdown")
    assert UNICODE in page and "> " + UNICODE in markdown
    assert (store.folder / HTML_NAME).read_text(encoding="utf-8") == page
    assert (store.folder / MARKDOWN_NAME).read_text(encoding="utf-8") == markdown


def test_the_view_writes_private_files_shows_where_and_offers_a_download(store: LearnerStore) -> None:
    fill_everything(store, SCRIPT)
    view = SummaryView(store)
    assert view.html_button.description == "Make my summary (HTML)"
    assert view.markdown_button.description == "Make my summary (Markdown)"
    for kind, name, mime in (("html", HTML_NAME, "text/html"), ("markdown", MARKDOWN_NAME, "text/markdown")):
        text = view.make(kind)
        path = store.folder / name
        assert path.read_text(encoding="utf-8") == text
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
        assert stat.S_IMODE(os.stat(store.folder).st_mode) == 0o700
        assert "✔" in view.status.value and name in view.status.value
        assert "only in your course folder" in view.status.value
        link = re.search(rf'<a download="{name}" href="data:{mime};charset=utf-8;base64,([A-Za-z0-9+/=]+)"',
                         view.status.value)
        assert link and base64.b64decode(link.group(1)).decode("utf-8") == text
        assert SCRIPT not in view.status.value  # learner text never reaches the notebook's HTML
    assert not list(store.folder.glob(".*.tmp"))  # written atomically: no temporary file left behind


def test_the_buttons_make_the_files(store: LearnerStore) -> None:
    view = SummaryView(store)
    view.html_button.click()
    view.markdown_button.click()
    assert (store.folder / HTML_NAME).exists() and (store.folder / MARKDOWN_NAME).exists()


def test_a_folder_that_cannot_be_written_is_reported_not_raised(tmp_path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    view = SummaryView(LearnerStore(blocker / "data"))
    assert view.make("html") == ""
    assert "✘" in view.status.value and "not made" in view.status.value


def test_damaged_or_odd_store_data_does_not_break_the_summary(store: LearnerStore) -> None:
    store.folder.mkdir(parents=True)
    store.file("worksheets").write_text('{"worksheets": {"x": "not a sheet", "y": {"fields": "no"}}}',
                                        encoding="utf-8")
    store.file("progress").write_text("{broken", encoding="utf-8")
    summary = collect(store, COURSE)
    assert summary.empty
    assert "Nothing saved yet" in summary_html(summary)
    assert store.problems  # the damaged file was set aside and reported


def test_describe_names_the_summary(store: LearnerStore) -> None:
    assert "summary" in SummaryView(store).describe()
