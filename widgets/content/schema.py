"""The shape of every YAML file in course/, declared once (pydantic v2 models).

From these models come three things:
- validation when the course is read: `files.Reader.read` turns each pydantic error into `file:line: message`
  (the line comes from `_yaml.LineDict` / `LineList`), in the words `message=` gives a field here;
- the JSON Schemas in course/schema/*.schema.json (`python -m widgets schema` writes them), which editors with
  the YAML language server use to complete fields and flag mistakes as you type (each YAML file names its
  schema in a `# yaml-language-server: $schema=...` line);
- the field descriptions an author sees on hover, which are also the documentation of each file.

Rules that need more than one entry or more than one file (unique ids, a quiz item's objective in course.yml,
citation keys, a scenario's paths) stay as code in the loaders and in `widgets check`.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Discriminator,
    Field,
    PrivateAttr,
    RootModel,
    StringConstraints,
    Tag,
    WithJsonSchema,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ._yaml import LineDict

SCHEMA_URL = "https://trauma-bond-course.invalid/schema/"  # an id only: nothing is ever fetched from it

# ---- the building blocks ----------------------------------------------------------------------------------------

MARKUP = re.compile(r"<[A-Za-z/!?]")
"""The start of an HTML tag, comment or declaration: `<b>`, `</p>`, `<!--`, `<?xml`. (`< 5` is not one.)"""


def _plain_text(value: str) -> str:
    """Course text is plain text: every page escapes it, so markup would show as code, or, on a page that forgot
    to, run as script. `widgets check` says so at the field's line."""
    if MARKUP.search(value):
        tag = MARKUP.search(value).group(0)
        raise PydanticCustomError("markup", f"HTML markup ({tag}…) is not allowed in plain text; write the words "
                                            "only (use Markdown in course/notebooks/ for emphasis or links)")
    return value


Text = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1), AfterValidator(_plain_text)]
"""Non-empty plain text, with no HTML markup (a number written without quotes is read as text)."""


def info(description: str, **extra: Any) -> Any:
    return Field(description=description, **extra)


def shaped(pattern: str, message: str, description: str, **extra: Any) -> Any:
    """A text field that must match `pattern`; `message` is what `widgets check` and the editor both say."""
    return Field(pattern=pattern, description=description,
                 json_schema_extra={"patternErrorMessage": message, "x-message": message}, **extra)


def one_of(message: str, description: str, **extra: Any) -> Any:
    """A field with fixed choices (a Literal); `message` ({value!r} is the value given) replaces pydantic's."""
    return Field(description=description, json_schema_extra={"x-message": message}, **extra)


TWO_DIGITS = r"^\d\d$"
SHORT_ID = r"^[a-z][a-z0-9_-]*$"
ACTIVITY_ID = r"^[a-z0-9_]+$"
REFERENCE_KEY = r"^[a-z][a-z0-9_-]*$"
# Digits with single spaces or hyphens between groups: "0808 2000 247", "1-800-799-7233", "988".
PHONE = r"^\+?\d+(?:[ -]\d+)*$"
CiteKey = Annotated[str, StringConstraints(pattern=REFERENCE_KEY)]
Cite = Annotated[
    tuple[CiteKey, ...],
    BeforeValidator(lambda value: (value,) if isinstance(value, str) else value),
    WithJsonSchema({"anyOf": [{"type": "string", "pattern": REFERENCE_KEY},
                              {"type": "array", "items": {"type": "string", "pattern": REFERENCE_KEY}}],
                    "description": "Reference keys (course/references/): one, or a list."}),
]
"""Reference keys: `cite: dutton1993` or `cite: [dutton1993, walker1979]`, read as a tuple."""


