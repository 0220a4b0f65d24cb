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

INSTRUCTOR = "instructor"
DEFAULT_STUDENTS = ("student1", "student2", "student3")
ADMIN_SERVICE = "classroom-admin"
ENV = {  # what the launcher tells jupyterhub_config.py
    "dir": "TBC_CLASSROOM_DIR", "port": "TBC_CLASSROOM_PORT", "users": "TBC_CLASSROOM_USERS",
    "token": "TBC_CLASSROOM_TOKEN", "password": "TBC_CLASSROOM_PASSWORD",
}
STUDENT_EXTENSIONS = ("nbgrader.server_extensions.assignment_list", "nbgrader.server_extensions.validate_assignment")
INSTRUCTOR_EXTENSIONS = STUDENT_EXTENSIONS + ("nbgrader.server_extensions.formgrader",
                                              "nbgrader.server_extensions.course_list")


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


def prepare_home(home: Path, user: str, state: Path) -> None:
    """Give a user the course's notebooks (once) and nbgrader settings for their role."""
    home.mkdir(parents=True, exist_ok=True)
    modules = home / "modules"
    if not modules.exists():
        shutil.copytree(course_root() / "modules", modules)
    instructor = user == INSTRUCTOR
    extensions = INSTRUCTOR_EXTENSIONS if instructor else STUDENT_EXTENSIONS
    _write_json(home / ".jupyter" / "jupyter_server_config.json",
                {"ServerApp": {"jpserver_extensions": {name: True for name in extensions}}})
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
    c.JupyterHub.authenticator_class = "dummy"
    c.DummyAuthenticator.password = os.environ.get(ENV["password"], "")  # empty: any password works
    c.Authenticator.allowed_users = set(users)
    c.Authenticator.admin_users = {INSTRUCTOR}
    c.JupyterHub.spawner_class = "simple"
    c.SimpleLocalProcessSpawner.home_dir_template = str(state / "home" / "{username}")
    c.Spawner.default_url = "/lab"
    c.Spawner.http_timeout = 60
    c.Spawner.start_timeout = 90
    # No request leaves this machine: no JupyterLab news or update checks.
    c.Spawner.args = ["--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate", "--LabApp.news_url=None"]
    if os.getuid() == 0:  # containers and CI often run as root; Jupyter refuses unless told
        c.Spawner.args.append("--allow-root")
    c.Spawner.environment = {"NBGRADER_EXCHANGE": str(exchange_dir(state)), "MPLBACKEND": "Agg"}
    c.Spawner.pre_spawn_hook = lambda spawner: prepare_home(Path(spawner.home_dir), spawner.user.name, state)
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


def main(argv: list[str]) -> int:
    state = Path(argv[0] if argv else course_root() / "build" / "classroom").resolve()
    room = Classroom(state, port=int(os.environ.get("PORT", "8000")), password=os.environ.get("PASSWORD", ""))
    room.start(quiet=False)
    print(f"[classroom] JupyterHub at {room.url} (this computer only). Users: {', '.join(room.users)}"
          f"{'' if room.password else ' (any password: set PASSWORD=... to require one)'}. Data in {state}. "
          "Stop with Ctrl+C.", flush=True)
    try:
        room.process.wait()
    except KeyboardInterrupt:
        print("\n[classroom] stopping the hub, the proxy and every user's server ...", flush=True)
    finally:
        room.stop()
    print(f"[classroom] stopped; submissions and the gradebook stay in {state}")
    return 0
