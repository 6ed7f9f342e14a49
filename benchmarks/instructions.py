"""Count the instructions of `carbon status` and of the floor: python benchmarks/instructions.py.

Wall-clock ratios on a shared machine swing by ±5 % from run to run; instruction counts do not
(they move by well under 1 %). This runs `benchmarks/floor.py` and `carbon status --year 2025
--format json` once each under `valgrind --tool=callgrind` (about 20 s each) and prints both
counts and their ratio, the figure docs/performance.md follows. The plan cache is filled first,
as `run.py`'s warm-up round fills it. Needs valgrind; exit 2 without it.
`--limit R` exits 1 when the ratio is above R.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

from carbon_command import CARBON, PYTHON, STATUS, compile_carbon

HERE = Path(__file__).resolve().parent
COLLECTED = re.compile(r"Collected : (\d+)")


def instructions(command: list[str]) -> int:
    """The instructions one run of `command` executes, as callgrind counts them."""
    done = subprocess.run(
        ["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null", *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=False,
    )
    found = COLLECTED.search(done.stderr)
    if done.returncode != 0 or found is None:
        sys.exit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr[-500:]}")
    return int(found.group(1))


def main() -> int:
    """Print the two counts and their ratio."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=float, help="exit 1 when status/floor is above this")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing counted", file=sys.stderr)
        return 2
    compile_carbon()
    subprocess.run([*CARBON, *STATUS], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    floor = instructions([PYTHON, str(HERE / "floor.py")])
    status = instructions([*CARBON, *STATUS])
    ratio = status / floor
    print(f"floor  {floor / 1e6:8.1f} M instructions")
    print(f"status {status / 1e6:8.1f} M instructions")
    print(f"ratio  {ratio:8.3f}" + ("" if args.limit is None else f" (limit {args.limit})"))
    return 1 if args.limit is not None and ratio > args.limit else 0


if __name__ == "__main__":
    sys.exit(main())
