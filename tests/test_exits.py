"""Odd environments end in a plain exit code and one line, never exit 70 (an internal error):
stdout closed or on a full disk, a deleted working folder, odd digits, narrow terminals and
code pages that cannot write the Chinese."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from carbon_cli.cli import main

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
CARBON = shutil.which("carbon") or shutil.which("carbon", path=str(Path(sys.executable).parent))
needs_script = pytest.mark.skipif(CARBON is None, reason="the console script is not installed")
needs_dev_full = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full")
COMMANDS = [
    ["status", "--year", "2025", "--format", "json"],
    ["tasks"],
    ["--help"],
    ["--version"],
    ["validate"],
]


def shell(
    script: str, *args: str, cwd: Path = ROOT, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `script` in sh with $CARBON set and `args` as $1…"""
    assert CARBON is not None
    return subprocess.run(
        ["sh", "-c", script, "sh", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, "CARBON": CARBON, "CARBON_CACHE": "off", **env},
        timeout=120,
        check=False,
    )


@needs_script
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_closed_stdout_exits_1_with_one_line(args: list[str]) -> None:
    """`carbon status >&-`: was exit 70, AttributeError: 'NoneType' object has no attribute…"""
    done = shell('exec "$CARBON" "$@" >&-', *args)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "carbon: 无法写出输出 (cannot write the output): 标准输出已关闭 (stdout is closed)"
    ]


@needs_script
@needs_dev_full
@pytest.mark.parametrize("args", COMMANDS, ids=lambda a: " ".join(a))
def test_stdout_on_a_full_disk_exits_1_with_one_line(args: list[str]) -> None:
    """`carbon status > /dev/full`: was exit 70 (OSError ENOSPC as an internal error)."""
    done = shell('exec "$CARBON" "$@" > /dev/full', *args)
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "carbon: 无法写出输出 (cannot write the output): 磁盘已满 (No space left on device)"
    ]


@needs_script
@needs_dev_full
def test_stderr_on_a_full_disk_keeps_the_exit_code() -> None:
    """Nothing can be said, but the exit code still tells: 2 for an unknown department."""
    done = shell('exec "$CARBON" owners 不存在的局 2> /dev/full')
    assert done.returncode == 2


@needs_script
def test_closed_stdout_does_not_fail_a_command_that_writes_no_stdout(tmp_path: Path) -> None:
    """`carbon report --output FILE >&-` has nothing for stdout: it succeeds."""
    done = shell(
        'exec "$CARBON" report -f markdown --observations "$1" --output "$2" >&-',
        str(EXAMPLE),
        str(tmp_path / "r.md"),
    )
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "r.md").read_text(encoding="utf-8").startswith("# ")


@needs_script
def test_deleted_working_folder_exits_1_with_one_line(tmp_path: Path) -> None:
    """cd into a folder, rmdir it, run carbon: was exit 70 (FileNotFoundError from getcwd)."""
    gone = tmp_path / "gone"
    gone.mkdir()
    done = shell('cd "$1" && rmdir "$1" && exec "$CARBON" status --year 2025', str(gone))
    assert done.returncode == 1, done.stderr
    assert done.stderr.splitlines() == [
        "carbon: 当前文件夹已被删除，请先 cd 到一个存在的文件夹 (the working folder no longer exists)"
    ]
    version = shell('cd "$1" && rmdir "$1" && exec "$CARBON" --version', str(tmp_path / "x"))
    assert version.returncode != 70


@pytest.mark.parametrize("group", ["²", "①", "٤٤", "9" * 5000, "0", "14"])
def test_odd_digits_in_group_are_not_a_group(
    group: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """`tasks --group ²`: isdigit() said yes, int() raised (exit 70); now exit 2, one line."""
    monkeypatch.setenv("CARBON_CACHE", "off")
    assert main(["tasks", "--group", group]) == 2
    err = capsys.readouterr().err
    assert err.startswith("carbon: 没有分组")
    assert err.count("\n") == 1


@pytest.mark.parametrize("group", ["4", "４", "四", "(四)", "（四）", "٤"])
def test_every_way_of_writing_four_is_group_four(
    group: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CARBON_CACHE", "off")
    assert main(["tasks", "--group", group, "--format", "json"]) == 0
    assert "工业领域绿色低碳行动" in capsys.readouterr().out


# ---- terminals and code pages -------------------------------------------------------------------


@needs_script
@pytest.mark.parametrize("columns", ["0", "1", "5"])
def test_absurd_terminal_widths_still_print_everything(columns: str) -> None:
    """COLUMNS=0 printed nothing (exit 0) and COLUMNS=1 dropped every Chinese character."""
    done = shell('exec "$CARBON" tasks --group 4', COLUMNS=columns, NO_COLOR="1")
    assert done.returncode == 0, done.stderr
    wide = shell('exec "$CARBON" tasks --group 4', COLUMNS="80", NO_COLOR="1")
    assert done.stdout == wide.stdout
    assert "工业领域绿色低碳行动" in done.stdout


@needs_script
@pytest.mark.parametrize("encoding", ["big5", "cp950", "shift_jis", "euc_kr", "ascii"])
def test_code_pages_without_simplified_chinese_get_utf8(encoding: str) -> None:
    """PYTHONIOENCODING=big5 turned 551 characters of the status CSV into '?': now the bytes
    are the UTF-8 ones, and nothing is lost."""
    args = ("status", "--year", "2025", "--observations", str(EXAMPLE), "-f", "csv")
    script = 'exec "$CARBON" "$@"'
    narrow = shell(script, *args, PYTHONIOENCODING=encoding)
    utf8 = shell(script, *args, PYTHONIOENCODING="utf-8")
    assert narrow.returncode == 0, narrow.stderr
    assert narrow.stdout == utf8.stdout
    assert "?" not in narrow.stdout.replace("数据不足 ?", "")


@needs_script
def test_gbk_keeps_every_chinese_character_of_the_status_csv() -> None:
    """GBK stays GBK (a Chinese Windows): only symbols it lacks may become '?', no Chinese."""
    assert CARBON is not None
    args = [CARBON, "status", "--year", "2025", "--observations", str(EXAMPLE), "-f", "csv"]
    gbk = subprocess.run(
        args,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "gbk", "CARBON_CACHE": "off"},
        check=False,
    )
    utf8 = subprocess.run(
        args,
        capture_output=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8", "CARBON_CACHE": "off"},
        check=False,
    )
    lost = [
        (a, b)
        for a, b in zip(gbk.stdout.decode("gbk"), utf8.stdout.decode("utf-8"), strict=True)
        if a != b
    ]
    assert all(a == "?" and not "\u4e00" <= b <= "\u9fff" for a, b in lost), lost[:5]
