"""Bounded work on small hostile input: devices and FIFOs are not read, invalid UTF-8 is placed,
positions are found without rescanning, the cross-file checks squash each task once, and at
most 1000 problems are listed per file. No timings: the tests count the work instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from carbon_cli import checks, yamlparse
from carbon_cli.cli import main
from carbon_cli.errors import DataError, Problem
from carbon_cli.loading import DataSource, load_file, load_plan, packaged_data, read_text
from carbon_cli.models import DepartmentsFile

ROOT = Path(__file__).resolve().parents[1]


def problems_of(path: Path, shown: str = "d.yaml") -> list[Problem]:
    with pytest.raises(DataError) as raised:
        load_file(path, shown, DepartmentsFile)
    return raised.value.problems


# ---- readers of the data files ------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
def test_a_symlink_to_dev_zero_is_refused_not_read(tmp_path: Path) -> None:
    """It was read until the kernel killed the process (24 GB)."""
    link = tmp_path / "targets.yaml"
    link.symlink_to("/dev/zero")
    with pytest.raises(DataError) as raised:
        read_text(link, "data/targets.yaml")
    (problem,) = raised.value.problems
    assert problem.code == "not-a-file"
    assert str(problem).startswith("data/targets.yaml: 不是普通文件")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs")
def test_a_fifo_is_refused_without_waiting_for_a_writer(tmp_path: Path) -> None:
    fifo = tmp_path / "tasks.yaml"
    os.mkfifo(fifo)
    with pytest.raises(DataError) as raised:
        read_text(fifo, "tasks.yaml")  # a blocking open would hang here: no writer ever comes
    assert raised.value.problems[0].code == "not-a-file"


def test_a_file_is_read_only_up_to_the_limit(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The size stat() reports is not trusted: the read stops at MAX_BYTES + 1 whatever it is."""
    from carbon_cli import loading

    path = tmp_path / "big.yaml"
    path.write_bytes(b"a" * 5000)
    asked: list[int] = []
    real_read = os.read

    def counting_read(fd: int, n: int) -> bytes:
        asked.append(n)
        return real_read(fd, n)

    monkeypatch.setattr(loading, "MAX_BYTES", 1000)
    monkeypatch.setattr(os, "read", counting_read)
    real_fstat = os.fstat

    def lying_fstat(fd: int) -> os.stat_result:
        info = real_fstat(fd)
        return os.stat_result((*info[:6], 10, *info[7:]))  # st_size says 10 bytes

    monkeypatch.setattr(os, "fstat", lying_fstat)
    with pytest.raises(DataError) as raised:
        read_text(path, "big.yaml")
    assert raised.value.problems[0].code == "file-too-large"
    assert sum(asked) <= 1001 + 1001


@pytest.mark.parametrize(
    ("data", "line", "col", "byte"),
    [
        (b"departments:\n- name: \xe4\xb8\xad\xff\n", 2, 10, "0xff"),
        (b"\xef\xbb\xbfa: 1\nb: \xe9t\xe9\n", 2, 4, "0xe9"),
        (b"\xff\xfea\x00", 1, 1, "0xff"),
        (b"a: 1\n" * 7000 + b"b: \xc3\x28\n", 7001, 4, "0xc3"),
    ],
    ids=["after Chinese", "after a BOM", "UTF-16", "deep in the file"],
)
def test_invalid_utf8_is_placed_by_line_and_column(
    tmp_path: Path, data: bytes, line: int, col: int, byte: str
) -> None:
    """It was 'byte 36408'; the column counts characters, as an editor does."""
    path = tmp_path / "d.yaml"
    path.write_bytes(data)
    (problem,) = problems_of(path)
    assert (problem.line, problem.col, problem.code) == (line, col, "not-utf8")
    assert problem.message == f"不是 UTF-8 文本（字节 {byte}）(not UTF-8 text)"


def test_a_nul_byte_is_placed_by_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_bytes(b"departments:\n- name: ab\x00c\n")
    (problem,) = problems_of(path)
    assert (problem.line, problem.col, problem.code) == (2, 11, "yaml-control-character")


# ---- positions, the cap, the checks ---------------------------------------------------------------


