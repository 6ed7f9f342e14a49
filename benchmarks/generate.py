"""Write a deterministic observations CSV of a given size: python benchmarks/generate.py ROWS PATH
[--areas AREAS.yaml].

Many areas and years, every row valid per CONTRACT.md for the shipped indicators that take
observations (not those holding only milestones), each value inside its indicator's min/max and
no share written as a fraction: mostly ids and plain numbers as a statistics system exports
them, with some Chinese names, percent signs and thousands separators as people type them.
`--areas` writes the areas.yaml of a data folder listing every area of the file (a province-wide
folder brings its own list), so that the file reads without a problem.
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


def indicators() -> list[tuple[str, str, str, float, float]]:
    """(id, name, unit, low, high) of every shipped indicator that takes observations."""
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    return [
        (i["id"], i["name"], i["unit"], max(i.get("min") or 0, 0.5), i.get("max") or 5000)
        for i in data["indicators"]
        if any(t["kind"] != "milestone" for t in i["targets"])
    ]


def rows(count: int) -> list[list[str]]:
    """`count` rows: area by area, indicator by indicator, year by year; no key twice."""
    rng = random.Random(20230435)  # the same file for the same count, on any machine
    found: list[list[str]] = []
    inds = indicators()
    area = 0
    while len(found) < count:
        area += 1
        name = f"县区{area:04d}"
        for ind, label, unit, low, high in inds:
            for year in YEARS:
                # a share of 1 % or more: a value between 0 and 1 would be warned of as a fraction
                value = rng.uniform(max(low, 1.0) if unit == "%" else low, high)
                text = f"{value:.2f}"
                roll = rng.random()
                if roll < 0.05 and unit == "%":
                    text = f"{value:.1f}%"
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
    parser.add_argument("--areas", type=Path, help="also write this areas.yaml")
    args = parser.parse_args()
    found = rows(args.rows)
    with args.path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, lineterminator="\r\n")  # as Excel writes it
        writer.writerow(["indicator", "year", "value", "area", "source"])
        writer.writerows(found)
    if args.areas is not None:
        names = dict.fromkeys(row[3] for row in found)
        listed = [{"name": "全市", "kind": "city"}] + [{"name": n, "kind": "county"} for n in names]
        args.areas.write_text(
            yaml.safe_dump({"areas": listed}, allow_unicode=True), encoding="utf-8"
        )


if __name__ == "__main__":
    main()
