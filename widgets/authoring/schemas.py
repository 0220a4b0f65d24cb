"""`python -m widgets schema`: write course/schema/*.schema.json from the models in widgets/content/schema.py,
and make every course YAML file name its schema, so an editor with the YAML language server (VS Code's YAML
extension, for one) completes fields and flags mistakes while an author types:

    # yaml-language-server: $schema=../schema/bank.schema.json

`widgets check` fails when a schema file is stale or a YAML file does not name its schema.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from .._files import write_text_atomic
from .._paths import course_root, relative
from ..content._yaml import load_yaml
from ..content.schema import FILES, json_schema, schema_name_for

MODELINE = re.compile(r"^# yaml-language-server: \$schema=(\S+)[ \t]*$", re.MULTILINE)


def schema_folder() -> Path:
    return course_root() / "course" / "schema"


def schema_files() -> dict[Path, str]:
    """Each schema file and the text it should hold."""
    return {schema_folder() / f"{model.schema_name}.schema.json":
            json.dumps(json_schema(model), indent=2, ensure_ascii=False) + "\n" for model in FILES}


def course_yaml_files() -> list[Path]:
    """Every YAML file of the course that has a schema."""
    course = course_root() / "course"
    return sorted(p for p in course.rglob("*.yml") if schema_name_for(p) is not None
                  and not {"source", "release", "submitted", "autograded", "feedback"} & set(p.parts))


def modeline(path: Path) -> str | None:
    """The `# yaml-language-server: $schema=...` line `path` should have (None when it has no schema). Files
    that are not valid YAML get none here; `widgets check` reports why."""
    try:
        name = schema_name_for(path, load_yaml(path))
    except Exception:  # noqa: BLE001 - a broken file is reported by the loaders, with its line
        return None
    if name is None:
        return None
    target = os.path.relpath(schema_folder() / f"{name}.schema.json", path.parent)
    return f"# yaml-language-server: $schema={target}"


def stale() -> list[tuple[Path, str]]:
    """(file, what is wrong) for each schema file that is out of date and each YAML file that does not name
    its schema."""
    found = [(path, "stale JSON Schema") for path, text in schema_files().items()
             if not path.exists() or path.read_text(encoding="utf-8") != text]
    for path in course_yaml_files():
        wanted = modeline(path)
        if wanted and wanted not in path.read_text(encoding="utf-8").splitlines():
            found.append((path, f"does not name its schema: add the line `{wanted}`"))
    return found


def write() -> list[Path]:
    """Write the schema files and the modelines that are missing or wrong; return what changed."""
    written = []
    for path, text in schema_files().items():
        if not path.exists() or path.read_text(encoding="utf-8") != text:
            write_text_atomic(path, text)
            written.append(path)
    for path in course_yaml_files():
        wanted = modeline(path)
        text = path.read_text(encoding="utf-8")
        if wanted is None or wanted in text.splitlines():
            continue
        text = MODELINE.sub(wanted, text, count=1) if MODELINE.search(text) else f"{wanted}\n{text}"
        write_text_atomic(path, text)
        written.append(path)
    return written


def main(argv: list[str]) -> int:
    written = write()
    for path in written:
        print(f"wrote {relative(path)}")
    print(f"JSON Schemas up to date in {relative(schema_folder())} ({len(written)} files changed).")
    return 0
