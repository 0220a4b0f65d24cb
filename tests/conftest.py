"""Shared fixtures: a private store in a temporary folder, and a copy of the course to break on purpose."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from widgets.learner.store import LearnerStore

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture
def store(tmp_path: Path) -> LearnerStore:
    return LearnerStore(tmp_path / "data")


@pytest.fixture
def allow_markup(monkeypatch: pytest.MonkeyPatch) -> None:
    """Let course files hold HTML markup (`widgets check` rejects it), to show that a view escapes it anyway."""
    import re

    from widgets.content import schema

    monkeypatch.setattr(schema, "MARKUP", re.compile(r"(?!)"))


@pytest.fixture(scope="session")
def kit(tmp_path_factory: pytest.TempPathFactory):
    """The facilitator kit (handouts, slides, index), built once per run into a temporary folder."""
    from tests.kit.build import build_kit

    return build_kit(tmp_path_factory.mktemp("kit"))


@pytest.fixture
def course_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of course/ and modules/ that a test may damage; COURSE_ROOT points the package at it."""
    root = tmp_path / "course-copy"
    shutil.copytree(ROOT / "course", root / "course")
    shutil.copytree(ROOT / "modules", root / "modules")
    monkeypatch.setenv("COURSE_ROOT", str(root))
    return root
