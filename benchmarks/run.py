"""Time carbon against plain-Python yardsticks and print the ratios: python benchmarks/run.py.

Cold start: `carbon status --year 2025 --format json`, `carbon --help` and `carbon validate` against
`python -c "import typer, pydantic, yaml, rich.table"`, and `status` (with the plan cache and
without) against `benchmarks/floor.py`, a typer app with the same options doing nothing.
Throughput: `carbon status --observations` on a 1,000,000-row file (its areas listed in the
data folder's areas.yaml, every value in range) against a csv.reader + float() loop over it,
with polars (the `fast` extra) and without (CARBON_FASTCSV=0). Growth:
the same command on 100,000 and 1,000,000 rows. Commands run interleaved, after warm-ups; the
median of the runs is compared. hyperfine is not needed. Exit status 1 when a goal is missed.
`--cold-only` runs the cold-start rows alone.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from carbon_command import CARBON, PYTHON, STATUS, compile_carbon

HERE = Path(__file__).resolve().parent


def timed(
    commands: dict[str, list[str]], runs: int, env: dict[str, dict[str, str]]
) -> dict[str, float]:
    """Median seconds of each command, run interleaved after one warm-up each."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    for n in range(runs + 1):
        for name, command in commands.items():
            start = time.perf_counter()
            done = subprocess.run(
                command,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.PIPE,
                env={**os.environ, **env.get(name, {})},
                check=False,
            )
            took = time.perf_counter() - start
            if done.returncode != 0:
                sys.exit(f"{name}: exit {done.returncode}: {done.stderr.decode()[-500:]}")
            if n:  # the first round warms the disk cache and the plan cache
                times[name].append(took)
    return {name: statistics.median(t) for name, t in times.items()}


def main() -> int:
    """Run the three comparisons and print the table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9, help="timed runs per command")
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--cold-only", action="store_true", help="only the cold-start rows")
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        import polars  # noqa: F401
    except ImportError:
        fast = False
    else:
        fast = True
    rows: list[tuple[str, str, float, float | None]] = []  # goal, what, ratio, limit
    compile_carbon()

    cold = timed(
        {
            "baseline": [PYTHON, "-c", "import typer, pydantic, yaml, rich.table"],
            "floor": [PYTHON, str(HERE / "floor.py")],
            "status": [*CARBON, *STATUS],
            "status-no-cache": [*CARBON, *STATUS],
            "help": [*CARBON, "--help"],
            "validate": [*CARBON, "validate"],
        },
        args.runs * 2,
        {"status-no-cache": {"CARBON_CACHE": "off"}},
    )
    for name, label in (
        ("floor", "(a typer app doing nothing: no goal)"),
        ("status", "carbon status --year 2025 --format json"),
        ("help", "carbon --help"),
        ("validate", "carbon validate"),
    ):
        limit = None if name == "floor" else 1.2
        rows.append(("cold start", label, cold[name] / cold["baseline"], limit))
    # against the floor: what carbon adds to what any typer app with its options costs
    rows.append(("vs floor", "status (plan from the cache)", cold["status"] / cold["floor"], 1.15))
    rows.append(
        ("vs floor", "status, CARBON_CACHE=off", cold["status-no-cache"] / cold["floor"], None)
    )
    if args.cold_only:
        return report(rows, cold, started)

    with tempfile.TemporaryDirectory() as tmp:
        big, small = Path(tmp) / f"obs-{args.rows}.csv", Path(tmp) / f"obs-{args.rows // 10}.csv"
        # a data folder listing the file's areas (县区0001 …), as a province-wide one would
        data = Path(tmp) / "data"
        data.mkdir()
        for name in ("departments.yaml", "tasks.yaml", "targets.yaml"):
            shutil.copy(HERE.parent / "data" / name, data / name)
        for path, count in ((big, args.rows), (small, args.rows // 10)):
            areas = ["--areas", str(data / "areas.yaml")] if path is big else []
            subprocess.run(
                [PYTHON, str(HERE / "generate.py"), str(count), str(path), *areas], check=True
            )
        status = [*CARBON, *STATUS, "--data", str(data)]
        status.append("--observations")
        pure = {"CARBON_FASTCSV": "0"}
        commands = {"loop": [PYTHON, str(HERE / "loop.py"), str(big)], "pure": [*status, str(big)]}
        if fast:
            commands["native"] = [*status, str(big)]
        through = timed(commands, max(3, args.runs // 3), {"pure": pure})
        if fast:
            rows.append(
                (
                    "throughput",
                    "status on 1M rows, polars",
                    through["native"] / through["loop"],
                    1.0,
                )
            )
        rows.append(
            ("throughput", "status on 1M rows, pure Python", through["pure"] / through["loop"], 3.0)
        )
        growth = timed(
            {"small": [*status, str(small)], "small-pure": [*status, str(small)]},
            max(3, args.runs // 3),
            {"small-pure": pure},
        )
        big_time = through["native"] if fast else through["pure"]
        rows.append(
            (
                "growth",
                f"100k → 1M rows, {'polars' if fast else 'pure'}",
                big_time / growth["small"],
                11.0,
            )
        )
        rows.append(
            ("growth", "100k → 1M rows, pure Python", through["pure"] / growth["small-pure"], 11.0)
        )

    return report(rows, {**cold, **through}, started)


def report(
    rows: list[tuple[str, str, float, float | None]], medians: dict[str, float], started: float
) -> int:
    """Print the table; 1 when a goal is missed."""
    machine = platform.processor() or platform.machine()
    print(f"machine: {machine}, {os.cpu_count()} CPUs, Python {platform.python_version()}")
    print("medians: " + ", ".join(f"{k} {v * 1000:.0f} ms" for k, v in medians.items()))
    print()
    print(f"| {'goal':<10} | {'measured':<40} | ratio | limit | |")
    print(f"|{'-' * 12}|{'-' * 42}|-------|-------|---|")
    missed = 0
    for goal, what, ratio, limit in rows:
        ok = limit is None or ratio <= limit
        missed += not ok
        verdict = "" if limit is None else "ok" if ok else "MISSED"
        bound = "" if limit is None else f"≤ {limit}"
        print(f"| {goal:<10} | {what:<40} | {ratio:5.2f} | {bound:<5} | {verdict} |")
    print(
        f"\n{time.perf_counter() - started:.0f} s; {missed} goal(s) missed"
        if missed
        else f"\n{time.perf_counter() - started:.0f} s; every goal met"
    )
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
