"""The learner app's web server: Voilà serving modules/ with the course template, plus three pages of its own
(the course home, the neutral page Quick exit opens, and redirects away from Voilà's file list).

Everything is served from this machine: the template loads no fonts or scripts from the web (Voilà's own
template asks a CDN for Font Awesome; ours does not), and the server listens on 127.0.0.1 only, behind a token.
"""

from __future__ import annotations

import dataclasses
import os
import re
from pathlib import Path

import tornado.web
from jupyter_server.base.handlers import FileFindHandler, JupyterHandler
from jupyter_server.services.contents.largefilemanager import LargeFileManager
from jupyter_server.utils import url_path_join
from tornado.httputil import HTTPServerRequest
from tornado.routing import Matcher, Rule
from traitlets.config import Config
from voila.app import Voila
from voila.shutdown_kernel_handler import VoilaShutdownKernelHandler
from voila.utils import get_voila_labextensions_path

from .._errors import StoreError
from .._sockets import SHORT_ROOT
from ..content.course import UNCONFIRMED_NOTE, Course, Resources
from ..learner.store import LearnerStore, display_path
from ..learner.views.reinforcement_frames import SOURCE_VARIABLE
from .refills import QuietRefills
from .settings import AppSettings
from .site import EXIT_PATH, RENDER_PREFIX, SAVING_PATH, home_entries, neighbours, page_title, support_lines

TEMPLATE = "course"
JUPYTER_DIR = Path(__file__).resolve().parent / "jupyter"  # holds voila/templates/course


class CourseContents(LargeFileManager):
    """Opens the module notebooks with their course title, so each page's <title> names the module."""

    titles: dict[str, str] = {}  # notebook name -> page title, set by CourseVoila

    def get(self, path, content=True, type=None, format=None, **kwargs):  # noqa: A002 - Jupyter's signature
        model = super().get(path, content=content, type=type, format=format, **kwargs)
        title = self.titles.get(Path(path).stem)
        if title and model.get("type") == "notebook" and model.get("content") is not None:
            model["content"].metadata["title"] = title
        return model


class AppPage(JupyterHandler):
    """A page of the app's own (not a notebook), drawn with the course template's Jinja files."""

    def initialize(self, course: Course, item_ids: dict[str, list[str]], resources: Resources,
                   prefix: str = RENDER_PREFIX, on_hub: bool = False) -> None:
        self.course, self.item_ids, self.resources = course, item_ids, resources
        self.prefix, self.on_hub = prefix, on_hub  # where module pages are; whether a class server serves them

    def page(self, name: str, **values: object) -> None:
        self.set_header("Cache-Control", "no-store")  # progress is read fresh; nothing of it is kept in a cache
        template = self.settings["voila_jinja2_env"].get_template(name)
        self.finish(template.render(base=self.base_url, on_hub=self.on_hub, support=support_lines(self.resources),
                                    support_note=UNCONFIRMED_NOTE, **values))


class HomePage(AppPage):
    """The course home: every module in order, with the learner's progress read now from the private store."""

    @tornado.web.authenticated
    def get(self) -> None:
        if self.get_argument("token", None):
            # The login cookie is set now; drop the token from the address bar and from history.
            self.redirect(self.base_url)
            return
        store = LearnerStore()
        try:
            entries = home_entries(self.course, self.item_ids, store, self.prefix)
            problems, saving = store.problems, store.saving
        except StoreError as exc:
            entries, problems, saving = home_entries(self.course, self.item_ids, None, self.prefix), [str(exc)], True
        self.page("tbc-home.html", title=self.course.title, entries=entries, folder=display_path(store.folder),
                  problems=problems, saving=saving, xsrf=self.xsrf_form_html())


class SavingChoice(JupyterHandler):
    """The learner's choice to save nothing, at the app's start: GET says whether saving is on (every page's bar
    asks, so a pre-heated page is told too); POST, from the home page's form, sets it."""

    @tornado.web.authenticated
    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        try:
            saving = LearnerStore().saving
        except StoreError:
            saving = True
        self.finish({"saving": saving})

    @tornado.web.authenticated
    def post(self) -> None:
        self.check_xsrf_cookie()
        choice = self.get_body_argument("save", "")
        if choice not in ("yes", "no"):
            raise tornado.web.HTTPError(400, "choose yes or no")
        try:
            LearnerStore().set_saving(choice == "yes")
        except StoreError as exc:
            raise tornado.web.HTTPError(500, str(exc)) from exc
        self.redirect(url_path_join(self.base_url, "") + "#saving", status=303)


