"""Login from the LMS with LTI 1.3, end to end on 127.0.0.1: a stand-in LMS (tests/classroom/lms.py) signs each
launch with its own RSA key and serves the public key as a JWKS; the hub (jupyterhub-ltiauthenticator) checks it.
A student launched from the LMS lands on the course home under their LMS identity; a teacher gets JupyterLab;
a forged signature and an expired launch are refused with a page in plain words, and nobody is logged in.
"""

from __future__ import annotations

import concurrent.futures
from urllib.parse import quote

import pytest

from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from widgets.classroom.hub import Classroom, free_port
from widgets.content.course import load_course

from .hub_tests import require_proxy
from .lms import INSTRUCTOR_ROLE, FakeLMS, Person

pytestmark = [pytest.mark.classroom, pytest.mark.browser]
PEOPLE = {"lms-user-7": Person("ana.lopez@students.example.edu", "Ana Lopez"),
          "lms-user-8": Person("sam.reed@students.example.edu", "Sam Reed"),
          "lms-user-1": Person("dr.kim@faculty.example.edu", "Dr Kim", INSTRUCTOR_ROLE)}


@pytest.fixture(scope="module")
def lms_and_hub(tmp_path_factory):
    require_proxy()
    port = free_port()
    lms = FakeLMS(f"http://127.0.0.1:{port}", PEOPLE).start()
    try:
        with Classroom(tmp_path_factory.mktemp("lti-hub"), port=port, lti=lms.platform()) as room:
            yield lms, room
    finally:
        lms.stop()


def launch(lms: FakeLMS, login: str, how: str, wait_for: str, heading: bool = True) -> dict:
    """A fresh browser clicks the course link in the LMS; what it ends on."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
        page = browser.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))
        page.goto(lms.launch_url(login, how))
        page.wait_for_url(wait_for, timeout=180_000)
        seen = {"url": page.url, "cookies": [c["name"] for c in page.context.cookies()], "errors": errors}
        if heading:
            page.locator("h1").first.wait_for(timeout=60_000)
            seen |= {"h1": page.locator("h1").first.inner_text(), "text": page.locator("body").inner_text()}
        browser.close()
    return seen


def in_thread(*args) -> dict:
    # Playwright's sync API refuses to run where an asyncio loop is running, so use a thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(launch, *args).result(timeout=600)


def needs_chromium() -> None:
    if not chromium_path():
        pytest.skip("Chromium not found")  # CI requires it: tests/browser/conftest.py fails the run instead


def test_a_student_launched_from_the_lms_lands_on_the_course_home_as_themselves(lms_and_hub) -> None:
    needs_chromium()
    lms, room = lms_and_hub
    ana = PEOPLE["lms-user-7"].email
    home = f"{room.url}/user/{quote(ana, safe='@')}/"
    seen = in_thread(lms, "lms-user-7", "ok", f"{home}")
    assert seen["url"] == home
    assert seen["h1"] == load_course().title and "Quick exit" in seen["text"] and "Get support" in seen["text"]
    assert seen["errors"] == []
    user = room.api("GET", f"/users/{quote(ana, safe='')}")
    assert user["name"] == ana and not user["admin"] and user["servers"][""]["ready"]
    assert PEOPLE["lms-user-8"].email not in {u["name"] for u in room.api("GET", "/users")}  # only who launched


def test_a_teacher_launched_from_the_lms_gets_jupyterlab(lms_and_hub) -> None:
    needs_chromium()
    lms, room = lms_and_hub
    kim = PEOPLE["lms-user-1"].email
    seen = in_thread(lms, "lms-user-1", "ok", f"{room.url}/user/{quote(kim, safe='@')}/lab**", False)
    assert seen["url"].startswith(f"{room.url}/user/{quote(kim, safe='@')}/lab")
    assert room.api("GET", f"/users/{quote(kim, safe='')}")["admin"]


@pytest.mark.parametrize("how", ["wrong-key", "expired"])
def test_a_forged_or_expired_launch_is_refused_with_a_clear_page(lms_and_hub, how) -> None:
    needs_chromium()
    lms, room = lms_and_hub
    seen = in_thread(lms, "lms-user-8", how, "**/hub/lti13/oauth_callback")
    assert seen["h1"] == "We could not sign you in"
    assert "not something you did wrong" in seen["text"] and "open the course link again" in seen["text"]
    detail = {"wrong-key": "Signature verification failed", "expired": "Signature has expired"}[how]
    assert detail in seen["text"]  # for the instructor, under the plain words
    assert "jupyterhub-hub-login" not in seen["cookies"]  # nobody was logged in
    assert PEOPLE["lms-user-8"].email not in {u["name"] for u in room.api("GET", "/users")}
