"""A classroom on one machine: JupyterHub on 127.0.0.1, a dummy login, one local process per user, the
configurable-http-proxy from npm, and nbgrader's exchange in a shared folder.

`python -m widgets classroom` (make classroom) starts it in the foreground and stops it cleanly on Ctrl+C.
All users run as the same operating-system user (JupyterHub's SimpleLocalProcessSpawner), each with their own
home folder: good for a workshop room or a rehearsal, not a security boundary between students. A class
beyond one machine uses Zero to JupyterHub (classroom/README.md).
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from .._paths import course_root
from .._sockets import runtime_dir

INSTRUCTOR = "instructor"
DEFAULT_STUDENTS = ("student1", "student2", "student3")
ADMIN_SERVICE = "classroom-admin"
ENV = {  # what the launcher tells jupyterhub_config.py
    "dir": "TBC_CLASSROOM_DIR", "port": "TBC_CLASSROOM_PORT", "users": "TBC_CLASSROOM_USERS",
    "token": "TBC_CLASSROOM_TOKEN", "password": "TBC_CLASSROOM_PASSWORD", "setup": "TBC_CLASSROOM_SETUP",
    "lti": "TBC_CLASSROOM_LTI",
}
STUDENT_EXTENSIONS = ("nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment")
INSTRUCTOR_EXTENSIONS = STUDENT_EXTENSIONS + ("nbgrader.server_extensions.formgrader",
                                              "nbgrader.server_extensions.course_list")
# Learners land in the course app (widgets/app/hub_extension.py: course home, Quick exit, support), which loads
# Voilà itself; JupyterLab stays for graded assignments. Nothing else a learner never uses is loaded: no
# language server, no terminals, no Notebook 7, no second copy of Voilà.
COURSE_APP = "widgets.app.hub_extension"
LEARNER_OFF = ("voila.server_extension", "jupyter_lsp", "jupyter_server_terminals", "notebook")
START_SLOTS = 3  # servers starting at once on the local hub (measured with `make bench`: see classroom/README.md)
SETUPS = ("app", "lab")  # learners' set-up: the course app (now) or JupyterLab with plain Voilà (before, for bench)


def proxy_command() -> str:
    path = course_root() / "node_modules" / ".bin" / "configurable-http-proxy"
    if not path.exists():
        raise FileNotFoundError(f"{path} is missing: run `npm ci` in {course_root()} (make classroom does)")
    return str(path)


def exchange_dir(state: Path) -> Path:
    return state / "exchange"


def course_dir(state: Path) -> Path:
    """The instructor's nbgrader course folder."""
    return state / "home" / INSTRUCTOR / "course"


# ---- per-user set-up, before each server starts ------------------------------------------------


def _write_json(path: Path, data: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(data, indent=1) + "\n", encoding="utf-8")


def server_config(instructor: bool, setup: str = "app") -> dict:
    """A user's jupyter_server_config.json: which server extensions their server loads, by role."""
    if instructor or setup == "lab":
        extensions = {name: True for name in (INSTRUCTOR_EXTENSIONS if instructor else STUDENT_EXTENSIONS)}
        return {"ServerApp": {"jpserver_extensions": extensions}}
    extensions = {**{name: True for name in (*STUDENT_EXTENSIONS, COURSE_APP)},
                  **{name: False for name in (*LEARNER_OFF, *INSTRUCTOR_EXTENSIONS[len(STUDENT_EXTENSIONS):])}}
    # Kernels talk over Unix sockets, not TCP ports (widgets/_sockets.py says why).
    # Module pages titled by module (the course app's contents manager; widgets/app/server.py CourseContents).
    return {"ServerApp": {"jpserver_extensions": extensions,
                          "contents_manager_class": "widgets.app.server.CourseContents"},
            "KernelManager": {"transport": "ipc"}}


def prepare_home(home: Path, user: str, state: Path, setup: str = "app", admin: bool = False) -> None:
    """Give a user the course's notebooks (once) and nbgrader settings for their role (instructors: the hub's
    admins, such as a teacher launched from the LMS)."""
    home.mkdir(parents=True, exist_ok=True)
    modules = home / "modules"
    if not modules.exists():
        shutil.copytree(course_root() / "modules", modules)
    instructor = admin or user == INSTRUCTOR
    _write_json(home / ".jupyter" / "jupyter_server_config.json", server_config(instructor, setup))
    _write_json(home / ".jupyter" / "labconfig" / "page_config.json",
                {"disabledExtensions": {"@jupyter/nbgrader": False}})
    lines = ["# Written by widgets/classroom/hub.py when this user's server starts.",
             "from widgets.grading.config import COURSE_ID, configure", "c = get_config()  # noqa: F821"]
    if instructor:
        lines.append(f"configure(c, {str(course_dir(state))!r})")
    else:
        lines += ["c.CourseDirectory.course_id = COURSE_ID", f"c.CourseDirectory.student_id = {user!r}"]
    lines.append(f"c.Exchange.root = {str(exchange_dir(state))!r}")
    (home / ".jupyter" / "nbgrader_config.py").write_text("\n".join(lines) + "\n", encoding="utf-8")