def test_eighty_thousand_unknown_keys(tmp_path: Path) -> None:
    """373 s before (a scan of the mapping per error); 1000 problems and a count now."""
    keys = "".join(f"  k{n}: 1\n" for n in range(80_000))
    path = tmp_path / "d.yaml"
    path.write_text(
        f"departments:\n- name: 市发展改革局\n  kind: municipal_department\n{keys}", "utf-8"
    )
    problems = problems_of(path)
    assert len(problems) == 1001
    assert problems[0].at() == ("d.yaml", 4, 3, "unknown-field")
    assert problems[999].line == 1003
    last = problems[-1]
    assert last.code == "too-many-problems"
    assert last.message.startswith("… 另有 79000 个问题未列出")
    assert last.line == 1004  # the first not listed


def test_a_mapping_is_indexed_once_for_any_number_of_lookups() -> None:
    root, _ = yamlparse.parse_yaml("".join(f"k{n}: {n}\n" for n in range(5000)), "x")
    before = len(yamlparse._KEYS)
    for n in range(0, 5000, 7):
        assert yamlparse.node_at(root, [f"k{n}"]).value == str(n)
    assert len(yamlparse._KEYS) == before + 1
    assert yamlparse.node_at(root, ["missing"]) is root
    assert yamlparse.node_at(root, ["k3"], key=True).value == "k3"


def test_a_million_problems_are_not_a_million_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """1.2 M problem lines from one YAML; docs promise at most 1000 per file."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    data = Path("data")
    data.mkdir()
    for name in ("tasks.yaml", "targets.yaml"):
        (data / name).write_bytes((packaged_data() / name).read_bytes())
    (data / "departments.yaml").write_text("departments:\n" + "- {}\n" * 3000, "utf-8")
    assert main(["validate", "--data", "data"]) == 1
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1000 + 2  # and the summary of `carbon validate`
    assert err[1000].startswith("data/departments.yaml:")
    assert "… 另有 5000 个问题未列出" in err[1000]


def test_duplicate_keys_are_capped_too(tmp_path: Path) -> None:
    path = tmp_path / "d.yaml"
    path.write_text("departments:\n- name: x\n" + "  kind: municipal_department\n" * 3000, "utf-8")
    problems = problems_of(path)
    assert len(problems) == 1001
    assert {p.code for p in problems[:1000]} == {"duplicate-key"}
    assert "另有 1999 个问题" in problems[-1].message


def test_each_task_is_squashed_once_however_many_targets_it_has(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A 4.7 MB body with 3000 targets took over 300 s: the body was squashed per target."""
    data = tmp_path / "data"
    data.mkdir()
    for name in ("departments.yaml", "tasks.yaml"):
        (data / name).write_bytes((packaged_data() / name).read_bytes())
    targets = "".join(
        f"  - id: t{n}\n    kind: at_least\n    value: 1\n    year: 2025\n    task: '1'\n"
        f"    quote: 碳达峰\n"
        for n in range(300)
    )
    (data / "targets.yaml").write_text(
        f"reference_year: 2020\nindicators:\n- id: many\n  name: 很多\n  unit: 项\n  targets:\n{targets}",
        "utf-8",
    )
    monkeypatch.setenv("CARBON_CACHE", "off")
    try:
        plan = load_plan(DataSource(data, "--data"))
    except DataError as e:  # the shipped format may differ: say what it refused
        pytest.fail(str(e))
    body = next(t for g in plan.tasks.groups for t in g.tasks if t.id == "1").body
    calls: list[str] = []
    real = checks.squash

    def counting(text: str) -> str:
        calls.append(text)
        return real(text)

    monkeypatch.setattr(checks, "squash", counting)
    checks.check_plan(plan)
    assert calls.count(body) == 1


def test_a_file_of_too_many_values_is_refused_where_the_limit_is_passed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A million `- {}` lines in 5 MB took 55 s and 2.3 GB before one problem was shown."""
    monkeypatch.setattr(yamlparse, "MAX_NODES", 50)
    made: list[str] = []
    real = yamlparse._Loader

    def counting(text: str, path: str) -> yamlparse._Loader:
        made.append(path)
        return real(text, path)

    monkeypatch.setattr(yamlparse, "_Loader", counting)
    with pytest.raises(DataError) as raised:
        yamlparse.parse_yaml("departments:\n" + "- {}\n" * 100, "d.yaml")
    (problem,) = raised.value.problems
    # nodes: the root mapping, its key, the list, then one per item: the 48th item is the 51st
    assert problem.at() == ("d.yaml", 49, 3, "yaml-too-large")  # the `{}` after "- "
    if yamlparse._CLoader is not None:
        assert made == []  # libyaml's finding stands: the slow parser does not read it again
