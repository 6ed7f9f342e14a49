"""Tooling around the data: JSON Schemas that match the models, the pre-commit hook, the CI recipe
and shell completion."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path
from typing import Any

import pytest
import yaml
from pydantic import BaseModel, ValidationError

from carbon_cli import schema
from carbon_cli.cli import main
from carbon_cli.loading import FILES, OPTIONAL_FILES, parse_yaml

ROOT = Path(__file__).resolve().parents[1]
DATA_FILES = FILES | OPTIONAL_FILES  # data/ ships areas.yaml too
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"


def data(name: str) -> Any:
    """The plain data of data/<name>.yaml, read as carbon reads it (YAML 1.2 booleans)."""
    path = ROOT / "data" / DATA_FILES[name]
    return parse_yaml(path.read_text(encoding="utf-8"), str(path))[1]


@pytest.mark.parametrize("name", list(schema.MODELS))
def test_committed_schema_is_what_the_models_generate(name: str) -> None:
    committed = (ROOT / "schemas" / schema.filename(name)).read_text(encoding="utf-8")
    assert committed == schema.text(name), "run: carbon schema --output schemas"


@pytest.mark.parametrize("name", list(schema.MODELS))
def test_yaml_files_point_editors_at_their_schema(name: str) -> None:
    first = (ROOT / "data" / DATA_FILES[name]).read_text(encoding="utf-8").splitlines()[0]
    assert first == f"# yaml-language-server: $schema=../schemas/{name}.schema.json"
    assert (ROOT / "data" / first.split("=", 1)[1]).is_file()


@pytest.mark.parametrize("name", list(schema.MODELS))
def test_shipped_data_validates_against_its_schema(name: str) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    checker = jsonschema.Draft202012Validator(schema.schema(name))
    checker.check_schema(checker.schema)
    assert [e.message for e in checker.iter_errors(data(name))] == []


def _first_target(d: dict[str, Any]) -> dict[str, Any]:
    target: dict[str, Any] = d["indicators"][0]["targets"][0]
    return target


# Each edit makes data/targets.yaml or data/departments.yaml invalid for the model; the schema must
# refuse it too, so an editor flags what `carbon validate` would.
BAD = [
    pytest.param("targets", lambda d: _first_target(d).update(value="14%"), id="value-as-text"),
    pytest.param("targets", lambda d: _first_target(d).update(year="2025"), id="year-as-text"),
    pytest.param("targets", lambda d: _first_target(d).update(year=1800), id="year-too-early"),
    pytest.param("targets", lambda d: _first_target(d).update(strive="no"), id="bool-as-text"),
    pytest.param("targets", lambda d: _first_target(d).update(kind="below"), id="unknown-kind"),
    pytest.param("targets", lambda d: _first_target(d).update(qoute="x"), id="misspelt-key"),
    pytest.param("targets", lambda d: _first_target(d).pop("quote"), id="missing-quote"),
    pytest.param("targets", lambda d: _first_target(d).update(id="Energy"), id="id-pattern"),
    pytest.param("targets", lambda d: d["indicators"][0].update(name=""), id="empty-name"),
    pytest.param("departments", lambda d: d["departments"][0].update(kind="x"), id="dept-kind"),
    pytest.param("tasks", lambda d: d["groups"][0].update(number="(一)"), id="group-number"),
    pytest.param("tasks", lambda d: _first_item(d).update(id="1-1"), id="item-id-pattern"),
    pytest.param("tasks", lambda d: _first_item(d).pop("id"), id="item-id-missing"),
    pytest.param("tasks", lambda d: _first_item(d).update(due="2025"), id="due-as-text"),
    pytest.param("tasks", lambda d: _first_item(d).pop("due"), id="due-missing"),
    pytest.param("targets", lambda d: d.pop("reference_year"), id="reference-year-missing"),
    pytest.param("targets", lambda d: d["indicators"][0].update(min="0"), id="min-as-text"),
    pytest.param("targets", lambda d: d["indicators"][0].update(aliases="x"), id="aliases-text"),
    pytest.param("areas", lambda d: d["areas"][0].update(kind="town"), id="area-kind"),
    pytest.param("areas", lambda d: d["areas"][0].update(aliases=[""]), id="area-empty-alias"),
]


def _first_item(d: dict[str, Any]) -> dict[str, Any]:
    item: dict[str, Any] = d["groups"][0]["tasks"][0]["items"][0]
    return item


@pytest.mark.parametrize(("name", "edit"), BAD)
def test_schema_refuses_what_the_model_refuses(name: str, edit: Any) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    document = data(name)
    edit(document)
    model: type[BaseModel] = schema.MODELS[name]
    with pytest.raises(ValidationError):
        model.model_validate(document)
    assert list(jsonschema.Draft202012Validator(schema.schema(name)).iter_errors(document))


def test_numbers_are_numbers_in_the_schema() -> None:
    defs = schema.schema("targets")["$defs"]
    assert defs["Baseline"]["properties"]["value"]["type"] == "number"
    assert defs["Target"]["properties"]["value"]["anyOf"] == [{"type": "number"}, {"type": "null"}]


def test_schema_command(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "targets"]) == 0
    assert json.loads(capsys.readouterr().out) == schema.schema("targets")
    assert main(["schema"]) == 0
    assert json.loads(capsys.readouterr().out) == {n: schema.schema(n) for n in schema.MODELS}
    assert main(["schema", "--output", str(tmp_path / "out")]) == 0
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == [
        "areas.schema.json",
        "departments.schema.json",
        "targets.schema.json",
        "tasks.schema.json",
    ]
    assert (tmp_path / "out" / "tasks.schema.json").read_text(encoding="utf-8") == schema.text(
        "tasks"
    )
    capsys.readouterr()
    assert main(["schema", "observations"]) == 2
    assert capsys.readouterr().err == (
        "carbon: 没有数据文件“observations” (no such data file)；"
        "可选：departments、tasks、targets、areas，或省略\n"
    )


# --- pre-commit and CI ------------------------------------------------------------------------


def test_pre_commit_hook_runs_a_real_command(capsys: pytest.CaptureFixture[str]) -> None:
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "carbon-validate"
    assert hook["language"] == "python"
    assert hook["pass_filenames"] is False
    files = re.compile(hook["files"])
    assert [bool(files.search(p)) for p in ("a.csv", "b.xlsx", "data/targets.yaml", "c.yml")] == [
        True,
        True,
        True,
        True,
    ]
    assert not files.search("README.md")
    program, *args = shlex.split(hook["entry"])
    assert program == "carbon"
    assert main([*args, "--data", str(ROOT / "data")]) == 0
    assert "没有问题" in capsys.readouterr().out


def _ci_workflow() -> dict[str, Any]:
    """The GitHub Actions workflow in docs/ci.md (its first yaml block)."""
    text = (ROOT / "docs" / "ci.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.S)
    assert block is not None
    workflow: dict[str, Any] = yaml.safe_load(block[1])
    return workflow


def test_ci_workflow_commands_run(capsys: pytest.CaptureFixture[str]) -> None:
    workflow = _ci_workflow()
    runs = [s["run"] for s in workflow["jobs"]["check"]["steps"] if "run" in s]
    commands = [shlex.split(r.replace('"$OBSERVATIONS"', str(EXAMPLE))) for r in runs]
    carbon = [c[1:] for c in commands if c[0] == "carbon"]
    assert [c[0] for c in carbon] == ["validate", "status"]
    assert carbon[0][carbon[0].index("--format") + 1] == "github"
    assert carbon[1][carbon[1].index("--fail-on") + 1] == "missed"
    validate, status = (main([*c, "--data", str(ROOT / "data")]) for c in carbon)
    # validate passes; the illustrative data has missed targets, which must fail the job (not exit 2)
    assert (validate, status) == (0, 1)
    assert "github" in workflow["env"]["CARBON"] or "carbon-cli" in workflow["env"]["CARBON"]


# --- shell completion -------------------------------------------------------------------------


def complete(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], line: str
) -> list[str]:
    """What bash completion offers for the last word of `line` (typer's built-in completion)."""
    words = line.split(" ")
    monkeypatch.setenv("_CARBON_COMPLETE", "complete_bash")
    monkeypatch.setenv("COMP_WORDS", line)
    monkeypatch.setenv("COMP_CWORD", str(len(words) - 1))
    with pytest.raises(SystemExit) as stop:
        main([])
    assert stop.value.code == 0
    return [word for word in capsys.readouterr().out.splitlines() if word]


def test_owners_completes_department_names_and_aliases(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    assert complete(monkeypatch, capsys, "carbon owners 市林") == ["市林业局"]
    assert complete(monkeypatch, capsys, "carbon owners 林业") == ["林业局"]  # an alias
    assert set(complete(monkeypatch, capsys, "carbon owners 发改")) == {"发改局", "发改委"}
    everything = complete(monkeypatch, capsys, "carbon owners ")
    assert {"市住房城乡建设局", "住建局", "市委宣传部"} <= set(everything)


def test_department_option_completes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for command in ("status", "targets", "tasks"):
        assert complete(monkeypatch, capsys, f"carbon {command} --department 市林") == ["市林业局"]


def test_completion_with_a_broken_data_folder_offers_nothing(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert complete(monkeypatch, capsys, f"carbon owners --data {tmp_path} 市") == []
    assert complete(monkeypatch, capsys, f"carbon owners --data {ROOT / 'data'} 市林") == [
        "市林业局"
    ]
