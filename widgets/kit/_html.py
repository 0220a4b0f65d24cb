"""Small helpers the facilitator kit's pages share: escaping, inline Markdown, a page shell and base CSS.

Every page is self-contained: system fonts only, no scripts or styles from the web, nothing fetched.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

# Okabe–Ito colours (colour-blind safe). Used for borders and accents; meaning is always also in words.
OKABE_ITO = {"orange": "#E69F00", "sky": "#56B4E9", "green": "#009E73", "yellow": "#F0E442",
             "blue": "#0072B2", "vermillion": "#D55E00", "purple": "#CC79A7", "black": "#000000"}
FONTS = ('system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", "Liberation Sans", Arial, '
         "Helvetica, sans-serif")

BASE_CSS = f"""
:root {{ --ink: #1a1a1a; --muted: #3d3d3d; --line: #6b6b6b; --blue: {OKABE_ITO["blue"]};
  --orange: {OKABE_ITO["orange"]}; --green: {OKABE_ITO["green"]}; --vermillion: {OKABE_ITO["vermillion"]};
  --sky: {OKABE_ITO["sky"]}; --purple: {OKABE_ITO["purple"]}; }}
* {{ box-sizing: border-box; }}
html {{ color: var(--ink); background: #fff; font-family: {FONTS}; line-height: 1.5; }}
body {{ margin: 0; }}
a {{ color: #0b5394; text-decoration: underline; }}
a:focus-visible, button:focus-visible {{ outline: 3px solid var(--ink); outline-offset: 2px; }}
.visually-hidden {{ position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0);
  white-space: nowrap; }}
"""

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ITALIC = re.compile(r"(?<![*\w])\*(?!\s)(.+?)(?<!\s)\*(?![*\w])")
_CODE = re.compile(r"`([^`]+)`")


def esc(text: str) -> str:
    """Escape text for HTML (quotes too, so it is safe in attributes)."""
    return html.escape(text, quote=True)


def inline(text: str) -> str:
    """Escape text, then turn Markdown's **bold**, *italic* and `code` into HTML (nothing else)."""
    out = esc(text)
    out = _CODE.sub(r"<code>\1</code>", out)
    out = _BOLD.sub(r"<strong>\1</strong>", out)
    return _ITALIC.sub(r"<em>\1</em>", out)


def plain(text: str) -> str:
    """Markdown inline text as plain words (for titles and labels)."""
    return _CODE.sub(r"\1", _ITALIC.sub(r"\1", _BOLD.sub(r"\1", text)))


def page(title: str, body: str, css: str, *, script: str = "", body_class: str = "") -> str:
    """A complete, self-contained HTML page. `script` (optional) is inlined at the end of the body."""
    attrs = f' class="{esc(body_class)}"' if body_class else ""
    tail = f"\n<script>\n{script}\n</script>" if script else ""
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="referrer" content="no-referrer">\n'
            f"<title>{esc(title)}</title>\n<style>{BASE_CSS}{css}</style>\n</head>\n"
            f"<body{attrs}>\n{body}{tail}\n</body>\n</html>\n")


def write(path: Path, text: str) -> Path:
    """Write a generated file (folders made as needed) and return its path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def minutes_text(minutes: int) -> str:
    """90 → '1 h 30 min'; 45 → '45 min'."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"
