"""`python -m widgets site`: build the browser edition into build/site/; `--serve` serves it (see serve.py)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .._errors import ContentError
from .._paths import course_root


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m widgets site",
                                     description="Build the course as a static site that runs in the browser "
                                                 "(Pyodide), or serve the built site.")
    parser.add_argument("--out", type=Path, default=None, help="where the site goes (default build/site)")
    parser.add_argument("--serve", action="store_true", help="serve the built site instead of building it")
    parser.add_argument("--lan", action="store_true",
                        help="with --serve: serve on the local network (a workshop room), not only this computer")
    parser.add_argument("--if-changed", action="store_true",
                        help="build only when the course, notebooks or package changed since the last build")
    parser.add_argument("--port", type=int, default=8870, help="with --serve: the port (default 8870)")
    parser.add_argument("--pyodide-dist", type=Path, default=None, metavar="DIR",
                        help="build from this full Pyodide distribution (the folder with pyodide-lock.json and "
                             "numpy, matplotlib and Pillow), so module 02's simulator computes live")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse(argv)
    out = (args.out or course_root() / "build" / "site").resolve()  # voici builds from another folder
    if args.serve:
        from .serve import serve

        return serve(out, lan=args.lan, port=args.port)
    from .build import build, is_current

    if args.if_changed and args.pyodide_dist is None and is_current(out):
        print(f"[site] {out} is up to date")
        return 0
    try:
        build(out, course_root() / "build" / "site-cache",
              args.pyodide_dist.resolve() if args.pyodide_dist else None)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        return 1
    return 0
