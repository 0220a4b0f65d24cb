"""The import contracts in pyproject.toml ([tool.importlinter]) hold for widgets/, and they bite: a copy of the
package with one forbidden import (a layer reaching up, a cycle, a pure model importing ipywidgets) fails them."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LINT_IMPORTS = Path(sys.executable).with_name("lint-imports")


def lint_imports(folder: Path) -> subprocess.CompletedProcess:
    """Run lint-imports in `folder` on the `widgets` package found there (never the installed one)."""
    env = {**os.environ, "PYTHONPATH": str(folder)}
    return subprocess.run([str(LINT_IMPORTS), "--no-logo", "--no-cache"], cwd=folder, env=env,
                          capture_output=True, text=True, timeout=120)


def verdicts(output: str) -> list[tuple[str, str]]:
    """(contract name, KEPT or BROKEN) from lint-imports' list of contracts (names may wrap across lines)."""
    listing = " ".join(output.split("Contracts:")[0].split()).split("-----")[-1].lstrip("- ")
    return re.findall(r"\s*(.+?) (KEPT|BROKEN)", listing)


@pytest.fixture
def copy(tmp_path: Path) -> Path:
    """widgets/ and pyproject.toml copied into a temporary folder."""
    shutil.copytree(ROOT / "widgets", tmp_path / "widgets", ignore=shutil.ignore_patterns("__pycache__", "data"))
    shutil.copy(ROOT / "pyproject.toml", tmp_path / "pyproject.toml")
    return tmp_path


def test_the_contracts_hold() -> None:
    result = lint_imports(ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
    assert [verdict for _, verdict in verdicts(result.stdout)] == ["KEPT"] * 5


def test_the_unchanged_copy_passes(copy: Path) -> None:
    result = lint_imports(copy)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.parametrize(("module", "line", "contract"), [
    # The course model reaching up into the authoring tools: the layers contract.
    ("content/course.py", "from ..authoring import check", "roles point one way"),
    # Grading and the kit are independent of each other.
    ("grading/leaks.py", "from ..kit import paper", "roles point one way"),
    # A learner model importing a view.
    ("learner/models/summary.py", "from ..views import notes", "views > models > store"),
    # A pure model drawing with ipywidgets.
    ("learner/models/learner_data.py", "import ipywidgets", "pure"),
    # A cycle inside one subpackage: the YAML reader importing a loader that imports it.
    ("content/_yaml.py", "from . import course", "no import cycles"),
    # The browser edition's simulator reaching for numpy, which Pyodide's offline build lacks.
    ("learner/views/reinforcement_frames.py", "import numpy", "without numpy"),
], ids=["content-up", "grading-kit", "model-view", "model-ipywidgets", "cycle", "browser-simulator"])
def test_a_forbidden_import_breaks_a_contract(copy: Path, module: str, line: str, contract: str) -> None:
    path = copy / "widgets" / module
    path.write_text(path.read_text(encoding="utf-8") + f"\n\ndef _forbidden():\n    {line}\n", encoding="utf-8")
    result = lint_imports(copy)
    assert result.returncode != 0, result.stdout
    broken = [name for name, verdict in verdicts(result.stdout) if verdict == "BROKEN"]
    assert any(contract in name for name in broken), result.stdout  # (reaching up also makes a cycle)
