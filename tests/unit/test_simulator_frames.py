"""Module 02's simulator in the browser edition (no numpy, no matplotlib) shows what the full edition shows.

The browser edition looks up frames stored by `make notebooks` (widgets/data/simulator_frames.json); these tests
draw every frame live and compare, run the widget with numpy and matplotlib made unimportable, and show that a
stale file fails `make check`.
"""

from __future__ import annotations

import base64
import fnmatch
import io
import json
import os
import subprocess
import sys
import tomllib
from pathlib import Path

import PIL.Image
import pytest

from widgets.app.server import kernel_environment
from widgets.app.settings import AppSettings
from widgets.authoring import simulator_frames
from widgets.authoring.check import Report, _check_generated
from widgets.content.course import load_course
from widgets.learner.views import reinforcement_frames
from widgets.learner.views.reinforcement import LiveFrames
from widgets.learner.views.reinforcement_frames import FRAMES_PATH, SOURCE_VARIABLE, StoredFrames
from widgets.learner.views.reinforcement_state import (
    DEFAULT_SEED,
    MODEL_OPTIONS,
    SCHEDULE_OPTIONS,
    VALUE_RANGE,
    State,
    control_states,
)
from widgets.learner.views.reinforcement_widget import ReinforcementSimulator, reinforcement_simulator

ROOT = Path(__file__).resolve().parents[2]
BLOCKED = ("numpy", "matplotlib", "PIL")


def pixels(png: bytes) -> tuple[tuple[int, int], bytes]:
    """What a reader sees: the image's size and its RGB pixels (palette and compression aside)."""
    image = PIL.Image.open(io.BytesIO(png)).convert("RGB")
    return image.size, image.tobytes()


@pytest.fixture(scope="module")
def stored() -> StoredFrames:
    return StoredFrames.load()


def test_every_control_setting_has_one_stored_frame(stored: StoredFrames) -> None:
    states = list(control_states())
    n_values = len(VALUE_RANGE)
    assert len(states) == len(MODEL_OPTIONS) * (1 + (len(SCHEDULE_OPTIONS) - 1) * n_values)
    assert set(stored.frames) == {s.frame_key for s in states}
    assert len({f.png for f in stored.frames.values()}) == len(states)  # no two settings share a figure


def test_every_stored_frame_is_what_the_live_simulator_draws(stored: StoredFrames) -> None:
    live = LiveFrames(DEFAULT_SEED)
    versions = ", ".join(f"{k} {v}" for k, v in stored.made_with.items() if k != "code")
    for state in control_states():
        now, then = live.frame(state), stored.frame(state)
        assert (then.alt, then.description) == (now.alt, now.description), state.frame_key
        assert pixels(then.png) == pixels(now.png), (
            f"{FRAMES_PATH.name}: the figure for {state.frame_key} differs from the live one (stored with "
            f"{versions}); run `make notebooks`")
    assert stored.table_html() == live.table_html()


def test_live_and_stored_widgets_agree_control_by_control(stored: StoredFrames) -> None:
    live = reinforcement_simulator(live=True)
    browser = ReinforcementSimulator(source=stored)
    assert live.source.live and not browser.source.live
    assert browser.table.value == live.table.value and browser.limits.value == live.limits.value
    for kind, value, model in [("continuous", 5, "both"), ("fixed_interval", 4, "rw"),
                               ("variable_ratio", 10, "detector"), ("variable_interval", 2, "both")]:
        for widget in (live, browser):
            widget.schedule_control.value, widget.value_control.value = kind, value
            widget.model_control.value = model
        assert browser.text.value == live.text.value
        assert browser._repr_mimebundle_()["text/plain"] == live._repr_mimebundle_()["text/plain"]
        assert browser.figure_output.outputs[0]["data"]["text/plain"] == live.figure_output.outputs[0]["data"][
            "text/plain"]
        assert pixels(browser.png()) == pixels(live.png())
        assert browser.value_control.disabled == live.value_control.disabled == (kind == "continuous")
        assert browser.value_control.description == live.value_control.description


BLOCKER = """
import importlib.abc, sys

class Blocker(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in {blocked!r}:
            raise ModuleNotFoundError(f"No module named {{name!r}} (blocked, as in the browser edition)")
        return None

sys.meta_path.insert(0, Blocker())
"""

SIMULATOR_SCRIPT = """
import base64, json, sys
import widgets

sim = widgets.reinforcement_simulator()
shown = []
for kind, value, model in {settings!r}:
    sim.schedule_control.value, sim.value_control.value, sim.model_control.value = kind, value, model
    (output,) = sim.figure_output.outputs
    shown.append({{"text": sim.description_text, "alt": output["data"]["text/plain"], "html": sim.text.value,
                  "png": base64.b64encode(sim.png()).decode(), "disabled": sim.value_control.disabled}})
loaded = sorted(name for name in sys.modules if name.split(".")[0] in {blocked!r})
print(json.dumps({{"live": sim.source.live, "loaded": loaded, "table": sim.table.value, "shown": shown}}))
"""
SETTINGS = [("variable_ratio", 3, "both"), ("continuous", 3, "rw"), ("fixed_ratio", 7, "detector"),
            ("variable_interval", 10, "both")]


