"""`python -m widgets check`: validate the whole course and say what is wrong as `file:line: message`."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass, field
from pathlib import Path

from .._errors import ContentError, Problem
from .._paths import course_root, relative
from ..content.activities import load_activity
from ..content.assessments import assessment_path, load_assessments
from ..content.banks import Bank, load_banks
from ..content.course import (
    AUDIENCES,
    STRENGTHS,
    Course,
    Module,
    Reference,
    Resources,
    load_course,
    load_glossary,
    load_references,
    load_resources,
)
from ..content.cycle import DEFAULT_CYCLE, Cycle
from ..content.files import activity_path
from ..content.pools import course_guessability, give_away_options, near_copies
from ..content.scenario import Scenario
from ..grading.cli import stale_sources
from ..grading.leaks import visible_text
from ..kit.guide import timing
from . import schemas, simulator_frames
from .build import CourseFiles, expected_cells, fill_answer_key, notebook_cells
from .claims import claims_markdown, claims_path
from .render import INCLUDE, unknown_citations, unknown_includes

REQUIRED_INCLUDES = ("header", "key_points", "take_care", "sources")
GUIDE_SECTIONS = ("At a glance", "Objectives", "Timing", "Before the session", "Facilitation notes",
                  "Discussion prompts", "Group activity", "Answer key")
QUIZ_CALL = re.compile(r"quiz\(\s*\"(\d\d)\"(?:\s*,\s*items\s*=\s*\[([^\]]*)\])?")
CARD_SORT_CALL = re.compile(r"card_sort\(\s*\"([a-z0-9_]+)\"")
SCENARIO_CALL = re.compile(r"\bscenario\(\s*\"([a-z0-9_]+)\"")
GROUP_AUDIENCES = ("lgbtq", "deaf", "young")
# A wrong answer that blames the person harmed, plays the harm down, or reads a making-up gesture as repair gets
# a kind but firm "No.", never a soft "Not quite." (for true/false, the statement is the prompt).
BLAMING = re.compile(r"\b(to blame|their fault|your fault|share the blame|deserve[sd]?|secretly|enjoys?|"
                     r"overreact\w*|too sensitive|weak|willpower|cancels? out|keep things calm|provoke[sd]?|"
                     r"caused by the person (who is )?harmed|asked for it|(should|could) (just )?leave|"
                     r"repair is (now )?likely|not really abuse|no real (damage|harm))\b", re.IGNORECASE)
CODE_BLOCK = re.compile(r"^```python[^\n]*\n(.*?)^```", re.MULTILINE | re.DOTALL)
SAFETY_WORDS = re.compile(r"\b(safe|safety|unsafe|afraid|fear|scared|danger)\b", re.IGNORECASE)
CYCLE_CALL = re.compile(r"cycle_timeline\(\s*(?:\"([a-z0-9_]+)\")?")


@dataclass
class Report:
    problems: list[Problem] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)  # statistics printed before the summary

    def add(self, path: Path, line: int | None, message: str) -> None:
        self.problems.append(Problem(relative(path), line, message))

    def summary(self) -> str:
        parts = ", ".join(f"{n} {what}" for what, n in self.counts.items())
        if self.problems:
            return f"{len(self.problems)} problem(s) found ({parts} read)."
        return f"Course is valid: {parts}."


def run_checks(check_generated: bool = True) -> Report:
    report = Report()
    try:
        course = load_course()
    except ContentError as exc:
        report.problems += exc.problems
        return report
    report.counts["modules"] = len(course.modules)
    # One broken file is reported once: what could be read is still checked, and nothing is reported again as
    # missing because the file it is in could not be read (`known` is None then: citations are not checked).
    before = len(report.problems)
    references = load_references(problems=report.problems)
    known = references if len(report.problems) == before else None
    resources = _collect(report, load_resources)
    terms = _collect(report, load_glossary) or ()
    report.counts["glossary terms"] = len(terms)
    banks = load_banks(course, problems=report.problems)
    report.counts["practice items"] = sum(len(b.practice) for b in banks.values())
    report.counts["graded items"] = sum(len(b.graded) for b in banks.values())
    report.counts["references"] = len(references)
    if resources:
        report.counts["support services"] = len(resources.services)
        _check_support_for_every_group(report, resources)
    _check_reference_strength(report, references)
    assessments = _collect(report, lambda: load_assessments(course, banks)) or {}
    report.counts["graded assessments"] = len(assessments)
    for module in course.modules:
        if module.id in banks and not assessment_path(module).exists():
            report.add(assessment_path(module), None, "missing: every module with a bank has a graded assessment "
                                                      "(see course/AUTHORING.md)")
    _check_objectives(report, course, banks)
    _check_bank_citations(report, banks, known)
    _check_firm_feedback(report, banks)
    _check_pools(report, banks)
    activities = _check_activities(report, known)
    report.counts["activities"] = activities
    for module in course.modules:
        _check_module_files(report, module, banks, known)
    report.counts["handouts"] = _check_handouts(report, course)
    for path, why in schemas.stale():
        report.add(path, None, f"{why}; run `python -m widgets schema`")
    _check_graded_unseen(report, banks)
    if check_generated and not report.problems:
        _check_generated(report, course)
        for path, why in stale_sources():
            report.add(path, None, f"stale nbgrader source: {why}; run `make notebooks` (never edit it by hand)")
    return report


def _collect(report: Report, load):
    try:
        return load()
    except ContentError as exc:
        report.problems += exc.problems
        return None


def _check_support_for_every_group(report: Report, resources: Resources) -> None:
    """A country's region lists general help and help for LGBTQ+ people, Deaf people and young people."""
    path = course_root() / "course" / "resources.yml"
    for region in resources.regions:
        if region.directory:
            continue
        present = {a for s in region.services for a in s.audiences}
        if not present & {"everyone", "women"} or not present & {"everyone", "men"}:
            report.add(path, region.line, f"region {region.id}: needs a service for everyone (or one for women "
                                          "and one for men)")
        for group in GROUP_AUDIENCES:
            if group not in present:
                report.add(path, region.line, f"region {region.id}: needs a service for {AUDIENCES[group]} "
                                              f"(for: [{group}]), or `directory: true` if it only points to a "
                                              "directory")