class Entry(BaseModel):
    """A mapping in a course file. It remembers the lines it was read from, for messages about it."""

    model_config = ConfigDict(extra="forbid", coerce_numbers_to_str=True, str_strip_whitespace=True,
                              populate_by_name=True, frozen=True)
    kind: ClassVar[str] = ""  # how messages name an entry of this model: "item", "card", "region"...
    label_field: ClassVar[str | None] = "id"  # the field that names one entry ("item 01-q1"), else its number
    alone: ClassVar[bool] = False  # a broken entry of this model is left out alone, not with the entry it is in
    _line: int = PrivateAttr(default=0)
    _key_lines: dict = PrivateAttr(default_factory=dict)
    _value_lines: dict = PrivateAttr(default_factory=dict)

    @model_validator(mode="wrap")
    @classmethod
    def _remember_lines(cls, data: Any, handler: Any) -> Any:
        entry = handler(data)
        if isinstance(data, LineDict):
            entry._line, entry._key_lines = data.line, dict(data.key_lines)
            entry._value_lines = {k: v.line for k, v in data.items() if getattr(v, "line", 0)}
        return entry

    @property
    def line(self) -> int:
        return self._line

    def line_of(self, key: str) -> int:
        """The line of `key`, or of the mapping itself when the key was not written."""
        return self._key_lines.get(key, self._line)

    def line_of_value(self, key: str) -> int:
        """The first line of the list or mapping under `key` (where its first entry is)."""
        return self._value_lines.get(key, self.line_of(key))


class File(Entry):
    """The top mapping of a course file: `schema` names its JSON Schema file, `kind` starts its messages."""

    schema_name: ClassVar[str] = ""


def rule(message: str) -> PydanticCustomError:
    """A rule about one entry as a whole, said in the course's words."""
    return PydanticCustomError("rule", message)


# ---- course.yml ---------------------------------------------------------------------------------------------


class Minutes(Entry):
    teaching: int = Field(ge=0, description="Minutes of teaching.",
                          json_schema_extra={"x-message": "'teaching' must be a whole number of minutes, "
                                                          "got {value!r}"})
    exercises: int = Field(ge=0, description="Minutes of exercises and activities.",
                           json_schema_extra={"x-message": "'exercises' must be a whole number of minutes, "
                                                           "got {value!r}"})


class Objective(Entry):
    kind = "objective"
    id: str = shaped(r"^\d\d-[a-z0-9-]+$", "objective id must look like 'NN-short-name', got {value!r}",
                     "The module's two digits, a hyphen and a short name: 01-define.")
    text: Text = info("What a learner can do after the module, starting with a verb.")


class ModuleEntry(Entry):
    kind = "module"
    id: str = shaped(TWO_DIGITS, 'id must be two digits in quotes, like "01"',
                     'Two digits in quotes ("01"); the teaching order. Files are found from "<id>_<slug>".')
    slug: str = shaped(r"^[a-z0-9]+(_[a-z0-9]+)*$", "slug must be lower_case_words, got {value!r}",
                       "lower_case_words: the rest of the module's file names.")
    title: Text = info("The module's title, as learners see it.")
    minutes: Minutes = Field(description="Teaching and exercise minutes; the facilitator guide's timing table "
                                         "adds up to them.")
    objectives: tuple[Objective, ...] = Field(min_length=1, description="What a learner can do afterwards; every "
                                                                       "objective needs a quiz item.")
    key_points: list[Text] = Field(description="The points a learner should keep, shown at the end of the module.")
    content_note: Text | None = info("Optional: what the module talks about that may be hard to read.",
                                     default=None)


class CourseFile(File):
    """course/course.yml: the modules in teaching order, their objectives, key points and minutes."""

    kind = "course"
    schema_name = "course"
    title: Text = info("The course's title.")
    modules: list[ModuleEntry] = Field(min_length=1, description="The modules; ids give the order.")


# ---- question banks -------------------------------------------------------------------------------------------


class Option(Entry):
    """A choice a learner can pick (single, multiple, true_false)."""

    kind = "option"
    label_field = None
    text: Text = info("The option, as learners see it.")
    correct: bool = Field(default=False, description="true for a right answer (leave it out for a wrong one).",
                          json_schema_extra={"x-message": "'correct' must be true or false"})
    feedback: Text = info("Shown when a learner picks this option: why it is right, or kindly why not.")


class Pair(Entry):
    """A left/right pair for matching; feedback is shown when the left is matched wrongly."""

    kind = "pair"
    label_field = None
    left: Text = info("The thing to match.")
    right: Text = info("What it matches.")
    feedback: Text = info("Shown when the left is matched wrongly.")


class Step(Entry):
    kind = "step"
    label_field = None
    text: Text = info("One step; list the steps in their right order (learners see them shuffled).")
    feedback: Text = info("Shown when this step is put in the wrong place.")


