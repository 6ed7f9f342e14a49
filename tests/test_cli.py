"""The command line as people and CI use it: shapes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from commands import EXAMPLE, ROOT, run

from carbon_cli import __version__
from carbon_cli.loading import packaged_data
from carbon_cli.render.text import spreadsheet_safe


def shipped_targets() -> list[dict[str, object]]:
    """The targets of data/targets.yaml, read straight from the file."""
    data = yaml.safe_load((packaged_data() / "targets.yaml").read_text(encoding="utf-8"))
    return [t for ind in data["indicators"] for t in ind["targets"]]


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "--version") == (0, f"carbon {__version__}\n", "")


def test_targets_json_lists_every_target(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "targets", "--format", "json")
    rows = json.loads(out)
    assert code == 0
    assert [r["id"] for r in rows] == [t["id"] for t in shipped_targets()]
    assert set(rows[0]) == {
        "id", "indicator", "name", "unit", "kind", "value", "year", "base_year",
        "strive", "approx", "task", "lead", "quote",
    }  # fmt: skip


def test_targets_filters(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "targets", "--year", "2025", "--format", "json")
    assert code == 0
    assert {r["id"] for r in json.loads(out)} == {
        t["id"] for t in shipped_targets() if t.get("year") == 2025
    }
    _, out, _ = run(capsys, "targets", "--kind", "peak", "--format", "json")
    assert {r["kind"] for r in json.loads(out)} == {"peak"}


def test_tasks_json_has_every_task(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "tasks", "--format", "json")
    ids = [t["id"] for t in json.loads(out)]
    assert code == 0
    assert ids == [str(n) for n in range(1, 41)] + [f"S{n}" for n in range(1, 7)]


def test_tasks_group_accepts_arabic_number(capsys: pytest.CaptureFixture[str]) -> None:
    """--group 5 and --group （五） are the same group."""
    _, five, _ = run(capsys, "tasks", "--group", "5", "--format", "json")
    _, wide, _ = run(capsys, "tasks", "--group", "（五）", "--format", "json")
    assert five == wide
    assert [t["id"] for t in json.loads(five)] == ["13", "14", "15", "16", "17"]


def test_owners_alias_equals_canonical(capsys: pytest.CaptureFixture[str]) -> None:
    _, canonical, _ = run(capsys, "owners", "市住房城乡建设局", "--format", "json")
    _, short, _ = run(capsys, "owners", "住建局", "--format", "json")
    assert canonical == short
    duties = json.loads(canonical)["duties"]
    assert duties
    assert {d["role"] for d in duties} <= {"lead", "support"}
    roles = [d["role"] for d in duties]
    assert roles == sorted(roles, key=lambda r: r != "lead")  # 牵头 first, then 配合


def test_owners_unknown_suggests(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "owners", "市住建厅")
    assert (code, out) == (2, "")
    assert err == "carbon: 没有找到部门“市住建厅”；您是不是要找：市住房城乡建设局？\n"


def test_owners_ambiguous_lists_candidates(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "owners", "市委")
    assert code == 2
    assert err.startswith("carbon: “市委”可指多个部门：")
    assert "市委宣传部" in err
    assert err.count("\n") == 1


def test_owners_empty_name(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = run(capsys, "owners", " ")
    assert code == 2
    assert err.startswith("carbon: 部门名称为空")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["status", "--no-such-option"],
            "没有这个选项：--no-such-option (No such option: --no-such-option",
        ),
        (["status", "--year", "abc"], "参数值无效 (Invalid value for '--year'"),
        (["status", "--year", "20255"], "less than or equal to 2100"),
        (["targets", "--format", "xml"], "'xml' is not one of 'table', 'json', 'csv', 'markdown'"),
        (["status", "--fail-on", "late"], "--fail-on：没有“late”这一项"),
        (["status", "--only", "late"], "--only：没有“late”这一项"),
        (["tasks", "--task", "41"], "没有任务 41"),
        (
            ["targets", "--kind", "降"],
            "可选：不低于（at_least）、不高于（at_most）、降低（reduce_by）",
        ),
        (["departments", "--kind", "局"], "--kind：没有“局”这一项"),
        (["report", "--stage", "半年"], "可选：年度监测分析（annual）、中期评估（midterm）"),
        (["nosuch"], "没有这个命令"),
        (["status", "--format", "xlsx"], "工作簿（--format xlsx）须配 --output"),
        (["status", "--output", "x.xls"], "无法从扩展名“.xls”判断格式"),
    ],
    ids=[
        "unknown-option",
        "year-not-a-number",
        "year-out-of-range",
        "format-xml",
        "fail-on",
        "only",
        "task",
        "target-kind",
        "department-kind",
        "stage",
        "no-such-command",
        "xlsx-without-output",
        "unknown-suffix",
    ],
)
def test_usage_errors_are_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], words: str
) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.startswith("carbon: ")
    assert words in err
    assert err.count("\n") == 1
    assert "╭" not in err
    assert "Traceback" not in err


def test_validate_shipped_data(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "validate")
    assert (code, err) == (0, "")
    assert out.startswith("carbon validate: 没有问题")
    assert "数据来源" in out


def test_validate_bad_observations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,year,value\nno_such_indicator,2024,1\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", "--observations", str(bad))
    assert code == 1
    first, summary = err.splitlines()
    assert first.startswith(f"{bad}:2:1: 未知的指标 'no_such_indicator' (unknown indicator)")
    assert summary.startswith("carbon validate: 1 个问题")


def test_validate_github_annotations(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    data = tmp_path / "data"
    shutil.copytree(packaged_data(), data)
    text = (data / "targets.yaml").read_text(encoding="utf-8")
    (data / "targets.yaml").write_text(
        text.replace("value: 14\n", "value: 14%\n", 1), encoding="utf-8"
    )
    code, out, _ = run(capsys, "validate", "--data", str(data), "--format", "github")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if t.strip() == "value: 14")
    assert code == 1
    assert out.startswith(f"::error file={data}/targets.yaml,line={line},col=")
    assert (
        "value 应为数字，实为 '14%25' (not a number); 请写成 14" in out
    )  # % is escaped in annotations


def test_validate_json(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    code, out, _ = run(capsys, "validate", "--data", str(tmp_path / "none"), "--format", "json")
    payload = json.loads(out)
    assert code == 1
    assert payload["ok"] is False
    assert payload["problems"][0]["message"] == "数据文件夹不存在 (data folder: no such folder)"


@pytest.mark.skipif(not EXAMPLE.exists(), reason="the illustrative example file is not there yet")
def test_status_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(
        capsys, "status", "--year", "2025", "--observations", str(EXAMPLE), "--format", "json"
    )
    payload = json.loads(out)
    assert code == 0
    assert (payload["year"], payload["area"]) == (2025, "全市")
    assert sum(payload["summary"].values()) == len(payload["targets"]) == len(shipped_targets())


def test_status_fail_on(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """--fail-on missed exits 1 exactly when a target is missed."""
    obs = tmp_path / "obs.csv"
    obs.write_text("indicator,year,value\n森林覆盖率,2030,50\n", encoding="utf-8")
    code, out, _ = run(
        capsys, "status", "--observations", str(obs), "--fail-on", "missed", "--format", "json"
    )
    rows = {t["id"]: t["status"] for t in json.loads(out)["targets"]}
    assert rows["forest_coverage_2030"] == "missed"
    assert code == 1
    obs.write_text("indicator,year,value\n森林覆盖率,2030,60\n", encoding="utf-8")
    assert run(capsys, "status", "--observations", str(obs), "--fail-on", "missed")[0] == 0


def test_status_without_observations_notes_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "status", "--format", "json")
    assert code == 0
    assert json.loads(out)["summary"]["no_data"] > 0
    assert "--observations" in err


def test_csv_cells_cannot_start_a_formula() -> None:
    assert spreadsheet_safe("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert spreadsheet_safe("@SUM(A1)") == "'@SUM(A1)"
    assert spreadsheet_safe("-3.5") == "-3.5"
    assert spreadsheet_safe("+cmd") == "'+cmd"
    assert spreadsheet_safe(7) == 7


def test_core_does_not_import_typer_or_rich() -> None:
    """The layers point one way: the core loads without the CLI libraries."""
    code = (
        "import sys, carbon_cli.views, carbon_cli.checks, carbon_cli.observations;"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'typer', 'rich', 'click'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("carbon") is None, reason="the console script is not installed")
def test_installed_console_script(tmp_path: Path) -> None:
    """The installed `carbon` runs from any folder on the packaged data."""
    env = {**os.environ, "NO_COLOR": "1"}
    env.pop("CARBON_DATA", None)
    result = subprocess.run(
        ["carbon", "validate"], capture_output=True, text=True, cwd=tmp_path, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "packaged" in result.stdout


def test_status_by_area_matches_each_area_alone(capsys: pytest.CaptureFixture[str]) -> None:
    """--by-area puts the areas side by side; each column equals `--area` for that area."""
    _, out, _ = run(
        capsys,
        "status",
        "--by-area",
        "--observations",
        str(EXAMPLE),
        "--year",
        "2025",
        "--format",
        "json",
    )
    matrix = json.loads(out)
    assert matrix["areas"] == ["全市", "榕城区"]
    for place in matrix["areas"]:
        _, alone, _ = run(
            capsys,
            "status",
            "--area",
            place,
            "--observations",
            str(EXAMPLE),
            "--year",
            "2025",
            "--format",
            "json",
        )
        expected = {t["id"]: t["status"] for t in json.loads(alone)["targets"]}
        assert {t["id"]: t["statuses"][place] for t in matrix["targets"]} == expected


def test_status_by_area_only_keeps_targets_with_that_status_somewhere(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--only with --by-area: a target stays when any area has one of the statuses; its other
    areas' statuses are still shown (the row compares areas)."""
    args = ["status", "--by-area", "--observations", str(EXAMPLE), "--year", "2025"]
    _, every, _ = run(capsys, *args, "--format", "json")
    _, some, _ = run(capsys, *args, "--only", "滞后,missed", "--format", "json")
    wanted = {"behind", "missed"}
    expected = [t for t in json.loads(every)["targets"] if wanted & set(t["statuses"].values())]
    kept = json.loads(some)["targets"]
    assert kept == expected
    assert 0 < len(kept) < len(json.loads(every)["targets"])
    assert any(set(t["statuses"].values()) - wanted for t in kept)  # other areas still shown