def _check_reference_strength(report: Report, references: dict[str, Reference]) -> None:
    for reference in references.values():
        if reference.strength is None and reference.where:
            report.add(reference.where.path, reference.where.line,
                       f"reference {reference.key}: missing 'strength' (how strong its evidence is: "
                       f"{', '.join(STRENGTHS)}; see course/AUTHORING.md)")


def _check_objectives(report: Report, course: Course, banks: dict[str, Bank]) -> None:
    """Every objective has a practice item (the self-check quiz) and a graded item (the graded assessment)."""
    course_file = course_root() / "course" / "course.yml"
    lines = course_file.read_text(encoding="utf-8").splitlines()
    for pool in ("practice", "graded"):
        covered = {item.objective for bank in banks.values() for item in getattr(bank, pool)}
        for module in course.modules:
            if module.id not in banks:
                continue
            for objective in module.objectives:
                if objective.id not in covered:
                    line = next((n for n, text in enumerate(lines, 1) if f"id: {objective.id}" in text), None)
                    report.add(course_file, line, f"objective {objective.id} has no {pool} item in "
                                                  f"{relative(module.path('bank'))} (`pool: {pool}`)")


def _check_pools(report: Report, banks: dict[str, Bank]) -> None:
    """Graded items are no near copies of practice items; no give-away options; the course cannot be guessed
    from the form of its questions (limits in widgets/content/pools.py)."""
    for copy in near_copies(banks.values()):
        bank = banks[copy.graded.module]
        report.add(bank.path, copy.graded.line, f"graded item {copy.graded.id}: its prompt is a near copy "
                                                f"({copy.ratio:.0%} alike) of practice item {copy.practice.id}; "
                                                "test the objective with a new case or new wording")
    for bank in banks.values():
        for item in bank.items:
            for text in give_away_options(item):
                report.add(bank.path, item.line, f"item {item.id}: option {text[:40]!r} tests reading the options, "
                                                 "not the topic; write a plausible wrong answer instead")
    for stats in course_guessability(banks.values()):
        report.notes.append(f"guessability, {stats.summary()}")
        for problem in stats.problems():
            report.add(course_root() / "course" / "banks", None, problem)


