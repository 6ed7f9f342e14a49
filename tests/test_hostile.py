"""Hostile input, end to end: every case in tests/cases/hostile/ through the real `main()`.

A case is one YAML file (a case costs a file, not code):

    about: why the case exists
    args: [status, --observations, obs.csv]       # run in a fresh folder; {data} is the patched data copy
    files:                            # made in that folder before the run
      obs.csv: "indicator,year,value\\n"                     # text, written as UTF-8
      raw.csv: {hex: "89504e47"}                            # bytes
      big.csv: {text: "indicator,year,value\\n", repeat: x, times: 50000000}  # made at test time
      wide.csv: [{text: "a"}, {repeat: ",", times: 9}, {text: "b\\n"}]  # pieces, in turn
      gbk.csv: {text: "…", encoding: gb18030, newline: "\\r\\n"}
      loop.csv: {symlink: loop.csv}
      dir.csv: {folder: true}
      secret.csv: {text: "…", mode: 0}                     # unreadable (simulated for root)
      obs.xlsx: {workbook: {sheet: '<row r="1">…</row>', shared: {text: "…", repeat: x, times: 9}}}
                                      # a one-sheet .xlsx around <sheetData> (tests/workbooks.py);
                                      # sheet and shared (the shared strings) are text or
                                      # {text, repeat, times, tail}, made at test time
    data_patch:                       # a copy of the shipped data/ at ./data, edited
      - {file: targets.yaml, old: "indicators:\\n", new: "indicators: [\\n"}
      - {file: departments.yaml, text: "…", encoding: utf-16}  # the whole file replaced
      - {file: areas.yaml, delete: true}  # the file removed
    data_dir: "数据 目录"             # where the copy goes, if not ./data
    exit: 1
    stderr: '^data/targets\\.yaml:{line}:\\d+: YAML syntax'  # re.match on the first line;
                                      # {line}: the line where the first patch's `new` starts
    stdout: 'a regex searched in stdout'  # optional
    stdout_absent: ['text that must not be in stdout']  # optional

Whatever the case, the run must not raise, print a traceback or an escape character, write to or
change any input file (each is hashed before and after), and its stderr must be one line per
problem (exit 1) or one `carbon: …` line (exit 2).
"""

from __future__ import annotations

import builtins
import csv
import hashlib
import io
import os
import re
import shutil
import stat
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import BaseModel
from workbooks import write as write_workbook

from carbon_cli.cli import main
from carbon_cli.errors import DataError, Problem
from carbon_cli.loading import find_data, load_file, load_plan, packaged_data
from carbon_cli.models import DepartmentsFile, Indicator, TargetsFile, TasksFile
from carbon_cli.observations import read_observations
from carbon_cli.status import assess_all

ROOT = Path(__file__).resolve().parents[1]
HOSTILE = ROOT / "tests" / "cases" / "hostile"
CASES = sorted(HOSTILE.glob("*.yaml"))
PROBLEM_LINE = re.compile(r"^[^\n:]+(:\d+){0,2}: \S")  # path[:line[:col]]: message
PLAN = load_plan(find_data(packaged_data()))
KEYS = {
    "about",
    "args",
    "files",
    "data_patch",
    "data_dir",
    "exit",
    "stderr",
    "stdout",
    "stdout_absent",
}


def load_case(path: Path) -> dict[str, Any]:
    """A case file, checked for typos so that a misspelt key cannot silently test nothing."""
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(case, dict), path
    assert set(case) <= KEYS, f"{path.name}: unknown keys {set(case) - KEYS}"
    assert {"about", "args", "exit", "stderr"} <= set(case), f"{path.name}: a key is missing"
    return case


def expand(spec: str | dict[str, Any]) -> bytes:
    """Text, or text + repeat × times + tail, as UTF-8 bytes."""
    if isinstance(spec, str):
        return spec.encode("utf-8")
    return (
        spec.get("text", "").encode()
        + spec.get("repeat", "").encode() * spec.get("times", 0)
        + spec.get("tail", "").encode()
    )


