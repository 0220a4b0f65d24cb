"""The simulator's frames stored at build time, for the browser edition (Pyodide has no numpy or matplotlib).

`widgets/data/simulator_frames.json` holds, for every state the controls can reach with the default seed, the
figure (a 256-colour PNG), its alt text and its description, and the model-vs-experiment table once. It is made
by `make notebooks` from the live simulator (`widgets.authoring.simulator_frames`), `make check` says when it is
stale, and a test shows every stored frame equals the live one. The learner app shows these frames too whenever
they are current (`StoredFrames.current`: made by today's simulator code with today's numpy, matplotlib and
Pillow), a lookup instead of a figure drawn on every control change. This module needs only the standard library.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from .reinforcement_state import DEFAULT_SEED, Frame, State

__all__ = ["FRAMES_PATH", "FORMAT", "SOURCES", "SOURCE_VARIABLE", "StoredFrames", "code_fingerprint", "frames_json",
           "made_with"]

_PACKAGE = Path(__file__).resolve().parents[2]
FRAMES_PATH = _PACKAGE / "data" / "simulator_frames.json"
SOURCES = tuple(_PACKAGE / name for name in (
    "learner/models/schedule.py",
    "learner/models/reinforcement.py",
    "learner/views/reinforcement_state.py",
    "learner/views/reinforcement.py",
))
"""The code the frames are made by: a change to any of them makes the stored frames stale."""
DRAWN_WITH = ("numpy", "matplotlib", "pillow")
SOURCE_VARIABLE = "COURSE_SIMULATOR"
"""Set to "stored" (the learner app does) to show the stored frames whenever they are current."""
FORMAT = 1
ABOUT = ("Module 02's simulator for the browser edition: every control setting's figure, alt text and "
         "description, made by `make notebooks` from widgets/learner/views/reinforcement.py. Never edit by hand.")


def code_fingerprint() -> str:
    """SHA-256 of `SOURCES` (newlines normalised, so a checkout on Windows gives the same)."""
    digest = hashlib.sha256()
    for path in SOURCES:
        digest.update(path.relative_to(_PACKAGE).as_posix().encode() + b"\0")
        digest.update(path.read_text(encoding="utf-8").encode() + b"\0")
    return digest.hexdigest()


def made_with() -> dict[str, str]:
    """The code fingerprint and the installed versions of what draws the figures ("" when not installed)."""
    versions = {}
    for name in DRAWN_WITH:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = ""
    return {"code": code_fingerprint(), **versions}


def frames_json(frames: dict[str, Frame], table_html: str, seed: int, made_with: dict[str, str]) -> str:
    """The text of a frames file: one entry per state key, texts readable in a diff, PNGs in base64."""
    document = {
        "about": ABOUT,
        "format": FORMAT,
        "seed": seed,
        "made_with": made_with,
        "table_html": table_html,
        "frames": {key: {"alt": f.alt, "description": f.description,
                         "png": base64.b64encode(f.png).decode("ascii")} for key, f in frames.items()},
    }
    return json.dumps(document, indent=1, ensure_ascii=False) + "\n"


@dataclass(frozen=True)
class StoredFrames:
    """Frames read from a frames file; `frame(state)` and `table_html()` as the live simulator gives them."""

    seed: int
    frames: dict[str, Frame]
    table: str
    made_with: dict[str, str]
    live = False

    @classmethod
    def load(cls, seed: int = DEFAULT_SEED, path: Path = FRAMES_PATH) -> StoredFrames:
        """The frames in `path`; a clear error when it is missing, unreadable, or made for another seed."""
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
            stored = cls.from_document(document)
        except FileNotFoundError:
            raise FileNotFoundError(f"{path}: missing; the simulator needs numpy and matplotlib, or this file "
                                    "(run `make notebooks`)") from None
        except (ValueError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}: not a simulator frames file ({exc}); run `make notebooks`") from None
        if stored.seed != seed:
            raise ValueError(f"{path} holds the simulator for seed {stored.seed} only, not {seed}: other seeds "
                             "need numpy and matplotlib")
        return stored

    @classmethod
    def current(cls, seed: int = DEFAULT_SEED, path: Path | None = None) -> StoredFrames | None:
        """The frames in `path` (FRAMES_PATH unless given) when they are what the live simulator draws here (made
        for this seed by today's simulator code with the numpy, matplotlib and Pillow installed now); else None."""
        try:
            stored = cls.load(seed, FRAMES_PATH if path is None else path)
        except (OSError, ValueError):
            return None
        return stored if stored.made_with == made_with() else None

    @classmethod
    def from_document(cls, document: dict) -> StoredFrames:
        if document.get("format") != FORMAT:
            raise ValueError(f"format {document.get('format')!r}, expected {FORMAT}")
        frames = {key: Frame(png=base64.b64decode(f["png"], validate=True), alt=f["alt"],
                             description=f["description"]) for key, f in document["frames"].items()}
        return cls(int(document["seed"]), frames, document["table_html"], dict(document["made_with"]))

    def frame(self, state: State) -> Frame:
        """The stored frame for a state the controls can reach."""
        if state != State(state.schedule, state.value, state.model, self.seed):
            raise ValueError(f"only the controls' settings with seed {self.seed} are stored; {state} needs "
                             "numpy and matplotlib")
        try:
            return self.frames[state.frame_key]
        except KeyError:
            raise ValueError(f"no stored frame for {state.frame_key}; run `make notebooks`") from None

    def table_html(self) -> str:
        return self.table
