"""What every widget view shares: a short text description for non-widget front ends, and the course CSS."""

from __future__ import annotations

import base64
import html

import ipywidgets as ipw

# Okabe–Ito colours for borders only; text stays near-black for contrast, and every status also has a word.
GOOD, BAD, INFO = "#009E73", "#D55E00", "#0072B2"
CSS = f"""<style>
.tbc-box {{ font-size: 1rem; line-height: 1.5; color: #1a1a1a; max-width: 52rem; }}
.tbc-prompt {{ font-weight: 600; margin: 0.6em 0 0.2em; }}
.tbc-feedback p {{ margin: 0.25em 0; }}
.tbc-good {{ border-left: 0.35em solid {GOOD}; padding-left: 0.6em; }}
.tbc-bad {{ border-left: 0.35em dashed {BAD}; padding-left: 0.6em; }}
.tbc-info {{ border-left: 0.35em dotted {INFO}; padding-left: 0.6em; }}
.tbc-note {{ color: #333; font-size: 0.95rem; }}
.tbc-box a {{ color: #0b5394; text-decoration: underline; }}
.widget-radio-box label, .widget-checkbox label, .widget-label {{ white-space: normal; height: auto; }}
.widget-radio-box label {{ line-height: 1.4; margin-bottom: 0.3em; }}
.widget-toggle-button.mod-active {{ background: {INFO}; color: #fff; font-weight: 700;
  box-shadow: inset 0 0 0 2px #1a1a1a; }}
</style>"""
# "auto" stretches to the container without overflowing it ("100%" plus a widget's margins does overflow).
FULL_WIDTH = ipw.Layout(width="auto", max_width="52rem")


def button(label: str, tooltip: str = "", style: str = "") -> ipw.Button:
    """A button as wide as its label, so no label is cut short (and no icon font to fetch)."""
    return ipw.Button(description=label, tooltip=tooltip or label, button_style=style,
                      layout=ipw.Layout(width="auto", min_width="9rem", align_self="flex-start"))


def esc(text: str) -> str:
    """Escape text (learner notes above all) before it goes into HTML."""
    return html.escape(text, quote=True)


def status_html(text: str, kind: str) -> str:
    """A status message that screen readers announce, marked by a word and a border, not colour alone."""
    return f'<div class="tbc-box tbc-{kind}" role="status" aria-live="polite">{text}</div>'


def download_link(file_name: str, mime: str, text: str, label: str) -> str:
    """A link that saves `text` as `file_name` from the page itself (a data: URI: no server, no network)."""
    data = base64.b64encode(text.encode("utf-8")).decode("ascii")
    return f'<a download="{esc(file_name)}" href="data:{mime};charset=utf-8;base64,{data}">{esc(label)}</a>'


def html_widget(value: str = "") -> ipw.HTML:
    return ipw.HTML(value=value, layout=FULL_WIDTH)


class View:
    """A widget view: displays its root widget, and a plain-text summary where widgets cannot be shown."""

    root: ipw.Widget

    def describe(self) -> str:  # pragma: no cover - every view overrides it
        raise NotImplementedError

    def _repr_mimebundle_(self, **kwargs):
        bundle = self.root._repr_mimebundle_(**kwargs)
        bundle["text/plain"] = f"{self.describe()} (To use it, run the notebook: Run > Run All Cells.)"
        return bundle
