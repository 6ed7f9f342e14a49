"""How the benchmarks run carbon: the console script beside this Python, with its bytecode."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

PYTHON = sys.executable
CARBON = [PYTHON, "-m", "carbon_cli"]
entry = shutil.which("carbon", path=str(Path(PYTHON).parent))
if entry:  # the console script, as people run it
    CARBON = [entry]
# the command the cold-start goal times (floor.py parses the same words, without this module)
STATUS = ["status", "--year", "2025", "--format", "json"]


def compile_carbon() -> None:
    """Write carbon's bytecode, as `pip install` of a wheel does.

    An editable install run with PYTHONDONTWRITEBYTECODE=1 would otherwise compile carbon's
    modules on every run (~30 ms) while the yardstick's libraries are compiled already.
    """
    spec = importlib.util.find_spec("carbon_cli")
    if spec is not None and spec.origin is not None:
        package = str(Path(spec.origin).parent)
        subprocess.run([PYTHON, "-m", "compileall", "-q", package], check=False)
