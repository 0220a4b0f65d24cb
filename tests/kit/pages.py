"""Look inside generated pages: links and text that would reach beyond this machine."""

from __future__ import annotations

import re
from html.parser import HTMLParser

URL = re.compile(r"(?:https?:)?//[^\s\"'<>)]+", re.IGNORECASE)
URL_ATTRIBUTES = {"href", "src", "srcset", "action", "formaction", "poster", "data", "background", "cite",
                  "xlink:href"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Scanner(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[bool] = []  # for each open element: is it (inside) a citation shown as text?
        self.found: list[str] = []
        self.in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if value and name in URL_ATTRIBUTES and re.match(r"\s*(https?:)?//", value, re.I):
                self.found.append(f"<{tag} {name}={value!r}>")
            if value and name == "style" and re.search(r"url\(\s*['\"]?(https?:)?//", value, re.I):
                self.found.append(f"<{tag} style=...{value!r}>")
        if tag == "link":
            self.found.append("<link> element (pages must inline their styles)")
        citation = (self.stack[-1] if self.stack else False) or "source" in (dict(attrs).get("class") or "").split()
        self.in_style = tag == "style"
        if tag not in VOID:
            self.stack.append(citation)

    def handle_endtag(self, tag: str) -> None:
        if tag not in VOID and self.stack:
            self.stack.pop()
        self.in_style = False

    def handle_data(self, data: str) -> None:
        if self.in_style and re.search(r"@import|url\(\s*['\"]?(https?:)?//", data, re.I):
            self.found.append(f"style fetches from the web: {data.strip()[:80]!r}")
            return
        if not (self.stack and self.stack[-1]):
            self.found += [f"text {m.group(0)!r}" for m in URL.finditer(data) if m.group(0).lower().startswith("http")]


def external_urls(html: str) -> list[str]:
    """Every way a page could point beyond this machine, except a citation's address shown as text."""
    scanner = _Scanner()
    scanner.feed(html)
    return scanner.found
