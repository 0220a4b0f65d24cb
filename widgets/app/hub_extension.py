"""The learner app on a class JupyterHub: the same course home, module pages (Voilà with the course template),
Quick exit and support as `make app`, served as a Jupyter server extension by each learner's own single-user
server under JupyterHub's /user/<name>/ prefix. widgets/classroom turns it on for learners (not instructors).

On a hub the server's root is the learner's home folder (nbgrader fetches assignments there), so module pages
are at voila/render/modules/...; Voilà's pre-heated kernels exist only in its standalone app, so each page runs
its notebook when opened (a class of 30 cannot afford 8 waiting kernels per learner anyway).
"""

from __future__ import annotations

import os

import tornado.web
from jupyter_server.serverapp import ServerApp
from jupyter_server.utils import url_path_join
from voila import server_extension as voila_extension

from .server import (
    JUPYTER_DIR,
    TEMPLATE,
    CourseContents,
    HomePage,
    NeutralPage,
    SavingChoice,
    ShutdownOnLeaving,
    kept_widget_scripts,
    kernel_environment,
    template_resources,
)
from .settings import DENIED_EXTENSIONS, AppSettings
from .site import EXIT_PATH, HUB_RENDER_PREFIX, SAVING_PATH, page_title


def _jupyter_server_extension_points() -> list[dict[str, str]]:
    return [{"module": "widgets.app.hub_extension"}]


def configure_voila(server_app: ServerApp, resources: dict) -> None:
    """The same Voilà settings as `make app` (widgets/app/server.py voila_config), less the kernel pool."""
    voila = server_app.config.VoilaConfiguration
    voila.template = TEMPLATE
    voila.theme = "light"
    voila.show_tracebacks = False
    voila.extension_denylist = list(DENIED_EXTENSIONS)
    voila.resources = resources


def learner_kernel_environment() -> dict[str, str]:
    """What a learner's kernels inherit, as in `make app`: module 02 looks its figures up when the stored ones are
    current (a lookup costs the class's server nothing; a matplotlib render costs ~50 ms of CPU a change)."""
    return kernel_environment(AppSettings())


def _load_jupyter_server_extension(server_app: ServerApp) -> None:
    from ..content.banks import load_banks
    from ..content.course import load_course, load_resources

    os.environ.update(learner_kernel_environment())
    os.environ["JUPYTER_PATH"] = os.pathsep.join(
        p for p in (str(JUPYTER_DIR), os.environ.get("JUPYTER_PATH", "")) if p)  # the course template
    course, support = load_course(), load_resources()
    item_ids = {module_id: [i.id for i in bank.practice] for module_id, bank in load_banks(course).items()}
    if isinstance(server_app.contents_manager, CourseContents):  # the hub asks for it: pages titled by module
        type(server_app.contents_manager).titles = {m.name: page_title(m) for m in course.modules}
    configure_voila(server_app, template_resources(course, support, prefix=HUB_RENDER_PREFIX))
    base = server_app.web_app.settings["base_url"]
    # As in `make app` (Voilà's own app leaves both unset): no MathJax, which Voilà's page would fetch from a CDN.
    server_app.web_app.settings.update(mathjax_url=None, mathjax_config=None)
    page_args = {"course": course, "item_ids": item_ids, "resources": support, "prefix": HUB_RENDER_PREFIX,
                 "on_hub": True}
    # Added before Voilà's own handlers, so these take precedence (tornado tries rules in the order added).
    server_app.web_app.add_handlers(".*$", [
        (base, HomePage, page_args),
        (url_path_join(base, EXIT_PATH), NeutralPage),
        (url_path_join(base, SAVING_PATH), SavingChoice),
        (url_path_join(base, r"voila(/tree(/.*)?)?/?"), tornado.web.RedirectHandler, {"url": base}),
        (url_path_join(base, r"voila/api/shutdown/(.*)"), ShutdownOnLeaving),
        kept_widget_scripts(base),
    ])
    voila_extension._load_jupyter_server_extension(server_app)
    server_app.log.info("Course app: home at %s, modules at %s%s", base, base, HUB_RENDER_PREFIX)