# LTI 1.3 roles that make a launch an instructor's (JupyterLab and the formgrader); everyone else is a learner.
TEACHING_ROLES = ("membership#Instructor", "membership#Administrator", "institution/person#Administrator")
LTI_SETTINGS = ("issuer", "client_id", "authorize_url", "jwks_url")  # what the LMS shows when the tool is added


def lti_roles(authenticator, handler, authentication: dict) -> dict:
    """After an LTI launch: a teacher in the LMS course is an instructor on the hub (admin), anyone else not."""
    roles = (authentication.get("auth_state") or {}).get("https://purl.imsglobal.org/spec/lti/claim/roles", [])
    authentication["admin"] = any(role.endswith(TEACHING_ROLES) for role in roles)
    return authentication


def configure_lti(c, platform: dict[str, str]) -> None:
    """Log in from the LMS with LTI 1.3 (jupyterhub-ltiauthenticator); `platform` holds LTI_SETTINGS."""
    c.JupyterHub.authenticator_class = "ltiauthenticator.lti13.auth.LTI13Authenticator"
    c.LTI13Authenticator.issuer = platform["issuer"]
    c.LTI13Authenticator.client_id = {platform["client_id"]}
    c.LTI13Authenticator.authorize_url = platform["authorize_url"]
    c.LTI13Authenticator.jwks_endpoint = platform["jwks_url"]
    c.LTI13Authenticator.username_key = "email"  # the LMS identity; without an email, its opaque user id
    c.Authenticator.allow_all = True  # the LMS decides who may launch: the people enrolled in its course
    c.Authenticator.post_auth_hook = lti_roles


def configure_hub(c) -> None:
    """JupyterHub settings for the local classroom (read by classroom/jupyterhub_config.py)."""
    state = Path(os.environ[ENV["dir"]])
    port = int(os.environ[ENV["port"]])
    users = os.environ.get(ENV["users"], ",".join((INSTRUCTOR, *DEFAULT_STUDENTS))).split(",")
    c.JupyterHub.bind_url = f"http://127.0.0.1:{port}"
    c.JupyterHub.hub_ip = "127.0.0.1"
    c.JupyterHub.hub_port = free_port()
    c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{free_port()}"
    c.ConfigurableHTTPProxy.command = [proxy_command()]
    c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")
    c.JupyterHub.db_url = f"sqlite:///{state / 'jupyterhub.sqlite'}"
    c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
    lti = os.environ.get(ENV["lti"])
    if lti:
        configure_lti(c, json.loads(lti))
    else:
        c.JupyterHub.authenticator_class = "dummy"
        c.DummyAuthenticator.password = os.environ.get(ENV["password"], "")  # empty: any password works
        c.Authenticator.allowed_users = set(users)
    c.Authenticator.admin_users = {INSTRUCTOR}
    setup = os.environ.get(ENV["setup"], "app")
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
    c.Spawner.default_url = "/lab"  # instructors; a learner's server answers its root with the course home
    if setup == "lab":  # the set-up before #18, kept for `make bench` to compare against
        c.JupyterHub.spawner_class = "simple"
        c.Spawner.http_timeout = 60
        c.Spawner.start_timeout = 90
    else:
        # Starts wait their turn in a queue (widgets/classroom/queue.py) and the start page shows each learner's
        # place; the time allowed covers the wait. Our own pages: the start page and plain-words errors.
        c.JupyterHub.spawner_class = "widgets.classroom.queue.QueuedSpawner"
        c.QueuedSpawner.start_slots = int(os.environ.get("START_SLOTS", START_SLOTS))
        c.Spawner.http_timeout = 120
        c.Spawner.start_timeout = 900
        c.JupyterHub.template_paths = [str(course_root() / "classroom" / "templates")]
        c.Spawner.cmd = [sys.executable, "-m", "widgets.classroom.singleuser"]  # a leaner start (see there)
    # No request leaves this machine: no JupyterLab news or update checks.
    c.Spawner.args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None"]
    if os.getuid() == 0:  # containers and CI often run as root; Jupyter refuses unless told
        c.Spawner.args.append("--allow-root")
    c.Spawner.environment = {"NBGRADER_EXCHANGE": str(exchange_dir(state)), "MPLBACKEND": "Agg",
                             "JUPYTER_RUNTIME_DIR": lambda spawner: runtime_dir(spawner.user.name)}
    c.Spawner.pre_spawn_hook = lambda spawner: prepare_home(Path(spawner.home_dir), spawner.user.name, state, setup,
                                                            spawner.user.admin)
    token = os.environ.get(ENV["token"])
    if token:  # a service the tests and scripts use to start servers and act for users
        c.JupyterHub.services = [{"name": ADMIN_SERVICE, "api_token": token}]
        c.JupyterHub.load_roles = [{"name": "classroom-admin", "services": [ADMIN_SERVICE],
                                    "scopes": ["admin:users", "admin:servers", "access:servers", "tokens",
                                               "read:hub"]}]
    c.JupyterHub.cleanup_servers = True
    c.JupyterHub.cleanup_proxy = True


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing is listening on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# ---- starting and stopping -------------------------------------------------------------------------


