"""How the validated plan is best kept between runs: python benchmarks/plan_cache.py [--runs N].

Each way is timed in fresh processes, interleaved, from reading the stored bytes (or the YAML) to
the three models in hand, after carbon's models are imported:
- yaml: no cache, the three YAML files parsed (libyaml) and validated (what a cache miss costs);
- json+model_validate: the models' JSON validated again (builds pydantic's validators);
- json+model_construct: the models' JSON rebuilt without validation (carbon's cache);
- pickle: the old cache, for reference only (loading a pickle can run code).
Prints the median milliseconds of each, and of the whole process.
"""

from __future__ import annotations

import argparse
import json
import os
import pickle
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WAYS = ("yaml", "json+model_validate", "json+model_construct", "pickle")


def child(way: str, store: Path) -> None:
    """One load, timed: print milliseconds."""
    from carbon_cli import cache
    from carbon_cli.loading import FILES, load_text, packaged_data
    from carbon_cli.models import DepartmentsFile, TargetsFile, TasksFile

    models = (DepartmentsFile, TasksFile, TargetsFile)
    start = time.perf_counter()
    if way == "yaml":
        data = packaged_data()
        plan = tuple(
            load_text((data / FILES[n]).read_text("utf-8"), n, m)[0]
            for n, m in zip(("departments", "tasks", "targets"), models, strict=True)
        )
    elif way == "pickle":
        plan = pickle.loads((store / "plan.pickle").read_bytes())
    elif way == "json+model_validate":
        raw = json.loads((store / "plan.json").read_bytes())
        plan = tuple(m.model_validate(d, strict=False) for m, d in zip(models, raw, strict=True))
    else:
        raw = json.loads((store / "plan.json").read_bytes())
        plan = tuple(cache._builder(m)(d) for m, d in zip(models, raw, strict=True))
    took = time.perf_counter() - start
    assert len(plan) == 3
    print(f"{took * 1000:.2f}")


def main() -> None:
    """Store the plan both ways, then time each way of loading it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--child", choices=WAYS)
    parser.add_argument("--store", type=Path)
    args = parser.parse_args()
    if args.child:
        child(args.child, args.store)
        return
    from carbon_cli.loading import DataSource, load_plan, packaged_data

    os.environ["CARBON_CACHE"] = "off"
    plan = load_plan(DataSource(packaged_data(), "packaged"))
    models = (plan.departments, plan.tasks, plan.targets)
    with tempfile.TemporaryDirectory() as tmp:
        store = Path(tmp)
        (store / "plan.pickle").write_bytes(pickle.dumps(models, pickle.HIGHEST_PROTOCOL))
        text = json.dumps([m.model_dump(mode="json") for m in models], ensure_ascii=False)
        (store / "plan.json").write_text(text, encoding="utf-8")
        loads: dict[str, list[float]] = {w: [] for w in WAYS}
        walls: dict[str, list[float]] = {w: [] for w in WAYS}
        command = [sys.executable, __file__, "--store", str(store), "--child"]
        for n in range(args.runs + 1):
            for way in WAYS:
                start = time.perf_counter()
                done = subprocess.run([*command, way], capture_output=True, text=True, check=True)
                if n:  # the first round warms the disk cache
                    walls[way].append(time.perf_counter() - start)
                    loads[way].append(float(done.stdout))
    print("| way | load (ms) | whole process (ms) |\n|---|---|---|")
    for way in WAYS:
        load = statistics.median(loads[way])
        wall = statistics.median(walls[way]) * 1000
        print(f"| {way} | {load:.1f} | {wall:.0f} |")


if __name__ == "__main__":
    main()
