"""The course's own wheel for the browser: the parts of `widgets` a learner's page imports (content, learner and
the base modules), the course's files they read, what the build validated (frozen reads), and the pydantic
stand-in (shim/) in place of pydantic, which Pyodide from PyPI cannot have."""

from __future__ import annotations

from pathlib import Path

from .._paths import course_root
from .distribution import write_wheel

NAME, VERSION = "trauma-bond-course", "0.1.0"
# Subpackages of widgets/ a module page never imports (instructor, facilitator and server tools).
LEFT_OUT = ("app", "authoring", "classroom", "grading", "kit", "site")
COURSE_FILES = ("course.yml", "resources.yml", "glossary.yml", "banks/*.yml", "activities/*.yml",
                "references/*.yml")
FROZEN = "course/frozen-reads.pickle"
REQUIRES = ("ipywidgets", "pyyaml", "platformdirs", "comm", "typing-extensions")  # what `import widgets` loads
SITE_PACKAGES = "/lib/python3.13/site-packages"  # where Pyodide installs a wheel


def course_wheel(target: Path, frozen: bytes) -> Path:
    """Write the wheel into `target` and return its path."""
    root = course_root()
    package = root / "widgets"
    files: dict[str, bytes] = {}
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if relative.parts[0] in LEFT_OUT:
            continue
        files[f"widgets/{relative.as_posix()}"] = path.read_bytes()
    for path in sorted((package / "data").glob("*.json")):  # module 02's stored simulator frames (sim-static)
        files[f"widgets/data/{path.name}"] = path.read_bytes()
    for pattern in COURSE_FILES:
        for path in sorted((root / "course").glob(pattern)):
            files[f"course/{path.relative_to(root / 'course').as_posix()}"] = path.read_bytes()
    files[FROZEN] = frozen
    shim = Path(__file__).resolve().parent / "shim"
    for path in sorted(shim.rglob("*.py")):
        files[path.relative_to(shim).as_posix()] = path.read_bytes()
    target.mkdir(parents=True, exist_ok=True)
    return write_wheel(target, NAME, VERSION, files, REQUIRES)


def placeholder_wheel(target: Path, name: str, version: str = "0.0.0") -> Path:
    """An empty wheel named `name`, for a package something installs by name but no page imports: the kernel
    installs sqlite3 for IPython's history, which is not in Pyodide's npm core (IPython runs without it, with no
    history); ipywidgets requires widgetsnbextension, which holds only the classic Notebook's JavaScript (2.2 MB
    no browser page loads). The install must not fail or look elsewhere."""
    return write_wheel(target, name, version, {})
