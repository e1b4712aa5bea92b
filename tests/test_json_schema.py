"""The editors' JSON Schemas: generated from the validator's shapes, committed, and in step."""

from __future__ import annotations

import json

import jsonschema
import pytest
import yaml

from conftest import DATA, ROOT
from policydata.json_schema import SCHEMA_DIR, schema_name, schemas
from policydata.shapes import FILES


@pytest.mark.parametrize("name", schemas().keys())
def test_committed_schema_is_current(name):
    committed = (ROOT / SCHEMA_DIR / name).read_text(encoding="utf-8")
    assert committed == schemas()[name], "run: .venv/bin/python -m policydata schemas"


@pytest.mark.parametrize("name", schemas().keys())
def test_schema_is_published_with_the_site(site, name):
    assert (site / SCHEMA_DIR / name).read_text(encoding="utf-8") == schemas()[name]


@pytest.mark.parametrize("data_file", FILES)
def test_data_file_names_its_schema(data_file):
    first_line = (DATA / data_file).read_text(encoding="utf-8").splitlines()[0]
    assert first_line == f"# yaml-language-server: $schema=../schemas/{schema_name(data_file)}"


def _as_editor_reads(data_file: str):
    """The file as a YAML 1.2 editor sees it: an unquoted date is a string, not a date."""
    data = yaml.safe_load((DATA / data_file).read_text(encoding="utf-8"))
    return json.loads(json.dumps(data, default=str))


@pytest.mark.parametrize("data_file", FILES)
def test_shipped_data_conforms(data_file):
    schema = json.loads(schemas()[schema_name(data_file)])
    jsonschema.Draft202012Validator.check_schema(schema)
    data = _as_editor_reads(data_file)
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)


# What an editor flags as the staff member types: the same mistakes the validator reports.
EDITOR_CASES = [
    ("slt.yaml", ["plan", "targets", 0, "initial_response", "clock"], "24/7"),
    ("slt.yaml", ["plan", "targets", 0, "initial_response", "within"], "30 mins"),
    ("contacts.yaml", ["support_regions", 0, "hours", "close"], "25:00"),
    ("contacts.yaml", ["support_regions", 0, "hours", "days", 0], "monday"),
    ("contacts.yaml", ["support_regions", 0, "nmae"], "USA"),
    ("policy.yaml", ["case_handling", "acceptance_requests"], 0),
]


@pytest.mark.parametrize("data_file, path, value", EDITOR_CASES,
                         ids=[".".join(map(str, case[1])) for case in EDITOR_CASES])
def test_schema_rejects_what_the_validator_rejects(data_file, path, value):
    schema = json.loads(schemas()[schema_name(data_file)])
    data = _as_editor_reads(data_file)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
