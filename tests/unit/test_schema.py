"""The JSON Schemas in course/schema/ come from widgets/content/schema.py and are up to date, every shipped YAML
file names its schema and is valid against it, and the schemas reject the broken files `widgets check` rejects
(the bad inputs of tests/unit/test_validation.py), so an editor flags them as an author types."""

from __future__ import annotations

import json
import textwrap
from pathlib import Path

import jsonschema
import pytest

from tests.unit.test_validation import BAD_COURSE, BAD_ITEMS, COURSE, GOOD_ITEM, UNREACHABLE_SERVICE
from widgets._paths import relative
from widgets.authoring import schemas
from widgets.content._yaml import load_yaml
from widgets.content.schema import FILES


def as_json(value: object) -> object:
    """YAML as the YAML language server gives it to a JSON Schema: keys as text (`true:` is the key "true")."""
    if isinstance(value, dict):
        return {(str(k).lower() if isinstance(k, bool) else str(k)): as_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_json(v) for v in value]
    return value


def validator(name: str) -> jsonschema.protocols.Validator:
    schema = json.loads((schemas.schema_folder() / f"{name}.schema.json").read_text(encoding="utf-8"))
    return jsonschema.Draft202012Validator(schema)


def schema_errors(name: str, text: str, tmp_path: Path) -> list[str]:
    """What the JSON Schema `name` finds wrong with the YAML `text`."""
    path = tmp_path / "file.yml"
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return [error.message for error in validator(name).iter_errors(as_json(load_yaml(path)))]


def test_the_schema_files_are_up_to_date_and_every_file_names_its_schema() -> None:
    assert schemas.stale() == [], "run `python -m widgets schema`"


@pytest.mark.parametrize("model", FILES, ids=lambda m: m.schema_name)
def test_each_schema_is_a_valid_json_schema(model) -> None:
    schema = json.loads((schemas.schema_folder() / f"{model.schema_name}.schema.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)


@pytest.mark.parametrize("path", schemas.course_yaml_files(), ids=lambda p: str(relative(p)))
def test_every_shipped_yaml_file_is_valid_against_its_schema(path: Path) -> None:
    line = schemas.modeline(path)
    assert line is not None and line in path.read_text(encoding="utf-8").splitlines()
    target = (path.parent / line.split("$schema=")[1]).resolve()
    schema = json.loads(target.read_text(encoding="utf-8"))
    errors = [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
              for e in jsonschema.Draft202012Validator(schema).iter_errors(as_json(load_yaml(path)))]
    assert errors == []


def test_a_good_bank_is_valid(tmp_path: Path) -> None:
    assert schema_errors("bank", 'module: "01"\nitems:\n' + GOOD_ITEM, tmp_path) == []


# What `widgets check` catches by rules across entries or files (a duplicate item id, an objective that is not
# in course.yml, a citation key that is not in course/references/) cannot be said in a JSON Schema.
@pytest.mark.parametrize("name", sorted(BAD_ITEMS))
def test_the_bank_schema_rejects_each_broken_item(name: str, tmp_path: Path) -> None:
    assert schema_errors("bank", 'module: "01"\nitems:\n' + BAD_ITEMS[name], tmp_path) != []


def test_the_course_and_resources_schemas_reject_broken_files(tmp_path: Path) -> None:
    assert schema_errors("course", COURSE, tmp_path) == []
    assert len(schema_errors("course", BAD_COURSE, tmp_path)) == 2  # the id and the slug
    assert schema_errors("resources", UNREACHABLE_SERVICE, tmp_path) != []
    reachable = UNREACHABLE_SERVICE.replace("        hours: always\n", "        phone: 1-800-799-7233\n")
    assert schema_errors("resources", reachable, tmp_path) == []


def test_a_reference_needs_a_grade_of_evidence(tmp_path: Path) -> None:
    reference = "smith2000:\n  short: Smith, 2000\n  full: Smith. A book.\n"
    assert schema_errors("references", reference, tmp_path) == ["'strength' is a required property"]
    assert schema_errors("references", reference + "  strength: some\n", tmp_path) == []
    assert schema_errors("references", reference.replace("smith2000", "Smith 2000") + "  strength: some\n",
                         tmp_path) != []
