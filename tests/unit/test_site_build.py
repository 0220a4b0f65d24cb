"""The browser edition's build, without a browser: the course's files reach the browser as validated (frozen
reads load where pydantic cannot be imported), the Pyodide lock lists exactly the shipped wheels, the browser
store refuses to pretend it saves when the drive is missing, and the server sends the types a page needs."""

from __future__ import annotations

import json
import pickle
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from widgets._errors import StoreError
from widgets._paths import course_root
from widgets.learner.store import BrowserFiles
from widgets.site.build import source_digest
from widgets.site.distribution import assemble, lock_entry, write_wheel
from widgets.site.frozen import frozen_reads
from widgets.site.serve import TYPES, SiteHandler
from widgets.site.wheel import FROZEN, course_wheel

# Run in a fresh Python that cannot import pydantic (as in Pyodide), with the course's browser wheel on its path.
WITHOUT_PYDANTIC = """
import importlib.abc, os, sys
class Refuse(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in ("numpy", "matplotlib") or (name.split(".")[0] in ("pydantic", "pydantic_core")
                and not os.environ.get("ALLOW_SHIM")):
            raise ImportError("not in this edition: " + name)
sys.meta_path.insert(0, Refuse())
sys.path.insert(0, sys.argv[1])
os.environ["ALLOW_SHIM"] = "1"
import pydantic
assert pydantic.__file__.startswith(sys.argv[1]), pydantic.__file__
from widgets.content.course import load_course, load_resources
from widgets.content.banks import load_banks
course = load_course()
banks = load_banks(course)
print(len(course.modules), sum(len(b.practice) for b in banks.values()), len(load_resources().regions))
"""


def test_the_course_reads_in_the_browser_as_the_build_validated_it(tmp_path: Path) -> None:
    from widgets.content.banks import load_banks
    from widgets.content.course import load_course, load_resources

    wheel = course_wheel(tmp_path / "wheel", frozen_reads())
    unpacked = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {"PATH": "/usr/bin:/bin", "COURSE_ROOT": str(unpacked), "COURSE_FROZEN_READS": str(unpacked / FROZEN)}
    done = subprocess.run([sys.executable, "-I", "-c", WITHOUT_PYDANTIC, str(unpacked)], capture_output=True,
                          text=True, env=env)
    assert done.returncode == 0, done.stderr[-2000:]
    course = load_course()
    expected = (len(course.modules), sum(len(b.practice) for b in load_banks(course).values()),
                len(load_resources().regions))
    assert tuple(int(n) for n in done.stdout.split()) == expected


def test_a_file_not_read_at_build_time_is_refused_not_trusted(tmp_path: Path) -> None:
    wheel = course_wheel(tmp_path / "wheel", pickle.dumps({}))  # nothing was frozen
    unpacked = tmp_path / "site-packages"
    zipfile.ZipFile(wheel).extractall(unpacked)
    env = {"PATH": "/usr/bin:/bin", "COURSE_ROOT": str(unpacked), "COURSE_FROZEN_READS": str(unpacked / FROZEN)}
    done = subprocess.run([sys.executable, "-I", "-c", WITHOUT_PYDANTIC, str(unpacked)], capture_output=True,
                          text=True, env=env)
    assert done.returncode != 0
    assert "rebuild the site" in done.stderr


def test_the_lock_lists_exactly_the_shipped_wheels_with_their_dependencies(tmp_path: Path) -> None:
    wheels = tmp_path / "wheels"
    wheels.mkdir()
    a = write_wheel(wheels, "alpha", "1.0", {"alpha/__init__.py": b""}, ("beta", "gamma; python_version < '3'"))
    b = write_wheel(wheels, "beta", "2.0", {"beta.py": b""}, ("not-shipped",))
    core = tmp_path / "core"
    core.mkdir()
    for name in ("pyodide.asm.js", "pyodide.asm.wasm", "pyodide.js", "pyodide.mjs", "python_stdlib.zip",
                 "package.json"):
        (core / name).write_text("x")
    (core / "pyodide-lock.json").write_text(json.dumps({"info": {"python": "3.13.2"},
                                                        "packages": {"numpy": {"name": "numpy"}}}))
    lock = assemble(core, [a, b], tmp_path / "pyodide")
    assert sorted(lock["packages"]) == ["alpha", "beta"]  # numpy, listed by the core's lock, is not shipped
    assert lock["packages"]["alpha"]["depends"] == ["beta"]  # gamma's marker is false; beta's own is not shipped
    assert lock["packages"]["beta"]["imports"] == ["beta"]
    assert lock_entry(a)["sha256"] == lock["packages"]["alpha"]["sha256"]
    assert (tmp_path / "pyodide" / a.name).exists()


def test_the_browser_store_says_it_cannot_save_when_the_drive_is_missing(tmp_path: Path) -> None:
    store = BrowserFiles(tmp_path / "no-drive" / "course-data")
    with pytest.raises(StoreError, match="Reload the page"):
        store.update("progress", lambda data: data.update(quiz={}))
    assert not (tmp_path / "no-drive").exists()


def test_the_server_sends_the_types_a_page_needs() -> None:
    assert TYPES[".wasm"] == "application/wasm"
    assert SiteHandler.extensions_map[".mjs"] == "text/javascript"
    assert SiteHandler.extensions_map[".wasm"] == "application/wasm"


def test_an_authors_link_to_a_heading_stays_on_the_page(tmp_path: Path) -> None:
    """voici's own Markdown renderer sends "#Key-points" to the files/ folder; the build points it back."""
    from mistune import create_markdown
    from voici_core.exporter import VoiciMarkdownRenderer

    from widgets.site.pages import RENDER, keep_anchor_links

    render = create_markdown(renderer=VoiciMarkdownRenderer(None, files_url_prefix="../../files/"))
    page = tmp_path / RENDER / "01_x.html"
    page.parent.mkdir(parents=True)
    page.write_text(render("Go to [the key points](#Key-points), [module 02](02_y.ipynb#Top), "
                           "[a paper](https://doi.org/10.1/x) or [a file](notes.txt)."), encoding="utf-8")
    assert 'href="../../files/#Key-points"' in page.read_text(encoding="utf-8")  # what voici makes
    assert keep_anchor_links(tmp_path) == 1
    html = page.read_text(encoding="utf-8")
    assert 'href="#Key-points"' in html and "files/#" not in html
    assert 'href="02_y.html#Top"' in html and 'href="https://doi.org/10.1/x"' in html
    assert 'href="../../files/notes.txt"' in html


def test_a_change_to_any_kind_of_file_in_the_package_makes_a_built_site_stale(tmp_path: Path, monkeypatch) -> None:
    """`make test` rebuilds the site only when what it is built from changed; a change to the pages' style sheet
    once went unseen (the digest skipped .css), so the browser tests ran on the old style."""
    kinds = {path.suffix for path in (course_root() / "widgets").rglob("*.*")
             if path.is_file() and "__pycache__" not in path.parts}
    assert {".py", ".css", ".js", ".j2", ".json"} <= kinds
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    for suffix in sorted(kinds):
        file = tmp_path / "widgets" / "app" / f"part{suffix}"
        file.parent.mkdir(parents=True, exist_ok=True)
        file.write_text("first")
        before = source_digest()
        file.write_text("changed")
        assert source_digest() != before, f"a change to a {suffix} file leaves the site current"
