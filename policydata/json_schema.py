"""JSON Schemas of the data files, generated from the same shapes the validator reads with, so
an editor's completion and checks cannot drift from the build's."""

from __future__ import annotations

import json
from pathlib import Path

from .shapes import FILES

SCHEMA_DIR = "schemas"


def schema_name(data_file: str) -> str:
    return data_file.removesuffix(".yaml") + ".schema.json"


def schemas() -> dict[str, str]:
    """Schema file name -> its JSON text."""
    out = {}
    for data_file, shape in FILES.items():
        schema = {
            "$schema": "https://json-schema.org/draft/2020-12/schema",
            "title": f"data/{data_file}",
            **shape.json_schema(),
        }
        out[schema_name(data_file)] = json.dumps(schema, indent=2, ensure_ascii=False) + "\n"
    return out


def write(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
