"""Kernels talk to their server over Unix sockets in a private folder with a short path, not over TCP ports.

On TCP a server picks its kernel's ports by binding free ones and letting them go; before the kernel binds them,
another process (another server's kernel, or a browser's own connections, which take ports from the same range)
can take one. The kernel then dies with "Address already in use", Voilà keeps the dead kernel's ports, and the
page's activities never load (about one kernel start in 30 when a class's servers started together, `make bench`;
once in the app's browser tests). A socket file cannot be taken that way.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

# What a Unix socket's path may hold, in bytes (macOS; Linux allows 107). A kernel's socket is its connection
# file's path without ".json", then "-ipc-" and a number.
SOCKET_PATH_LIMIT = 103
# A short folder to make private folders in (macOS's $TMPDIR is about 50 bytes deep: too deep for a socket's path).
SHORT_ROOT = "/tmp"


def private_folder(base: str = SHORT_ROOT) -> Path:
    """`base`/tbc-<uid>: short, and this account's alone (0700), so no other account can reach the sockets in it.
    Refused when another account made it, or when it is a symlink (a trap that would send the sockets elsewhere)."""
    folder = Path(base) / f"tbc-{os.getuid()}"
    folder.mkdir(mode=0o700, exist_ok=True)
    if folder.is_symlink() or folder.stat().st_uid != os.getuid():
        raise RuntimeError(f"{folder} belongs to another account: remove it")
    folder.chmod(0o700)
    return folder


def runtime_dir(name: str, base: str = SHORT_ROOT) -> str:
    """A short folder for one user's kernel connection files and sockets, named by a short hash of the name: the
    local classroom's homes are too deep for a socket's path, and user names from an LMS are e-mail addresses of
    any length (the hash also keeps the class's names out of the listing)."""
    return str(private_folder(base) / hashlib.sha256(name.encode()).hexdigest()[:12])
