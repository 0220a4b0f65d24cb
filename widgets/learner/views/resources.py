"""Module 00's support finder: choose a country or region and see its services and emergency number."""

from __future__ import annotations

import ipywidgets as ipw

from ...content.course import AUDIENCES, UNCONFIRMED_NOTE, Region, Resources, Service, load_resources
from ._view import CSS, FULL_WIDTH, View, esc, html_widget


def service_html(service: Service) -> str:
    """One service: name, how to reach it, hours, who it is for, and how far its details were checked."""
    parts = [f"<strong>{esc(service.name)}</strong>" + (f" ({esc(service.area)})" if service.area else "")]
    call = service.phone and f"Call {service.phone}" + (f" (TTY {service.tty})" if service.tty else "")
    parts += [esc(x) for x in (call, service.text, service.web and f"Web: {service.web}", service.hours) if x]
    parts.append(f"<span class='tbc-note'>For: {esc(service.serves)} <em>{esc(service.verified.words())}</em>"
                 "</span>")
    return "<li>" + "<br>".join(parts) + "</li>"


def region_html(region: Region) -> str:
    """A region's emergency number, then its general services, then services for particular groups."""
    emergency = esc(region.emergency) + (f". {esc(region.emergency_note)}" if region.emergency_note else "")
    general = [s for s in region.services if s.for_everyone]
    groups = [s for s in region.services if not s.for_everyone]
    html = (f'<div class="tbc-box tbc-info"><p><strong>In danger now?</strong> Call {emergency}.</p>'
            f"<ul>{''.join(service_html(s) for s in general)}</ul>")
    if groups:
        names = sorted({AUDIENCES[a] for s in groups for a in s.audiences if a in AUDIENCES}, key=str.lower)
        html += (f"<p><strong>Services for {esc(', '.join(names))}:</strong></p>"
                 f"<ul>{''.join(service_html(s) for s in groups)}</ul>")
    if not all(s.verified.confirmed for s in region.services):
        html += f"<p class='tbc-note'>{esc(UNCONFIRMED_NOTE)}</p>"
    return html + "</div>"


def support_now_html(resources: Resources) -> str:
    """Emergency numbers and the general helplines of every region: what to show at once when someone is afraid."""
    emergency = "; ".join(f"{r.name} {r.emergency}" for r in resources.regions if r.emergency[0].isdigit())
    services = "".join(service_html(s) for _, s in resources.services if s.for_everyone)
    return (f'<div class="tbc-box tbc-info" role="status"><p><strong>If you are in danger now,</strong> call your '
            f"emergency number: {esc(emergency)}.</p><p>A helpline can listen and help you plan, in private:</p>"
            f"<ul>{services}</ul><p class='tbc-note'>Module 00's support finder lists more services, including "
            "services for LGBTQ+ people, Deaf people and young people.</p></div>")


class SupportFinderView(View):
    def __init__(self, resources: Resources):
        self.resources = resources
        options = [(r.name, r.id) for r in resources.regions]
        self.region = ipw.Dropdown(options=options, value=options[0][1], description="Where are you?",
                                   style={"description_width": "initial"})
        self.services = html_widget()
        self.region.observe(lambda _: self.show(), names="value")
        self.show()
        self.root = ipw.VBox([html_widget(CSS), self.region, self.services], layout=FULL_WIDTH)

    def show(self) -> None:
        region = next(r for r in self.resources.regions if r.id == self.region.value)
        self.services.value = region_html(region)

    def describe(self) -> str:
        return "Support finder: " + "; ".join(f"{r.name}: emergency {r.emergency}" for r in self.resources.regions)


def support_finder() -> SupportFinderView:
    """Support services by country or region, from course/resources.yml."""
    return SupportFinderView(load_resources())
