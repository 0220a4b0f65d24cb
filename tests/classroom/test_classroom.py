"""A class on a local JupyterHub (127.0.0.1): the instructor releases, three students fetch, answer and submit
through their own servers, one student's server is killed and the hub restarts, then the instructor collects,
autogrades and exports, and the grades match what the bank says. Learners' servers serve the course app (the
course home, module pages with Quick exit and support) and instructors keep JupyterLab and the formgrader; one
student logs in with Chromium, lands on the course home, opens module 01 and leaves with Quick exit.
"""

from __future__ import annotations

import concurrent.futures
import csv
import json
import os
import signal
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import nbformat
import pytest

from tests.browser.app_pages import COUNT_WIDGETS, wait_until_interactive
from tests.browser.conftest import CHROMIUM_FLAGS, chromium_path
from tests.grading.submissions import answer_as, expected_auto_score
from widgets.app.server import HASHED_NAME
from widgets.classroom.hub import INSTRUCTOR, Classroom, course_dir, exchange_dir, free_port
from widgets.classroom.warm import learners, start_servers
from widgets.content.course import load_course
from widgets.grading.assignments import NOTEBOOK_NAME
from widgets.grading.cli import GRADES_CSV, load_all
from widgets.grading.config import COURSE_ID

from .hub_tests import require_proxy

pytestmark = pytest.mark.classroom
ANSWERS = {"student1": "all_correct", "student2": "partly_correct", "student3": "empty"}
MODULE = "01"