def _check_firm_feedback(report: Report, banks: dict[str, Bank]) -> None:
    for bank in banks.values():
        for item in bank.items:
            for option in (o for o in item.options if not o.correct):
                said = f"{item.prompt} {option.text}" if item.type == "true_false" else option.text
                if BLAMING.search(said) and not option.feedback.startswith("No."):
                    report.add(bank.path, item.line, f"item {item.id}: the wrong answer {option.text[:50]!r} blames "
                                                     "or plays down harm: its feedback must start \"No.\" (kind but "
                                                     "firm), not \"Not quite.\"")


def _unknown(keys: tuple[str, ...], references: dict | None) -> list[str]:
    """The citation keys not in course/references/ (none when the references could not all be read: their
    problems are reported, and a key in a broken file is not unknown)."""
    return [] if references is None else [key for key in keys if key not in references]


def _check_bank_citations(report: Report, banks: dict[str, Bank], references: dict | None) -> None:
    for bank in banks.values():
        for item in bank.items:
            for key in _unknown(item.cite, references):
                report.add(bank.path, item.line, f"item {item.id}: unknown citation key {key!r}")


def _check_activities(report: Report, references: dict | None) -> int:
    paths = sorted((course_root() / "course" / "activities").glob("*.yml"))
    for path in paths:
        try:
            activity = load_activity(path)
        except ContentError as exc:
            report.problems += exc.problems
            continue
        if isinstance(activity, Scenario):
            cited = [(b.line_of("cite"), f"scenario {activity.id}", b.cite) for b in activity.barriers]
        elif isinstance(activity, Cycle):
            cited = [(activity.line_of("cite"), f"cycle {activity.id}", activity.cite)]
        else:
            cited = [(card.line_of("cite"), f"card {card.text[:40]!r}", card.cite) for card in activity.cards]
        for line, what, keys in cited:
            for key in _unknown(keys, references):
                report.add(path, line, f"{what}: unknown citation key {key!r}")
    return len(paths)


def _check_module_files(report: Report, module: Module, banks: dict[str, Bank], references: dict | None) -> None:
    for kind in ("source", "bank", "guide"):
        if not module.path(kind).exists():
            report.add(module.path(kind), None, f"module {module.id} needs this file ({kind})")
    source = module.path("source")
    if source.exists():
        text = source.read_text(encoding="utf-8")
        for unknown in unknown_citations(text, references) if references is not None else ():
            report.add(source, unknown.line, f"unknown citation key {unknown.key!r} (not in course/references/)")
        for name, line in unknown_includes(text):
            report.add(source, line, f"unknown include {name!r} (use one of: {', '.join(REQUIRED_INCLUDES)})")
        present = {m.group(1) for m in INCLUDE.finditer(text)}
        for name in REQUIRED_INCLUDES:
            if name not in present:
                report.add(source, None, f"missing <!-- include: {name} --> (every module has it)")
        _check_widget_calls(report, source, text, module, banks)
    guide = module.path("guide")
    if guide.exists():
        _check_guide(report, guide, module)


