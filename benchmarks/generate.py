"""Write a deterministic observations CSV of a given size: python benchmarks/generate.py ROWS PATH.

Many areas and years, every row valid per CONTRACT.md for the shipped indicators: mostly ids and
plain numbers as a statistics system exports them, with some Chinese names, percent signs and
thousands separators as people type them.
"""

from __future__ import annotations

import argparse
import csv
import random
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data" / "targets.yaml"
YEARS = range(2000, 2041)
SOURCES = ("揭阳统计年鉴", "县区统计公报", "能源平衡表, 2024")


def indicators() -> list[tuple[str, str, str]]:
    """(id, name, unit) of every shipped indicator."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return [(i["id"], i["name"], i["unit"]) for i in data["indicators"]]


def rows(count: int) -> list[list[str]]:
    """`count` rows: area by area, indicator by indicator, year by year; no key twice."""
    rng = random.Random(20230435)  # the same file for the same count, on any machine
    found: list[list[str]] = []
    inds = indicators()
    area = 0
    while len(found) < count:
        area += 1
        name = f"县区{area:04d}"
        for ind, label, unit in inds:
            for year in YEARS:
                value = rng.uniform(0.5, 5000)
                text = f"{value:.2f}"
                roll = rng.random()
                if roll < 0.05 and unit == "%":
                    text = f"{value / 50:.1f}%"
                elif roll < 0.08 and value >= 1000:
                    text = f"{value:,.1f}"
                found.append(
                    [label if roll > 0.97 else ind, str(year), text, name, SOURCES[year % 3]]
                )
                if len(found) == count:
                    return found
    return found


def main() -> None:
    """Write the file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("rows", type=int)
    parser.add_argument("path", type=Path)
    args = parser.parse_args()
    with args.path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # as Excel writes it
        writer.writerow(["indicator", "year", "value", "area", "source"])
        writer.writerows(rows(args.rows))


if __name__ == "__main__":
    main()
