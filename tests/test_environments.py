"""Hard environments for the installed `carbon`: ASCII locales, pipes closed early, Ctrl-C,
narrow and wide terminals, NO_COLOR, TERM=dumb, a TTY, read-only folders, and the same bytes out
for the same input whatever the hash seed."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import pty
import re
import shutil
import signal
import stat
import subprocess
import sys
import time
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from carbon_cli.loading import packaged_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
# the console script on PATH, else the one beside this Python (a venv not activated)
CARBON = shutil.which("carbon") or shutil.which("carbon", path=str(Path(sys.executable).parent))
pytestmark = pytest.mark.skipif(CARBON is None, reason="the console script is not installed")
COLOUR = re.compile(r"\x1b\[[0-9;]*(?:3[0-9]|9[0-7]|38;)[0-9;]*m")  # SGR colour, not bold
NOISE = re.compile(r"\d\.\d*(?:0{7,}|9{7,})\d")  # 23.099999999999998, 0.30000000000000004


def env(**changes: str | None) -> dict[str, str]:
    """The test's environment, CARBON_DATA unset, with changes (None removes a variable)."""
    result = {k: v for k, v in os.environ.items() if k != "CARBON_DATA"}
    for key, value in changes.items():
        if value is None:
            result.pop(key, None)
        else:
            result[key] = value
    return result


def carbon(
    *args: str, cwd: Path = ROOT, **changes: str | None
) -> subprocess.CompletedProcess[bytes]:
    """Run the installed `carbon`, bytes in and out."""
    assert CARBON is not None
    return subprocess.run(
        [CARBON, *args], capture_output=True, cwd=cwd, env=env(**changes), timeout=120, check=False
    )


def width(line: str) -> int:
    """Terminal cells a line takes (CJK characters take two)."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize(
    "changes",
    [
        {"LANG": "C", "LC_ALL": "C", "PYTHONIOENCODING": None},
        {"PYTHONIOENCODING": "ascii"},
        {"PYTHONIOENCODING": "latin-1"},
    ],
    ids=["LANG=C", "PYTHONIOENCODING=ascii", "latin-1"],
)
@pytest.mark.parametrize("fmt", ["table", "json"])  # rich's console, and a plain write
def test_chinese_output_where_stdout_is_not_utf8(changes: dict[str, str | None], fmt: str) -> None:
    """Stdout and stderr fall back to UTF-8: the Chinese is written, not a UnicodeEncodeError."""
    result = carbon(
        "status",
        "--year",
        "2025",
        "--observations",
        str(EXAMPLE),
        "--task",
        "29",
        "-f",
        fmt,
        **changes,
    )
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert "森林覆盖率" in result.stdout.decode("utf-8")
    problem = carbon("owners", "不存在的局", **changes)
    assert problem.returncode == 2
    assert problem.stderr.decode("utf-8").startswith("carbon: 没有找到部门“不存在的局”")


def test_legacy_ascii_mode_degrades_readably() -> None:
    """LC_ALL=C with UTF-8 mode turned off (PYTHONUTF8=0): the output is still UTF-8; a Chinese
    name typed on the command line cannot be decoded, so it is not found: one line, exit 2."""
    legacy = {"LC_ALL": "C", "PYTHONUTF8": "0", "PYTHONIOENCODING": None}
    result = carbon(
        "status", "--year", "2025", "--observations", str(EXAMPLE), "--task", "29", **legacy
    )
    assert result.returncode == 0, result.stderr
    assert "森林覆盖率" in result.stdout.decode("utf-8")
    typed = carbon("owners", "住建局", **legacy)
    assert typed.returncode == 2
    assert typed.stderr.decode("utf-8").startswith("carbon: 没有找到部门")
    assert typed.stderr.count(b"\n") == 1


@pytest.mark.parametrize(
    "command", [["tasks"], ["status", "--observations", str(EXAMPLE)], ["validate"]]
)
@pytest.mark.parametrize("fmt", ["table", "json", "csv", "markdown"])
def test_reader_gone_before_output_exits_141_quietly(command: list[str], fmt: str) -> None:
    """Stdout is a pipe whose reader has already gone (`head` finished): exit 141, as a
    process killed by SIGPIPE, and nothing on stderr: no BrokenPipeError, no traceback."""
    assert CARBON is not None
    if command == ["validate"]:
        fmt = {"table": "text", "csv": "github", "markdown": "text"}.get(fmt, fmt)
    read_end, write_end = os.pipe()
    os.close(read_end)
    try:
        result = subprocess.run(
            [CARBON, *command, "-f", fmt],
            stdout=write_end,
            stderr=subprocess.PIPE,
            cwd=ROOT,
            env=env(NO_COLOR="1", CARBON_CACHE="off"),
            timeout=120,
            check=False,
        )
    finally:
        os.close(write_end)
    assert (result.returncode, result.stderr) == (141, b"")


def test_head_dash_1_exits_141_quietly() -> None:
    """`carbon tasks | head -1` for real: the table (over 100 kB, more than a pipe holds) cannot
    all be written before the reader goes, so the failing write is certain, not a race."""
    assert CARBON is not None
    proc = subprocess.Popen(
        [CARBON, "tasks"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
        env=env(NO_COLOR="1", COLUMNS="100"),
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()
    err = proc.stderr.read()
    proc.stderr.close()
    assert proc.wait(timeout=60) == 141
    assert first.startswith("（一）".encode())
    assert err == b""


def test_ctrl_c_exits_130_with_one_line(tmp_path: Path) -> None:
    """SIGINT while reading: exit 130 and `carbon: interrupted`.

    The observations file is a FIFO whose writer stays silent: once the test's non-blocking open
    for writing succeeds, `carbon` is past start-up and waiting inside its own code.
    """
    assert CARBON is not None
    fifo = tmp_path / "obs.csv"
    os.mkfifo(fifo)
    proc = subprocess.Popen(
        [CARBON, "status", "--observations", str(fifo)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env(NO_COLOR="1"),
    )
    writer = None
    try:
        while writer is None:
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError as e:
                if e.errno != errno.ENXIO:  # ENXIO: no reader yet
                    raise
                assert proc.poll() is None
                time.sleep(0.01)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=60)
    finally:
        if writer is not None:
            os.close(writer)
        if proc.poll() is None:
            proc.kill()
    assert (proc.returncode, out, err) == (130, b"", "carbon: 已中断 (interrupted)\n".encode())


def test_narrow_terminal_loses_nothing() -> None:
    """COLUMNS=40: no line is wider than 40 cells and every department and alias is there."""
    result = carbon("departments", COLUMNS="40", NO_COLOR="1")
    text = result.stdout.decode("utf-8")
    assert result.returncode == 0
    assert max(map(width, text.splitlines())) <= 40
    joined = "".join(line.strip() for line in text.splitlines())  # a wrapped value is indented
    wide = carbon("departments", "-f", "json")
    for dept in json.loads(wide.stdout):
        assert dept["name"] in joined
        for alias in dept["aliases"]:
            assert alias in joined


def test_narrow_status_keeps_every_figure() -> None:
    """COLUMNS=40 status: every target's deadline year and name is there in full."""
    args = ("status", "--year", "2025", "--observations", str(EXAMPLE))
    narrow = carbon(*args, COLUMNS="40", NO_COLOR="1").stdout.decode("utf-8")
    rows = json.loads(carbon(*args, "-f", "json").stdout)["targets"]
    assert max(map(width, narrow.splitlines())) <= 40
    joined = "".join(line.strip() for line in narrow.splitlines())  # a wrapped value is indented
    for row in rows:
        assert row["name"] in joined
        if row["year"] is not None:
            assert re.search(f"期限：\\s*{row['year']}", joined)


