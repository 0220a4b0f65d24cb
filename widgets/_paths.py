"""Where the course's files are: the repository root holds course/ and modules/ beside this package."""

from __future__ import annotations

import os
from pathlib import Path


def course_root() -> Path:
    """The folder that holds `course/` and `modules/` (`$COURSE_ROOT` overrides it, for tests)."""
    override = os.environ.get("COURSE_ROOT")
    return Path(override) if override else Path(__file__).resolve().parent.parent


def relative(path: Path) -> Path:
    """`path` relative to the course root when it is inside it, so messages stay short."""
    try:
        return path.resolve().relative_to(course_root().resolve())
    except ValueError:
        return path
