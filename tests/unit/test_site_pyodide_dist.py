"""The browser edition built from a full Pyodide distribution (`--pyodide-dist DIR`, `make site PYODIDE_DIST=DIR`),
with a small fake distribution (no real numpy is available offline): the site ships numpy, matplotlib and Pillow
with their dependencies next to the course's wheels, every page's kernel loads them before the first cell, and a
folder that is not such a distribution is refused with the file and what it lacks. Also the size cuts: unused font
formats and the copies of the theme's styles are left out, and the notebooks app finds the site's Pyodide."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from widgets._errors import ContentError
from widgets.site import cli
from widgets.site.build import KERNEL_PLUGIN, settle_config
from widgets.site.distribution import CORE_FILES, LIVE_PACKAGES, assemble, full_distribution, write_wheel
from widgets.site.pins import PYODIDE_VERSION
from widgets.site.trim import prune, share_styles

PACKAGES = {  # name: depends, as a full distribution's lock has them
    "numpy": [], "pillow": [], "kiwisolver": [], "packaging": [], "pyparsing": [],
    "matplotlib": ["numpy", "pillow", "kiwisolver", "packaging", "pyparsing"], "scipy": ["numpy"],
}


def fake_distribution(folder: Path, version: str = PYODIDE_VERSION, python: str = "3.13.2",
                      drop: tuple[str, ...] = ()) -> Path:
    folder.mkdir(parents=True)
    for name in CORE_FILES:
        if name != "package.json":
            (folder / name).write_text(f"core {name}")
    packages = {}
    for name, depends in PACKAGES.items():
        file_name = f"{name}-1.0-cp313-cp313-pyodide_2025_0_wasm32.whl"
        packages[name] = {"name": name, "version": "1.0", "file_name": file_name, "install_dir": "site",
                          "sha256": "0" * 64, "package_type": "package", "imports": [name], "depends": depends}
        if name not in drop:
            (folder / file_name).write_bytes(f"wheel {name}".encode())
    (folder / "pyodide-lock.json").write_text(json.dumps({"info": {"version": "0.28.0.dev0", "python": python},
                                                          "packages": packages}))
    (folder / "package.json").write_text(json.dumps({"name": "pyodide", "version": version}))
    return folder


def test_a_full_distribution_ships_the_live_packages_beside_the_course_wheels(tmp_path: Path) -> None:
    dist = fake_distribution(tmp_path / "full")
    full_distribution(dist)
    ours = write_wheel(tmp_path, "packaging", "24.2", {"packaging/__init__.py": b""})
    lock = assemble(dist, [ours], tmp_path / "pyodide", keep=LIVE_PACKAGES)
    assert sorted(lock["packages"]) == ["kiwisolver", "matplotlib", "numpy", "packaging", "pillow", "pyparsing"]
    assert lock["packages"]["packaging"]["file_name"] == ours.name  # the course's pinned wheel, not the dist's
    assert lock["packages"]["matplotlib"]["depends"] == PACKAGES["matplotlib"]
    shipped = {p.name for p in (tmp_path / "pyodide").iterdir()}
    assert {e["file_name"] for e in lock["packages"].values()} <= shipped
    assert not any(name.startswith("scipy") for name in shipped)  # in the distribution, not needed


def test_every_page_and_the_notebooks_load_the_live_packages_before_the_first_cell(tmp_path: Path) -> None:
    page = tmp_path / "voici" / "render" / "02.html"
    page.parent.mkdir(parents=True)
    page.write_text('<script id="jupyter-config-data" type="application/json">{"appName": "x"}</script>')
    (tmp_path / "static" / "favicons").mkdir(parents=True)
    (tmp_path / "static" / "favicons" / "favicon.ico").write_bytes(b"icon")
    (tmp_path / "jupyter-lite.json").write_text(json.dumps({"jupyter-config-data": {"appName": "JupyterLite"}}))
    settle_config(tmp_path, LIVE_PACKAGES)
    in_page = json.loads(page.read_text().split(">", 1)[1].split("</script>")[0])["litePluginSettings"]
    lite = json.loads((tmp_path / "jupyter-lite.json").read_text())["jupyter-config-data"]
    for settings, pyodide in ((in_page[KERNEL_PLUGIN], "../../static/pyodide/pyodide.js"),
                              (lite["litePluginSettings"][KERNEL_PLUGIN], "./static/pyodide/pyodide.js")):
        assert settings["loadPyodideOptions"]["packages"] == list(LIVE_PACKAGES)
        assert settings["disablePyPIFallback"] is True
        assert settings["pyodideUrl"] == pyodide  # "./": JupyterLite reads it from the root, not beside a page
    assert lite["appName"] == "Course" and lite["faviconUrl"] == "./static/favicons/favicon.ico"
    settle_config(tmp_path)  # a plain build preloads nothing
    lite = json.loads((tmp_path / "jupyter-lite.json").read_text())["jupyter-config-data"]
    assert "packages" not in lite["litePluginSettings"][KERNEL_PLUGIN]["loadPyodideOptions"]


@pytest.mark.parametrize(("change", "expected"), [
    ("no lock", "pyodide-lock.json: missing"),
    ("no matplotlib file", "matplotlib-1.0-cp313-cp313-pyodide_2025_0_wasm32.whl: missing: the file of package "
                           "'matplotlib'"),
    ("no pillow entry", "pyodide-lock.json: lists no package 'pillow'"),
    ("not json", "pyodide-lock.json:1: not JSON"),
    ("other version", f"package.json: is Pyodide 0.27.0, but the site's kernel (jupyterlite-pyodide-kernel) "
                      f"runs Pyodide {PYODIDE_VERSION}"),
    ("other python", "pyodide-lock.json: is for Python 3.12.7, but the site's wheels are for Python 3.13"),
    ("no wasm", "pyodide.asm.wasm: missing"),
])
def test_a_folder_that_is_not_a_full_distribution_is_refused_clearly(tmp_path: Path, change: str,
                                                                    expected: str) -> None:
    dist = fake_distribution(tmp_path / "d", version="0.27.0" if change == "other version" else PYODIDE_VERSION,
                             python="3.12.7" if change == "other python" else "3.13.2",
                             drop=("matplotlib",) if change == "no matplotlib file" else ())
    lock = dist / "pyodide-lock.json"
    if change == "no lock":
        lock.unlink()
    elif change == "no pillow entry":
        data = json.loads(lock.read_text())
        del data["packages"]["pillow"]
        lock.write_text(json.dumps(data))
    elif change == "not json":
        lock.write_text("{oops")
    elif change == "no wasm":
        (dist / "pyodide.asm.wasm").unlink()
    with pytest.raises(ContentError) as caught:
        full_distribution(dist)
    assert any(str(p).startswith(str(dist)) and expected in str(p) for p in caught.value.problems), \
        [str(p) for p in caught.value.problems]


def test_the_command_says_what_is_wrong_before_building_anything(tmp_path: Path, capsys) -> None:
    empty = tmp_path / "downloads"
    empty.mkdir()
    assert cli.main(["--pyodide-dist", str(empty), "--out", str(tmp_path / "site")]) == 1
    assert f"{empty}/pyodide-lock.json: missing" in capsys.readouterr().err
    assert not (tmp_path / "site").exists()


def test_unused_font_formats_and_copies_of_styles_are_left_out(tmp_path: Path) -> None:
    build = tmp_path / "build"
    build.mkdir()
    for suffix in (".woff2", ".woff", ".ttf", ".eot", ".svg"):
        (build / f"fa-solid-900{suffix}").write_bytes(b"f" * 100)
    (build / "MathJax_Main.woff").write_bytes(b"m" * 10)  # no .woff2 of it: kept
    assert prune(tmp_path) == 400
    assert sorted(p.name for p in build.iterdir()) == ["MathJax_Main.woff", "fa-solid-900.woff2"]
    theme, small = "body { color: black; }" * 500, "p { margin: 0 }"
    pages = tmp_path / "render"
    pages.mkdir()
    for name in ("a", "b"):
        (pages / f"{name}.html").write_text(f'<head><style type="text/css">{theme}</style>'
                                            f'<style type="text/css">{small}</style></head>{name}')
    assert share_styles(pages) > 0.9 * len(theme)  # one of the two copies, less two <link> tags
    css = sorted(pages.glob("*.css"))
    assert len(css) == 1 and css[0].read_text() == theme
    for name in ("a", "b"):
        html = (pages / f"{name}.html").read_text()
        assert f'<link rel="stylesheet" href="{css[0].name}">' in html and small in html and theme not in html