def run_notebook_cell(prefix: str, env: dict[str, str]) -> dict:
    """Module 02's cell in a fresh Python (after `prefix`), moved through SETTINGS: what it showed."""
    script = prefix + SIMULATOR_SCRIPT.format(blocked=BLOCKED, settings=SETTINGS)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=120,
                          env=env)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def assert_shows_what_the_live_simulator_shows(result: dict) -> None:
    live = reinforcement_simulator(live=True)
    assert result["table"] == live.table.value
    for (kind, value, model), shown in zip(SETTINGS, result["shown"], strict=True):
        live.schedule_control.value, live.value_control.value, live.model_control.value = kind, value, model
        assert shown["text"] == live.description_text and shown["html"] == live.text.value
        assert shown["alt"] == live.figure_output.outputs[0]["data"]["text/plain"]
        assert pixels(base64.b64decode(shown["png"])) == pixels(live.png())
        assert shown["disabled"] == (kind == "continuous")


def test_the_simulator_works_with_numpy_and_matplotlib_unimportable() -> None:
    env = {k: v for k, v in os.environ.items() if k != SOURCE_VARIABLE}
    result = run_notebook_cell(BLOCKER.format(blocked=BLOCKED), env)
    assert result["live"] is False and result["loaded"] == []
    assert_shows_what_the_live_simulator_shows(result)


def test_the_learner_apps_kernels_look_the_figures_up_and_show_what_a_notebook_draws() -> None:
    """The app tells its kernels COURSE_SIMULATOR=stored: module 02's cell then shows the stored frames, with
    numpy and matplotlib installed but never imported (no figure drawn), the same as a notebook's live simulator."""
    stored = run_notebook_cell("", {**os.environ, **kernel_environment(AppSettings())})
    assert stored["live"] is False and stored["loaded"] == []
    assert_shows_what_the_live_simulator_shows(stored)
    notebook = run_notebook_cell("", {k: v for k, v in os.environ.items() if k != SOURCE_VARIABLE})
    assert notebook["live"] is True and "matplotlib" in notebook["loaded"]
    classic = run_notebook_cell("", {**os.environ, **kernel_environment(AppSettings(stored_frames=False))})
    assert classic["live"] is True


def test_the_app_draws_live_when_the_stored_frames_are_not_current(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv(SOURCE_VARIABLE, "stored")
    assert not reinforcement_simulator().source.live
    assert StoredFrames.current() is not None

    def old_code(document: dict) -> None:
        document["made_with"]["code"] = "0" * 64

    def other_matplotlib(document: dict) -> None:
        document["made_with"]["matplotlib"] = "0.1"

    for change in (old_code, other_matplotlib):
        monkeypatch.setattr(reinforcement_frames, "FRAMES_PATH", damaged_copy(tmp_path, change))
        assert StoredFrames.current() is None, change.__name__
        assert reinforcement_simulator().source.live, change.__name__
    monkeypatch.setattr(reinforcement_frames, "FRAMES_PATH", tmp_path / "missing.json")
    assert reinforcement_simulator().source.live
    assert reinforcement_simulator(seed=5).source.live  # other seeds are never stored


def test_the_blocker_really_blocks() -> None:
    """The test above means something only if the blocked modules cannot be imported under the blocker."""
    script = BLOCKER.format(blocked=BLOCKED) + "import numpy\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert done.returncode != 0 and "blocked, as in the browser edition" in done.stderr
    script = BLOCKER.format(blocked=BLOCKED) + "import widgets\nwidgets.reinforcement_simulator(live=True)\n"
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr


def test_other_seeds_need_the_live_simulator_and_say_so() -> None:
    with pytest.raises(ValueError, match="seed 2026 only, not 5"):
        reinforcement_simulator(seed=5, live=False)
    stored = StoredFrames.load()
    with pytest.raises(ValueError, match="need"):
        stored.frame(State(n_learners=10))


def test_a_missing_or_broken_frames_file_gives_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="simulator_frames.json: missing.*make notebooks"):
        StoredFrames.load(path=tmp_path / "simulator_frames.json")
    broken = tmp_path / "broken.json"
    broken.write_text('{"format": 1, "frames": {}}', encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json: not a simulator frames file"):
        StoredFrames.load(path=broken)


def damaged_copy(tmp_path: Path, change) -> Path:
    document = json.loads(FRAMES_PATH.read_text(encoding="utf-8"))
    change(document)
    path = tmp_path / "simulator_frames.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_stale_frames_file_fails_the_check_naming_the_file(tmp_path: Path, monkeypatch) -> None:
    assert simulator_frames.stale() is None, "run `make notebooks`"
    key = State().frame_key

    def new_words(document: dict) -> None:
        document["frames"][key]["description"] += " Old words."

    def old_code(document: dict) -> None:
        document["made_with"]["code"] = "0" * 64

    def lost_frame(document: dict) -> None:
        del document["frames"][key]

    def old_table(document: dict) -> None:
        document["table_html"] = document["table_html"].replace("<caption>", "<caption>Old. ")

    expected = {new_words: f"the words for {key} differ", old_code: "older simulator code",
                lost_frame: "one frame for each setting", old_table: "the table differs"}
    for change, words in expected.items():
        assert words in (simulator_frames.stale(damaged_copy(tmp_path, change)) or ""), change.__name__
    monkeypatch.setattr(simulator_frames, "FRAMES_PATH", damaged_copy(tmp_path, new_words))
    report = Report()
    _check_generated(report, load_course())
    (problem,) = [p for p in report.problems if "simulator" in p.message]
    assert "simulator_frames.json" in str(problem) and "run `make notebooks`" in str(problem)


def test_the_frames_file_ships_in_the_wheel() -> None:
    package_data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"][
        "package-data"]
    inside = FRAMES_PATH.relative_to(ROOT / "widgets").as_posix()
    assert any(fnmatch.fnmatch(inside, pattern) for pattern in package_data.get("widgets", []))
