"""The library is the command: every command's JSON equals its use case's `to_dict()`.

As frictionless tests its CLI against its library: the same question asked both ways gives the same
answer, so the rules (default year, the data folder's observations, filters) live in one place.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import carbon_cli
from carbon_cli import api
from carbon_cli.cli import main
from carbon_cli.errors import DataError, UsageError

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = str(ROOT / "examples" / "observations-illustrative.csv")


@pytest.fixture(autouse=True)
def _in_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CARBON_DATA", raising=False)


def cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """What `carbon ARGS --format json` prints, parsed."""
    code = main([*args, "--format", "json"])
    out = capsys.readouterr().out
    assert code in {0, 1}, out
    return json.loads(out)


def same(value: Any) -> Any:
    """A dict as it comes back from JSON (Decimal-free, tuples as lists)."""
    return json.loads(json.dumps(value, ensure_ascii=False))


def observed() -> tuple[api.Plan, api.Observations]:
    plan = api.load_plan()
    return plan, api.read_observations(plan, [EXAMPLE])


CASES: dict[str, tuple[list[str], Callable[[], Any]]] = {
    "status": (
        ["status", "--year", "2025", "--observations", EXAMPLE],
        lambda: api.status(*observed(), year=2025),
    ),
    "status filtered": (
        ["status", "--observations", EXAMPLE, "--only", "behind,missed", "--department", "住建局"],
        lambda: api.status(*observed(), only="behind,missed", department="住建局"),
    ),
    "status by area": (
        ["status", "--by-area", "--observations", EXAMPLE, "--task", "29"],
        lambda: api.status_by_area(*observed(), tasks=["29"]),
    ),
    "owners": (
        ["owners", "林业局", "--year", "2025", "--observations", EXAMPLE],
        lambda: api.owners(*observed(), "林业局", year=2025),
    ),
    "owners without observations": (
        ["owners", "市住房城乡建设局"],
        lambda: api.owners(api.load_plan(), api.read_observations(api.load_plan()), "住建局"),
    ),
    "scorecard": (
        ["owners", "--all", "--observations", EXAMPLE],
        lambda: api.scorecard(*observed()),
    ),
    "targets": (
        ["targets", "--year", "2025", "--task", "14"],
        lambda: api.targets(api.load_plan(), year=2025, tasks=["14"]),
    ),
    "tasks": (
        ["tasks", "--group", "4"],
        lambda: api.tasks(api.load_plan(), group="4"),
    ),
    "departments": (
        ["departments", "--kind", "party_organ"],
        lambda: api.departments(api.load_plan(), kind="party_organ"),
    ),
    "show": (
        ["show", "森林覆盖率", "--observations", EXAMPLE],
        lambda: api.show(*observed(), "森林覆盖率"),
    ),
    "validate": (
        ["validate", "--observations", EXAMPLE],
        lambda: api.validate(observations=[EXAMPLE]),
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_command_json_is_the_library_result(case: str, capsys: pytest.CaptureFixture[str]) -> None:
    args, call = CASES[case]
    assert cli_json(capsys, *args) == same(call().to_dict())


def test_public_api_assesses_as_the_command_does(capsys: pytest.CaptureFixture[str]) -> None:
    plan = carbon_cli.load_plan()
    found = carbon_cli.read_observations(plan, [EXAMPLE])
    result = carbon_cli.assess(plan, found, year=2025, area="全市")
    assert same(result.to_dict()) == cli_json(
        capsys, "status", "--year", "2025", "--observations", EXAMPLE
    )
    assert carbon_cli.validate().ok


def test_library_raises_what_the_command_reports(tmp_path: Path) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("indicator,year,value\nno_such,2024,1\n", encoding="utf-8")
    plan = carbon_cli.load_plan()
    with pytest.raises(DataError) as caught:
        carbon_cli.read_observations(plan, [bad])
    assert [p.at() for p in caught.value.problems] == [(str(bad), 2, 1, "unknown-indicator")]
    with pytest.raises(UsageError):
        api.owners(plan, carbon_cli.read_observations(plan), "并不存在的部门")
    assert not carbon_cli.validate(observations=[bad]).ok


def test_the_library_runs_without_the_command_line_libraries() -> None:
    """Layers point one way: a use case runs, and gives its dict, without typer, click or rich."""
    code = (
        "import sys, carbon_cli as c;"
        "p = c.load_plan(); o = c.read_observations(p, [sys.argv[1]]);"
        "c.assess(p, o, year=2025).to_dict(); c.validate();"
        "import carbon_cli.api as a; a.owners(p, o, '林业局').to_dict();"
        "a.scorecard(p, o).to_dict(); a.show(p, o, 'forest_coverage').to_dict();"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'typer', 'rich', 'click'});"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, EXAMPLE], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr


def test_the_data_folders_observations_are_read_by_the_library_too(tmp_path: Path) -> None:
    """The rule 'a data folder's observations/ is read' is the library's, not the command's."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("departments.yaml", "tasks.yaml", "targets.yaml"):
        (data / name).write_bytes((ROOT / "data" / name).read_bytes())
    (data / "observations").mkdir()
    (data / "observations" / "obs.csv").write_text(
        "indicator,year,value,source\nforest_coverage,2024,58.5,测试（虚构）\n", encoding="utf-8"
    )
    plan = carbon_cli.load_plan(data)
    found = carbon_cli.read_observations(plan)
    assert found.get("forest_coverage", "全市") == {2024: 58.5}
    assert carbon_cli.assess(plan, found).year == 2024


@pytest.mark.parametrize("package", ["carbon_cli.api", "carbon_cli.views"])
def test_every_public_name_is_found_where_the_package_says(package: str) -> None:
    """The lazy packages: __all__ and the TYPE_CHECKING imports name the same things, and each
    name resolves (a name added to one list and not the other fails here, not in a user's run)."""
    import importlib

    module = importlib.import_module(package)
    assert set(module.WHERE) == set(module.__all__)
    for name in module.__all__:
        assert getattr(module, name) is not None, name
    with pytest.raises(AttributeError, match="no_such_name"):
        module.no_such_name  # noqa: B018


def test_status_imports_only_what_it_uses() -> None:
    """`carbon status` pays for the status use case, not for owners, explain or the report."""
    code = (
        "import sys\n"
        "from carbon_cli import api, views\n"
        "plan = api.load_plan()\n"
        "views.status(api.status(plan, api.read_observations(plan, []), year=2025))\n"
        "print(sorted(m for m in sys.modules if m.startswith('carbon_cli.')))\n"
    )
    loaded = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    ).stdout
    assert "carbon_cli.api._status" in loaded
    heavy_ones = (
        "carbon_cli.api._explain",
        "carbon_cli.api._documents",
        "carbon_cli.report",
        "carbon_cli.api._progress",  # the ledger: status reads records, it judges no item
        "carbon_cli.standings",
    )
    for heavy in heavy_ones:
        assert f"'{heavy}'" not in loaded, heavy
