"""What the course writes in a learner's data folder, by name, so that it deletes only that.

The folder may be one the learner chose (`COURSE_DATA_DIR`), and it may hold other things: their own files, or a
link someone put there. The course claims a folder by writing `MARKER` into it, and only when the folder is new,
empty, or holds nothing but the course's own files (a folder from before the marker existed). Delete-all then
removes the files named here and nothing else, and never follows a link.
"""

from __future__ import annotations

import re
from pathlib import Path

from .abc import RECORDS

SETTINGS = "settings"
LOCK = ".lock"
MARKER = ".trauma-bond-course"
MARKER_TEXT = ("This folder holds one learner's notes and progress from the course 'Trauma bonds: how they form "
               "and how people heal'. The course deletes from it only the files it wrote.\n")
EXPORTS = ("my-course-notes.md", "my-next-steps.html", "my-next-steps.md")
"""The exports a learner can ask for (module 00's copy of the notes, module 07's summary)."""
# Files an operating system puts in any folder a person opens; they never make a folder someone else's.
SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini"})

_RECORD_NAMES = "|".join((*RECORDS, SETTINGS))
_STEMS = "|".join([*RECORDS, SETTINGS, *(re.escape(Path(name).stem) for name in EXPORTS)])
_DATA = re.compile(rf"^(?:(?:{_RECORD_NAMES})\.json|(?:{_RECORD_NAMES})\.damaged-\d{{8}}T\d+\.json|"
                   rf"{'|'.join(re.escape(name) for name in EXPORTS)})$")
_TEMPORARY = re.compile(rf"^\.(?:{_STEMS})-[A-Za-z0-9_]+\.tmp$")


def is_data(name: str) -> bool:
    """A file the course writes for the learner: a record, a damaged copy it set aside, an export."""
    return bool(_DATA.match(name))


def is_temporary(name: str) -> bool:
    """A hidden half-written copy of a record or export (left behind when a save was killed)."""
    return bool(_TEMPORARY.match(name))


def is_course_file(name: str) -> bool:
    """Anything the course itself writes into the folder, bookkeeping (lock, marker) included."""
    return is_data(name) or is_temporary(name) or name in (LOCK, MARKER)
