"""`python -m widgets app`: start the learner app and open it in the browser."""

from __future__ import annotations

import argparse
import sys
import threading
import webbrowser

from .settings import DEFAULT_POOL_SIZE, DEFAULT_PORT, AppSettings


def parse(argv: list[str]) -> tuple[AppSettings, bool]:
    parser = argparse.ArgumentParser(prog="python -m widgets app",
                                     description="Open the course as an app in your browser (Voilà, no code).")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port on 127.0.0.1 (default {DEFAULT_PORT})")
    parser.add_argument("--pool-size", type=int, default=DEFAULT_POOL_SIZE,
                        help=f"kernels kept ready per module (default {DEFAULT_POOL_SIZE}; 0 = none)")
    parser.add_argument("--no-browser", action="store_true", help="do not open a browser")
    parser.add_argument("--classic-pages", action="store_true",
                        help="module pages hidden until every widget is drawn and widget scripts asked for again on "
                             "every page, as before #19 (for comparing; slower)")
    parser.add_argument("--live-simulator", action="store_true",
                        help="module 02's figures drawn live on every change, as before #19 (for comparing; slower)")
    parser.add_argument("--eager-refills", action="store_true",
                        help="a used kernel replaced 3 s after its page even while pages keep opening, as before "
                             "(for comparing; slower back to back)")
    parser.add_argument("--token", default=None, help="login token (default: a new random one)")
    args = parser.parse_args(argv)
    extra = {"token": args.token} if args.token else {}
    settings = AppSettings(port=args.port, pool_size=args.pool_size, text_first=not args.classic_pages,
                           keep_widget_scripts=not args.classic_pages,
                           stored_frames=not args.live_simulator, quiet_refills=not args.eager_refills, **extra)
    return settings, not args.no_browser


def main(argv: list[str]) -> int:
    from ..content.banks import load_banks
    from ..content.course import load_course, load_resources
    from .server import make_app

    settings, open_browser = parse(argv)
    course = load_course()
    item_ids = {module_id: [i.id for i in bank.practice] for module_id, bank in load_banks(course).items()}
    app = make_app(settings, course, load_resources(), item_ids)
    print(f"The course is at {settings.url}\n"
          "Only this computer can open it. Quick exit (or the Esc key) hides it at once. "
          "Stop the app with Ctrl+C.", flush=True)
    if open_browser:
        threading.Timer(1.0, webbrowser.open, args=(settings.url,)).start()
    app.start()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
