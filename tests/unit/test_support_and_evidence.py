"""Support services a learner can trust, evidence grades beside citations, support at once for an unsafe answer,
and a mode that saves nothing."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import pytest

from widgets import Field, worksheet
from widgets._errors import ContentError
from widgets.authoring.check import (
    Report,
    _check_reference_strength,
    _check_support_for_every_group,
    unguarded_safety_questions,
)
from widgets.authoring.render import format_citations, support_now, take_care
from widgets.content.course import Reference, load_references, load_resources
from widgets.learner.models.learner_data import load_note, record_attempt, save_note
from widgets.learner.store import LearnerStore
from widgets.learner.store.memory import _MEMORY
from widgets.learner.views.notes import my_data, reflection, saving_choice


def write(root: Path, name: str, text: str) -> Path:
    path = root / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


SERVICE = """\
      - name: {name}
        serves: {serves}
        for: [{tags}]
        phone: "{phone}"
        verified: {{status: {status}, date: 2026-11, source: its own website}}
"""


def resources_file(root: Path, services: str, directory: bool = False) -> Path:
    head = ("regions:\n  - id: xx\n    name: Testland\n    emergency: \"112\"\n"
            + ("    directory: true\n" if directory else "") + "    services:\n")
    return write(root, "course/resources.yml", head + services)


def service(name: str = "Helpline", tags: str = "everyone", phone: str = "0800 123 456",
            status: str = "confirmed", serves: str = "Anyone.") -> str:
    return SERVICE.format(name=name, tags=tags, phone=phone, status=status, serves=serves)


@pytest.fixture
def root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("COURSE_ROOT", str(tmp_path))
    return tmp_path


# -- support services -------------------------------------------------------------------------------------

def test_a_service_without_a_verification_record_is_refused_with_its_line(root: Path) -> None:
    resources_file(root, "      - name: Helpline\n        serves: Anyone.\n        for: [everyone]\n"
                         "        phone: 0800 123 456\n")
    with pytest.raises(ContentError) as caught:
        load_resources()
    assert str(caught.value).startswith("course/resources.yml:6: service Helpline: missing field 'verified'")


@pytest.mark.parametrize("phone", ["0800 CALL NOW", "0800  123", "+44 (0)800 123", "call 0800 123", "0800-"])
def test_a_malformed_phone_number_is_refused(root: Path, phone: str) -> None:
    resources_file(root, service(phone=phone))
    with pytest.raises(ContentError) as caught:
        load_resources()
    assert "course/resources.yml:9: service Helpline: 'phone' must be digits" in str(caught.value)


@pytest.mark.parametrize("phone", ["988", "0808 2000 247", "1-800-799-7233", "+61 1800 737 732"])
def test_real_phone_formats_are_accepted(root: Path, phone: str) -> None:
    resources_file(root, service(phone=phone))
    assert load_resources().regions[0].services[0].phone == phone


def test_a_verification_record_must_say_confirmed_or_unconfirmed_with_a_date(root: Path) -> None:
    resources_file(root, service(status="probably").replace("date: 2026-11", "date: last week"))
    with pytest.raises(ContentError) as caught:
        load_resources()
    assert "verified status must be confirmed or unconfirmed, got 'probably'" in str(caught.value)


def test_the_learner_sees_a_checked_date_only_for_services_checked_with_the_service(root: Path) -> None:
    resources_file(root, service("Checked line") + service("Listed line", status="unconfirmed"))
    box = take_care(load_resources())
    checked_line = next(line for line in box.splitlines() if "Checked line" in line)
    listed_line = next(line for line in box.splitlines() if "Listed line" in line)
    assert "Checked November 2026" in checked_line
    assert "Checked" not in listed_line and "2026" not in listed_line and "Not yet checked" in listed_line


def test_who_a_service_is_for_is_shown_beside_it(root: Path) -> None:
    resources_file(root, service("Women's line", tags="women", serves="Women experiencing abuse."))
    assert "Women experiencing abuse." in support_now(load_resources())


def test_check_asks_each_country_for_lgbtq_deaf_and_young_peoples_services(root: Path) -> None:
    resources_file(root, service() + service("Youth line", tags="young"))
    report = Report()
    _check_support_for_every_group(report, load_resources())
    messages = [p.message for p in report.problems]
    assert messages == ["region xx: needs a service for LGBTQ+ people (for: [lgbtq]), or `directory: true` if it "
                        "only points to a directory",
                        "region xx: needs a service for Deaf and hard-of-hearing people (for: [deaf]), or "
                        "`directory: true` if it only points to a directory"]
    assert all(p.line == 2 for p in report.problems)  # the region's first line


def test_a_directory_region_needs_no_group_services(root: Path) -> None:
    resources_file(root, service(), directory=True)
    report = Report()
    _check_support_for_every_group(report, load_resources())
    assert report.problems == []


def test_the_shipped_services_are_each_verified_and_every_country_serves_every_group() -> None:
    resources = load_resources()
    report = Report()
    _check_support_for_every_group(report, resources)
    assert report.problems == []
    uk = next(r for r in resources.regions if r.id == "uk")
    women_only = next(s for s in uk.services if s.phone == "0808 2000 247")
    assert women_only.audiences == ("women",) and "Men's Advice Line" in women_only.serves
    assert {s.area for s in uk.services} >= {"England", "Scotland", "Wales", "Northern Ireland"}
    assert {r.id for r in resources.regions} >= {"au", "ie"}


# -- evidence grades ---------------------------------------------------------------------------------------

REFS = """\
good2020:
  short: Good, 2020
  full: Good, A. (2020). A trial. Journal, 1, 1-2.
  strength: some