def _check_widget_calls(report: Report, source: Path, text: str, module: Module, banks: dict[str, Bank]) -> None:
    for match in QUIZ_CALL.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        bank = banks.get(match.group(1))
        if bank is None:
            if not module.path("bank").exists() or module.id != match.group(1):
                report.add(source, line, f"quiz({match.group(1)!r}): no bank for that module")
            continue  # else its bank is broken, and reported where
        known = {item.id: item for item in bank.items}
        for item_id in re.findall(r"\"([^\"]+)\"", match.group(2) or ""):
            if item_id not in known:
                report.add(source, line, f"quiz item {item_id!r} is not in {relative(bank.path)}")
            elif known[item_id].graded:
                report.add(source, line, f"quiz item {item_id!r} is a graded item: learners never see graded "
                                         "items (use a practice item)")
    for pattern, call in ((CARD_SORT_CALL, "card_sort"), (SCENARIO_CALL, "scenario")):
        for match in pattern.finditer(text):
            path = activity_path(match.group(1))
            if not path.exists():
                line = text.count("\n", 0, match.start()) + 1
                report.add(source, line, f"{call}({match.group(1)!r}): no file {relative(path)}")
    for line, call in unwarned_private_writing(text):
        report.add(source, line, f"{call}(...) saves what a learner writes: put <!-- include: private_note --> in the "
                                 "text just before it (where it is kept, who can open it, the shared-device warning)")
    for line, label in unguarded_safety_questions(text):
        report.add(source, line, f"Field({label!r}) asks about safety or fear: give it support_on=(...) with the "
                                 "answers that should show support at once (see course/AUTHORING.md)")
    for match in CYCLE_CALL.finditer(text):
        activity_id = match.group(1) or DEFAULT_CYCLE
        path = activity_path(activity_id)
        if not path.exists():
            line = text.count("\n", 0, match.start()) + 1
            report.add(source, line, f"cycle_timeline({activity_id!r}): no file {relative(path)}")


def unwarned_private_writing(text: str) -> list[tuple[int, str]]:
    """(line, call) of each code block that lets a learner write and save (a reflection or worksheet) with no
    private_note include in the Markdown since the previous code block."""
    found, previous_end = [], 0
    for match in CODE_BLOCK.finditer(text):
        call = re.search(r"\b(reflection|worksheet)\(", match.group(1))
        if call and "<!-- include: private_note -->" not in text[previous_end:match.start()]:
            found.append((text.count("\n", 0, match.start()) + 1, call.group(1)))
        previous_end = match.end()
    return found


def unguarded_safety_questions(text: str) -> list[tuple[int, str]]:
    """(line, label) of each choice Field in a notebook source that asks about safety or fear but shows no
    support for an unsafe answer (no `support_on=`)."""
    found = []
    for match in CODE_BLOCK.finditer(text):
        offset = text.count("\n", 0, match.start(1))
        try:
            tree = ast.parse(match.group(1))
        except SyntaxError:
            continue  # the notebook build reports it
        for node in ast.walk(tree):
            if not (isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Field"):
                continue
            strings = [c.value for c in ast.walk(node) if isinstance(c, ast.Constant) and isinstance(c.value, str)]
            kinds = [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "kind")]
            is_choice = any(isinstance(a, ast.Constant) and a.value == "choice" for a in kinds)
            guarded = any(k.arg == "support_on" for k in node.keywords)
            if is_choice and SAFETY_WORDS.search(" ".join(strings)) and not guarded:
                label = node.args[0].value if node.args and isinstance(node.args[0], ast.Constant) else "?"
                found.append((offset + node.lineno, str(label)))
    return found


def _check_guide(report: Report, guide: Path, module: Module) -> None:
    text = guide.read_text(encoding="utf-8")
    headings = [h.strip() for h in re.findall(r"^##\s+(.+)$", text, re.MULTILINE)]
    for section in GUIDE_SECTIONS:
        if not any(h.lower().startswith(section.lower()) for h in headings):
            report.add(guide, None, f"facilitator guide is missing the section '## {section}'")
    if "<!-- answer-key -->" not in text or "<!-- /answer-key -->" not in text:
        report.add(guide, None, "facilitator guide needs the <!-- answer-key --> and <!-- /answer-key --> lines")
    total = _timing_total(text)
    if total is not None and total != module.minutes:
        report.add(guide, None, f"the Timing table adds up to {total} minutes, but course.yml gives module "
                                f"{module.id} {module.minutes} minutes")