class TrueFalseFeedback(Entry):
    kind = "feedback"
    label_field = None
    true: Text = info("Shown when a learner answers true.", json_schema_extra={
        "x-missing": "feedback needs a 'true:' line (feedback for every option)"})
    false: Text = info("Shown when a learner answers false.", json_schema_extra={
        "x-missing": "feedback needs a 'false:' line (feedback for every option)"})

    @model_validator(mode="before")
    @classmethod
    def _words_for_keys(cls, data: Any) -> Any:
        """`true:` and `false:` are read by YAML as booleans; name the fields by their words."""
        if isinstance(data, dict):
            words = LineDict({("true" if k is True else "false" if k is False else k): v for k, v in data.items()})
            words.line = getattr(data, "line", 0)
            words.key_lines = {("true" if k is True else "false" if k is False else k): v
                               for k, v in getattr(data, "key_lines", {}).items()}
            return words
        return data


class ItemBase(Entry):
    kind = "item"
    id: str = shaped(r"^\d\d-[a-z0-9-]+$", "item id must look like 'NN-short-name', got {value!r}",
                     "Unique across all banks: the module's two digits, a hyphen and a short name.")
    objective: Text = info("The id of the objective in course.yml this item checks.")
    prompt: Text = info("The question or statement.")
    explanation: Text | None = info("Optional: shown after the feedback, the reason in a sentence or two.",
                                    default=None)
    cite: Cite = info("Optional: reference keys (course/references/) behind the answer.", default=())
    pool: Literal["practice", "graded"] = one_of(
        "pool must be practice or graded, got {value!r}",
        "practice (the default): in the learner's self-check quiz and the facilitator's answer key. graded: only "
        "in the graded assessment (`make release`), never shown to learners; it tests the same objective as a "
        "practice item with a new case or new wording.", default="practice")


def _needs_a_correct_option(maximum: int | None) -> Any:
    """The rule on correct options, for editors: at least one option has `correct: true` (at most `maximum`)."""
    def extra(schema: dict) -> None:
        options = schema["properties"]["options"]
        options["contains"] = {"required": ["correct"], "properties": {"correct": {"const": True}}}
        if maximum:
            options["maxContains"] = maximum

    return extra


class SingleItem(ItemBase):
    """One right option among several."""

    model_config = ConfigDict(json_schema_extra=_needs_a_correct_option(1))
    type: Literal["single"]
    options: tuple[Option, ...] = Field(min_length=2, description="Two or more options; exactly one correct.")


class MultipleItem(ItemBase):
    """One or more right options ("select all that apply")."""

    model_config = ConfigDict(json_schema_extra=_needs_a_correct_option(None))
    type: Literal["multiple"]
    options: tuple[Option, ...] = Field(min_length=2, description="Two or more options; at least one correct.")


class TrueFalseItem(ItemBase):
    """A statement that is true or false, with feedback for each answer."""

    type: Literal["true_false"]
    answer: bool = Field(description="Whether the statement is true.",
                         json_schema_extra={"x-message": "a true_false item needs 'answer: true' or "
                                                         "'answer: false'"})
    feedback: TrueFalseFeedback = Field(description="`true:` and `false:`: what each answer is told.")


class MatchingItem(ItemBase):
    """Match each left to a right."""

    type: Literal["matching"]
    pairs: tuple[Pair, ...] = Field(min_length=2, description="Two or more left/right pairs.")


class OrderingItem(ItemBase):
    """Steps to put in order."""

    type: Literal["ordering"]
    steps: tuple[Step, ...] = Field(min_length=2, description="Two or more steps, in their right order.")


ITEM_TYPES = ("single", "multiple", "true_false", "matching", "ordering")
Item = Annotated[
    Annotated[SingleItem, Tag("single")] | Annotated[MultipleItem, Tag("multiple")]
    | Annotated[TrueFalseItem, Tag("true_false")] | Annotated[MatchingItem, Tag("matching")]
    | Annotated[OrderingItem, Tag("ordering")],
    Discriminator("type"),
]


class BankFile(File):
    """course/banks/NN_slug.yml: a module's quiz items. Every item names the objective it checks."""

    kind = "bank"
    schema_name = "bank"
    module: str = shaped(TWO_DIGITS, 'module must be two digits in quotes, like "01"',
                         'The module, two digits in quotes ("01"); the same as the file name\'s.')
    items: list[Item] = Field(min_length=1, description="The items, in the order learners see them.")


# ---- activities: card sorts, cycles and scenarios -------------------------------------------------------------