def test_python_dash_m_runs_the_same_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "carbon_cli", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout) == (0, f"carbon {__version__}\n")


def test_a_bug_is_one_line_and_the_traceback_only_on_request(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """An internal error says it is a bug in one line; CARBON_DEBUG=1 adds the traceback."""

    def broken(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("carbon_cli.checks.check_plan", broken)  # validate imports it when run
    monkeypatch.delenv("CARBON_DEBUG", raising=False)
    code, _, err = run(capsys, "validate")
    assert code == 70
    assert err == (
        "carbon: 内部错误（程序缺陷，请报告）(internal error, a bug): RuntimeError: boom"
        " — 设 CARBON_DEBUG=1 可看到调用栈 (set CARBON_DEBUG=1 to see the traceback)\n"
    )
    monkeypatch.setenv("CARBON_DEBUG", "1")
    code, _, err = run(capsys, "validate")
    assert code == 70
    assert "Traceback (most recent call last)" in err


def test_dash_o_is_output_on_every_command_and_nothing_else() -> None:
    """CONTRACT: `-o` is `--output` on every command that writes a file; no other option uses it."""
    import typer.main

    from carbon_cli.cli import app

    group = typer.main.get_command(app)
    for name, command in group.commands.items():  # type: ignore[attr-defined]
        for param in command.params:
            if "-o" in param.opts:
                assert param.opts == ["--output", "-o"], (name, param.opts)
            if "--output" in param.opts:
                assert "-o" in param.opts, name


def test_report_dash_o_writes_the_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(ROOT)
    out = tmp_path / "report.md"
    code, _, err = run(capsys, "report", "--observations", str(EXAMPLE), "-o", str(out))
    assert code == 0, err
    assert out.read_text(encoding="utf-8").startswith("# 揭阳市碳达峰实施方案")
