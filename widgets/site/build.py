"""`python -m widgets site`: build build/site/, the course as a static site (voici pages on Pyodide).

Steps: fetch the pinned parts once (fetch.py), make the course's wheel (wheel.py) and the Pyodide distribution
(distribution.py), stage the module notebooks with what their page bar needs, run `voici build` with the learner
app's page template, then add the course's own pages (home, neutral page) and the template's CSS and JS."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root
from ..content.banks import load_banks
from ..content.course import load_course, load_resources
from . import fetch
from .distribution import LIVE_PACKAGES, assemble, full_distribution, tarball
from .frozen import frozen_reads
from .pages import keep_anchor_links, module_pages_data, write_pages
from .trim import folder_size, prune, share_styles, shipped_wheels
from .wheel import FROZEN, SITE_PACKAGES, course_wheel, placeholder_wheel

TEMPLATE = "course"
APP_JUPYTER = Path(__file__).resolve().parents[1] / "app" / "jupyter"  # holds voila/templates/course
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"
DATA_DIR = "/drive/course-data"  # the learner store, in the browser's storage (see README, "Browser edition")


def lite_config(preload: tuple[str, ...] = ()) -> dict:
    """jupyter-lite.json: the kernel never falls back to PyPI, and the course finds its files and store; it loads
    the packages `preload` as it starts (numpy, matplotlib and Pillow from a full Pyodide distribution)."""
    env = {"HOME": "/home/pyodide", "COURSE_DATA_DIR": DATA_DIR, "COURSE_STORE": "browser",
           "COURSE_FROZEN_READS": f"{SITE_PACKAGES}/{FROZEN}", "MPLBACKEND": "agg"}
    options: dict = {"env": env, **({"packages": list(preload)} if preload else {})}
    return {"jupyter-lite-schema-version": 0,
            "jupyter-config-data": {
                "appName": "Course", "disabledExtensions": ["@jupyterlite/application-extension:announcements"],
                # The notebooks app draws every cell, not only those in view: the browser's Find sees the whole
                # module, and so does a test.
                "settingsOverrides": {"@jupyterlab/notebook-extension:tracker": {"windowingMode": "none"}},
                "litePluginSettings": {KERNEL_PLUGIN: {"disablePyPIFallback": True,
                                                       "loadPyodideOptions": options}}}}


# The lab extensions a module page needs (voici renders the rest itself); the build ignores the others installed
# beside the course (nbgrader's, Notebook 7's, Voilà's preview), which a page would otherwise load.
LAB_EXTENSIONS = ("@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension")
INSTALLED = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
# Where the Makefile moves JupyterLite's kernel extension: in JupyterLab's path it breaks JupyterLab and Voilà pages.
PARKED = Path(sys.prefix) / "share" / "course-site" / "labextensions"
# JupyterLite's apps beside voici's pages: the notebooks, for learners who want the code (voici adds its own app).
# Their shared code (build/) is pruned to what these apps use.
APPS = ("notebooks", "tree")
SHIM = "course-shared-shim"  # static/shared-shim.js: a module voici's page does not share, which the kernel needs


def lite_build_config(extensions: Path) -> dict:
    """jupyter_lite_config.json: only LAB_EXTENSIONS, copied into `extensions`."""
    shutil.rmtree(extensions, ignore_errors=True)
    for name in LAB_EXTENSIONS:
        source = PARKED / name if (PARKED / name).is_dir() else INSTALLED / name
        shutil.copytree(source, extensions / name)
    shim = extensions / SHIM
    (shim / "static").mkdir(parents=True)
    shutil.copy2(Path(__file__).resolve().parent / "static" / "shared-shim.js", shim / "static" / "remoteEntry.js")
    (shim / "package.json").write_text(json.dumps({"name": SHIM, "version": "0.1.0", "jupyterlab": {
        "extension": True, "_build": {"load": "static/remoteEntry.js", "extension": "./extension"}}}))
    return {"LiteBuildConfig": {"ignore_sys_prefix": ["federated_extensions"], "no_sourcemaps": True,
                                "apps": list(APPS), "no_unused_shared_packages": True},
            "FederatedExtensionAddon": {"extra_labextensions_path": [str(extensions)]}}


CONFIG_SCRIPT = re.compile(r'(<script id="jupyter-config-data" type="application/json">)(.*?)(</script>)', re.S)


def _kernel_settings(depth: int, preload: tuple[str, ...] = ()) -> dict:
    settings = dict(lite_config(preload)["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN])
    # This site's Pyodide, never the CDN default. In jupyter-lite.json, "./" makes JupyterLite's pages (notebooks/,
    # tree/) read it from the site's root, not from beside themselves.
    settings["pyodideUrl"] = ("../" * depth or "./") + "static/pyodide/pyodide.js"
    return settings


def _script_json(config: dict) -> str:
    """JSON safe inside <script> (a notebook's text may hold `</script>`), as Jinja's tojson writes it."""
    text = json.dumps(config)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026").replace("'", "\\u0027")


def settle_config(out: Path, preload: tuple[str, ...] = ()) -> None:
    """Put the kernel's settings into every page's configuration, which voici writes into each page when it
    builds it, without them: Pyodide from this site (not the CDN the kernel names by default), no PyPI fallback,
    the course's environment. jupyter-lite.json, which the notebooks app reads, gets them and lite_config's too."""
    pages = sorted((out / "voici").rglob("*.html"))
    for page in pages:
        html = page.read_text(encoding="utf-8")
        depth = len(page.relative_to(out).parts) - 1

        def merged(match: re.Match, depth: int = depth) -> str:
            config = json.loads(match.group(2))
            config.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {}).update(
                _kernel_settings(depth, preload))
            return match.group(1) + _script_json(config) + match.group(3)

        page.write_text(CONFIG_SCRIPT.sub(merged, html), encoding="utf-8")
    path = out / "jupyter-lite.json"
    config = json.loads(path.read_text())
    data = config["jupyter-config-data"]
    data.update({k: v for k, v in lite_config()["jupyter-config-data"].items() if k != "litePluginSettings"})
    data["faviconUrl"] = "./static/favicons/favicon.ico"  # JupyterLite names its lab app's, which is not built
    shutil.copy2(out / "static" / "favicons" / "favicon.ico", out / "favicon.ico")  # the browser asks for it
    data.setdefault("litePluginSettings", {}).setdefault(KERNEL_PLUGIN, {}).update(_kernel_settings(0, preload))
    path.write_text(json.dumps(config, indent=2))


def stage_notebooks(folder: Path, data: dict[str, dict]) -> None:
    """Copy each module notebook into `folder`, with the Pyodide kernel named and the page bar's data added."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for name, course_app in data.items():
        notebook = json.loads((course_root() / "modules" / f"{name}.ipynb").read_text(encoding="utf-8"))
        notebook["metadata"]["kernelspec"] = {"name": "python", "display_name": "Python (Pyodide)",
                                              "language": "python"}
        notebook["metadata"]["course_app"] = course_app
        notebook["metadata"]["title"] = course_app["pages"][name]["self"]["title"]  # the page's <title>
        for cell in notebook["cells"]:
            if cell["cell_type"] == "code":
                cell["outputs"], cell["execution_count"] = [], None
        (folder / f"{name}.ipynb").write_text(json.dumps(notebook, indent=1), encoding="utf-8")


def run_voici(lite: Path, contents: Path, pyodide: Path, out: Path) -> None:
    env = {**os.environ, "JUPYTER_PATH": os.pathsep.join(p for p in (str(APP_JUPYTER), os.environ.get(
        "JUPYTER_PATH", "")) if p)}
    command = [sys.executable, "-c", "from voici_core.app import main; main()",  # its __main__ wants `voici`
               "build", "--lite-dir", str(lite), "--contents", str(contents),
               "--output-dir", str(out), "--pyodide", str(pyodide), "--template", TEMPLATE, "--no-sourcemaps"]
    done = subprocess.run(command, cwd=lite, env=env, capture_output=True, text=True)
    if done.returncode:
        (lite / "voici-build.log").write_text(done.stdout + done.stderr)
        raise ContentError([Problem(lite / "voici-build.log", None, "voici build failed: "
                                    + (done.stderr.strip() or done.stdout.strip())[-800:])])


def empty_data_listing(out: Path) -> None:
    """The store's folder as an empty folder in the site's static contents: the page asks the site for a folder's
    listing before it uses its own storage, and a missing one is a 404 (a console error) on every first save. The
    drive makes a folder as "Untitled Folder" and then renames it, so that one is listed (empty) too."""
    for name in (DATA_DIR.removeprefix("/drive/"), "Untitled Folder"):
        listing = {"name": name, "path": name, "type": "directory", "format": "json", "content": [],
                   "mimetype": None, "created": "2026-01-01T00:00:00Z", "last_modified": "2026-01-01T00:00:00Z",
                   "size": None, "writable": True, "hash": None, "hash_algorithm": None}
        folder = out / "api" / "contents" / name
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "all.json").write_text(json.dumps(listing))