ActivityId = Annotated[str, Field(pattern=ACTIVITY_ID, description="The file's name without .yml.")]


class Card(Entry):
    kind = "card"
    label_field = None
    text: Text = info("The statement on the card.")
    answer: Text = info("The category it belongs in (one of `categories`).")
    explanation: Text = info("Why, shown after the learner checks.")
    cite: Cite = info("Optional: reference keys behind the explanation.", default=())


class CardSort(File):
    """course/activities/ID.yml with `cards`: sort each card into one of two to four categories."""

    kind = "card sort"
    schema_name = "card_sort"
    id: ActivityId
    title: Text = info("The card sort's title.")
    instructions: Text = info("What the learner does, in plain words.")
    categories: tuple[Text, ...] = Field(min_length=2, max_length=4, description="Two to four categories.")
    cards: tuple[Card, ...] = Field(min_length=2, description="Two or more cards.")


PHASE_FIELDS = ("id", "name", "description", "person_using_abuse", "person_harmed", "schedule_link")


class Phase(Entry):
    kind = "phase"
    id: str = shaped(SHORT_ID, "id must be short lower-case words, like 'tension'", "Short and unique in the file.")
    name: Text = info("The phase's name.")
    description: Text = info("What this phase is, in plain words.")
    person_using_abuse: Text = info("What the person using abuse may do.")
    person_harmed: Text = info("What the person being harmed may feel.")
    schedule_link: Text = info("How this phase links to the reward-schedule idea.")


class Cycle(File):
    """course/activities/ID.yml with `phases`: a cycle model stepped through phase by phase (module 02)."""

    kind = "cycle"
    schema_name = "cycle"
    id: ActivityId
    title: Text = info("The cycle's title.")
    instructions: Text = info("What the learner does, in plain words.")
    caveat: Text = info("What the model does not say; always on screen.")
    cite: Cite = info("Optional: reference keys behind the model.", default=())
    phases: tuple[Phase, ...] = Field(min_length=2, description="Two or more phases, in the model's order.")

    def __len__(self) -> int:
        return len(self.phases)


class Barrier(Entry):
    kind = "barrier"
    id: str = shaped(SHORT_ID, "id must be short lower-case words, like 'dissonance'", "Short and unique.")
    name: Text = info("The barrier's name.")
    about: Text = info("Why this thought makes sense (compassionate, plain words).")
    helps: Text = info("What might help.")
    cite: Cite = info("Optional: reference keys.", default=())


class Choice(Entry):
    kind = "choice"
    label_field = None
    text: Text = info("The thought, without quote marks.")
    barrier: Text = info("The id of the barrier this thought reflects.")
    feedback: Text = info("Why this thought fits that barrier, in this moment.")
    next: Text = info("The id of the moment this choice leads to, or `end`.")


class Moment(Entry):
    kind = "moment"
    id: str = shaped(SHORT_ID, "id must be short lower-case words, like 'apology'", "Short and unique; not `end`.")
    title: Text = info("The moment's title.")
    text: Text = info("What happens, in two or three short sentences.")
    choices: tuple[Choice, ...] = Field(min_length=2, description="Two or more choices.")


class Scenario(File):
    """course/activities/ID.yml with `moments`: a branching scenario (module 04)."""

    kind = "scenario"
    schema_name = "scenario"
    id: ActivityId
    title: Text = info("The scenario's title.")
    person: Text = info("The made-up person's name, used in the summary.")
    instructions: Text = info("What the learner does, in plain words.")
    question: Text = info("Asked at every moment.")
    ending: Text = info("Shown when a path reaches `end`.")
    closing: Text = info("A kind word on the barriers met, shown under the summary.")
    barriers: tuple[Barrier, ...] = Field(min_length=1, description="Every barrier a choice can reflect.")
    moments: tuple[Moment, ...] = Field(min_length=1, description="The first moment is where every path starts.")

    @property
    def first(self) -> Moment:
        return self.moments[0]

    def moment(self, moment_id: str) -> Moment:
        for moment in self.moments:
            if moment.id == moment_id:
                return moment
        raise KeyError(f"scenario {self.id!r} has no moment {moment_id!r}")

    def barrier(self, barrier_id: str) -> Barrier:
        for barrier in self.barriers:
            if barrier.id == barrier_id:
                return barrier
        raise KeyError(f"scenario {self.id!r} has no barrier {barrier_id!r}")

    @property
    def cite(self) -> tuple[str, ...]:
        """Every reference key the barriers cite, once each, in order."""
        return tuple(dict.fromkeys(key for b in self.barriers for key in b.cite))


