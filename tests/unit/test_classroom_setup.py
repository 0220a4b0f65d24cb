"""The class hub's rules, without starting a hub: the start queue (first come, first served, never more starts at
once than its slots, and a learner who gives up leaves the line), what each role's server loads, which LMS roles
make an instructor, and the course app's links under the hub's /user/<name>/ prefix."""

from __future__ import annotations

import asyncio
import concurrent.futures
import json
import shutil
from pathlib import Path

import jinja2
import pytest

from widgets._sockets import runtime_dir
from widgets.app.server import JUPYTER_DIR, template_resources
from widgets.app.site import HUB_RENDER_PREFIX, home_entries, neighbours, support_lines
from widgets.classroom.hub import COURSE_APP, lti_roles, server_config
from widgets.classroom.queue import StartQueue, queue_message
from widgets.content.course import UNCONFIRMED_NOTE, load_course, load_resources

ROLES = "https://purl.imsglobal.org/spec/lti/claim/roles"


async def _class_starts(names: list[str], slots: int) -> tuple[list[str], int, dict[str, list[int | None]]]:
    queue, order, busy, peak = StartQueue(), [], [0], [0]
    seen: dict[str, list[int | None]] = {}

    async def learner(name: str) -> None:
        await queue.take_turn(name, slots)
        order.append(name)
        busy[0] += 1
        peak[0] = max(peak[0], busy[0])
        seen[name] = [queue.ahead_of(other) for other in names]
        await asyncio.sleep(0.01)
        busy[0] -= 1
        await queue.done()

    tasks = []
    for name in names:  # arrive one after another
        tasks.append(asyncio.create_task(learner(name)))
        await asyncio.sleep(0)
    await asyncio.gather(*tasks)
    return order, peak[0], seen


def _run(coroutine):
    """asyncio.run on a thread of its own: in a full run, the browser tests' Playwright holds the main thread's loop."""
    with concurrent.futures.ThreadPoolExecutor(1) as pool:
        return pool.submit(asyncio.run, coroutine).result(timeout=60)


def test_the_start_queue_is_first_come_first_served_within_its_slots() -> None:
    names = [f"learner{n:02d}" for n in range(1, 11)]
    order, peak, seen = _run(_class_starts(names, slots=3))
    assert order == names
    assert peak == 3
    # When learner04 starts, learner05..10 are still waiting, in arrival order.
    assert seen["learner04"][4:] == [0, 1, 2, 3, 4, 5]
    assert seen["learner10"] == [None] * 10


def test_a_learner_who_leaves_the_queue_does_not_hold_up_the_others() -> None:
    async def scenario() -> list[str]:
        queue, started = StartQueue(), []

        async def learner(name: str) -> None:
            await queue.take_turn(name, 1)
            started.append(name)

        await queue.take_turn("first", 1)  # holds the only slot
        waiting = [asyncio.create_task(learner(n)) for n in ("gives-up", "patient")]
        await asyncio.sleep(0.01)
        assert queue.ahead_of("patient") == 1
        waiting[0].cancel()
        await asyncio.sleep(0.01)
        assert queue.ahead_of("gives-up") is None and queue.ahead_of("patient") == 0
        await queue.done()
        await asyncio.wait_for(waiting[1], 1)
        return started

    assert _run(scenario()) == ["patient"]


@pytest.mark.parametrize("ahead, words", [(0, "You are next."), (1, "1 person before you."),
                                          (12, "12 people before you.")])
def test_the_queue_says_where_a_learner_is_and_that_the_course_opens_by_itself(ahead, words) -> None:
    message = queue_message(ahead)
    assert words in message and "keep this page open" in message and "opens by itself" in message


def test_learners_load_the_course_app_and_only_what_they_need_instructors_keep_the_formgrader() -> None:
    learner = server_config(instructor=False)["ServerApp"]
    on = {name for name, enabled in learner["jpserver_extensions"].items() if enabled}
    off = {name for name, enabled in learner["jpserver_extensions"].items() if not enabled}
    assert COURSE_APP in on and "nbgrader.server_extensions.assignment_list" in on
    assert {"voila.server_extension", "nbgrader.server_extensions.formgrader", "jupyter_server_terminals"} <= off
    assert learner["contents_manager_class"] == "widgets.app.server.CourseContents"
    assert server_config(instructor=False)["KernelManager"]["transport"] == "ipc"  # no port for two kernels to take
    teacher = server_config(instructor=True)["ServerApp"]["jpserver_extensions"]
    assert teacher["nbgrader.server_extensions.formgrader"] and COURSE_APP not in teacher
    before = server_config(instructor=False, setup="lab")["ServerApp"]["jpserver_extensions"]
    assert COURSE_APP not in before  # the set-up `make bench` compares against
    json.dumps(learner)  # written as jupyter_server_config.json


def test_learners_kernels_on_the_hub_look_module_02s_figures_up_as_in_the_app() -> None:
    from widgets.app.hub_extension import learner_kernel_environment

    assert learner_kernel_environment() == {"COURSE_SIMULATOR": "stored"}


