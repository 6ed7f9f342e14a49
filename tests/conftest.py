"""Shared test options: golden files change only through `pytest --update-golden`."""

from __future__ import annotations

import pytest


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="Rewrite the golden files (tests/cases/*/stdout, stderr, code; report references) from the program's output (review the diff!).",
    )