# ---- graded assessments ----------------------------------------------------------------------------------------


class Criterion(Entry):
    """One criterion of an analytic rubric, with a one-line descriptor for each level (0 up to its points)."""

    kind = "rubric line"
    label_field = None
    alone = True
    criterion: Text = info("What the criterion looks at, in a few words (a skill the module teaches).")
    levels: dict[int, Text] = Field(
        min_length=2, description="The levels, from 0 up: `0: ...`, `1: ...`, `2: ...`, `3: ...`. Each says in one "
                                  "line what an answer at that level shows; the top level is the criterion's points.",
        json_schema_extra={"x-message": "'levels' must map 0, 1, 2... to a one-line descriptor"})

    @model_validator(mode="after")
    def _levels_from_zero(self) -> Criterion:
        if sorted(self.levels) != list(range(len(self.levels))):
            raise rule(f"levels must be numbered 0, 1, 2... with none missing, got {sorted(self.levels)}")
        return self

    @property
    def points(self) -> int:
        """The criterion's points: its top level."""
        return max(self.levels)

    @property
    def text(self) -> str:
        return self.criterion

    def descriptor(self, level: int) -> str:
        return self.levels[level]


class Task(Entry):
    """A short written answer (a case analysis), graded by hand against its rubric."""

    kind = "task"
    id: Text = info("Unique in the file.")
    objective: Text = info("The id of the objective in course.yml it assesses.")
    points: int = Field(ge=1, description="The rubric's total: the sum of each criterion's top level.")
    prompt: Text = info("The case and the question.")
    rubric: tuple[Criterion, ...] = Field(min_length=1, description="The criteria an instructor grades against, "
                                                                    "each with its levels.")


class AssessmentFile(File):
    """course/assessments/NN_slug.yml: the graded assessment (nbgrader) of a module."""

    kind = "assessment"
    schema_name = "assessment"
    module: str = shaped(TWO_DIGITS, 'module must be two digits in quotes, like "01"', "The module.")
    items: Literal["all"] | list[Text] = Field(default="all", description="`all` of the bank's graded items "
                                                                           "(`pool: graded`), or a list of them.")
    tasks: tuple[Task, ...] = Field(default=(), description="Written tasks graded by hand.")


# ---- references, resources, glossary, handouts -----------------------------------------------------------------

# How strong the evidence is behind the claim the course cites a source for, in the words a learner sees beside
# each citation (definitions in course/AUTHORING.md, "References").
STRENGTHS = {
    "strong": "strong evidence",   # consistent findings from several good studies, or a systematic review of them
    "some": "some evidence",       # a few studies or one trial, or a review of mixed or weak trials
    "early": "early evidence",     # small, mixed or animal studies, case reports, no comparison group
    "expert": "expert view",       # a guideline, theory, book or a service's advice, not itself a test
}


def _strength_required(schema: dict) -> None:
    """Editors ask for `strength`, as `widgets check` does (the loaders accept a reference without it, so the
    rest of the course still builds while a grade is being found)."""
    schema["required"] = [*schema.get("required", []), "strength"]


class ReferenceEntry(Entry):
    kind = "reference"
    model_config = ConfigDict(json_schema_extra=_strength_required)
    short: Text = info("How the citation reads in the text: Dutton & Painter, 1993.")
    full: Text = info("The full reference, APA style.")
    doi: Text | None = info("Optional: the DOI.", default=None)
    url: Text | None = info("Optional: a web address.", default=None)
    note: Text | None = info("Optional: what was checked (see EVIDENCE.md).", default=None)
    strength: Literal["strong", "some", "early", "expert"] | None = one_of(
        "strength must be one of strong, some, early, expert, got {value!r}",
        "How strong the evidence is: strong (several trials or a review), some (a few studies), early (small or "
        "mixed studies), expert (a guideline or expert view). `widgets check` requires it.", default=None)


class ReferencesFile(RootModel[dict[Annotated[str, StringConstraints(pattern=REFERENCE_KEY)], ReferenceEntry]]):
    """course/references/*.yml: sources by key ([@key] in notebooks, `cite:` in banks and activities)."""

    kind: ClassVar[str] = "references"
    schema_name: ClassVar[str] = "references"
    model_config = ConfigDict(json_schema_extra={"additionalProperties": False})