@dataclass
class Classroom:
    """A running local hub (a context manager): start, restart and stop it, and call its REST API."""

    state: Path
    port: int = 8000
    users: tuple[str, ...] = (INSTRUCTOR, *DEFAULT_STUDENTS)
    token: str = field(default_factory=lambda: secrets.token_hex(16))
    password: str = ""
    setup: str = "app"  # learners in the course app; "lab": JupyterLab and plain Voilà (the set-up before #18)
    lti: dict[str, str] | None = None  # an LMS to log in from (LTI_SETTINGS); None: the dummy login
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, quiet: bool = True) -> Classroom:
        self.state.mkdir(parents=True, exist_ok=True)
        exchange = exchange_dir(self.state)
        exchange.mkdir(exist_ok=True)
        exchange.chmod(0o1777)  # nbgrader's exchange: everyone writes, only owners delete (sticky bit)
        env = {**os.environ, ENV["dir"]: str(self.state), ENV["port"]: str(self.port),
               ENV["users"]: ",".join(self.users), ENV["token"]: self.token, ENV["password"]: self.password,
               ENV["setup"]: self.setup, ENV["lti"]: json.dumps(self.lti) if self.lti else "",
               "PATH": str(Path(sys.executable).parent) + os.pathsep + os.environ.get("PATH", "")}
        log = (self.state / "hub.log").open("ab")
        self.process = subprocess.Popen(
            [str(Path(sys.executable).parent / "jupyterhub"), "-f", str(course_root() / "classroom" /
                                                                         "jupyterhub_config.py")],
            cwd=self.state, env=env, stdout=log if quiet else None, stderr=subprocess.STDOUT if quiet else None,
            start_new_session=True)
        self._wait_ready()
        return self

    def _wait_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"JupyterHub stopped at start; see {self.state / 'hub.log'}")
            try:
                self.api("GET", "/")
                return
            except OSError:
                time.sleep(0.3)
        raise TimeoutError(f"JupyterHub did not answer in {seconds:.0f} s; see {self.state / 'hub.log'}")

    def stop(self) -> None:
        """Stop the hub, its proxy and every user's server (SIGTERM; the hub cleans up after itself)."""
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self.process = None

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> Classroom:
        return self.start()

    def __exit__(self, *exc) -> None:
        self.stop()

    def api(self, method: str, path: str, body: dict | None = None) -> dict:
        """Call the hub's REST API as the classroom's admin service."""
        request = urllib.request.Request(f"{self.url}/hub/api{path}", method=method,
                                         data=json.dumps(body).encode() if body is not None else None,
                                         headers={"Authorization": f"token {self.token}"})
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
        return json.loads(text) if text else {}


def warm_up(room: Classroom) -> None:
    """Start every learner's server before class (WARM=1), saying how far it got."""
    from .warm import learners, start_servers

    began = time.monotonic()
    names = learners(room)
    ready, failed = start_servers(room, names, say=lambda line: print(f"[classroom] {line}", flush=True))
    print(f"[classroom] {len(ready)} of {len(names)} learners' servers started in {time.monotonic() - began:.0f} s"
          f"{f' ({len(failed)} will start at login)' if failed else ''}: they open the course right after login",
          flush=True)


def main(argv: list[str]) -> int:
    state = Path(argv[0] if argv else course_root() / "build" / "classroom").resolve()
    lti = {name: os.environ.get(f"LTI_{name.upper()}", "") for name in LTI_SETTINGS}
    if any(lti.values()) and not all(lti.values()):
        missing = ", ".join(f"LTI_{name.upper()}" for name, value in lti.items() if not value)
        print(f"[classroom] an LTI 1.3 login needs every LTI_ setting; missing: {missing}", file=sys.stderr)
        return 2
    students = tuple(s.strip() for s in os.environ.get("STUDENTS", "").split(",") if s.strip()) or DEFAULT_STUDENTS
    room = Classroom(state, port=int(os.environ.get("PORT", "8000")), password=os.environ.get("PASSWORD", ""),
                     users=(INSTRUCTOR, *students), lti=lti if all(lti.values()) else None)
    room.start(quiet=False)
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stopped by a service manager: clean up as on Ctrl+C
    login = (f"Log in from the LMS ({room.lti['issuer']})" if room.lti else f"Users: {', '.join(room.users)}"
             f"{'' if room.password else ' (any password: set PASSWORD=... to require one)'}")
    print(f"[classroom] JupyterHub at {room.url} (this computer only). {login}. Data in {state}. "
          "Stop with Ctrl+C.", flush=True)
    try:
        if os.environ.get("WARM"):
            warm_up(room)
        room.process.wait()
    except KeyboardInterrupt:
        print("\n[classroom] stopping the hub, the proxy and every user's server ...", flush=True)
    finally:
        room.stop()
    print(f"[classroom] stopped; submissions and the gradebook stay in {state}")
    return 0
