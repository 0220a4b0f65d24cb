"""Module 00's support finder: choose a country or region and see its services and emergency number."""

from __future__ import annotations

import ipywidgets as ipw

from ...content.course import Region, Resources, load_resources
from ._view import CSS, FULL_WIDTH, View, esc, html_widget


def region_html(region: Region) -> str:
    rows = []
    for s in region.services:
        parts = [f"<strong>{esc(s.name)}</strong>"]
        parts += [esc(x) for x in (s.phone and f"Call {s.phone}", s.text, s.web and f"Web: {s.web}", s.hours) if x]
        if s.about:
            parts.append(f"<span class='tbc-note'>{esc(s.about)}</span>")
        rows.append("<li>" + "<br>".join(parts) + "</li>")
    return (f'<div class="tbc-box tbc-info"><p><strong>In danger now?</strong> Call {esc(region.emergency)}.</p>'
            f"<ul>{''.join(rows)}</ul></div>")


class SupportFinderView(View):
    def __init__(self, resources: Resources):
        self.resources = resources
        options = [(r.name, r.id) for r in resources.regions]
        self.region = ipw.Dropdown(options=options, value=options[0][1], description="Where are you?",
                                   style={"description_width": "initial"})
        self.services = html_widget()
        self.region.observe(lambda _: self.show(), names="value")
        self.show()
        note = html_widget(f'{CSS}<p class="tbc-box tbc-note">Numbers last checked: {esc(resources.checked)}.'
                           "</p>")
        self.root = ipw.VBox([self.region, self.services, note], layout=FULL_WIDTH)

    def show(self) -> None:
        region = next(r for r in self.resources.regions if r.id == self.region.value)
        self.services.value = region_html(region)

    def describe(self) -> str:
        return "Support finder: " + "; ".join(f"{r.name}: emergency {r.emergency}" for r in self.resources.regions)


def support_finder() -> SupportFinderView:
    """Support services by country or region, from course/resources.yml."""
    return SupportFinderView(load_resources())
