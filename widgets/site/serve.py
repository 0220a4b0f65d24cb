"""Serve the built site: on 127.0.0.1, or with `--lan` on this computer's local network address for a workshop
room (the address is printed, and shown as a QR code). Python's own http.server: the site is static files, and
the server does no work per learner beyond sending them."""

from __future__ import annotations

import functools
import http.server
import socket
import sys
from pathlib import Path

# http.server guesses types from the system's table, which may lack these; a wrong type breaks the page.
TYPES = {".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
         ".json": "application/json", ".whl": "application/zip", ".webmanifest": "application/manifest+json",
         ".ipynb": "application/json", ".bz2": "application/x-bzip2"}


class SiteHandler(http.server.SimpleHTTPRequestHandler):
    """Static files with the right types, and never cached stale: the browser checks before reusing a page."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "no-cache")
        self.send_header("X-Content-Type-Options", "nosniff")
        super().end_headers()

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - http.server's signature
        return None  # a room of learners would fill the terminal


def lan_address() -> str:
    """This computer's address on the local network (the one it would use to reach other machines)."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("10.255.255.255", 1))  # no packet is sent: UDP connect only picks a route
            return probe.getsockname()[0]
        except OSError:
            return "127.0.0.1"


def make_server(folder: Path, host: str, port: int,
                handler: type[SiteHandler] = SiteHandler) -> http.server.ThreadingHTTPServer:
    return http.server.ThreadingHTTPServer((host, port), functools.partial(handler, directory=str(folder)))


def serve(folder: Path, lan: bool = False, port: int = 8870) -> int:
    if not (folder / "index.html").exists():
        print(f"{folder}: no site here yet; run `make site` first", file=sys.stderr)
        return 1
    host = lan_address() if lan else "127.0.0.1"
    server = make_server(folder, "0.0.0.0" if lan else host, port)
    url = f"http://{host}:{server.server_address[1]}/"
    print(f"The course is at {url}")
    if lan:
        print("Anyone on this network can open it: learners type the address above, or scan this code.")
        try:
            import segno

            segno.make(url, error="m").terminal(compact=True)
        except ImportError:
            pass
    else:
        print("Only this computer can open it (add --lan to serve a workshop room).")
    print("Nothing a learner does is sent here: their progress and notes stay in their own browser. "
          "Stop with Ctrl+C.", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return 0
