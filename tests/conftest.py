"""Shared test options: golden files change only through `pytest --update-golden`."""

from __future__ import annotations

from pathlib import Path

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files (tests/cases/*/stdout, stderr, code; report references) from the program's output (review the diff!).",
    )


@pytest.fixture
def any_area_data(tmp_path_factory: pytest.TempPathFactory) -> str:
    """A copy of the shipped data folder without areas.yaml: it accepts any area name, as a
    province-wide folder may (for tests of what an odd area name does to the outputs)."""
    import shutil

    from carbon_cli.loading import packaged_data

    folder = tmp_path_factory.mktemp("data")
    for name in ("departments.yaml", "tasks.yaml", "targets.yaml"):
        shutil.copy(packaged_data() / name, folder / name)
    return str(folder)


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Work in tmp_path so problems and messages carry the short paths a user would type."""
    monkeypatch.chdir(tmp_path)
    return tmp_path