class NeutralPage(tornado.web.RequestHandler):
    """The page Quick exit opens: plain, about the weather, naming no course. No login needed, nothing stored."""

    def get(self) -> None:
        self.set_header("Cache-Control", "no-store")
        template = self.settings["voila_jinja2_env"].get_template("tbc-weather.html")
        self.finish(template.render())


class ShutdownOnLeaving(VoilaShutdownKernelHandler):
    """Voilà's page asks for its kernel to be shut down when the learner leaves (Quick exit included), with a
    beacon that cannot carry Jupyter's XSRF token, so with a login token the request was refused (voila#1458)
    and the kernel lived on until culled. The login cookie is still required; the kernel id is a random UUID."""

    def check_xsrf_cookie(self) -> None:
        return None


def host_name(host: str) -> str:
    """The name in a Host header, without its port: "localhost:8866" -> "localhost", "[::1]:80" -> "::1"."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


HASHED_NAME = re.compile(r"\.[0-9a-f]{16,}\.js$")  # webpack's hash of a file's content: 7.2a0ce575775f5aad.js


class KeptWidgetScripts(FileFindHandler):
    """Voilà's lab-extension files, with those whose name holds a hash of their content kept by the browser (a new
    version has a new name). Voilà serves them all with "no-cache", so every page asked for each again and waited
    for a dozen "not modified" answers before its widgets could be drawn. Other files keep "no-cache"."""

    def set_headers(self) -> None:
        super().set_headers()
        if HASHED_NAME.search(self.request.path):
            self.set_header("Cache-Control", "public, max-age=31536000, immutable")


def kept_widget_scripts(base_url: str, extra_paths: list[str] | None = None) -> tuple:
    """The route for KeptWidgetScripts, to be tried before Voilà's own route for the same files."""
    return (url_path_join(base_url, r"/voila/labextensions/(.*)"), KeptWidgetScripts,
            {"path": get_voila_labextensions_path(extra_paths), "no_cache_paths": []})


class OtherHost(Matcher):
    """Matches a request whose Host header names this machine by any name but the allowed ones."""

    def __init__(self, allowed: frozenset[str]):
        self.allowed = allowed

    def match(self, request: HTTPServerRequest) -> dict | None:
        return None if host_name(request.host) in self.allowed else {}


class RefuseHost(tornado.web.RequestHandler):
    """The answer to every request for another host name (a DNS-rebinding page): 403, and no course words."""

    def prepare(self) -> None:
        self.set_status(403)
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish("This address is not served here.\n")


class CourseVoila(Voila):
    """Voilà with the course's pages added in front of its own (`course_pages`), titled module notebooks, and
    requests for any host name but the allowed ones refused before any page or kernel sees them."""

    course_pages: list[tuple] = []  # set per app by make_app; tornado tries these rules first
    module_titles: dict[str, str] = {}  # set per app by make_app
    allowed_hosts: frozenset[str] = frozenset({"127.0.0.1", "localhost"})  # set per app by make_app
    keep_widget_scripts: bool = True  # set per app by make_app (settings.KEEP_WIDGET_SCRIPTS)

    def init_settings(self) -> dict:
        settings = super().init_settings()
        self.contents_manager = CourseContents(parent=self, root_dir=self.root_dir)
        self.contents_manager.titles = self.module_titles
        settings["contents_manager"] = self.contents_manager
        return settings

    def init_handlers(self) -> list:
        own = list(self.course_pages)
        if self.keep_widget_scripts:
            own.append(kept_widget_scripts(self.server_url, self.voila_configuration.extra_labextensions_path))
        return [*own, *super().init_handlers()]

    def listen(self) -> None:
        # Voilà (like Jupyter with allow_remote_access) answers to any Host header. Put the check first, before
        # every page, file and kernel socket.
        self.app.default_router.rules.insert(0, Rule(OtherHost(self.allowed_hosts), RefuseHost))
        super().listen()


