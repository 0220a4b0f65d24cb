"""Test-wide isolation: no test, and no notebook kernel nbval starts, ever reads or writes real learner data.

This lives at the repository root so it runs before nbval starts kernels for modules/*.ipynb.
"""

from __future__ import annotations

import os
import tempfile


def pytest_configure(config) -> None:
    home = tempfile.mkdtemp(prefix="course-test-home-")
    os.environ["HOME"] = home
    os.environ["MPLBACKEND"] = "Agg"
    os.environ.pop("COURSE_DATA_DIR", None)
    os.environ.pop("XDG_DATA_HOME", None)
