"""The editors' JSON Schemas: generated from the validator's shapes, committed, and in step."""

from __future__ import annotations

import json
import re

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


class _Yaml12(yaml.SafeLoader):
    """Booleans as YAML 1.2 reads them, as editors do: only true and false; an unquoted no is
    the word "no"."""


_BOOL = "tag:yaml.org,2002:bool"
_Yaml12.yaml_implicit_resolvers = {
    first: [(tag, pattern) for tag, pattern in resolvers if tag != _BOOL]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()}
_Yaml12.add_implicit_resolver(_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


def _as_editor_reads(data_file: str):
    """The file as a YAML 1.2 editor sees it: an unquoted date is a string, not a date, and
    no is a word, not false."""
    data = yaml.load((DATA / data_file).read_text(encoding="utf-8"), Loader=_Yaml12)
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
    ("slt.yaml", ["plan", "targets", 0, "initial_response", "readings"], "shift-days"),
    ("contacts.yaml", ["support_regions", 0, "holidays", "readings", 0], ""),
    ("readings.yaml", ["readings", 0, "confirmed"], "yes"),
    ("readings.yaml", ["readings", 0, "confirmed"], True),
    ("readings.yaml", ["readings", 0, "confirmed"], {"by": "Jane Doe"}),
    ("readings.yaml", ["readings", 0, "confirmed"], {"by": "Jane Doe", "date": "2026-12-01",
                                                     "note": "x"}),
    ("readings.yaml", ["readings", 0, "policy_words"], []),
    ("readings.yaml", ["readings", 0, "site_reading"], ""),
]


# What an editor accepts, as the validator does: the ways of writing "not confirmed" and a
# confirmation.
EDITOR_ACCEPTS = [
    ("readings.yaml", ["readings", 0, "confirmed"], False),
    ("readings.yaml", ["readings", 0, "confirmed"], "no"),
    ("readings.yaml", ["readings", 0, "confirmed"], {"by": "Jane Doe", "date": "2026-12-01"}),
]


@pytest.mark.parametrize("data_file, path, value", EDITOR_CASES,
                         ids=[".".join(map(str, case[1])) for case in EDITOR_CASES])
def test_schema_rejects_what_the_validator_rejects(data_file, path, value):
    with pytest.raises(jsonschema.ValidationError):
        _validate_edited(data_file, path, value)


@pytest.mark.parametrize("data_file, path, value", EDITOR_ACCEPTS,
                         ids=[repr(case[2]) for case in EDITOR_ACCEPTS])
def test_schema_accepts_what_the_validator_accepts(data_file, path, value):
    _validate_edited(data_file, path, value)


def _validate_edited(data_file: str, path: list, value) -> None:
    """Validate the shipped file, as an editor reads it, with the value at ``path`` set."""
    schema = json.loads(schemas()[schema_name(data_file)])
    data = _as_editor_reads(data_file)
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    jsonschema.validate(data, schema, cls=jsonschema.Draft202012Validator)
