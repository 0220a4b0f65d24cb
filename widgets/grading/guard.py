"""A guard for the grading kernel: a submission cannot read, change or delete course files outside its own
folder, start programs, or signal other processes.

nbgrader runs each submission's code as the instructor. `python -m widgets grade` starts every grading kernel
with this guard (a Python audit hook, which code cannot remove once it is added). It stops casual attempts to
open the answer files; it is not a security sandbox. On a shared server, also grade as a user that cannot read
other people's files.
"""

from __future__ import annotations

import os
import sys

PROTECT_ENV = "TBC_GRADING_PROTECT"  # folders (os.pathsep-separated) a submission may not touch
PATH_EVENTS = {"open", "os.listdir", "os.scandir", "os.chdir", "os.remove", "os.rmdir", "os.rename",
               "os.mkdir", "os.truncate", "os.chmod", "os.utime", "shutil.copyfile", "shutil.rmtree",
               "shutil.move", "sqlite3.connect", "glob.glob"}
BLOCKED_EVENTS = {"subprocess.Popen", "os.system", "os.exec", "os.posix_spawn", "os.spawn", "os.fork",
                  "os.forkpty", "pty.spawn", "os.kill", "os.killpg", "signal.pthread_kill", "os.symlink",
                  "os.link"}
BLOCKED_PREFIXES = ("ctypes.", "winreg.")


class GradingGuardError(PermissionError):
    """What a submission sees when it reaches outside its folder."""


def _inside(path: str, folder: str) -> bool:
    return path == folder or path.startswith(folder.rstrip(os.sep) + os.sep)


def make_hook(protected: list[str], allowed: str):
    protected = [os.path.realpath(p) for p in protected if p]
    allowed = os.path.realpath(allowed)

    def hook(event: str, args: tuple) -> None:
        if event in BLOCKED_EVENTS or event.startswith(BLOCKED_PREFIXES):
            raise GradingGuardError(f"Assessments cannot use {event} while they are graded.")
        if event not in PATH_EVENTS or not args:
            return
        target = args[0]
        if isinstance(target, int) or target is None:
            return
        try:
            path = os.path.realpath(os.fsdecode(target))
        except (TypeError, ValueError):
            return
        if any(_inside(path, p) for p in protected) and not _inside(path, allowed):
            raise GradingGuardError("Assessments cannot open course files outside their own folder "
                                    "while they are graded.")

    return hook


def install() -> None:
    """Add the hook for this process: protect $TBC_GRADING_PROTECT, except the current folder."""
    protected = os.environ.get(PROTECT_ENV, "").split(os.pathsep)
    sys.addaudithook(make_hook(protected, os.getcwd()))
