"""Command line: `python -m widgets check | build [MODULE ...] | where | app`."""

from __future__ import annotations

import sys

USAGE = """usage: python -m widgets COMMAND
  check            validate course.yml, banks, references, resources, guides and generated files
  build [NN ...]   build and execute the learner notebooks (all, or the modules named)
  where            print the folder where learner data is kept
  app [--help]     open the course as an app in your browser (Voila, no code on show)"""


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "check":
        from .check import main as check

        return check(rest)
    if command == "build":
        from .build import main as build

        return build(rest)
    if command == "where":
        from .store import data_dir

        print(data_dir())
        return 0
    if command == "app":
        from .app import main as app

        return app(rest)
    print(f"unknown command {command!r}\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
