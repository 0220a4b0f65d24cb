"""The facilitator kit's commands: `python -m widgets handouts | slides | kit [NN ...] [--out DIR]
[--paper A4|Letter] [--no-pdf]`. Each prints progress per module and ends with one line saying what was made
and where."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from .._errors import ContentError
from .._paths import course_root, relative
from ..content.course import load_course, load_references, load_resources
from ._print import PAPER, PrintError, print_pdfs
from .handouts import HandoutInputs, build_html
from .paper import load_plan


def default_out() -> Path:
    return course_root() / "build"


def load_inputs() -> HandoutInputs:
    course = load_course()
    return HandoutInputs(course, load_plan(course), load_resources(), load_references())


def _pick(course, only: list[str] | None) -> list:
    if only:
        known = {m.id for m in course.modules}
        unknown = [m for m in only if m not in known]
        if unknown:
            raise ValueError(f"no module {', '.join(unknown)} in course.yml (known: {', '.join(sorted(known))})")
    return [m for m in course.modules if not only or m.id in only]


def make_handouts(out: Path, paper: str = "A4", pdf: bool = True, say=print,
                  only: list[str] | None = None) -> list[Path]:
    """Handout HTML (and PDF) for every module (or the modules in `only`) into out/handouts/."""
    inputs = load_inputs()
    folder = out / "handouts"
    modules = _pick(inputs.course, only)
    pages = build_html(folder, inputs, modules, say)
    if not pdf:
        return pages
    names = {folder / f"{m.name}.html": f"Module {m.id} handout" for m in modules}
    pdfs = print_pdfs([(p, p.with_suffix(".pdf")) for p in pages], paper, footer=lambda p: names[p], say=say)
    return pages + pdfs


def make_slides(out: Path, say=print, only: list[str] | None = None) -> list[Path]:
    """A slide deck (HTML) for every module (or the modules in `only`) into out/slides/."""
    from .slides import build_decks

    inputs = load_inputs()
    return build_decks(out / "slides", _pick(inputs.course, only), inputs.course.title, inputs.resources, say)


def make_index(out: Path, say=print) -> list[Path]:
    """The facilitator index (out/facilitator/index.html) and each guide as HTML beside it."""
    from .index import build_index

    inputs = load_inputs()
    return build_index(out, inputs.course, say)


def _summary(written: list[Path], started: float, out: Path) -> str:
    names = {"handouts": "handouts", "slides": "slide decks", "facilitator": "facilitator pages"}
    kinds: dict[str, int] = {}
    for path in written:
        key = f"{names.get(path.parent.name, path.parent.name)} ({path.suffix.lstrip('.').upper()})"
        kinds[key] = kinds.get(key, 0) + 1
    what = ", ".join(f"{n} {k}" for k, n in kinds.items())
    return (f"Made {what} in {time.perf_counter() - started:.1f} s, in {relative(out)}/ "
            f"(start at {relative(out / 'facilitator' / 'index.html')}).")


def main(command: str, argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog=f"python -m widgets {command}")
    parser.add_argument("modules", nargs="*", metavar="NN", help="only these modules (default: all)")
    parser.add_argument("--out", type=Path, default=default_out(), help="output folder (default: build/)")
    parser.add_argument("--paper", choices=PAPER, default="A4", help="paper size of the handout PDFs")
    parser.add_argument("--no-pdf", action="store_true", help="handouts as HTML only (no Chromium needed)")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    written: list[Path] = []
    try:
        if command in ("handouts", "kit"):
            written += make_handouts(args.out, args.paper, pdf=not args.no_pdf, only=args.modules)
        if command in ("slides", "kit"):
            written += make_slides(args.out, only=args.modules)
        written += make_index(args.out)
    except (ContentError, ValueError) as exc:
        print(exc, file=sys.stderr)
        return 1
    except PrintError as exc:
        print(f"{exc}\nThe HTML handouts were made; run with --no-pdf to skip the PDFs.", file=sys.stderr)
        return 1
    print(_summary(written, started, args.out))
    return 0
