"""What the browser edition leaves out because no page loads it (measured by logging a module page's and the
home page's requests in Chromium; README, "Browser edition", Size): packages installed by name but never
imported ship as empty wheels, fonts' older formats go where a .woff2 is there, and the theme styles voici copies
into every module page become one shared file."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from .wheel import placeholder_wheel


def folder_size(folder: Path) -> int:
    """The bytes of every file under `folder`."""
    return sum(f.stat().st_size for f in folder.rglob("*") if f.is_file())


# Shipped as empty wheels of the same name and version (see wheel.placeholder_wheel): installed, never imported.
HOLLOW = ("widgetsnbextension",)
FONT_FALLBACKS = (".eot", ".ttf", ".svg", ".woff")  # older formats of a font that is also there as .woff2


def shipped_wheels(wheels: list[Path], own: Path) -> list[Path]:
    """The fetched wheels, with each HOLLOW one replaced by its empty stand-in."""
    shipped = []
    for wheel in wheels:
        name, version = wheel.name.split("-")[:2]
        shipped.append(placeholder_wheel(own, name, version) if name in HOLLOW else wheel)
    return shipped


def prune(out: Path) -> int:
    """Remove what no page of the site loads: the older formats of each font also shipped as .woff2 (every
    browser that runs Pyodide reads .woff2, which the stylesheets list first). Return the bytes removed."""
    removed = 0
    for woff2 in sorted(out.rglob("*.woff2")):
        for suffix in FONT_FALLBACKS:
            older = woff2.with_suffix(suffix)
            if older.is_file():
                removed += older.stat().st_size
                older.unlink()
    return removed


STYLE = re.compile(r'<style type="text/css">(.*?)</style>', re.S)
SHARED_STYLE = 4096  # characters: a smaller inline style is cheaper than a request


def share_styles(pages: Path) -> int:
    """Voici inlines JupyterLab's theme (about 250 KB) into every module page: write each large style that more
    than one page holds to one file beside them, which each page links to (and the browser caches). Return the
    bytes saved."""
    html = {page: page.read_text(encoding="utf-8") for page in sorted(pages.glob("*.html"))}
    counts: dict[str, int] = {}
    for text in html.values():
        for css in {m.group(1) for m in STYLE.finditer(text) if len(m.group(1)) >= SHARED_STYLE}:
            counts[css] = counts.get(css, 0) + 1
    shared = {css: f"style-{hashlib.sha256(css.encode()).hexdigest()[:12]}.css"
              for css, count in counts.items() if count > 1}
    before = sum(len(t.encode()) for t in html.values())
    for css, name in shared.items():
        (pages / name).write_text(css, encoding="utf-8")
    for page, text in html.items():
        page.write_text(STYLE.sub(lambda m: f'<link rel="stylesheet" href="{shared[m.group(1)]}">'
                                  if m.group(1) in shared else m.group(0), text), encoding="utf-8")
    return before - folder_size(pages)