class UserServer:
    """One user's Jupyter server, reached through the hub's proxy with a token the hub made for them."""

    def __init__(self, room: Classroom, name: str):
        self.room, self.name = room, name
        ready, _ = start_servers(room, [name], say=lambda line: None, timeout=90, poll=0.5)
        assert ready == [name], f"{name}'s server did not start; see {room.state / 'hub.log'}"
        self.token = room.api("POST", f"/users/{name}/tokens", {"note": "classroom test"})["token"]

    def call(self, method: str, path: str, body: object = None) -> object:
        request = urllib.request.Request(f"{self.room.url}/user/{self.name}{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"token {self.token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=60) as response:
            return json.loads(response.read() or b"null")

    def page(self, path: str) -> tuple[int, str, str]:
        """GET a page of this user's server: status, the address it ended at, and its text."""
        request = urllib.request.Request(f"{self.room.url}/user/{self.name}{path}",
                                         headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.status, response.url, response.read().decode("utf-8", "replace")
        except urllib.error.HTTPError as error:
            return error.code, error.url, ""

    def pid(self) -> int:
        return self.room.api("GET", f"/users/{self.name}")["servers"][""]["state"]["pid"]


def instructor_command(room: Classroom, *args: str) -> str:
    """What the instructor types in their terminal on the hub."""
    env = {**os.environ, "COURSE_DIR": str(course_dir(room.state)), "NBGRADER_EXCHANGE": str(exchange_dir(room.state))}
    result = subprocess.run([sys.executable, "-m", "widgets", *args], env=env, capture_output=True, text=True,
                            timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


@pytest.fixture(scope="module")
def room(tmp_path_factory):
    require_proxy()
    with Classroom(tmp_path_factory.mktemp("classroom"), port=free_port()) as classroom:
        yield classroom


@pytest.fixture(scope="module")
def assessment():
    return next(a for a in load_all()[0] if a.module.id == MODULE)


def test_a_class_releases_submits_survives_faults_and_gets_the_right_grades(room, assessment) -> None:
    released = instructor_command(room, "release")
    assert "shared in the exchange" in released
    servers = {name: UserServer(room, name) for name in ANSWERS}
    for name, kind in ANSWERS.items():
        server = servers[name]
        listed = server.call("GET", f"/assignments?course_id={COURSE_ID}")["value"]
        assert any(a["assignment_id"] == assessment.name and a["status"] == "released" for a in listed)
        body = {"course_id": COURSE_ID, "assignment_id": assessment.name}
        assert server.call("POST", "/assignments/fetch", body)
        path = f"/api/contents/{assessment.name}/{NOTEBOOK_NAME}"
        notebook = nbformat.from_dict(server.call("GET", path)["content"])
        server.call("PUT", path, {"type": "notebook", "format": "json",
                                  "content": answer_as(notebook, kind, assessment)})
        listed = server.call("POST", "/assignments/submit", body)["value"]
        assert any(a["assignment_id"] == assessment.name and a["status"] == "submitted" for a in listed)

    # Faults: a student's server dies without warning, then the whole hub restarts.
    os.kill(servers["student2"].pid(), signal.SIGKILL)
    room.restart()
    inbound = list((exchange_dir(room.state) / COURSE_ID / "inbound").iterdir())
    assert sorted(p.name.split("+")[0] for p in inbound) == sorted(ANSWERS)

    graded = instructor_command(room, "grade")
    assert f"graded {len(ANSWERS)} of {len(ANSWERS)} submissions" in graded
    with (course_dir(room.state) / GRADES_CSV).open(newline="") as handle:
        rows = {r["student"]: r for r in csv.DictReader(handle) if r["assignment"] == assessment.name}
    assert {name: float(rows[name]["auto_score"]) for name in ANSWERS} == {
        name: expected_auto_score(kind, assessment) for name, kind in ANSWERS.items()}
    for name in ANSWERS:
        assert (course_dir(room.state) / "feedback" / name / assessment.name / "assessment.html").exists()
    assert INSTRUCTOR not in rows

    # The student's feedback comes back through the exchange, into their own folder.
    assert f"feedback for {assessment.name} shared" in graded
    student = UserServer(room, "student1")  # the restart stopped every server
    student.call("POST", "/assignments/fetch_feedback", {"course_id": COURSE_ID, "assignment_id": assessment.name})
    pages = list((room.state / "home" / "student1" / assessment.name / "feedback").rglob("assessment.html"))
    assert len(pages) == 1 and "Right" in pages[0].read_text(encoding="utf-8")


def test_learners_get_the_course_app_and_instructors_keep_jupyterlab_and_the_formgrader(room) -> None:
    student, instructor = UserServer(room, "student2"), UserServer(room, INSTRUCTOR)
    status, url, home = student.page("/")
    assert status == 200 and url == f"{room.url}/user/student2/", url
    assert "Quick exit" in home and "Get support" in home and 'href="/user/student2/voila/render/modules/' in home
    assert "your class&#39;s server" in home or "your class's server" in home  # says where the notes are kept
    assert student.page("/formgrader")[0] == 404  # grading is the instructor's
    assert student.page("/voila/render/modules/no-such-module.ipynb")[0] == 404
    status, url, lab = instructor.page("/")
    assert status == 200 and url.endswith("/user/instructor/lab"), url
    assert instructor.page("/formgrader")[0] == 200


def test_a_student_logs_in_to_the_course_home_opens_a_module_and_leaves_with_quick_exit(room, assessment) -> None:
    if not chromium_path():
        pytest.skip("Chromium not found")  # CI requires it: tests/browser/conftest.py fails the run instead
    module = assessment.module
    home_url = f"{room.url}/user/student3/"

    def visit() -> dict:
        from playwright.sync_api import sync_playwright

        seen: dict = {"errors": [], "outside": [], "saving": [], "logins": 0, "widget_scripts": []}
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.add_init_script(COUNT_WIDGETS)
            page.on("pageerror", lambda exc: seen["errors"].append(str(exc)))
            page.on("request", lambda r: seen["outside"].append(r.url) if r.url.startswith("http")
                    and not r.url.startswith(room.url) else None)
            page.goto(f"{room.url}/hub/login")
            page.get_by_label("Username").fill("student3")
            page.get_by_role("button", name="Sign in").click()
            page.wait_for_url(home_url, timeout=180_000)  # through the start page while the server starts
            # From now on the learner is logged in: a page's own requests must not go round the hub's login again.
            page.on("response", lambda r: seen["saving"].append(r.status) if r.url.endswith("/saving") else None)
            page.on("request", lambda r: seen.update(logins=seen["logins"] + 1) if "/oauth2/authorize" in r.url
                    else None)
            page.on("response", lambda r: seen["widget_scripts"].append(r.headers.get("cache-control", ""))
                    if "/voila/labextensions/" in r.url and HASHED_NAME.search(r.url.split("?")[0]) else None)
            seen["home"] = page.locator("h1").first.inner_text()
            seen["home_links"] = page.get_by_role("link", name="Quick exit").is_visible()
            page.get_by_role("button", name="Get support").click()
            seen["support"] = page.locator("#tbc-support").inner_text()
            page.get_by_role("button", name="Close support").click()
            seen["lab_link"] = page.get_by_role("link", name="open JupyterLab").get_attribute("href")
            Path("tests/artifacts").mkdir(parents=True, exist_ok=True)
            page.screenshot(path="tests/artifacts/classroom-student-home.png")

            page.get_by_role("link", name=f"Module {module.id}: {module.title}").click()
            wait_until_interactive(page, timeout_ms=180_000)
            seen["module_url"] = page.url
            seen["module_title"] = page.title()
            seen["check"] = page.get_by_role("button", name="Check answer").first.is_visible()
            seen["module_home"] = page.get_by_role("link", name="Course home").first.get_attribute("href")
            page.screenshot(path="tests/artifacts/classroom-student-module01.png")
            for _ in range(100):  # the bar asks whether saving is on (tbc.js): wait for the answer
                if seen["saving"]:
                    break
                page.wait_for_timeout(100)
            page.wait_for_timeout(500)  # and for any request that answer leads to
            page.get_by_role("link", name="Quick exit").click()
            page.wait_for_url("**/weather", timeout=30_000)
            seen["exit_url"], seen["exit_text"] = page.url, page.locator("body").inner_text()
            page.go_back()
            page.wait_for_timeout(500)
            seen["back_url"], seen["back_text"] = page.url, page.locator("body").inner_text()
            browser.close()
        return seen

    # Playwright's sync API refuses to run where an asyncio loop is running (nbgrader leaves one), so use a thread.
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        seen = pool.submit(visit).result(timeout=600)
    assert seen["home"] == load_course().title
    assert seen["home_links"] and "Emergency" in seen["support"]
    assert seen["lab_link"] == "/user/student3/lab"  # graded assignments: Nbgrader > Assignments in JupyterLab
    assert seen["module_url"] == f"{home_url}voila/render/modules/{module.name}.ipynb"
    assert module.title in seen["module_title"] and seen["check"]
    assert seen["module_home"] == "/user/student3/"
    assert seen["exit_url"] == f"{home_url}weather" and module.title not in seen["exit_text"]
    # Back does not bring the course back: the course kept one place in history, and before it was the login.
    assert seen["back_url"] == seen["exit_url"] or "/user/student3/" not in seen["back_url"], seen["back_url"]
    assert module.title not in seen["back_text"] and load_course().title not in seen["back_text"]
    assert seen["errors"] == []
    assert seen["outside"] == []
    # The module page's bar asked whether saving is on and was answered, without going round the hub's login.
    assert seen["saving"] == [200] and seen["logins"] == 0, (seen["saving"], seen["logins"])
    # The browser may keep the widget scripts whose names hold a hash of their content: the next page needs none.
    assert seen["widget_scripts"] and all("immutable" in c for c in seen["widget_scripts"]), seen["widget_scripts"]


def test_a_class_warmed_before_it_arrives_opens_the_course_at_login_without_a_second_start(tmp_path) -> None:
    """`make classroom WARM=1`: every learner's server starts before class; at login the hub sends the learner
    straight to the course home from the server already running, with no start page."""
    if not chromium_path():
        pytest.skip("Chromium not found")
    require_proxy()
    with Classroom(tmp_path, port=free_port(), users=(INSTRUCTOR, "learner1", "learner2")) as room:
        ready, failed = start_servers(room, learners(room), say=lambda line: None, timeout=180)
        assert (sorted(ready), failed) == (["learner1", "learner2"], [])
        assert not room.api("GET", f"/users/{INSTRUCTOR}")["servers"]  # instructors start their own
        started = room.api("GET", "/users/learner1")["servers"][""]["started"]

        def visit() -> dict:
            from playwright.sync_api import sync_playwright

            seen: dict = {"pages": []}
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_FLAGS)
                page = browser.new_page()
                page.on("framenavigated", lambda frame: seen["pages"].append(frame.url)
                        if frame == page.main_frame else None)
                page.goto(f"{room.url}/hub/login")
                page.get_by_label("Username").fill("learner1")
                page.get_by_role("button", name="Sign in").click()
                page.wait_for_url(f"{room.url}/user/learner1/", timeout=60_000)
                seen["home"] = page.locator("h1").first.inner_text()
                browser.close()
            return seen

        with concurrent.futures.ThreadPoolExecutor(1) as pool:
            seen = pool.submit(visit).result(timeout=120)
        assert seen["home"] == load_course().title
        assert not [url for url in seen["pages"] if "/spawn-pending/" in url], seen["pages"]
        assert room.api("GET", "/users/learner1")["servers"][""]["started"] == started  # the same server
