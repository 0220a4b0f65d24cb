"""The learner app's own HTML: course text is escaped on every page, the module pages included (nbconvert draws
those with a Jinja environment that does not escape), and the "Saving is off" notice and the saving choice are on
the pages. Also the notebooks' Markdown: course text filled into it never becomes a tag."""

from __future__ import annotations

import dataclasses

import jinja2
import pytest

from widgets.app.server import JUPYTER_DIR, template_resources
from widgets.app.site import home_entries, support_lines
from widgets.authoring.render import render_source
from widgets.content.course import UNCONFIRMED_NOTE, load_course, load_references, load_resources

TEMPLATES = JUPYTER_DIR / "voila" / "templates" / "course"
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'
MODULE_PAGE = ('{% import "tbc-macros.html.j2" as tbc %}'
               "{{ tbc.top(base, page, course.support, course.support_note) }}{{ tbc.bottom(base, page) }}")


def hostile_course_and_resources():
    """The course with markup in a module title and in a support service (as an unchecked edit could put it)."""
    course, resources = load_course(), load_resources()
    modules = list(course.modules)
    modules[1] = dataclasses.replace(modules[1], title=f"Trauma bonds {EVIL}")
    region = resources.regions[0]
    service = region.services[0].model_copy(update={"name": f"Helpline {EVIL}", "hours": EVIL})
    region = region.model_copy(update={"name": f"Region {EVIL}", "services": (service, *region.services[1:])})
    resources = resources.model_copy(update={"regions": (region, *resources.regions[1:])})
    return dataclasses.replace(course, modules=tuple(modules), title=f"Course {EVIL}"), resources


def assert_escaped(page: str) -> None:
    assert "<script>alert" not in page and "<img" not in page, page[:3000]
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("name", ["00_welcome_and_safety", "02_intermittent_reinforcement_cycle"])
def test_module_pages_escape_course_text_though_nbconvert_does_not(name: str) -> None:
    course, resources = hostile_course_and_resources()
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))  # as nbconvert's: no autoescape
    data = template_resources(course, resources)["course"]
    page = plain.from_string(MODULE_PAGE).render(base="/", page=data["pages"][name], course=data)
    assert_escaped(page)  # 00's next page and 02's previous page are module 01, whose title carries the markup
    assert "Helpline &lt;script&gt;" in page


def home(saving: bool, course=None, resources=None) -> str:
    course, resources = course or load_course(), resources or load_resources()
    voila = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)), autoescape=True)  # as Voilà's
    return voila.get_template("tbc-home.html").render(
        base="/", support=support_lines(resources), support_note=UNCONFIRMED_NOTE, title=course.title,
        entries=home_entries(course, {}, None), folder="~/data", problems=[], saving=saving,
        xsrf='<input type="hidden" name="_xsrf" value="t">')


def test_the_home_page_escapes_course_text() -> None:
    assert_escaped(home(True, *hostile_course_and_resources()))


def test_the_home_page_offers_the_choice_to_save_nothing_and_says_when_it_is_off() -> None:
    on, off = home(True), home(False)
    for page in (on, off):
        assert 'action="/saving"' in page and 'name="_xsrf"' in page and 'value="no"' in page
        assert page.index('id="saving"') < page.index('id="modules"')  # before the first module and its quiz
    assert '<p id="tbc-saving-off" class="tbc-saving-off" hidden>' in on
    assert '<p id="tbc-saving-off" class="tbc-saving-off">' in off and "Saving is off." in off
    assert 'value="no" checked' in off and 'value="yes" checked' in on


def test_a_module_page_asks_the_app_whether_saving_is_off() -> None:
    plain = jinja2.Environment(loader=jinja2.FileSystemLoader(str(TEMPLATES)))
    data = template_resources(load_course(), load_resources())["course"]
    page = plain.from_string(MODULE_PAGE).render(base="/b/", page=data["pages"]["01_what_is_a_trauma_bond"],
                                                 course=data)
    assert 'class="tbc-saving-off" hidden data-ask="/b/saving"' in page


def test_course_text_filled_into_a_notebook_never_becomes_a_tag() -> None:
    course, resources = hostile_course_and_resources()
    module = course.modules[1]
    text = render_source("<!-- include: header -->\n\n<!-- include: take_care -->\n", module, load_references(),
                         resources)
    assert "<script" not in text and "<img" not in text and "&lt;script>" in text


@pytest.mark.parametrize(("host", "allowed"), [
    ("127.0.0.1:8866", True), ("localhost:8866", True), ("LOCALHOST", True), ("127.0.0.1", True),
    ("evil.example:8866", False), ("127.0.0.1.evil.example", False), ("localhost.evil.example:80", False),
    ("[::1]:8866", False), ("192.168.1.20:8866", False), ("", False),
])
def test_only_this_machines_names_are_served(host: str, allowed: bool) -> None:
    from tornado.httputil import HTTPHeaders, HTTPServerRequest

    from widgets.app.server import OtherHost
    from widgets.app.settings import AppSettings

    request = HTTPServerRequest(method="GET", uri="/", headers=HTTPHeaders({"Host": host}))
    request.host = host
    assert (OtherHost(AppSettings().allowed_hosts).match(request) is None) == allowed


def test_a_lan_address_the_app_serves_is_allowed_too() -> None:
    from widgets.app.settings import AppSettings

    assert AppSettings(ip="192.168.1.20").allowed_hosts == {"127.0.0.1", "localhost", "192.168.1.20"}


def test_the_app_asks_module_02_for_stored_figures_unless_told_to_draw_them_live() -> None:
    from widgets.app.cli import parse
    from widgets.app.server import kernel_environment

    settings, _ = parse(["--no-browser"])
    assert settings.stored_frames and kernel_environment(settings) == {"COURSE_SIMULATOR": "stored"}
    settings, _ = parse(["--no-browser", "--live-simulator"])
    assert not settings.stored_frames and kernel_environment(settings) == {"COURSE_SIMULATOR": "live"}