bare2021:
  short: Bare, 2021
  full: Bare, B. (2021). A book. Publisher.
"""


def test_citations_show_the_evidence_grade_in_plain_words(root: Path) -> None:
    write(root, "course/references/a.yml", REFS)
    references = load_references()
    assert format_citations("It lasts [@good2020].", references) == "It lasts (Good, 2020, some evidence)."


def test_check_fails_on_a_reference_without_a_grade_naming_file_and_line(root: Path) -> None:
    write(root, "course/references/a.yml", REFS)
    report = Report()
    _check_reference_strength(report, load_references())
    assert [str(p).split(" (")[0] for p in report.problems] == [
        "course/references/a.yml:5: reference bare2021: missing 'strength'"]


def test_an_unknown_grade_is_refused(root: Path) -> None:
    write(root, "course/references/a.yml", REFS.replace("strength: some", "strength: solid"))
    with pytest.raises(ContentError) as caught:
        load_references()
    assert "course/references/a.yml:4: reference good2020: strength must be one of strong, some, early, expert" \
        in str(caught.value)


def test_every_shipped_reference_has_a_grade() -> None:
    ungraded = [r.key for r in load_references().values() if not isinstance(r, Reference) or r.strength is None]
    assert ungraded == []


# -- support at once for an unsafe answer -------------------------------------------------------------------

def test_choosing_an_unsafe_answer_shows_support_at_once(store: LearnerStore) -> None:
    view = worksheet("t-safe", "Check-in", [
        Field("Safe?", "choice", choices=("Yes", "Sometimes", "No"), support_on=("Sometimes", "No"))], store=store)
    control = view.controls[0]
    support = view.root.children[2].children[-1]  # after the title and the (empty) saving notice
    assert support.value == ""
    control.widget.value = "No"
    assert "If you are in danger now" in support.value and "call your emergency number" in support.value
    assert not store.files(), "support appears before, and without, any save"
    control.widget.value = "Yes"
    assert support.value == ""


def test_support_on_must_name_the_fields_own_choices() -> None:
    with pytest.raises(ValueError, match="support_on must name some of its choices"):
        Field("Safe?", "choice", choices=("Yes", "No"), support_on=("Never",))


def test_check_finds_a_safety_question_that_shows_no_support() -> None:
    source = ('Text\n\n```python\nworksheet("x", "X", [\n    Field("Both willing?", "choice", choices=("a", "b")),\n'
              '    Field("Do you feel safe?", "choice", choices=("Yes", "No")),\n'
              '    Field("Afraid?", kind="choice", choices=("Yes", "No"), support_on=("Yes",)),\n])\n```\n')
    assert unguarded_safety_questions(source) == [(6, "Do you feel safe?")]


# -- a mode that saves nothing ------------------------------------------------------------------------------

def test_save_nothing_writes_no_learner_file_and_forgets_on_a_new_process(store: LearnerStore) -> None:
    store.set_saving(False)
    record_attempt(store, "01", "01-define", True)
    save_note(store, "01-reflect", "Prompt", "private words")
    assert load_note(store, "01-reflect") == "private words"  # the page still shows it while open
    assert [p.name for p in store.files()] == ["settings.json"]
    assert json.loads((store.folder / "settings.json").read_text(encoding="utf-8")) == {"save": False}
    _MEMORY.clear()  # as a new kernel would start
    assert load_note(LearnerStore(store.folder), "01-reflect") == ""


def test_turning_saving_back_on_saves_again_and_delete_all_keeps_the_choice(store: LearnerStore) -> None:
    store.set_saving(False)
    save_note(store, "n", "P", "not kept")
    store.set_saving(True)
    assert load_note(store, "n") == ""
    save_note(store, "n", "P", "kept")
    assert store.file("notes").exists()
    store.set_saving(False)
    store.delete_all()
    assert not store.saving and not store.file("notes").exists()


def test_the_saving_choice_switches_mode_and_says_what_it_means(store: LearnerStore) -> None:
    save_note(store, "n", "P", "saved before")
    view = saving_choice(store)
    assert view.choice.value == view.SAVE
    view.choice.value = view.NOTHING
    assert not store.saving
    assert "Nothing you do from now on is saved" in view.status.value
    assert "Delete everything" in view.status.value  # the earlier note is still there, and the learner is told
    assert "Saving" in view.describe()


def test_every_view_that_keeps_something_says_saving_is_off_and_follows_the_switch(store: LearnerStore) -> None:
    from widgets.learner.views.quiz import quiz
    from widgets.learner.views.summary import my_summary

    views = {"quiz": lambda v: v.saving_notice.widget, "note": lambda v: v.notice.widget,
             "worksheet": lambda v: v.notice.widget, "summary": lambda v: v.notice.widget,
             "my data": lambda v: v.notice.widget}
    made = {"quiz": quiz("01", store=store), "note": reflection("01-reflect", "P", store),
            "worksheet": worksheet("05-x", "X", [Field("A")], store=store), "summary": my_summary(store),
            "my data": my_data(store)}
    switch = saving_choice(store)
    assert all(views[name](view).value == "" for name, view in made.items())
    switch.choice.value = switch.NOTHING  # the switch on this page: every notice on the page follows it
    for name, view in made.items():
        assert "Saving is off." in views[name](view).value, name
        assert views[name](view) in _descendants(view.root), f"the {name} view does not show its notice"
    assert "Saving is off." in reflection("07-reflect", "P", LearnerStore(store.folder)).notice.widget.value
    switch.choice.value = switch.SAVE
    assert all(views[name](view).value == "" for name, view in made.items())


def _descendants(widget) -> list:
    children = getattr(widget, "children", ())
    return [widget, *(d for child in children for d in _descendants(child))]


def test_my_data_export_in_save_nothing_mode_offers_a_download_and_writes_nothing(store: LearnerStore) -> None:
    store.set_saving(False)
    save_note(store, "n", "P", "only in memory")
    text = my_data(store).export()
    assert "only in memory" in text
    assert [p.name for p in store.files()] == ["settings.json"]


# -- the table of cited claims for counselor-education programs --------------------------------------------

def test_each_cited_sentence_becomes_a_claim_with_its_sources() -> None:
    from widgets.authoring.claims import cited_claims

    source = ("# Title\n\n**Bold start.** Partial reward lasts longer in rats [@chan2019]. No citation here.\n\n"
              "- A list item with two sources [@a1; @b2].\n\n```python\nquiz('01')  # [@not_a_claim]\n```\n")
    claims = cited_claims("02", source)
    assert [(c.text, c.keys) for c in claims] == [
        ("Partial reward lasts longer in rats.", ("chan2019",)),
        ("A list item with two sources.", ("a1", "b2"))]


def test_the_claims_table_lists_every_module_and_check_notices_when_it_is_stale(course_copy: Path) -> None:
    from widgets.authoring.build import write_claims
    from widgets.authoring.check import _check_generated
    from widgets.authoring.claims import claims_path
    from widgets.content.course import load_course

    write_claims()
    table = claims_path().read_text(encoding="utf-8")
    assert all(f"## Module {m.id}" in table for m in load_course().modules)
    report = Report()
    _check_generated(report, load_course())
    assert not any("claims" in p.message for p in report.problems)
    source = course_copy / "course/notebooks/01_what_is_a_trauma_bond.md"
    source.write_text(source.read_text(encoding="utf-8") + "\nA new claim [@dutton1981].\n", encoding="utf-8")
    report = Report()
    _check_generated(report, load_course())
    assert any("stale table of cited claims" in p.message for p in report.problems)


# -- firm feedback on answers that blame the person harmed ---------------------------------------------------

def test_check_wants_a_firm_no_for_a_wrong_answer_that_blames(tmp_path: Path) -> None:
    from widgets.authoring.check import _check_firm_feedback
    from widgets.content.banks import Bank, Item, Option

    def bank(feedback: str, kind: str = "single", prompt: str = "Why do people stay?") -> dict[str, Bank]:
        options = (Option(text="Fear and hope.", correct=True, feedback="Yes."),
                   Option(text="They enjoy the harm.", correct=False, feedback=feedback))
        if kind == "true_false":
            options = (Option(text="True", correct=False, feedback=feedback),
                       Option(text="False", correct=True, feedback="Yes."))
        item = Item("01-x", "01", "01-a", kind, prompt, options, line=3)
        return {"01": Bank("01", tmp_path / "b.yml", (item,))}

    report = Report()
    _check_firm_feedback(report, bank("Not quite. No one enjoys harm."))
    assert [p.line for p in report.problems] == [3] and "must start \"No.\"" in report.problems[0].message
    report = Report()
    _check_firm_feedback(report, bank("No. No one enjoys harm."))
    _check_firm_feedback(report, bank("Not quite.", "true_false", "The person harmed is to blame."))
    assert len(report.problems) == 1  # the true/false statement is read from its prompt


def test_check_wants_the_private_note_before_every_place_a_learner_writes() -> None:
    from widgets.authoring.check import unwarned_private_writing

    source = ("Intro.\n\n<!-- include: private_note -->\n\n```python\nreflection('a', 'Q?')\n```\n\n"
              "More text.\n\n```python\nworksheet('b', 'W', [])\n```\n\n```python\nquiz('01')\n```\n")
    assert unwarned_private_writing(source) == [(11, "worksheet")]