def make_file(where: Path, spec: str | list[dict[str, Any]] | dict[str, Any]) -> None:
    """One input of a case, as its spec says."""
    if isinstance(spec, str):
        where.write_bytes(spec.encode("utf-8"))
        return
    if isinstance(spec, list):
        with where.open("wb") as out:
            for piece in spec:
                out.write(expand(piece))
        return
    if "workbook" in spec:
        book = spec["workbook"]
        shared = expand(book["shared"]) if "shared" in book else None
        write_workbook(where, expand(book["sheet"]), shared)
    elif "symlink" in spec:
        where.symlink_to(spec["symlink"])
    elif spec.get("folder"):
        where.mkdir()
    elif "hex" in spec:
        where.write_bytes(bytes.fromhex(spec["hex"]))
    else:
        text = spec.get("text", "").replace("\n", spec.get("newline", "\n"))
        with where.open("wb") as out:
            out.write(text.encode(spec.get("encoding", "utf-8")))
            if "repeat" in spec:
                out.write(spec["repeat"].encode() * spec["times"])
            out.write(spec.get("tail", "").encode())
    if "mode" in spec:
        where.chmod(spec["mode"])


def patch_data(folder: Path, patches: list[dict[str, Any]]) -> int | None:
    """Copy the shipped data to `folder` and edit it; the line where the first edit starts."""
    shutil.copytree(packaged_data(), folder)
    first: int | None = None
    for patch in patches:
        path = folder / patch["file"]
        if patch.get("delete"):  # e.g. areas.yaml: a folder without it takes any area name
            path.unlink()
            continue
        if "text" in patch:
            path.write_bytes(patch["text"].encode(patch.get("encoding", "utf-8")))
            first = 1 if first is None else first
            continue
        text = path.read_text(encoding="utf-8")
        at = text.find(patch["old"])
        assert at >= 0, f"{patch['file']} no longer holds {patch['old']!r}: update the case"
        if first is None:
            first = text.count("\n", 0, at) + 1 + patch.get("line_offset", 0)
        path.write_text(text[:at] + patch["new"] + text[at + len(patch["old"]) :], "utf-8")
    return first


def fingerprints(*folders: Path) -> dict[str, str]:
    """Path → content hash (or what it is) of everything under the folders, links not followed."""
    prints: dict[str, str] = {}
    for folder in folders:
        for dirpath, dirnames, filenames in os.walk(folder):
            for name in sorted(dirnames + filenames):
                path = Path(dirpath) / name
                info = path.lstat()
                key = str(path)
                if stat.S_ISREG(info.st_mode):
                    digest = hashlib.sha256()
                    path.chmod(info.st_mode | stat.S_IRUSR)  # to hash the unreadable case
                    with path.open("rb") as f:
                        for block in iter(lambda: f.read(1 << 20), b""):
                            digest.update(block)
                    path.chmod(info.st_mode)
                    prints[key] = f"{digest.hexdigest()} {info.st_mode:o} {info.st_mtime_ns}"
                elif stat.S_ISLNK(info.st_mode):
                    prints[key] = f"-> {path.readlink()}"
                else:
                    prints[key] = f"{stat.S_IFMT(info.st_mode):o}"
    return prints


WRITE_MODES = set("wax+")


