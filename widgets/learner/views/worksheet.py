"""A private worksheet: labelled fields a learner fills in and saves in their course folder (boundaries, plans,
thought records). Saved with `learner_data.save_worksheet`; exported with everything else from module 00."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import ipywidgets as ipw

from ..._errors import StoreError
from ...content.course import load_resources
from ..models.learner_data import Fields, load_worksheet, save_worksheet
from ..store import LearnerStore
from ._fresh import reload_when_opened
from ._place import place_words
from ._saving import SavingNotice
from ._view import CSS, FULL_WIDTH, View, button, esc, html_widget, status_html
from .resources import support_now_html

KINDS = ("text", "long", "list", "choice", "scale")


@dataclass(frozen=True)
class Field:
    """One field: `text` (a line), `long` (a few lines), `list` (several lines), `choice` or `scale` (0–10)."""

    label: str
    kind: str = "text"
    hint: str = ""
    choices: tuple[str, ...] = ()
    rows: int = 3
    # Answers that mean the learner may not be safe: choosing one shows support services at once.
    support_on: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"field {self.label!r}: kind must be one of {', '.join(KINDS)}, got {self.kind!r}")
        if self.kind == "choice" and len(self.choices) < 2:
            raise ValueError(f"field {self.label!r}: a choice needs at least two choices")
        if set(self.support_on) - set(self.choices):
            raise ValueError(f"field {self.label!r}: support_on must name some of its choices, got "
                             f"{list(self.support_on)}")


class _Control:
    """The input widget(s) for one field, reading and writing the value kept in the store."""

    def __init__(self, field: Field):
        self.field = field
        style = {"description_width": "initial"}
        if field.kind == "list":
            self.lines = [ipw.Text(placeholder=field.hint if n == 1 else "", description=f"{n}.", style=style,
                                   layout=FULL_WIDTH) for n in range(1, field.rows + 1)]
            self.add_button = button("Add a line")
            self.add_button.on_click(lambda _: self._add_line())
            self.box = ipw.VBox([*self.lines, self.add_button])
            self.widget = self.box
        elif field.kind == "choice":
            self.widget = ipw.Dropdown(options=[("Choose…", "")] + [(c, c) for c in field.choices], value="",
                                       description=field.label, style=style)
        elif field.kind == "scale":
            self.widget = ipw.IntSlider(value=0, min=0, max=10, description=field.label, style=style,
                                        continuous_update=False, layout=ipw.Layout(width="auto", max_width="40rem"))
        elif field.kind == "long":
            self.widget = ipw.Textarea(placeholder=field.hint, description=field.label, style=style,
                                       layout=ipw.Layout(width="auto", max_width="52rem", height="5em"))
        else:
            self.widget = ipw.Text(placeholder=field.hint, description=field.label, style=style, layout=FULL_WIDTH)

    def _add_line(self) -> None:
        line = ipw.Text(description=f"{len(self.lines) + 1}.", style={"description_width": "initial"},
                        layout=FULL_WIDTH)
        self.lines.append(line)
        self.box.children = (*self.lines, self.add_button)

    @property
    def value(self) -> str | list[str]:
        if self.field.kind == "list":
            return [line.value for line in self.lines if line.value.strip()]
        return str(self.widget.value)

    @value.setter
    def value(self, value: str | list[str]) -> None:
        if self.field.kind == "list":
            items = value if isinstance(value, list) else [value]
            while len(self.lines) < len(items):
                self._add_line()
            for line, text in zip(self.lines, [*items, *[""] * len(self.lines)], strict=False):
                line.value = text
        elif self.field.kind == "scale":
            self.widget.value = int(value) if str(value).isdigit() else 0
        elif self.field.kind == "choice":
            self.widget.value = value if value in self.field.choices else ""
        else:
            self.widget.value = value if isinstance(value, str) else ""


class WorksheetView(View):
    def __init__(self, worksheet_id: str, title: str, fields: list[Field], intro: str, store: LearnerStore):
        self.worksheet_id, self.title, self.store = worksheet_id, title, store
        self.controls = [_Control(f) for f in fields]
        header = html_widget(f'{CSS}<div class="tbc-box"><p class="tbc-prompt">{esc(title)}</p>'
                             f"<p>{esc(intro)}</p><p class='tbc-note'>Optional and private: it is saved only "
                             f"{place_words(store).in_place} when you press Save.</p></div>")
        rows = []
        for control in self.controls:
            parts = [control.widget]
            if control.field.kind == "list":
                parts.insert(0, html_widget(f'<p class="tbc-box"><strong>{esc(control.field.label)}</strong></p>'))
            if control.field.hint and control.field.kind in ("choice", "scale"):
                parts.append(html_widget(f'<p class="tbc-note">{esc(control.field.hint)}</p>'))
            if control.field.support_on:
                parts.append(self._support_when_unsafe(control))
            rows.append(ipw.VBox(parts, layout=FULL_WIDTH))
        self.save_button = button("Save privately", f"Save {title} {place_words(store).in_place}", "primary")
        self.save_button.on_click(lambda _: self.save())
        self.status = html_widget()
        self.notice = SavingNotice(store)
        self.reload()
        reload_when_opened(self.reload)
        self.root = ipw.VBox([header, self.notice.widget, *rows, self.save_button, self.status], layout=FULL_WIDTH)

    @staticmethod
    def _support_when_unsafe(control: _Control) -> ipw.HTML:
        """Support services that appear the moment an answer says the learner may not be safe (before any Save)."""
        support = html_widget()

        def show(_=None) -> None:
            unsafe = control.value in control.field.support_on
            support.value = (f"<p class='tbc-box'><strong>Thank you for noticing this.</strong> Feeling unsafe "
                             "matters, and it is never your fault. You do not have to work anything out alone. "
                             f"Support is here now:</p>{support_now_html(load_resources())}") if unsafe else ""

        control.widget.observe(show, names="value")
        show()
        return support

    def reload(self) -> None:
        """Show the worksheet as it is saved now (empty fields where nothing is saved)."""
        try:
            saved = load_worksheet(self.store, self.worksheet_id)
        except StoreError as exc:
            self.status.value = status_html(esc(str(exc)), "bad")
            return
        for control in self.controls:
            control.value = saved.get(control.field.label, [] if control.field.kind == "list" else "")
        if self.store.problems:
            self.status.value = status_html("".join(f"<p>{esc(p)}</p>" for p in self.store.problems), "info")

    def values(self) -> Fields:
        return {c.field.label: c.value for c in self.controls}

    def save(self) -> bool:
        try:
            save_worksheet(self.store, self.worksheet_id, self.title, self.values())
        except StoreError as exc:
            self.notice.refresh()
            self.status.value = status_html(f"<p>✘ Not saved. {esc(str(exc))}</p>", "bad")
            return False
        self.notice.refresh()
        self.status.value = status_html(f"<p>✔ Saved at {datetime.now():%H:%M}, {esc(self.store.saved_where())}. "
                                        "Module 00 can save a copy of everything or delete it.</p>", "good")
        return True

    def describe(self) -> str:
        return f"Private worksheet: {self.title} ({len(self.controls)} parts)."


def worksheet(worksheet_id: str, title: str, fields: list[Field], intro: str = "",
              store: LearnerStore | None = None) -> WorksheetView:
    """A private worksheet the learner fills in and saves (see Field for the kinds of field)."""
    return WorksheetView(worksheet_id, title, fields, intro, store or LearnerStore())
