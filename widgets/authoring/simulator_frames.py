"""Make and check `widgets/data/simulator_frames.json`, module 02's simulator for the browser edition.

`make notebooks` writes it (when stale) from the live simulator; `make check` reports it stale when the code
that draws the frames changed since (a fingerprint of `SOURCES`, kept in `..learner.views.reinforcement_frames`,
where the learner app uses it too) or when any alt text, description or the table differs from what the
simulator computes now (quick: no figure is drawn). tests/unit/test_simulator_frames.py
draws every figure and compares it with the stored one, pixel for pixel.
"""

from __future__ import annotations

from pathlib import Path

from .._files import write_text_atomic
from ..learner.views.reinforcement import LiveFrames
from ..learner.views.reinforcement_frames import (
    FRAMES_PATH,
    SOURCES,
    StoredFrames,
    code_fingerprint,
    frames_json,
    made_with,
)
from ..learner.views.reinforcement_state import DEFAULT_SEED, control_states

__all__ = ["FRAMES_PATH", "SOURCES", "code_fingerprint", "frames_text", "stale", "write"]

_PACKAGE = FRAMES_PATH.parents[1]


def frames_text(seed: int = DEFAULT_SEED) -> str:
    """The frames file's text, every figure drawn now (about 10 s)."""
    live = LiveFrames(seed)
    frames = {state.frame_key: live.frame(state) for state in control_states(seed)}
    return frames_json(frames, live.table_html(), seed, made_with())


def stale(path: Path | None = None) -> str | None:
    """Why the frames file (FRAMES_PATH unless given) is stale, or None when it matches the simulator (texts
    compared, no figure drawn)."""
    path = FRAMES_PATH if path is None else path
    try:
        stored = StoredFrames.load(DEFAULT_SEED, path)
    except (OSError, ValueError) as exc:
        return str(exc).removeprefix(f"{path}: ")
    if stored.made_with.get("code") != code_fingerprint():
        changed = ", ".join(str(p.relative_to(_PACKAGE.parent)) for p in SOURCES)
        return f"made by older simulator code (one of {changed} changed since)"
    live = LiveFrames(DEFAULT_SEED)
    states = list(control_states())
    if set(stored.frames) != {state.frame_key for state in states}:
        return "does not hold one frame for each setting of the controls"
    for state in states:
        frame = stored.frames[state.frame_key]
        if (frame.alt, frame.description) != live.texts(state):
            return f"the words for {state.frame_key} differ from what the simulator says now"
    if stored.table != live.table_html():
        return "the table differs from what the simulator computes now"
    return None


def write(path: Path | None = None, force: bool = False) -> list[Path]:
    """Write the frames file (FRAMES_PATH unless given) when it is stale, or always with force; return it when
    it was written."""
    path = FRAMES_PATH if path is None else path
    if not force and stale(path) is None:
        return []
    write_text_atomic(path, frames_text())
    return [path]