def guard_io(monkeypatch: pytest.MonkeyPatch, touched: list[str]) -> None:
    """Record every file opened for writing, and make files without read permission unreadable
    even for root (CI runs as root, which reads any file whatever its mode)."""
    real_open: Callable[..., Any] = io.open
    real_fileio: Callable[..., Any] = io.FileIO

    def check(file: Any, mode: str) -> None:
        if isinstance(file, int):
            return
        if WRITE_MODES & set(mode):
            touched.append(str(file))
            return
        try:
            unreadable = not Path(file).stat().st_mode & 0o444
        except OSError:
            return  # let the real open say why
        if unreadable:
            raise PermissionError(13, "Permission denied", str(file))

    def guarded_open(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        check(file, mode)
        return real_open(file, mode, *args, **kwargs)

    def guarded_fileio(file: Any, mode: str = "r", *args: Any, **kwargs: Any) -> Any:
        check(file, mode)
        return real_fileio(file, mode, *args, **kwargs)

    monkeypatch.setattr(io, "open", guarded_open)
    monkeypatch.setattr(builtins, "open", guarded_open)
    monkeypatch.setattr(io, "FileIO", guarded_fileio)


def arrange(case: dict[str, Any], tmp_path: Path) -> tuple[int | None, list[Path]]:
    """Lay out a case's files (and its data patch) in tmp_path: the patched line, if any, and
    the folders whose files no run may change."""
    for name, spec in (case.get("files") or {}).items():
        make_file(tmp_path / name, spec)
    data = tmp_path / case.get("data_dir", "data")
    line = patch_data(data, case["data_patch"]) if "data_patch" in case else None
    return line, [tmp_path, packaged_data(), ROOT / "examples"]


@pytest.fixture
def quiet_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """The same terminal-free settings for every case."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("CARBON_CACHE", "off")
    monkeypatch.delenv("CARBON_DATA", raising=False)


@pytest.fixture
def restore_modes(tmp_path: Path) -> Iterator[None]:
    """Give unreadable files their permissions back, so pytest can clean tmp_path."""
    yield
    for path in tmp_path.rglob("*"):
        if not path.is_symlink() and path.is_file():
            path.chmod(0o644)


@pytest.mark.usefixtures("quiet_env", "restore_modes")
@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_hostile_case(
    case_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = load_case(case_file)
    monkeypatch.chdir(tmp_path)
    line, inputs = arrange(case, tmp_path)
    before = fingerprints(*inputs)
    touched: list[str] = []
    guard_io(monkeypatch, touched)

    code = main([str(a) for a in case["args"]])

    monkeypatch.undo()
    out, err = capsys.readouterr()
    assert code == case["exit"], err
    assert touched == [], "an input or other file was opened for writing"
    assert fingerprints(*inputs) == before, "an input file changed"
    assert "Traceback" not in err
    assert "internal error" not in err
    assert "\x1b" not in out + err, "an escape character reached the terminal"
    expected = case["stderr"].replace("{line}", str(line))
    first = err.splitlines()[0] if err else ""
    assert re.match(expected, first), f"stderr's first line: {first!r}"
    if code == 2:
        assert err.startswith("carbon: ")
        assert err.count("\n") == 1
        assert out == ""
    elif code == 1:
        for text in err.splitlines():
            assert PROBLEM_LINE.match(text) or text.startswith("carbon validate: "), text
        if case["args"][0] != "validate":
            assert out == ""
    if "stdout" in case:
        assert re.search(case["stdout"], out), out[:2000]
    for text in case.get("stdout_absent", []):
        assert text not in out


def test_the_corpus_is_there() -> None:
    """The issue asks for at least these cases; a deleted file would silently drop one."""
    assert len(CASES) >= 60
    names = {c.stem for c in CASES}
    for needed in ("yaml-alias-bomb", "csv-50mb-line", "csv-symlink-loop", "opt-format-xml"):
        assert needed in names


# ---- properties: arbitrary input never raises anything but the tool's own data error ----

INDICATORS = [
    Indicator.model_validate(
        {"id": "forest_cover", "name": "森林覆盖率", "unit": "%", "targets": []}
    ),
    Indicator.model_validate(
        {"id": "road_density", "name": "道路网密度", "unit": "公里/平方公里", "targets": []}
    ),
]
HEADERS = ["", "indicator,year,value\n", "indicator,year,value,area,source,note,name,unit\n"]
TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=400)


def read_one(folder: Path, data: bytes) -> list[Problem]:
    """Read `data` as an observations file; every problem must be about that file."""
    path = folder / "obs.csv"
    path.write_bytes(data)
    found, problems = read_observations([path], INDICATORS)
    assert all(isinstance(p, Problem) and p.path == str(path) for p in problems)
    assert all(p.line is None or p.line >= 1 for p in problems)
    assert all(
        isinstance(v, Decimal) and v.is_finite() for s in found.series.values() for v in s.values()
    )
    return problems


@settings(max_examples=200, deadline=None)
@given(header=st.sampled_from(HEADERS), body=st.binary(max_size=600))
def test_csv_reader_any_bytes(
    tmp_path_factory: pytest.TempPathFactory, header: str, body: bytes
) -> None:
    """Any bytes, after a header or not: observations and problems, never an exception."""
    read_one(tmp_path_factory.mktemp("bytes"), header.encode() + body)


@settings(max_examples=200, deadline=None)
@given(
    header=st.sampled_from(HEADERS),
    body=TEXT,
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030", "utf-16"]),
)
def test_csv_reader_any_text(
    tmp_path_factory: pytest.TempPathFactory, header: str, body: str, encoding: str
) -> None:
    """Any text in any encoding Excel or WPS might use: never an exception."""
    read_one(tmp_path_factory.mktemp("text"), (header + body).encode(encoding))


MODELS: dict[str, type[BaseModel]] = {
    "departments.yaml": DepartmentsFile,
    "tasks.yaml": TasksFile,
    "targets.yaml": TargetsFile,
}


def load_or_problems(folder: Path, name: str, data: bytes) -> None:
    """Load `data` as data file `name`: a model, or a DataError naming that file."""
    path = folder / name
    path.write_bytes(data)
    problems: list[Problem] = []
    try:
        load_file(path, name, MODELS[name])
    except DataError as e:
        problems = e.problems
    assert all(p.path == name for p in problems)


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(MODELS)), text=TEXT)
def test_yaml_loader_any_text(
    tmp_path_factory: pytest.TempPathFactory, name: str, text: str
) -> None:
    """Any text as a data file: the model or a DataError, never another exception."""
    load_or_problems(tmp_path_factory.mktemp("yaml"), name, text.encode("utf-8"))


@settings(max_examples=200, deadline=None)
@given(name=st.sampled_from(sorted(MODELS)), data=st.binary(max_size=300))
def test_yaml_loader_any_bytes(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: bytes
) -> None:
    """Any bytes as a data file: the model or a DataError, never another exception."""
    load_or_problems(tmp_path_factory.mktemp("yaml"), name, data)


# What YAML gives meaning to, and characters it refuses
YAML_BITS = [*":-[]{}&*!|>'\"#%@`?,\t\n ", "\x00", "\x1b", "\ufeff", "9", "é", ": ", "\n- "]
SHIPPED = {name: (packaged_data() / name).read_text(encoding="utf-8") for name in MODELS}


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(sorted(MODELS)), data=st.data())
def test_yaml_loader_edited_data_files(
    tmp_path_factory: pytest.TempPathFactory, name: str, data: st.DataObject
) -> None:
    """The shipped files with a few characters inserted, deleted or replaced (the slips of a
    hand edit): the model or a DataError, never another exception."""
    text = SHIPPED[name][:6000]  # the start of each file holds every level of its structure
    for _ in range(data.draw(st.integers(1, 3))):
        at = data.draw(st.integers(0, len(text)))
        bit = data.draw(st.sampled_from(YAML_BITS))
        cut = data.draw(st.integers(0, 3))
        text = text[:at] + bit + text[at + cut :]
    load_or_problems(tmp_path_factory.mktemp("edit"), name, text.encode("utf-8"))


# ---- properties: a valid file reads back equal however it was saved ----

# one of each kind: at_least, reduce_by (with a base year), peak
SHIPPED_INDICATORS = ["forest_coverage", "energy_intensity", "co2_emissions"]
AREAS = ["全市", "榕城区", "普宁市", "area with spaces", "=looks like a formula"]
VALUES = st.decimals(min_value=-(10**9), max_value=10**9, places=4, allow_nan=False)
# inside the shipped indicators' ranges (min 0; max 100 for a share in %)
PLAUSIBLE = st.decimals(min_value=0, max_value=100, places=4, allow_nan=False)


@st.composite
def observation_sets(
    draw: st.DrawFn,
    indicators: list[str] | None = None,
    values: st.SearchStrategy[Decimal] = VALUES,
) -> dict[tuple[str, str, int], Decimal]:
    """(indicator, area, year) → value."""
    keys = draw(
        st.sets(
            st.tuples(
                st.sampled_from(indicators or [i.id for i in INDICATORS]),
                st.sampled_from(AREAS),
                st.integers(1900, 2100),
            ),
            max_size=12,
        )
    )
    return {key: draw(values) for key in sorted(keys)}


@settings(max_examples=150, deadline=None)
@given(
    observed=observation_sets(),
    order=st.permutations(["indicator", "year", "value", "area", "source"]),
    by_name=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    newline=st.sampled_from(["\n", "\r\n", "\r"]),
    quoting=st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL]),
    blank_lines=st.booleans(),
)
def test_observations_file_round_trip(
    tmp_path_factory: pytest.TempPathFactory,
    observed: dict[tuple[str, str, int], Decimal],
    order: list[str],
    by_name: bool,
    encoding: str,
    newline: str,
    quoting: int,
    blank_lines: bool,
) -> None:
    """Any valid set of observations, written with its columns in any order, indicators by id
    or Chinese name, in any accepted encoding, line end and quoting, with blank lines between
    rows, reads back equal."""
    names = {i.id: i.name for i in INDICATORS}
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline, quoting=quoting)
    writer.writerow(order)
    for (indicator, area, year), value in observed.items():
        cells = {
            "indicator": names[indicator] if by_name else indicator,
            "year": str(year),
            "value": format(value, "f"),
            "area": area,
            "source": "统计公报, p. 3",
        }
        writer.writerow([cells[c] for c in order])
        if blank_lines:
            out.write(newline)
    path = tmp_path_factory.mktemp("round") / "obs.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    found, problems = read_observations([path], INDICATORS)
    assert problems == []
    got = {
        (indicator, area, year): value
        for (indicator, area), series in found.series.items()
        for year, value in series.items()
    }
    assert got == observed


@settings(max_examples=60, deadline=None)
@given(
    mine=observation_sets(SHIPPED_INDICATORS, PLAUSIBLE),
    theirs=observation_sets(SHIPPED_INDICATORS, PLAUSIBLE),
    area=st.sampled_from(AREAS),
)
def test_other_areas_change_nothing(
    tmp_path_factory: pytest.TempPathFactory,
    mine: dict[tuple[str, str, int], Decimal],
    theirs: dict[tuple[str, str, int], Decimal],
    area: str,
) -> None:
    """An area's statuses, end to end from CSV: other areas' rows in the same file change
    nothing (other indicators: tests/test_status.py)."""
    own = {(i, area, y): v for (i, _, y), v in mine.items()}
    others = {k: v for k, v in theirs.items() if k[1] != area}
    folder = tmp_path_factory.mktemp("areas")
    results = []
    for name, rows in (("alone.csv", own), ("crowded.csv", {**others, **own})):
        lines = ["indicator,year,value,area"]
        lines += [f'{i},{y},{v},"{a}"' for (i, a, y), v in sorted(rows.items())]
        (folder / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
        found, problems = read_observations([folder / name], PLAN.targets.indicators)
        assert problems == []
        results.append(
            assess_all(
                PLAN.targets.indicators,
                found.for_area(area),
                year=2030,
                reference_year=PLAN.targets.reference_year,
                area=area,
            )
        )
    assert results[0] == results[1]
