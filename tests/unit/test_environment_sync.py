"""environment.yml must list the same runtime dependencies as pyproject.toml."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def _name(spec: str) -> str:
    return re.split(r"[<>=!~ \[]", spec, maxsplit=1)[0].lower()


def test_environment_yml_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    wanted = {_name(d): d.replace(" ", "") for d in project["dependencies"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    listed = {_name(d): str(d).replace(" ", "") for d in env["dependencies"] if isinstance(d, str)}
    listed.pop("python", None)
    listed.pop("pip", None)
    assert listed == wanted
    assert {"pip": ["-e ."]} in env["dependencies"]