@pytest.mark.parametrize("roles, admin", [
    (["http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"], True),
    (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Administrator"], True),
    (["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"], False),
    (["http://purl.imsglobal.org/vocab/lis/v2/membership#Learner#Instructor-ish"], False),
    ([], False),
])
def test_teachers_in_the_lms_course_are_instructors_on_the_hub(roles, admin) -> None:
    assert lti_roles(None, None, {"name": "a", "auth_state": {ROLES: roles}})["admin"] is admin
    assert lti_roles(None, None, {"name": "a", "auth_state": None})["admin"] is False


def test_on_the_hub_every_course_link_is_under_the_learners_prefix_and_the_home_says_where_notes_are() -> None:
    course, resources = load_course(), load_resources()
    for links in neighbours(course, HUB_RENDER_PREFIX).values():
        assert links["self"].path.startswith("voila/render/modules/") and links["self"].path.endswith(".ipynb")
    pages = template_resources(course, resources, prefix=HUB_RENDER_PREFIX)["course"]["pages"]
    assert all(p["next"] is None or p["next"]["path"].startswith(HUB_RENDER_PREFIX) for p in pages.values())
    voila = jinja2.Environment(loader=jinja2.FileSystemLoader(str(JUPYTER_DIR / "voila/templates/course")),
                               autoescape=True)

    def home(on_hub: bool) -> str:
        return voila.get_template("tbc-home.html").render(
            base="/user/ana/", on_hub=on_hub, support=support_lines(resources), support_note=UNCONFIRMED_NOTE,
            title=course.title, entries=home_entries(course, {}, None, HUB_RENDER_PREFIX), folder="~/data",
            problems=[], saving=True, xsrf="")

    hub, laptop = home(True), home(False)
    assert 'href="/user/ana/voila/render/modules/00_welcome_and_safety.ipynb"' in hub
    assert 'href="/user/ana/lab"' in hub and "Assignments" in hub
    assert "your class's server" in hub and "only this computer can" not in hub
    assert "only this computer can" in laptop and 'href="/user/ana/lab"' not in laptop
    assert "one folder on this computer" not in hub and "written to the server" in hub  # what is saved, where


class FakeHub:
    """The hub's REST API as `warm.start_servers` uses it: servers take `polls` looks to be ready, or fail."""

    def __init__(self, users: dict[str, bool], running: tuple[str, ...] = (), failing: tuple[str, ...] = (),
                 polls: int = 2):
        self.users, self.failing, self.polls = users, failing, polls
        self.servers: dict[str, dict] = {name: {"ready": True} for name in running}
        self.looks: dict[str, int] = {}
        self.posted: list[str] = []

    def api(self, method: str, path: str, body: dict | None = None):
        if path == "/users":
            return [{"name": name, "admin": admin} for name, admin in self.users.items()]
        name = path.split("/")[2]
        if method == "POST":
            self.posted.append(name)
            self.servers[name] = {"pending": "spawn", "ready": False}
            return {}
        server = self.servers.get(name, {})
        if server.get("pending"):
            self.looks[name] = self.looks.get(name, 0) + 1
            if self.looks[name] >= self.polls:
                self.servers[name] = {} if name in self.failing else {"ready": True}
        return {"servers": {"": server} if server else {}}


def test_warming_a_class_starts_every_learners_server_says_how_far_it_got_and_names_who_did_not_start(capsys) -> None:
    from widgets.classroom.hub import warm_up
    from widgets.classroom.warm import learners

    hub = FakeHub({"instructor": True, "amy": False, "bo": False, "cy": False, "di": False},
                  running=("bo",), failing=("di",))
    assert learners(hub) == ["amy", "bo", "cy", "di"]  # instructors start their own
    warm_up(hub)
    said = capsys.readouterr().out.splitlines()
    assert sorted(hub.posted) == ["amy", "cy", "di"]  # bo's server was already running: not started twice
    assert said[0] == "[classroom] 1 of 4 learners' servers ready"
    assert "[classroom] 3 of 4 learners' servers ready" in said
    assert any(line.startswith("[classroom] di's server did not start") for line in said)
    assert said[-1].startswith("[classroom] 3 of 4 learners' servers started in ")
    assert "(1 will start at login)" in said[-1] and said[-1].endswith("they open the course right after login")


def test_kernel_sockets_go_in_a_short_folder_of_this_account_only(tmp_path) -> None:
    email = "maria.fernandez-rodriguez.second-account@students.example.edu"  # an LMS user name
    folder = Path(runtime_dir(email, base=str(tmp_path)))
    assert folder.parent.stat().st_mode & 0o777 == 0o700 and email not in str(folder)
    kernel = "kernel-00000000-0000-0000-0000-000000000000-ipc-65535"  # a kernel's socket: connection file's name
    socket = f"/tmp{str(folder).removeprefix(str(tmp_path))}/{kernel}"  # in the hub's folder, base /tmp
    assert len(socket.encode()) <= 103, socket  # what a Unix socket's path may hold (macOS; Linux 107)
    assert runtime_dir("student1", base=str(tmp_path)) != str(folder)
    shutil.rmtree(folder.parent)
    (tmp_path / "elsewhere").mkdir()
    folder.parent.symlink_to(tmp_path / "elsewhere")  # another account's trap: sockets would go where it chose
    with pytest.raises(RuntimeError, match="belongs to another account"):
        runtime_dir(email, base=str(tmp_path))
