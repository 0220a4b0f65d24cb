"""Command line: `python -m widgets COMMAND`; run it with no command for the list."""

from __future__ import annotations

import sys

USAGE = """usage: python -m widgets COMMAND
  check            validate course.yml, banks, references, resources, guides and generated files
  build [NN ...]   build and execute the learner notebooks (all, or the modules named)
                   and, when stale, module 02's simulator frames for the browser edition
  schema           write course/schema/*.schema.json from widgets/content/schema.py, and name each YAML
                   file's schema in it (for editors with the YAML language server)
  release          nbgrader: generate the assessments from the banks and the student versions (course/release)
  grade [FOLDER]   nbgrader: take in submissions (exchange or FOLDER), autograde, feedback, grades.csv
  classroom [DIR]  a JupyterHub on 127.0.0.1 for a class (Ctrl+C stops it); data in DIR (build/classroom)
  export           every bank as Moodle GIFT and jupyterquiz JSON (build/question-banks/)
  handouts         printable handouts (HTML and PDF) and the facilitator index, into build/
  slides           facilitator slide decks (HTML) and the facilitator index, into build/
  kit              handouts, slides and index together
                   (options: --out DIR, --paper A4|Letter, --no-pdf; see --help)
  where            print the folder where learner data is kept
  app [--help]     open the course as an app in your browser (Voila, no code on show)
  site [--serve]   build the browser edition into build/site/ (Pyodide, no install); --serve [--lan] serves it"""


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(USAGE)
        return 0 if argv else 2
    command, rest = argv[0], argv[1:]
    if command == "check":
        from .authoring.check import main as check

        return check(rest)
    if command == "build":
        from .authoring.build import main as build

        return build(rest)
    if command == "schema":
        from .authoring.schemas import main as schema

        return schema(rest)
    if command in ("release", "grade"):
        from .grading.cli import main as instructor

        return instructor(command, rest)
    if command == "classroom":
        from .classroom.hub import main as classroom

        return classroom(rest)
    if command == "export":
        from .grading.bank_export import main as export

        return export(rest)
    if command in ("handouts", "slides", "kit"):
        from .kit.cli import main as kit

        return kit(command, rest)
    if command == "where":
        from .learner.store import data_dir

        print(data_dir())
        return 0
    if command == "app":
        from .app import main as app

        return app(rest)
    if command == "site":
        from .site import main as site

        return site(rest)
    print(f"unknown command {command!r}\n{USAGE}", file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