AUDIENCES = {  # tag: the words the support finder uses for it
    "everyone": "anyone",
    "women": "women",
    "men": "men",
    "lgbtq": "LGBTQ+ people",
    "deaf": "Deaf and hard-of-hearing people",
    "young": "young people",
}
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
AUDIENCE = Literal["everyone", "women", "men", "lgbtq", "deaf", "young"]


class Verification(Entry):
    kind = "verified"
    label_field = None
    status: Literal["confirmed", "unconfirmed"] = one_of(
        "verified status must be confirmed or unconfirmed, got {value!r}",
        "confirmed: checked with the service itself on `date`; unconfirmed: from a secondary source.")
    date: str = shaped(r"^20\d\d-(0[1-9]|1[0-2])(-\d\d)?$", "verified 'date' must be a date like 2026-11 or "
                                                            "2026-11-30, got {value!r}", "When: 2026-11 or 2026-11-30.")
    source: Text = info("Where it was checked.")

    @property
    def confirmed(self) -> bool:
        return self.status == "confirmed"

    def words(self) -> str:
        """What a learner is told: a checked date only when the service itself was checked."""
        if self.confirmed:
            year, month = self.date.split("-")[:2]
            return f"Checked {MONTHS[int(month) - 1]} {year}."
        return "Not yet checked by the course."


class Service(Entry):
    kind = "service"
    label_field = "name"
    model_config = ConfigDict(json_schema_extra={"anyOf": [{"required": ["phone"]}, {"required": ["text"]},
                                                           {"required": ["web"]}]})
    name: Text = info("The service's name.")
    serves: Text = info("Who it is for, in plain words.")
    for_: tuple[AUDIENCE, ...] = Field(alias="for", min_length=1, description="Tags the support finder uses.",
                                 json_schema_extra={"x-message": "'for' must list who the service is for, from: "
                                                                 "everyone, women, men, lgbtq, deaf, young"})
    verified: Verification = Field(description="How and when its details were checked: status, date, source.")
    phone: str | None = shaped(PHONE, "'phone' must be digits with single spaces or hyphens between groups, like "
                                      "0808 2000 247, got {value!r}", "A number to call.", default=None)
    tty: str | None = shaped(PHONE, "'tty' must be digits with single spaces or hyphens between groups, like "
                                    "0808 2000 247, got {value!r}", "A textphone number.", default=None)
    text: Text | None = info("How to text it: Text START to 88788.", default=None)
    web: Text | None = info("Its web address (and chat).", default=None)
    hours: Text | None = info("When it is open.", default=None)
    area: Text | None = info("Where it serves, within the region.", default=None)

    @model_validator(mode="after")
    def _reachable(self) -> Service:
        if not (self.phone or self.text or self.web):
            raise rule("give at least one of phone, text or web")
        return self

    @property
    def audiences(self) -> tuple[str, ...]:
        return tuple(self.for_)

    def contact(self) -> str:
        """How to reach the service, in one line: "call 0808 2000 247 (TTY …); Text …; web"."""
        call = self.phone and (f"call {self.phone}" + (f" (TTY {self.tty})" if self.tty else ""))
        return "; ".join(x for x in (call, self.text, self.web) if x)

    @property
    def for_everyone(self) -> bool:
        """A general service (for anyone, or for women or men), as opposed to one for a particular group."""
        return bool({"everyone", "women", "men"} & set(self.for_))


class Region(Entry):
    kind = "region"
    id: Text = info("Short id: us, uk, ie...")
    name: Text = info("The region's name, as learners see it.")
    emergency: Text = info("The emergency number, in quotes: \"911\".")
    emergency_note: Text | None = info("Optional: a word beside the emergency number.", default=None)
    directory: bool = Field(default=False, description="true when the region only points to a directory of "
                                                       "services (no services for particular groups needed).",
                            json_schema_extra={"x-message": "'directory' must be true or false"})
    services: tuple[Service, ...] = Field(default=(), description="Its support services.")


