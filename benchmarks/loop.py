"""The yardstick: read an observations CSV with csv.reader and convert each value with float()."""

import csv
import sys

with open(sys.argv[1], encoding="utf-8-sig", newline="") as file:  # noqa: PTH123 (plain Python)
    rows = csv.reader(file)
    header = next(rows)
    column = header.index("value")
    total = 0.0
    for row in rows:
        try:  # noqa: SIM105 (the plain loop people write; suppress() is slower)
            total += float(row[column])
        except ValueError:  # 23.1% or 1,234.5: float() cannot, and the loop moves on
            pass
