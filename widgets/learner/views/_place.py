"""What the learner reads about where the course keeps their things, for each kind of place a store can be
(`widgets.learner.store.Place`): a folder on the computer or server running the course, or this web browser's own
storage for the site (the browser edition). The store says which; these are the words."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..store import LearnerStore, display_path
from ._view import esc


@dataclass(frozen=True)
class PlaceWords:
    """Phrases about one kind of place; `{folder}` in `kept` is the store's folder, escaped."""

    kept: str  # module 00's "Your data" panel: where things are kept, who could open them, what deletes them
    in_place: str  # "in your course folder", after "saved only"
    delete_tip: str  # the tooltip of "Delete everything…"
    not_written: str  # after a copy offered as a download only (the learner chose to save nothing)
    none_left: str  # after delete-everything
    all_of_it: str  # module 00's "What the course saves"
    nothing_kept: str  # the "Saving is off" notice: "Nothing you do here is …"


FOLDER = PlaceWords(
    kept="<p>Your notes and quiz progress are kept only on the computer or server running this course, in this "
         "folder:<br><code>{folder}</code></p>",
    in_place="in your course folder",
    delete_tip="Delete all your notes and progress from this computer",
    not_written="Nothing was written to the course folder.",
    none_left="Nothing of yours is left in the course folder.",
    all_of_it="All of it stays in one folder on the computer or server that runs the course, and nothing is sent "
              "anywhere.",
    nothing_kept="written to this computer",
)

BROWSER = PlaceWords(
    kept="<p>Your notes and quiz progress are kept only in this web browser's own storage for this site. Nothing "
         "is sent anywhere.</p><p>If you clear this site's data in your browser's settings, they are deleted. In a "
         "private window, they are deleted when you close the window.</p><p>Anyone who uses this browser on this "
         "device could open them.</p>",
    in_place="in this web browser's own storage for this site",
    delete_tip="Delete all your notes and progress from this web browser",
    not_written="Nothing was saved in this web browser.",
    none_left="Nothing of yours is left in this web browser's storage for this site.",
    all_of_it="All of it stays in this web browser's own storage for this site, and nothing is sent anywhere.",
    nothing_kept="saved in this web browser",
)


def place_words(store: LearnerStore) -> PlaceWords:
    """The words for where `store` keeps things."""
    return BROWSER if store.place == "browser" else FOLDER


def kept_html(store: LearnerStore) -> str:
    """The panel's paragraph(s) on where things are kept."""
    return place_words(store).kept.format(folder=esc(display_path(store.folder)))


def file_kept(store: LearnerStore, path: Path) -> str:
    """Where a file the course just made (an export, a summary) is kept, as HTML after "Saved a copy, "."""
    if store.place == "browser":
        return f"only {BROWSER.in_place}"
    return f"only {FOLDER.in_place}: <code>{esc(display_path(path))}</code>"