STAMP = ".built-from"  # in the site: a digest of everything the build reads, so an unchanged site is not rebuilt


def source_digest() -> str:
    """A digest of the course files, the notebooks, the package and the pins: what a site is built from."""
    root = course_root()
    digest = hashlib.sha256()
    for pattern in ("widgets/**/*", "course/**/*.yml", "modules/*.ipynb", "package-lock.json"):
        for path in sorted(root.glob(pattern)):
            if path.is_file() and "__pycache__" not in path.parts:  # every kind: a style change once went unseen
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def is_current(out: Path) -> bool:
    """Whether `out` holds a site built from the files as they are now (on npm's core Pyodide)."""
    stamp = out / STAMP
    return stamp.exists() and stamp.read_text().strip() == source_digest()


def _stamp(pyodide_dist: Path | None) -> str:
    """What the site is built from: a site built on a full distribution is never current for a plain build."""
    if pyodide_dist is None:
        return source_digest()
    lock = hashlib.sha256((pyodide_dist / "pyodide-lock.json").read_bytes()).hexdigest()
    return f"{source_digest()} full-pyodide:{lock}"


def build(out: Path, cache: Path, pyodide_dist: Path | None = None) -> Path:
    """Build the site into `out` (replacing it), caching downloads in `cache`; return `out`. With `pyodide_dist`
    (a full Pyodide distribution), Pyodide comes from there, with numpy, matplotlib and Pillow, which the kernel
    loads as it starts, so module 02's simulator computes live."""
    started = time.monotonic()
    root = course_root()
    if pyodide_dist is not None:
        full_distribution(pyodide_dist)  # before any download: a wrong folder is said at once
    course = load_course()
    wheels = fetch.wheels(cache)
    if pyodide_dist is None:
        core, live = fetch.pyodide_core(root), ()
    else:
        core, live = pyodide_dist, LIVE_PACKAGES
        print(f"[site] Pyodide from {pyodide_dist}, with {', '.join(live)}", flush=True)
    print("[site] reading the course files (validated here, frozen for the browser)", flush=True)
    own = cache / "own-wheels"
    shutil.rmtree(own, ignore_errors=True)
    extra = [course_wheel(own, frozen_reads()), placeholder_wheel(own, "sqlite3")]
    print("[site] assembling Pyodide with the course's wheel", flush=True)
    lock = assemble(core, [*shipped_wheels(wheels, own), *extra], cache / "pyodide", keep=live)
    archive = tarball(cache / "pyodide", cache / "pyodide.tar.bz2")
    lite, contents = cache / "lite", cache / "contents"
    lite.mkdir(parents=True, exist_ok=True)
    (lite / "jupyter-lite.json").write_text(json.dumps(lite_config(live), indent=1))
    (lite / "jupyter_lite_config.json").write_text(json.dumps(lite_build_config(cache / "labextensions"), indent=1))
    resources = load_resources()
    data = module_pages_data(course, resources)
    stage_notebooks(contents, data)
    print(f"[site] voici build: {len(data)} module pages and the Pyodide kernel "
          f"({len(lock['packages'])} packages)", flush=True)
    if out.exists():
        shutil.rmtree(out)
    run_voici(lite, contents, archive, out)
    settle_config(out, live)
    keep_anchor_links(out)
    removed = prune(out) + share_styles(out / "voici" / "render")
    item_ids = {module_id: [i.id for i in bank.practice] for module_id, bank in load_banks(course).items()}
    write_pages(out, course, resources, item_ids, DATA_DIR)
    empty_data_listing(out)
    (out / STAMP).write_text(_stamp(pyodide_dist) + "\n")
    size = folder_size(out)
    if size <= 0:
        raise ContentError([Problem(out, None, "the site is empty")])
    print(f"[site] done in {time.monotonic() - started:.0f} s: {size / 1e6:.1f} MB in {out} "
          f"({removed / 1e6:.1f} MB of unused fonts and copies of styles left out)", flush=True)
    return out
