"""The `carbon` command line: typer parses, carbon_cli.api answers, carbon_cli.render shows.

Commands are thin (parse → one api call → render) and grouped by job; importing them registers
them on the app. `main()` is the console script and the one error boundary.
"""

from __future__ import annotations

from carbon_cli.cli import assess, documents, ledger, listing  # noqa: F401 (registers the commands)
from carbon_cli.cli.app import app
from carbon_cli.cli.main import main

__all__ = ["app", "main"]