def test_wide_terminal_keeps_rows_on_one_line() -> None:
    """COLUMNS=300: one department a line."""
    result = carbon("departments", COLUMNS="300", NO_COLOR="1")
    lines = result.stdout.decode("utf-8").splitlines()
    assert max(map(width, lines)) <= 300
    assert any(line.lstrip().startswith("市发展改革局") and "市发改委" in line for line in lines)


def tty_output(**changes: str | None) -> bytes:
    """What `carbon status` writes to a terminal (a pseudo-terminal)."""
    assert CARBON is not None
    main, secondary = pty.openpty()
    proc = subprocess.Popen(
        [CARBON, "status", "--year", "2025", "--observations", str(EXAMPLE), "--task", "29"],
        stdout=secondary,
        stderr=secondary,
        cwd=ROOT,
        env=env(COLUMNS="100", **changes),
    )
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(main, 1 << 16)
        except OSError:  # EIO: the other side has closed
            break
        if not chunk:
            break
        out += chunk
    os.close(main)
    assert proc.wait(timeout=60) == 0
    return out


def test_terminal_colour_settings() -> None:
    """A TTY gets colour; NO_COLOR drops colour (bold stays: no-color.org); TERM=dumb and a
    pipe get no escape sequences at all."""
    assert COLOUR.search(tty_output(NO_COLOR=None, TERM="xterm-256color").decode())
    assert not COLOUR.search(tty_output(NO_COLOR="1", TERM="xterm-256color").decode())
    assert b"\x1b" not in tty_output(NO_COLOR=None, TERM="dumb")
    piped = carbon("status", "--year", "2025", "--observations", str(EXAMPLE), NO_COLOR=None)
    assert piped.returncode == 0
    assert b"\x1b" not in piped.stdout