def template_resources(course: Course, resources: Resources, text_first: bool = True,
                       prefix: str = RENDER_PREFIX) -> dict:
    """What every module page's template needs: its neighbours (links under `prefix`), the support services (plain
    data), and whether the page shows its text before its widgets are drawn (`text_first`, settings.TEXT_FIRST)."""
    pages = {name: {key: dataclasses.asdict(link) if link else None for key, link in links.items()}
             for name, links in neighbours(course, prefix).items()}
    return {"course": {"title": course.title, "pages": pages, "support": support_lines(resources),
                       "support_note": UNCONFIRMED_NOTE, "exit": EXIT_PATH, "text_first": text_first}}


def voila_config(settings: AppSettings, course: Course, resources: Resources) -> Config:
    """Voilà's configuration for the app (see settings.py for why each value is what it is)."""
    config = Config()
    config.Voila.ip = settings.ip
    config.Voila.port = settings.port
    config.Voila.port_retries = 0  # pre-heated kernels are told the port before the server listens
    config.Voila.open_browser = False  # main() opens the browser itself, with the token
    config.Voila.token = settings.token
    config.Voila.root_dir = str(settings.modules)
    # Kernels talk over Unix sockets, not TCP ports (_sockets.py says why), in the folder Voilà makes for each run's
    # connection files: private (0700, a random name) under a short root (macOS's own temporary folder is too deep).
    config.KernelManager.transport = "ipc"
    config.Voila.connection_dir_root = SHORT_ROOT
    config.VoilaConfiguration.template = TEMPLATE
    config.VoilaConfiguration.theme = "light"
    config.VoilaConfiguration.show_tracebacks = False
    config.VoilaConfiguration.preheat_kernel = settings.pool_size > 0
    config.VoilaConfiguration.default_pool_size = max(settings.pool_size, 0)
    config.VoilaConfiguration.extension_denylist = list(settings.denied_extensions)
    config.VoilaConfiguration.resources = template_resources(course, resources, settings.text_first)
    if settings.quiet_refills:
        config.VoilaConfiguration.multi_kernel_manager_class = QuietRefills
    config.VoilaKernelManager.fill_delay = settings.fill_delay
    config.QuietRefills.quiet_seconds = settings.fill_delay
    config.MappingKernelManager.cull_idle_timeout = settings.cull_idle_seconds
    config.MappingKernelManager.cull_interval = 60
    config.MappingKernelManager.cull_connected = False
    return config


def kernel_environment(settings: AppSettings) -> dict[str, str]:
    """What the app puts in its environment for its kernels (they inherit it): module 02's simulator looks its
    figures up when the stored ones are current, unless `--live-simulator` (settings.STORED_FRAMES)."""
    return {SOURCE_VARIABLE: "stored" if settings.stored_frames else "live"}


def make_app(settings: AppSettings, course: Course, resources: Resources,
             item_ids: dict[str, list[str]]) -> CourseVoila:
    """A configured, initialised (not yet started) app."""
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(JUPYTER_DIR), os.environ.get("JUPYTER_PATH", "")) if p)
    os.environ.update(kernel_environment(settings))
    page_args = {"course": course, "item_ids": item_ids, "resources": resources}
    app = CourseVoila(config=voila_config(settings, course, resources))
    app.module_titles = {m.name: page_title(m) for m in course.modules}
    app.allowed_hosts = settings.allowed_hosts
    app.keep_widget_scripts = settings.keep_widget_scripts
    app.course_pages = [
        ("/", HomePage, page_args),
        (url_path_join("/", EXIT_PATH), NeutralPage),
        (url_path_join("/", SAVING_PATH), SavingChoice),
        (r"/voila/tree(/.*)?", tornado.web.RedirectHandler, {"url": "/"}),  # Voilà's file list: not for learners
        (r"/voila/api/shutdown/(.*)", ShutdownOnLeaving),
    ]
    app.initialize(argv=[])
    return app
