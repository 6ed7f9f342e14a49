"""Golden outputs: each folder in tests/cases/ holds `args` (one per line) and the expected
`stdout`, `stderr` and exit `code` of `carbon ARGS`, on a terminal `columns` wide (a file of that
name, else 100).

The expected files were checked by hand against CONTRACT.md's rules (the illustrative data was made
so that each status has a known answer: e.g. non_fossil_consumption_share_2030 starts at 17 in 2020,
so its trajectory is 26 in 2025 and 23.4 is behind). They change only via `pytest --update-golden`,
reviewed in the diff.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from carbon_cli.cli import main

ROOT = Path(__file__).resolve().parents[1]
CASES = sorted(p for p in (ROOT / "tests" / "cases").iterdir() if (p / "args").is_file())
STREAMS = ("stdout", "stderr", "code")


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_golden(
    case: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    monkeypatch.chdir(ROOT)
    columns = case / "columns"
    monkeypatch.setenv("COLUMNS", columns.read_text().strip() if columns.is_file() else "100")
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("CARBON_DATA", raising=False)
    args = (case / "args").read_text(encoding="utf-8").split("\n")
    code = main([a for a in args if a])
    out, err = capsys.readouterr()
    got = {"stdout": out, "stderr": err, "code": f"{code}\n"}
    if request.config.getoption("--update-golden"):
        for name in STREAMS:
            (case / name).write_text(got[name], encoding="utf-8")
    expected = {name: (case / name).read_text(encoding="utf-8") for name in STREAMS}
    assert got == expected