def tree_hashes(folder: Path) -> dict[str, str]:
    """Path → hash of every file under `folder`."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


@pytest.fixture
def read_only_data(tmp_path: Path) -> Iterator[Path]:
    """A copy of the data and the example under '数据 目录' (a space, Chinese), all read-only."""
    folder = tmp_path / "只读 工作区"
    data = folder / "数据 目录"
    shutil.copytree(packaged_data(), data)
    shutil.copy(EXAMPLE, folder / "观测 值.csv")
    paths = [folder, *folder.rglob("*")]
    for path in paths:
        path.chmod(path.stat().st_mode & ~(stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH))
    yield folder
    for path in paths:
        path.chmod(path.stat().st_mode | stat.S_IWUSR)


def test_read_only_folders_and_odd_paths(read_only_data: Path) -> None:
    """Read-only data folder and working folder on a path with a space and Chinese: every
    command works and no file changes (as root, where chmod stops nothing, the hashes still
    prove it)."""
    before = tree_hashes(read_only_data)
    data = read_only_data / "数据 目录"
    for args in (
        ["validate", "--data", str(data), "--observations", "观测 值.csv"],
        [
            "status",
            "--data",
            str(data),
            "--observations",
            "观测 值.csv",
            "--year",
            "2025",
            "-f",
            "json",
        ],
        ["owners", "--all", "--data", str(data), "--observations", "观测 值.csv"],
        ["tasks", "--data", str(data), "-f", "csv"],
    ):
        result = carbon(*args, cwd=read_only_data, NO_COLOR="1")
        assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert tree_hashes(read_only_data) == before
    assert sorted(p.name for p in read_only_data.iterdir()) == ["数据 目录", "观测 值.csv"]


def test_unusable_cache_location_is_not_an_error(tmp_path: Path) -> None:
    """A cache location that cannot be a folder (a file is there) changes nothing."""
    blocker = tmp_path / "cache"
    blocker.write_text("not a folder")
    plain = carbon("status", "--year", "2025", "--observations", str(EXAMPLE), "-f", "json")
    blocked = carbon(
        "status",
        "--year",
        "2025",
        "--observations",
        str(EXAMPLE),
        "-f",
        "json",
        CARBON_CACHE=str(blocker),
    )
    assert (blocked.returncode, blocked.stderr) == (0, b"")
    assert blocked.stdout == plain.stdout
    assert blocker.read_text() == "not a folder"


DETERMINISTIC = [
    ["status", "--year", "2025", "--observations", str(EXAMPLE), "-f", "json"],
    ["status", "--year", "2025", "--observations", str(EXAMPLE), "-f", "csv"],
    ["status", "--by-area", "--year", "2025", "--observations", str(EXAMPLE), "-f", "json"],
    ["owners", "--all", "--year", "2025", "--observations", str(EXAMPLE), "-f", "json"],
    ["owners", "住建局", "--year", "2025", "--observations", str(EXAMPLE), "-f", "csv"],
    ["targets", "-f", "json"],
    ["tasks", "-f", "csv"],
    ["departments", "-f", "json"],
]


@pytest.mark.parametrize(
    "args", DETERMINISTIC, ids=[" ".join(a[:2]) + " " + a[-1] for a in DETERMINISTIC]
)
def test_same_input_same_bytes(args: list[str]) -> None:
    """Twice, with different hash seeds and with the plan cache cold and warm: the same bytes;
    and no number carries binary noise."""
    runs = [
        carbon(*args, PYTHONHASHSEED=seed, CARBON_CACHE=cache)
        for seed, cache in (("0", "off"), ("12345", None), ("random", None))
    ]
    assert all(r.returncode == 0 for r in runs), runs[0].stderr
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout
    assert not NOISE.search(runs[0].stdout.decode("utf-8"))


def test_gbk_output_keeps_the_chinese_and_replaces_missing_symbols() -> None:
    """A Chinese Windows writes redirected output in GBK, which lacks ✓ and █: no crash."""
    result = carbon(
        "status",
        "--year",
        "2025",
        "--observations",
        str(EXAMPLE),
        "--task",
        "29",
        PYTHONIOENCODING="gbk",
    )
    assert result.returncode == 0, result.stderr.decode("gbk", "replace")
    text = result.stdout.decode("gbk")
    assert "森林覆盖率" in text
    assert "达标 ?" in text


def test_csv_redirected_to_a_file_opens_in_excel(tmp_path: Path) -> None:
    """`> file.csv` gets a UTF-8 BOM (Excel needs it for Chinese); a pipe gets none."""
    target = tmp_path / "进展.csv"
    with target.open("wb") as out:
        subprocess.run([str(CARBON), "tasks", "-f", "csv"], stdout=out, env=env(), check=True)
    piped = carbon("tasks", "-f", "csv")
    assert target.read_bytes() == b"\xef\xbb\xbf" + piped.stdout
    assert not piped.stdout.startswith(b"\xef\xbb\xbf")
