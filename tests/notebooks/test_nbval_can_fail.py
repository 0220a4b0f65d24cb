"""The notebook layer must be able to fail: a stored output that no longer matches the code is caught."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_nbval_reports_a_changed_stored_output(tmp_path: Path) -> None:
    notebook = tmp_path / "changed.ipynb"
    shutil.copy(ROOT / "modules/00_welcome_and_safety.ipynb", notebook)
    data = json.loads(notebook.read_text(encoding="utf-8"))
    cell = next(c for c in data["cells"] if c["cell_type"] == "code" and c["outputs"])
    cell["outputs"][0]["data"]["text/plain"] = "Something a learner never sees."
    notebook.write_text(json.dumps(data), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "--rootdir", str(ROOT), "-c",
         str(ROOT / "pyproject.toml"), str(notebook)],
        capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1, result.stdout[-2000:]
    assert "1 failed" in result.stdout and "Something a learner never sees." in result.stdout
