"""The course's files as the build validated them (pydantic, in CPython), pickled for the browser, where the
course reads them through `widgets.content.files` with `$COURSE_FROZEN_READS` set (Pyodide from PyPI has no
pydantic-core)."""

from __future__ import annotations

import pickle

from .._paths import course_root
from ..content.activities import load_activity
from ..content.banks import load_banks
from ..content.course import load_course, load_glossary, load_references, load_resources
from ..content.files import record_reads


def frozen_reads() -> bytes:
    """Read every course file a learner's page can read, and pickle what was validated."""
    with record_reads() as reads:
        course = load_course()
        load_banks(course)
        load_resources()
        load_glossary()
        load_references()
        for path in sorted((course_root() / "course" / "activities").glob("*.yml")):
            load_activity(path)
    return pickle.dumps(reads, protocol=4)
