"""Content checks a machine can make: reading level, sources, coverage of the brief, no marketing,
inclusive wording. Each check names the file (and line) to fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import textstat
import yaml

from widgets.authoring.learner_text import bank_prose, notebook_prose, prose_from_markdown
from widgets.authoring.render import cited_keys
from widgets.content.banks import load_banks
from widgets.content.course import load_course, load_references

ROOT = Path(__file__).resolve().parents[2]
MAX_GRADE = 8.0
COURSE = load_course()
MODULES = {m.id: m for m in COURSE.modules}
BANKS = load_banks(COURSE)

MARKETING = [r"Begin Again", r"All Points North", r"\bAPN\b", r"0207 193 1128", r"0203 984 7699",
             r"Partner (Intensive|Support) Program", r"intensive program", r"admissions? (team|process|specialist)",
             r"contact us today", r"Ryan, Dave"]
# Wording we never use in our own voice. Quoted phrases ("…") are allowed: that is how we name a myth to reject.
EXCLUDING = [r"\babusers?\b", r"\bbatterers?\b", r"\bhe or she\b", r"\bhis or her\b", r"\bhe/she\b", r"\bcrazy\b",
             r"\bhysterical\b", r"\bvictim mentality\b", r"\bcodependents?\b", r"\bweak-willed\b",
             r"why (didn't|don't|doesn't|do|does) (she|he|they|you|people|victims) (just )?(leave|stay)",
             r"\bshould have known\b"]
QUOTED = re.compile(r"\"[^\"\n]*\"|“[^”\n]*”|'[^'\n]{3,}'")


def grade(text: str) -> float:
    return textstat.flesch_kincaid_grade(text)


def learner_files() -> list[Path]:
    files = [*ROOT.glob("course/**/*.md"), *ROOT.glob("course/**/*.yml"), *ROOT.glob("modules/*.ipynb")]
    return sorted(f for f in files if "references" not in f.parts and f.name != "AUTHORING.md")


def test_the_reading_level_measure_can_fail() -> None:
    hard = ("Notwithstanding considerable methodological heterogeneity, contemporaneous investigations "
            "substantiate intermittent reinforcement's disproportionate consolidation of attachment.")
    assert grade(prose_from_markdown(hard)) > MAX_GRADE
    assert grade(prose_from_markdown("We read. It is short. You can stop.")) < MAX_GRADE


@pytest.mark.parametrize("module_id", sorted(MODULES))
def test_module_text_reads_at_grade_8_or_below(module_id: str) -> None:
    path = MODULES[module_id].path("notebook")
    measured = grade(notebook_prose(path))
    assert measured <= MAX_GRADE, f"{path.relative_to(ROOT)}: reading grade {measured:.1f} (aim 8 or below)"


@pytest.mark.parametrize("module_id", sorted(MODULES))
def test_quiz_text_reads_at_grade_8_or_below(module_id: str) -> None:
    measured = grade(bank_prose(BANKS[module_id]))
    assert measured <= MAX_GRADE, f"{BANKS[module_id].path}: reading grade {measured:.1f} (aim 8 or below)"


@pytest.mark.parametrize("path", sorted((ROOT / "course/activities").glob("*.yml")), ids=lambda p: p.name)
def test_activities_read_at_grade_8_or_below(path: Path) -> None:
    from widgets.authoring.learner_text import activity_prose
    from widgets.content.activities import load_activity

    text = activity_prose(load_activity(path))
    assert grade(text) <= MAX_GRADE, f"{path.relative_to(ROOT)}: reading grade {grade(text):.1f}"


def test_handout_text_reads_at_grade_8_or_below() -> None:
    from widgets.authoring.learner_text import handout_prose
    from widgets.kit.paper import load_plan, paper_activity

    plan = load_plan(COURSE)
    text = handout_prose(plan, [paper_activity(plan, m) for m in COURSE.modules])
    assert grade(text) <= MAX_GRADE, f"course/handouts.yml and its worksheets: reading grade {grade(text):.1f}"


@pytest.mark.parametrize("module_id", sorted(MODULES))
def test_every_module_cites_sources_that_exist(module_id: str) -> None:
    text = MODULES[module_id].path("source").read_text(encoding="utf-8")
    keys = cited_keys(text)
    assert keys, f"module {module_id} cites no sources"
    assert set(keys) <= set(load_references()), f"unknown keys: {set(keys) - set(load_references())}"


def test_every_objective_has_a_quiz_item() -> None:
    covered = {item.objective for bank in BANKS.values() for item in bank.items}
    missing = [o.id for m in COURSE.modules for o in m.objectives if o.id not in covered]
    assert missing == []


def test_every_item_has_feedback_on_every_option() -> None:
    for bank in BANKS.values():
        for item in bank.items:
            assert all(o.feedback.strip() for o in item.options + item.steps), item.id
            assert all(p.feedback.strip() for p in item.pairs), item.id


COVERAGE = yaml.safe_load((Path(__file__).parent / "coverage.yml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("module_id", sorted(MODULES))
def test_every_brief_topic_is_taught(module_id: str) -> None:
    assert module_id in COVERAGE, f"add module {module_id}'s topics to tests/content/coverage.yml"
    source = MODULES[module_id].path("source").read_text(encoding="utf-8")
    missing = [topic for topic, patterns in COVERAGE[module_id].items()
               if not any(re.search(p, source, re.IGNORECASE) for p in patterns)]
    assert missing == [], f"{MODULES[module_id].path('source').relative_to(ROOT)} does not teach: {missing}"


def _text(path: Path) -> str:
    """A file's words as a person reads them (a notebook's cells, not its JSON with escaped quotes)."""
    if path.suffix == ".ipynb":
        import nbformat

        return "\n".join(c.source for c in nbformat.read(path, as_version=4).cells)
    return path.read_text(encoding="utf-8")


def _hits(patterns: list[str], strip_quotes: bool) -> list[str]:
    found = []
    for path in learner_files():
        for number, line in enumerate(_text(path).splitlines(), 1):
            text = QUOTED.sub(" ", line) if strip_quotes else line
            found += [f"{path.relative_to(ROOT)}:{number}: {p}" for p in patterns if re.search(p, text, re.I)]
    return found


def test_no_marketing_from_the_source_articles() -> None:
    assert _hits(MARKETING, strip_quotes=False) == []


def test_inclusive_non_blaming_wording() -> None:
    assert _hits(EXCLUDING, strip_quotes=True) == []


def test_the_wording_checks_can_fail(tmp_path: Path) -> None:
    line = "Why didn't they leave? The abuser, he or she, was an APN client."
    assert all(any(re.search(p, line, re.I) for p in group) for group in (MARKETING, EXCLUDING))
    assert not any(re.search(p, QUOTED.sub(" ", 'Never say "abuser" here.'), re.I) for p in EXCLUDING)


def test_glossary_reads_at_grade_8_or_below_and_each_term_is_used_where_it_says() -> None:
    from widgets.content.course import load_glossary

    terms = load_glossary()
    assert grade(prose_from_markdown("\n".join(f"{t.word}: {t.means}" for t in terms))) <= MAX_GRADE
    unused = []
    for term in terms:
        if term.module in MODULES:
            source = MODULES[term.module].path("source").read_text(encoding="utf-8")
            if term.word.lower() not in source.lower():
                unused.append(f"{term.word} (module {term.module})")
    assert unused == [], f"course/glossary.yml: these terms are not used in the module they name: {unused}"


def test_learner_app_pages_read_at_grade_8_or_below() -> None:
    """The app's own pages (home, the bar, the support panel) are held to the same reading level."""
    import re

    import jinja2

    from widgets.app.server import JUPYTER_DIR
    from widgets.app.site import home_entries, support_lines
    from widgets.content.course import UNCONFIRMED_NOTE, load_course, load_resources
    from widgets.learner.store import LearnerStore

    env = jinja2.Environment(loader=jinja2.FileSystemLoader(JUPYTER_DIR / "voila" / "templates" / "course"),
                             autoescape=True)
    course, resources = load_course(), load_resources()
    html = env.get_template("tbc-home.html").render(
        base="/", title=course.title, entries=home_entries(course, {}, LearnerStore(ROOT / "no-such-folder")),
        folder="~/data", problems=[], support=support_lines(resources), support_note=UNCONFIRMED_NOTE)
    html = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", html)
    # Headings, list items, links and labels are read as separate pieces, not one long sentence.
    text = re.sub(r"<[^>]+>", " ", re.sub(r"</(h\d|li|p|a|button|span)>", ". ", html))
    assert "Quick exit" in text and "Modules" in text
    assert grade(text) <= MAX_GRADE, f"learner app home page: reading grade {grade(text):.1f} (aim 8 or below)"


