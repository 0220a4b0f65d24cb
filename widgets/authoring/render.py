"""Turn a module's Markdown source into notebook text: fill the includes and format the citations.

Pure text in, text out, so the build and the staleness check produce exactly the same cells.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..content.banks import Bank, correct_response
from ..content.course import UNCONFIRMED_NOTE, Module, Reference, Region, Resources, Service, Term

CITATION = re.compile(r"\[(@[a-z][a-z0-9_-]*(?:\s*;\s*@[a-z][a-z0-9_-]*)*)\]")
INCLUDE = re.compile(r"^<!-- include: ([a-z_]+) -->$", re.MULTILINE)
PRIVATE_NOTE = ("*Private:* what you write below is saved only in your course folder, and only when you press "
                "**Save privately**. Module 00 says who can open that folder and how to delete it. If someone else "
                "uses or checks this device, think before you write. You can also skip this part, or write about "
                "a made-up person.")
SAFETY_LINE = ("*If this gets heavy:* you can pause, [skip to the key points](#Key-points), "
               "or see [support you can contact](#Take-care). You choose what to read.")


@dataclass(frozen=True)
class UnknownCitation:
    key: str
    line: int


def cited_keys(text: str) -> list[str]:
    """Every citation key in the text, in order of first use."""
    keys: list[str] = []
    for match in CITATION.finditer(text):
        for key in _split(match.group(1)):
            if key not in keys:
                keys.append(key)
    return keys


def unknown_citations(text: str, references: dict[str, Reference]) -> list[UnknownCitation]:
    found = []
    for match in CITATION.finditer(text):
        line = text.count("\n", 0, match.start()) + 1
        found += [UnknownCitation(k, line) for k in _split(match.group(1)) if k not in references]
    return found


def _split(group: str) -> list[str]:
    return [part.strip().lstrip("@") for part in group.split(";")]


def format_citations(text: str, references: dict[str, Reference]) -> str:
    """[@a; @b] → (A, 1990, some evidence; B, 2001, expert view): each source with its evidence grade.

    Unknown keys stay as they are (the check reports them)."""

    def replace(match: re.Match) -> str:
        keys = _split(match.group(1))
        if any(k not in references for k in keys):
            return match.group(0)
        return "(" + no_markup("; ".join(_cited(references[k]) for k in keys)) + ")"

    return CITATION.sub(replace, text)


def _cited(reference: Reference) -> str:
    return f"{reference.short}, {reference.strength_words}" if reference.strength_words else reference.short


def header(module: Module) -> str:
    lines = [f"# Module {module.id}: {module.title}", "",
             f"**Time:** about {module.minutes} minutes ({module.teaching_minutes} reading, "
             f"{module.exercise_minutes} activities). Go at your own pace.", "",
             "**By the end of this module you will be able to:**", ""]
    lines += [f"- {o.text}" for o in module.objectives]
    if module.content_note:
        lines += ["", f"**Content note:** {module.content_note}"]
    lines += ["", SAFETY_LINE]
    return "\n".join(lines)


def key_points(module: Module) -> str:
    return "\n".join(f"- {point}" for point in module.key_points)


def emergency(resources: Resources) -> str:
    """One line per region: who to call in danger now (from course/resources.yml)."""
    return "\n".join(f"- {_emergency_line(region)}" for region in resources.regions)


def _emergency_line(region: Region) -> str:
    if region.emergency[0].isdigit():
        where = f"the {region.name}" if region.name.startswith(("United", "European")) else region.name
        line = f"In {where}, call {region.emergency}."
    else:
        line = f"{region.name}: call {region.emergency[0].lower()}{region.emergency[1:]}."
    return f"{line} {region.emergency_note}" if region.emergency_note else line


def _service_line(region: Region, service: Service) -> str:
    where = f"{region.name} ({service.area})" if service.area and service.area != "UK-wide" else region.name
    return (f"{where}: **{service.name}**: {service.contact()}. {service.serves} "
            f"*{service.verified.words()}*")


def support_now(resources: Resources) -> str:
    """A short box for right after a heavy paragraph: emergency numbers and the general helplines."""
    lines = ["> **If you are in danger now,** call your emergency number: "
             + "; ".join(f"{r.name} {r.emergency}" for r in resources.regions if r.emergency[0].isdigit()) + ".",
             ">", "> **To talk it through in private,** a helpline can listen and help you plan:", ">"]
    lines += [f"> - {_service_line(r, s)}" for r, s in resources.services if s.for_everyone]
    lines += [">", f"> {MORE_SERVICES} {UNCONFIRMED_NOTE}"]
    return "\n".join(lines)


MORE_SERVICES = ("Module 00's support finder lists more services by country, including services for LGBTQ+ "
                 "people, Deaf people and young people.")


def glossary(terms: tuple[Term, ...]) -> str:
    """The glossary as a Markdown list, A to Z."""
    return "\n".join(f"- **{t.word}**: {t.means} *(module {t.module})*" for t in terms)


def take_care(resources: Resources, module_id: str = "") -> str:
    lines = ["> **Take care.** Learning about this can bring up strong feelings. It is OK to stop, take a break, "
             "or talk to someone you trust.", ">",
             "> **If you are in danger now,** call your emergency number: "
             + "; ".join(f"{r.name} {r.emergency}" for r in resources.regions if r.emergency[0].isdigit())
             + ".", ">", "> **Free, private support:**", ">"]
    lines += [f"> - {_service_line(r, s)}" for r, s in resources.services if s.for_everyone]
    more = ("The support finder above shows every service by country, including services for LGBTQ+ people, "
            "Deaf people and young people." if module_id == "00" else MORE_SERVICES)
    lines += [">", f"> {more} {UNCONFIRMED_NOTE} Facilitators can add local services."]
    return "\n".join(lines)


def sources(keys: list[str], references: dict[str, Reference]) -> str:
    if not keys:
        return "This module cites no outside sources."
    lines = []
    for key in sorted(keys, key=lambda k: references[k].full if k in references else k):
        ref = references.get(key)
        if ref is None:
            continue
        extra = f" https://doi.org/{ref.doi}" if ref.doi else (f" {ref.url}" if ref.url else "")
        lines.append(f"- {ref.full}{extra}")
    return "\n".join(lines)


def answer_key(bank: Bank) -> str:
    """A facilitator's answer key for a bank's self-check quiz, one line per practice item (made from the bank, never
    by hand). Graded items stay out: the guide may be shared, and they belong to the graded assessment only."""
    lines = []
    for number, item in enumerate(bank.practice, start=1):
        answer = correct_response(item)
        if item.type in ("single", "true_false"):
            shown = item.options[answer].text
        elif item.type == "multiple":
            shown = "; ".join(item.options[i].text for i in sorted(answer))
        elif item.type == "matching":
            shown = "; ".join(f"{p.left} → {p.right}" for p in item.pairs)
        else:
            shown = " → ".join(s.text for s in item.steps)
        lines.append(no_markup(f"{number}. **{item.prompt}** ({item.type.replace('_', '/')}, objective "
                               f"`{item.objective}`)  "))
        lines.append(no_markup(f"   Answer: {shown}"))
    return "\n".join(lines)


def render_source(text: str, module: Module, references: dict[str, Reference], resources: Resources,
                  bank: Bank | None = None, terms: tuple[Term, ...] = ()) -> str:
    """The module's Markdown with every include filled and every citation formatted."""
    keys = cited_keys(text)
    for item in bank.practice if bank else ():
        keys += [k for k in item.cite if k not in keys]
    parts = {
        "header": lambda: header(module),
        "key_points": lambda: key_points(module),
        "take_care": lambda: take_care(resources, module.id),
        "emergency": lambda: emergency(resources),
        "support_now": lambda: support_now(resources),
        "private_note": lambda: PRIVATE_NOTE,
        "glossary": lambda: glossary(terms),
        "sources": lambda: sources(keys, references),
    }

    def include(match: re.Match) -> str:
        name = match.group(1)
        return no_markup(parts[name]()) if name in parts else match.group(0)

    return format_citations(INCLUDE.sub(include, text), references)


def no_markup(text: str) -> str:
    """Course text filled into Markdown, with any `<` written as `&lt;`, so it can never become an HTML tag in a
    notebook (`widgets check` rejects markup in course files; this holds even if a file was not checked)."""
    return text.replace("<", "&lt;")


def unknown_includes(text: str) -> list[tuple[str, int]]:
    known = {"header", "key_points", "take_care", "sources", "emergency", "glossary", "support_now",
             "private_note"}
    return [(m.group(1), text.count("\n", 0, m.start()) + 1) for m in INCLUDE.finditer(text) if m.group(1) not in known]
