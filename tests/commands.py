"""Running `carbon` as the console script does, for the tests of its commands."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from carbon_cli.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
OBS = ("--observations", str(EXAMPLE))


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code, stdout and stderr of `carbon ARGS` through the console script's entry point."""
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def as_json(capsys: pytest.CaptureFixture[str], *args: str) -> Any:
    """What `carbon ARGS --format json` prints, which must succeed."""
    code, out, err = run(capsys, *args, "--format", "json")
    assert code == 0, err
    return json.loads(out)