SEEDS = ROOT.parent / "shared" / "seeds"
RUN = 10  # words in a row that may not come from the source articles


def _word_runs(text: str, size: int = RUN) -> set[tuple[str, ...]]:
    words = re.findall(r"[a-z0-9']+", text.lower().replace("’", "'"))
    return {tuple(words[i:i + size]) for i in range(len(words) - size + 1)}


def test_the_copy_check_can_fail() -> None:
    source = "one two three four five six seven eight nine ten eleven"
    assert _word_runs("Start. One two three four five six seven eight nine ten, end.") & _word_runs(source)
    assert not _word_runs("one two three four five six seven eight nine") & _word_runs(source)


@pytest.mark.skipif(not SEEDS.is_dir(), reason="the source articles (../shared/seeds) are not beside this clone")
def test_no_ten_word_run_is_copied_from_the_source_articles() -> None:
    seeds = set().union(*(_word_runs(p.read_text(encoding="utf-8")) for p in SEEDS.glob("*.txt")))
    seeds -= set().union(*(_word_runs(r.full) for r in load_references().values()))  # a cited work's title is fine
    copied = []
    for path in learner_files():
        for number, line in enumerate(_text(path).splitlines(), 1):
            copied += [f"{path.relative_to(ROOT)}:{number}: {' '.join(run)}" for run in _word_runs(line) & seeds]
    assert copied == [], "write these in the course's own words:\n" + "\n".join(copied)
