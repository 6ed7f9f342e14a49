"""JSON Schemas of the data files, generated from the models, for editors and CI."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from .files import write_atomic
from .models import AreasFile, DepartmentsFile, TargetsFile, TasksFile

MODELS: dict[str, type[BaseModel]] = {
    "departments": DepartmentsFile,
    "tasks": TasksFile,
    "targets": TargetsFile,
    "areas": AreasFile,
}
DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema(name: str) -> dict[str, Any]:
    """The JSON Schema of data/<name>.yaml (name: departments, tasks, targets or areas)."""
    model = MODELS[name]
    return {
        "$schema": DIALECT,
        **model.model_json_schema(),
        "title": f"data/{name}.yaml",
    }


def filename(name: str) -> str:
    """Where a schema is written: departments.schema.json and so on."""
    return f"{name}.schema.json"


def text(name: str) -> str:
    """A schema as its file holds it: indented JSON, Chinese as it is, a final newline."""
    return json.dumps(schema(name), ensure_ascii=False, indent=2) + "\n"


def write(folder: Path, names: list[str]) -> list[Path]:
    """Write each named schema into `folder` (made if missing); the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name in names:
        path = folder / filename(name)
        write_atomic(path, text(name))  # a full disk leaves the old schema, not half a new one
        written.append(path)
    return written
