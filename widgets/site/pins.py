"""What the browser edition is built from, pinned: Pyodide's core from npm (package.json), pure-Python wheels
from PyPI for Pyodide's Python, and the build tools (pyproject.toml, extra `site`)."""

from __future__ import annotations

# jupyterlite-pyodide-kernel 0.7.2 is built for this Pyodide (its constants.PYODIDE_VERSION); voici-core 0.10
# needs jupyterlite-core 0.7, so the kernel is 0.7.x too. The npm package `pyodide` holds the core only.
PYODIDE_VERSION = "0.29.3"
PYTHON_VERSION = "3.13"

# Pure-Python wheels the kernel and the course import, at the versions Pyodide 0.29's own lock names where it
# has them. pip resolves their dependencies (all pure) for Python 3.13.
WHEELS = (
    "micropip==0.11.0",
    "packaging==24.2",
    "ipython==9.0.2",
    "traitlets==5.14.3",
    "jedi==0.19.2",
    "comm==0.2.3",
    "ipywidgets==8.1.7",
    "platformdirs==4.3.6",
    "typing-extensions==4.15.0",
)
# PyPI has no pure wheel of PyYAML; its sdist builds one when the C extension is switched off.
PYYAML = "pyyaml==6.0.2"
