"""Runs inside the grading sandbox (sandbox.py starts it as `python -I -c`): read a notebook on standard input,
execute it with nbclient, write it back on standard output with every output cut down to plain text.

It uses only the standard library, nbformat and nbclient, because the sandbox cannot import the course package.
Limits (argv[1], JSON) are set on this process before any student code runs, and the kernel inherits them.
"""

import json
import os
import resource
import sys

# jsonschema (under nbformat) imports optional format checkers if it can; nbformat's schema uses none of them, and
# one (rfc3987_syntax) builds a grammar for seconds at import. Each sandbox would pay that on every start.
for _optional in ("rfc3987_syntax", "rfc3987", "rfc3986_validator", "rfc3339_validator", "isoduration", "fqdn",
                  "webcolors", "jsonpointer", "uri_template", "idna"):
    sys.modules[_optional] = None

import nbformat  # noqa: E402
from nbclient import NotebookClient  # noqa: E402

LIMITS = json.loads(sys.argv[1])
CUT = "\n[… {} more characters not shown]"


def cut(text: str, keep: int) -> str:
    return text if len(text) <= keep else text[:keep] + CUT.format(len(text) - keep)


def plain(output: dict, keep: int) -> nbformat.NotebookNode:
    """An output as plain text only: streams, text/plain results and errors (no HTML, scripts or images)."""
    kind = output.get("output_type")
    if kind == "stream":
        name = "stderr" if output.get("name") == "stderr" else "stdout"
        return nbformat.v4.new_output("stream", name=name, text=cut(str(output.get("text", "")), keep))
    if kind == "error":
        lines = [str(line) for line in output.get("traceback", [])][-20:]
        return nbformat.v4.new_output("error", ename=str(output.get("ename", ""))[:200],
                                      evalue=cut(str(output.get("evalue", "")), keep),
                                      traceback=[cut("\n".join(lines), keep)])
    text = output.get("data", {}).get("text/plain", "")
    text = cut("".join(text) if isinstance(text, list) else str(text), keep)
    if kind == "execute_result":
        count = output.get("execution_count")
        return nbformat.v4.new_output("execute_result", data={"text/plain": text},
                                      execution_count=count if isinstance(count, int) else None)
    return nbformat.v4.new_output("display_data", data={"text/plain": text})


class Capped(NotebookClient):
    """nbclient, keeping each output as plain text of at most `output_chars`, and `total_chars` in all."""

    budget = LIMITS["total_chars"]

    def output(self, outs, msg, display_id, cell_index):
        out = super().output(outs, msg, display_id, cell_index)
        if out is not None and outs and outs[-1] is out:
            size = len(json.dumps(out))
            if Capped.budget <= 0:
                outs.pop()
                if not any(o.get("text") == "[more output not shown]" for o in outs):
                    outs.append(nbformat.v4.new_output("stream", name="stdout", text="[more output not shown]"))
                return None
            outs[-1] = plain(out, min(LIMITS["output_chars"], Capped.budget))
            Capped.budget -= min(size, LIMITS["output_chars"])
        return out


def note_timeout(cell, execute_reply, **_) -> None:
    """Show a cell's timeout as an error of its own (as nbgrader does), not as a bare KeyboardInterrupt."""
    content = (execute_reply or {}).get("content", {})
    if content.get("status") == "error" and content.get("ename") == "CellTimeoutError":
        cell.outputs = [o for o in cell.outputs if o.get("ename") != "KeyboardInterrupt"]
        cell.outputs.append(nbformat.v4.new_output("error", ename="CellTimeoutError", evalue="",
                                                   traceback=content.get("traceback", [])))


def main() -> None:
    memory = LIMITS["memory_bytes"]
    for limit, value in ((resource.RLIMIT_AS, memory), (resource.RLIMIT_FSIZE, 32 * 2**20),
                         (resource.RLIMIT_NPROC, 256), (resource.RLIMIT_CORE, 0)):
        resource.setrlimit(limit, (value, value))
    source = sys.stdin.buffer.read()
    result = os.fdopen(os.dup(1), "w", encoding="utf-8")  # not inheritable: student code cannot write to it
    quiet = os.open(os.devnull, os.O_RDWR)
    for fd in (0, 1):
        os.dup2(quiet, fd)
    notebook = nbformat.reads(source.decode("utf-8"), as_version=4)
    timeout = LIMITS["cell_timeout"]
    client = Capped(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                    interrupt_on_timeout=True, record_timing=False, on_cell_executed=note_timeout,
                    error_on_timeout={"ename": "CellTimeoutError", "evalue": "",
                                      "traceback": [f"CellTimeoutError: the cell ran longer than {timeout} s "
                                                    "and was stopped"]},
                    extra_arguments=["--HistoryManager.hist_file=:memory:", "--IPKernelApp.log_level=CRITICAL",
                                     "--InteractiveShell.xmode=Minimal"])
    try:
        client.execute()
    except Exception as error:  # noqa: BLE001 - a dead kernel still gives back the cells that ran
        notebook.metadata["sandbox_problem"] = f"{type(error).__name__}: {str(error)[:200]}"
    for cell in notebook.cells:
        cell["outputs"] = [plain(o, LIMITS["output_chars"]) for o in cell.get("outputs", [])]
    result.write(nbformat.writes(notebook))
    result.close()


main()
