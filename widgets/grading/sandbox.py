"""Run a student's notebook in a throwaway bubblewrap sandbox, for the outputs their feedback shows.

Scores never come from here (answers.py marks the typed answers in the grader's own process), so a run that
fails, stops or lies changes only what the student sees under their own cells. The sandbox holds one copy of
one submission's code cells (hidden tests removed, no Markdown), in a small memory-backed home folder; it sees
the system and Python read-only and nothing else: no course folder, gradebook, feedback, repository, home
folder, IPython profile or network. It starts with an empty environment, in its own user, process, network
and IPC namespaces, as user 65534, and is killed with everything it started after `SANDBOX_SECONDS`. Output is
capped inside (per output and in all) and again by the grader, which reads at most `MAX_RESULT_BYTES`.

Why bubblewrap: it is the unprivileged sandbox Flatpak uses, one small Debian package (`bubblewrap`), works as
root or as an ordinary user, and needs no daemon; a container runtime or a second Unix account would need
set-up by an administrator on every grading machine.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import sysconfig
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import nbformat

SANDBOX_SECONDS = 120  # the whole run, on top of each cell's own timeout
MAX_RESULT_BYTES = 4 * 2**20  # what the grader reads back, at most
OUTPUT_CHARS = 10_000  # per output, cut inside the sandbox
TOTAL_CHARS = 200_000  # all outputs of a notebook, cut inside the sandbox
MEMORY_BYTES = 2 * 2**30  # address space per process in the sandbox
HOME = "/home/student"
RUNNER = Path(__file__).with_name("sandbox_runner.py")


@dataclass
class Run:
    """What a sandboxed run gave back: the executed notebook, or why there is none."""

    notebook: nbformat.NotebookNode | None
    problem: str = ""


def bwrap() -> str | None:
    return shutil.which("bwrap")


def _python_roots() -> list[str]:
    """Folders the sandbox's Python needs, read-only: the interpreter and the environment's site-packages."""
    roots = {os.path.realpath(p) for p in (sys.prefix, sys.base_prefix, sys.exec_prefix, sys.base_exec_prefix)}
    roots.add(os.path.realpath(sysconfig.get_paths()["purelib"]))
    roots.add(os.path.dirname(os.path.realpath(sys.executable)))
    return sorted(r for r in roots if not any(r != o and r.startswith(o + os.sep) for o in roots))


def command(cell_timeout: int) -> list[str]:
    """The bwrap command line: a read-only system, a fresh home in memory, no network, an empty environment."""
    args = [bwrap() or "bwrap", "--unshare-all", "--unshare-user", "--uid", "65534", "--gid", "65534",
            "--disable-userns", "--die-with-parent", "--new-session", "--clearenv",
            "--proc", "/proc", "--dev", "/dev", "--size", str(16 * 2**20), "--tmpfs", "/tmp"]
    for top in ("usr", "bin", "lib", "lib64", "lib32", "sbin"):
        path = Path("/") / top
        if path.is_symlink():
            args += ["--symlink", os.readlink(path), str(path)]
        elif path.is_dir():
            args += ["--ro-bind", str(path), str(path)]
    if Path("/etc/ld.so.cache").exists():
        args += ["--ro-bind", "/etc/ld.so.cache", "/etc/ld.so.cache"]
    for root in _python_roots():
        args += ["--ro-bind", root, root]
    args += ["--size", str(64 * 2**20), "--tmpfs", HOME, "--remount-ro", "/", "--chdir", HOME]
    env = {"HOME": HOME, "PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "LANG": "C.UTF-8",
           "IPYTHONDIR": f"{HOME}/.ipython", "JUPYTER_CONFIG_DIR": f"{HOME}/.jupyter",
           "JUPYTER_DATA_DIR": f"{HOME}/.local/share/jupyter", "JUPYTER_RUNTIME_DIR": f"{HOME}/.runtime",
           "JUPYTER_PLATFORM_DIRS": "1", "MPLBACKEND": "Agg", "MALLOC_ARENA_MAX": "2",
           "PYTHONDONTWRITEBYTECODE": "1"}
    for name, value in env.items():
        args += ["--setenv", name, value]
    limits = json.dumps({"cell_timeout": cell_timeout, "output_chars": OUTPUT_CHARS, "total_chars": TOTAL_CHARS,
                         "memory_bytes": MEMORY_BYTES})
    return args + ["--", sys.executable, "-I", "-c", RUNNER.read_text(encoding="utf-8"), limits]


def code_only(notebook: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """A copy with only the code cells, each without its hidden tests: all that the sandbox gets to see."""
    copy = nbformat.v4.new_notebook()
    copy.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    for cell in notebook.cells:
        if cell.cell_type == "code":
            kept = nbformat.v4.new_code_cell(strip_hidden_tests(cell.source))
            kept["id"] = cell.get("id") or ""
            copy.cells.append(kept)
    return copy


def strip_hidden_tests(source: str) -> str:
    lines, hiding = [], False
    for line in source.splitlines():
        if "BEGIN HIDDEN TESTS" in line:
            hiding = True
        elif "END HIDDEN TESTS" in line:
            hiding = False
        elif not hiding:
            lines.append(line)
    return "\n".join(lines)


@dataclass
class Started:
    """A sandboxed run under way: its process and what its readers have gathered so far."""

    process: subprocess.Popen
    out: bytearray
    err: bytearray
    threads: list[threading.Thread]
    began: float


def start(notebook: nbformat.NotebookNode, cell_timeout: int) -> Started | None:
    """Start executing the notebook's code cells in a sandbox and return at once (None without bubblewrap)."""
    if not bwrap():
        return None
    payload = nbformat.writes(code_only(notebook)).encode("utf-8")
    process = subprocess.Popen(command(cell_timeout), stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, start_new_session=True)
    out, err = bytearray(), bytearray()
    threads = [threading.Thread(target=_read_capped, args=(process.stdout, out, MAX_RESULT_BYTES, process),
                                daemon=True),
               threading.Thread(target=_read_capped, args=(process.stderr, err, 65536, None), daemon=True),
               threading.Thread(target=_feed, args=(process, payload), daemon=True)]
    for thread in threads:
        thread.start()
    return Started(process, out, err, threads, time.monotonic())