class Resources(File):
    """course/resources.yml: support services by region, one file a facilitator can localise."""

    kind = "resources"
    schema_name = "resources"
    regions: tuple[Region, ...] = Field(min_length=1, description="The regions, in the order learners see them.")

    @property
    def services(self) -> list[tuple[Region, Service]]:
        return [(r, s) for r in self.regions for s in r.services]


class TermEntry(Entry):
    kind = "term"
    module: str = shaped(TWO_DIGITS, 'module must be two digits in quotes, like "01"',
                         "The module that first explains the word.")
    means: Text = info("What it means, in plain language.")


class GlossaryFile(RootModel[dict[str, TermEntry]]):
    """course/glossary.yml: words the course uses, in plain language."""

    kind: ClassVar[str] = "glossary"
    schema_name: ClassVar[str] = "glossary"


HANDOUT_SOURCES = ("activity", "worksheet", "reflection")


class HandoutEntry(Entry):
    kind = "handout"
    label_field = None
    model_config = ConfigDict(json_schema_extra={"oneOf": [{"required": [s]} for s in HANDOUT_SOURCES]})
    activity: Text | None = info("A card sort, cycle or scenario: course/activities/ID.yml.", default=None)
    worksheet: Text | None = info('A worksheet("ID", ...) call in the module\'s notebook source.', default=None)
    reflection: Text | None = info('A reflection("ID", ...) call in the module\'s notebook source.', default=None)
    how: Text = info("How to do the activity on paper.")

    @model_validator(mode="after")
    def _exactly_one(self) -> HandoutEntry:
        if sum(getattr(self, s) is not None for s in HANDOUT_SOURCES) != 1:
            raise rule(f"name exactly one of {', '.join(HANDOUT_SOURCES)}")
        return self


class HandoutsFile(File):
    """course/handouts.yml: the words on every handout, and the one paper activity of each module."""

    kind = "handouts"
    schema_name = "handouts"
    intro: Text = info("The handout's first words.")
    in_danger: Text = info("What to do in danger.")
    keep_safe: Text = info("A word on keeping the page safely.")
    writing: Text = info("Above a writing activity.")
    answers: Text = info("The heading of the answers.")
    circle: Text = info("How to answer a scale.")
    tick: Text = info("How to answer a choice.")
    footer: Text = info("The last words on the page.")
    modules: dict[Annotated[str, StringConstraints(pattern=TWO_DIGITS)], HandoutEntry] = Field(
        description='Each module\'s id in quotes ("01") and its paper activity.')


FILES: tuple[type[BaseModel], ...] = (CourseFile, BankFile, CardSort, Cycle, Scenario, AssessmentFile,
                                 ReferencesFile, Resources, GlossaryFile, HandoutsFile)
"""Every kind of course file, each with its JSON Schema (course/schema/<schema_name>.schema.json)."""


# ---- the JSON Schemas for editors ------------------------------------------------------------------------------

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
_INTERNAL = ("x-message", "x-missing")  # our own words for `widgets check`; editors get patternErrorMessage


def json_schema(model: type[BaseModel]) -> dict:
    """The JSON Schema of one kind of course file, as course/schema/<name>.schema.json holds it."""
    schema = model.model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": JSON_SCHEMA_DIALECT, "$id": f"{SCHEMA_URL}{model.schema_name}.schema.json",
              **_without_internal(schema)}
    schema["description"] = " ".join((model.__doc__ or "").split())
    return schema


def _without_internal(node: Any) -> Any:
    if isinstance(node, dict):
        return {k: _without_internal(v) for k, v in node.items() if k not in _INTERNAL}
    if isinstance(node, list):
        return [_without_internal(v) for v in node]
    return node


def schema_name_for(path: Path, data: Any = None) -> str | None:
    """The schema a course file is written against (`data`, the file as read, tells activities apart)."""
    folder = path.parent.name
    if folder == "activities":
        return activity_schema_name(data)
    by_folder = {"banks": "bank", "assessments": "assessment", "references": "references"}
    if folder in by_folder:
        return by_folder[folder]
    return {"course.yml": "course", "resources.yml": "resources", "glossary.yml": "glossary",
            "handouts.yml": "handouts"}.get(path.name)


def activity_schema_name(data: Any) -> str:
    """An activity file's kind, from its shape: a `moments` list makes a scenario, `phases` a cycle, else a card
    sort."""
    keys = data.keys() if isinstance(data, dict) else ()
    return "scenario" if "moments" in keys else "cycle" if "phases" in keys else "card_sort"