def _timing_total(text: str) -> int | None:
    """Sum of the minutes column of the guide's Timing table (the first column holding whole numbers)."""
    rows = timing(text)
    return sum(row.minutes for row in rows) if rows else None


def _check_handouts(report: Report, course: Course) -> int:
    """course/handouts.yml: every module names one paper activity, and that activity can be read."""
    from ..kit.paper import load_plan, paper_activity

    try:
        plan = load_plan(course)
    except ContentError as exc:
        report.problems += exc.problems
        return 0
    for module in course.modules:
        if module.id in plan.entries:
            try:
                paper_activity(plan, module)
            except ContentError as exc:  # a broken activity file is reported once, by _check_activities
                report.problems += [p for p in exc.problems if p not in report.problems]
    return len(plan.entries)


def learner_facing_files() -> list[Path]:
    """Everything a learner or a workshop group can read: notebooks (sources and built), facilitator guides,
    activities and handout words."""
    course = course_root() / "course"
    return sorted([*(course_root() / "modules").glob("*.ipynb"), *(course / "notebooks").glob("*.md"),
                   *(course / "facilitator").glob("*.md"), *(course / "activities").glob("*.yml"),
                   course / "handouts.yml"])


def _check_graded_unseen(report: Report, banks: dict[str, Bank]) -> None:
    """No graded prompt appears anywhere a learner can read it."""
    graded = [(item, " ".join(item.prompt.split())) for bank in banks.values() for item in bank.graded]
    if not graded:
        return
    for path in learner_facing_files():
        if not path.exists():
            continue
        text = visible_text(path)
        flat = " ".join(text.split())
        for item, prompt in graded:
            if prompt in flat:
                line = next((n for n, row in enumerate(text.splitlines(), 1) if prompt[:40] in row), None)
                report.add(path, line if path.suffix != ".ipynb" else None,
                           f"shows graded item {item.id} to learners; graded items are only in `make release`")


def _check_generated(report: Report, course: Course) -> None:
    files = CourseFiles.load()
    claims = claims_path()
    if not claims.exists() or claims.read_text(encoding="utf-8") != claims_markdown(course, files.references):
        report.add(claims, None, "stale table of cited claims: run `make notebooks` (never edit it by hand)")
    why = simulator_frames.stale()
    if why:
        report.add(simulator_frames.FRAMES_PATH, None, f"stale simulator frames for the browser edition and the app: "
                                                       f"{why}; run `make notebooks` (never edit it by hand)")
    for module in course.modules:
        notebook = module.path("notebook")
        if not notebook.exists():
            report.add(notebook, None, "not built yet: run `make notebooks`")
            continue
        expected, actual = expected_cells(module, files), notebook_cells(notebook)
        if expected != actual:
            pairs = zip(expected, actual, strict=False)
            index = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(expected), len(actual)))
            report.add(notebook, None, f"stale: cell {index + 1} differs from {relative(module.path('source'))}; "
                                       "run `make notebooks` (never edit a generated notebook by hand)")
        guide = module.path("guide")
        if guide.exists() and module.id in files.banks:
            text = guide.read_text(encoding="utf-8")
            if fill_answer_key(text, files.banks[module.id]) != text:
                report.add(guide, None, "stale answer key: run `make notebooks` to regenerate it from the bank")


def main(argv: list[str]) -> int:
    report = run_checks(check_generated="--no-generated" not in argv)
    for note in report.notes:
        print(note)
    for problem in report.problems:
        print(problem)
    print(report.summary())
    return 1 if report.problems else 0