def finish(started: Started | None, seconds: int = SANDBOX_SECONDS) -> Run:
    """Wait for a started run (at most `seconds` from its start) and read back its notebook."""
    if started is None:
        return Run(None, "not run: bubblewrap (bwrap) is not installed on the grading machine")
    process = started.process
    try:
        process.wait(timeout=max(0.1, started.began + seconds - time.monotonic()))
    except subprocess.TimeoutExpired:
        _kill(process)
        return Run(None, f"stopped after {seconds} s")
    finally:
        for thread in started.threads:
            thread.join(timeout=5)
    out = bytes(started.out)
    if len(out) >= MAX_RESULT_BYTES:
        return Run(None, "stopped: it printed too much")
    if process.returncode != 0 or not out:
        last = bytes(started.err).decode("utf-8", "replace").strip().splitlines()[-1:] or ["no reason given"]
        return Run(None, f"stopped ({last[0][:200]})")
    try:
        return Run(nbformat.reads(out.decode("utf-8"), as_version=4))
    except Exception:  # noqa: BLE001 - whatever came back, it is not a notebook
        return Run(None, "stopped: it gave back no notebook")


def cancel(started: Started | None) -> None:
    if started is not None:
        _kill(started.process)


def run(notebook: nbformat.NotebookNode, cell_timeout: int, seconds: int = SANDBOX_SECONDS) -> Run:
    """Execute the notebook's code cells in a sandbox; return the executed copy (code cells only)."""
    return finish(start(notebook, cell_timeout), seconds)


def plain_outputs(outputs: object, keep: int = OUTPUT_CHARS) -> list[nbformat.NotebookNode]:
    """Outputs that came back from a sandbox, rebuilt as plain text: streams, text/plain results and errors,
    each cut to `keep` characters. The runner does the same inside, but whatever comes out is untrusted."""
    def text(value: object) -> str:
        value = "".join(map(str, value)) if isinstance(value, list) else str(value)
        return value if len(value) <= keep else value[:keep] + f"\n[… {len(value) - keep} more characters not shown]"

    rebuilt = []
    for output in outputs if isinstance(outputs, list) else []:
        if not isinstance(output, dict):
            continue
        kind = output.get("output_type")
        if kind == "stream":
            name = "stderr" if output.get("name") == "stderr" else "stdout"
            rebuilt.append(nbformat.v4.new_output("stream", name=name, text=text(output.get("text", ""))))
        elif kind == "error":
            lines = output.get("traceback", [])
            rebuilt.append(nbformat.v4.new_output("error", ename=text(output.get("ename", ""))[:200],
                                                  evalue=text(output.get("evalue", "")),
                                                  traceback=[text("\n".join(map(str, lines)) if isinstance(
                                                      lines, list) else lines)]))
        else:
            data = output.get("data", {})
            plain = {"text/plain": text(data.get("text/plain", "") if isinstance(data, dict) else "")}
            count = output.get("execution_count")
            rebuilt.append(nbformat.v4.new_output("execute_result", data=plain, execution_count=count)
                           if kind == "execute_result" and isinstance(count, int) else
                           nbformat.v4.new_output("display_data", data=plain))
    return rebuilt


def _feed(process: subprocess.Popen, payload: bytes) -> None:
    with contextlib.suppress(BrokenPipeError, OSError):
        process.stdin.write(payload)
        process.stdin.close()


def _read_capped(stream, into: bytearray, cap: int, process: subprocess.Popen | None) -> None:
    """Keep at most `cap` bytes of a stream; past it, kill the sandbox (stdout) or drop the rest (stderr)."""
    while chunk := stream.read1(65536):
        if len(into) < cap:
            into += chunk[:cap - len(into)]
        if len(into) >= cap and process is not None:
            _kill(process)
            return


def _kill(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()
