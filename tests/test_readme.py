"""The README's examples are real output: each `$ carbon …` shown is run and its lines compared.

Examples that write files, or read files the README only imagines (bad.csv, a filled workbook),
are skipped by the rules in `runnable`; `| head -N` keeps the first N lines; a `…` line ends
what is compared (the README shows the start of long output).
"""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def examples() -> list[tuple[str, list[str]]]:
    """(command, the lines shown under it) for every `$ carbon` line of a console block."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"```console\n(.*?)```", README, flags=re.S):
        command: str | None = None
        shown: list[str] = []
        for line in [*block.splitlines(), "$ end"]:
            if line.startswith("$ "):
                if command is not None:
                    found.append((command, shown))
                command, shown = (line[2:] if line.startswith("$ carbon ") else None), []
            elif command is not None and line.startswith("…"):
                found.append((command, shown))
                command = None
            elif command is not None:
                shown.append(line.rstrip())
    return found


def runnable(command: str) -> bool:
    """Commands that only read the repository's own files."""
    to_stdout = "--output -" in command
    writes = ("--output" in command or command.startswith("carbon template")) and not to_stdout
    imagined = "bad.csv" in command or ".xlsx" in command
    # typer detects the shell from the parent process: under pytest there may be none to find
    shell_bound = "--show-completion" in command
    return not writes and not imagined and not shell_bound


CASES = [(c, s) for c, s in examples() if runnable(c)]


def test_the_readme_has_examples_to_check() -> None:
    """Catches the parser silently finding nothing (then every test below would be vacuous)."""
    assert len(CASES) >= 12


def run(command: str) -> list[str]:
    """The lines `command` prints (stdout, else stderr), as the README's reader would see them."""
    pipeline = command.split(" | head -")
    args = shlex.split(pipeline[0])[1:]
    env = {**os.environ, "NO_COLOR": "1", "COLUMNS": "100"}
    env.pop("CARBON_DATA", None)
    result = subprocess.run(
        [sys.executable, "-m", "carbon_cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        check=False,
    )
    output = [line.rstrip() for line in (result.stdout or result.stderr).splitlines()]
    return output[: int(pipeline[1])] if len(pipeline) == 2 else output


@pytest.mark.parametrize(("command", "shown"), CASES, ids=[c for c, _ in CASES])
def test_readme_example_is_real_output(command: str, shown: list[str]) -> None:
    assert run(command)[: len(shown)] == shown


def test_refresh_readme_examples(request: pytest.FixtureRequest) -> None:
    """With --update-golden, every runnable example is rewritten from the program's output
    (as long as it was: an example cut short by `…` or `| head` keeps its length)."""
    if not request.config.getoption("--update-golden"):
        pytest.skip("only with --update-golden")
    lines = README.splitlines()
    out: list[str] = []
    i = 0
    inside = False
    while i < len(lines):
        line = lines[i]
        out.append(line)
        i += 1
        if line.startswith("```"):
            inside = line == "```console" and not inside
            continue
        if not (inside and line.startswith("$ carbon ")):
            continue
        command = line[2:]
        shown: list[str] = []
        while i < len(lines) and not lines[i].startswith(("$ ", "```", "…")):
            shown.append(lines[i])
            i += 1
        if not runnable(command):
            out.extend(shown)
            continue
        cut = (i < len(lines) and lines[i].startswith("…")) or " | head -" in command
        real = run(command)
        out.extend(real[: len(shown)] if cut else real)
    (ROOT / "README.md").write_text("\n".join(out) + "\n", encoding="utf-8")


def test_readme_python_example_prints_what_it_shows() -> None:
    """The 用 Python 调用 example runs as written and prints the ```text block under it."""
    found = re.search(r"```python\n(.*?)```\s*```text\n(.*?)```", README, flags=re.S)
    assert found is not None, "README: the Python example and its output are missing"
    code, shown = found.groups()
    env = {**os.environ}
    env.pop("CARBON_DATA", None)
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, env=env, check=False
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == shown.splitlines()
