"""The console script: the one place where every error becomes a line and an exit code."""

from __future__ import annotations

import copy
import errno
import io
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

import typer

from carbon_cli.cli.app import app
from carbon_cli.errors import DataError, UsageError
from carbon_cli.render.text import printable

SYMBOLS = "✓✗↗…·█░—"  # what tables draw beside the Chinese labels
# simplified characters the output is full of, which Big5, Shift_JIS and EUC-KR cannot encode
SIMPLIFIED = "中碳达峰实施进展状态滞后标"
WRITE_ERRORS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EIO, errno.EBADF, errno.EROFS}


def _can_encode(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return False
    return True


class _ClosedStdout(io.TextIOBase):
    """Stands in for a stdout the shell closed (`carbon … >&-`): writing to it fails."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "标准输出已关闭 (stdout is closed)")


def _utf8_streams() -> None:
    """Output must not crash on a narrow encoding nor lose the Chinese to '?'.

    An encoding that cannot write simplified Chinese (LANG=C, PYTHONIOENCODING=ascii, latin-1,
    big5, cp950, shift_jis, euc_kr): write UTF-8 instead, since '?' in place of a department's
    name is data lost without a word, while UTF-8 reads right in every editor (and the CSV's
    BOM tells Excel). GBK, as a Chinese Windows writes a redirected file: keep it, so the Chinese
    reads right, and let the symbols GBK lacks (✓ █) become '?'. A closed stdout fails at the
    first write, which main() reports; a closed stderr swallows what would go there.
    """
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()
    if sys.stderr is None:
        sys.stderr = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 (the whole run)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or "ascii"
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None or _can_encode(SIMPLIFIED + SYMBOLS, encoding):
            continue
        if _can_encode(SIMPLIFIED, encoding):
            reconfigure(errors="replace")
        else:
            reconfigure(encoding="utf-8", errors="replace")


def main(argv: list[str] | None = None) -> int:
    """The console script: every error leaves here as one line and an exit code."""
    _utf8_streams()
    try:
        args = sys.argv[1:] if argv is None else argv
        result = _app_for(args)(args=args, prog_name="carbon", standalone_mode=False)
        sys.stdout.flush()  # a reader gone early shows here, not as Python's complaint at exit
    except DataError as e:
        from carbon_cli.render.problems import lines

        try:
            lines(e.problems, sys.stderr)
        except OSError:  # stderr is full or closed: the exit code is all that is left
            _discard(sys.stderr)
        return 1
    except UsageError as e:
        return _say(f"carbon: {e}", 2)  # it may echo what was typed
    except typer.Exit as e:
        return e.exit_code
    except (typer.Abort, KeyboardInterrupt):
        return _say("carbon: 已中断 (interrupted)", 130)
    except typer.TyperException as e:
        return _say(f"carbon: {_chinese_first(e)}", 2 if e.exit_code == 2 else e.exit_code)
    except BrokenPipeError:
        return _reader_gone()
    except OSError as e:
        if _cwd_gone():
            return _say(
                "carbon: 当前文件夹已被删除，请先 cd 到一个存在的文件夹"
                " (the working folder no longer exists)"
            )
        if e.errno not in WRITE_ERRORS:
            return _internal_error(e)
        _discard(sys.stdout)  # what is still buffered goes nowhere, not to Python's complaint
        from carbon_cli.files import reason

        return _say(f"carbon: 无法写出输出 (cannot write the output): {reason(e)}")
    except SystemExit as e:
        # click (on an EPIPE OSError) and rich (Console.on_broken_pipe) exit 1 when the reader
        # of stdout has gone, both while handling the BrokenPipeError
        if isinstance(e.__context__, BrokenPipeError):
            return _reader_gone()
        raise
    except Exception as e:  # a bug: one line, the traceback only when asked for
        return _internal_error(e)
    if result == 130:  # typer turns Ctrl-C during a command into a silent exit code 130
        return _say("carbon: 已中断 (interrupted)", 130)
    return result if isinstance(result, int) else 0


def _app_for(args: Sequence[str]) -> typer.Typer:
    """The app that runs `args`: for `carbon status …`, a copy of the app holding `status` alone.

    typer builds every command an app holds (each option and its type) before it parses a
    word, ~2 ms a command, and `carbon status` needs one. What names no command runs the whole
    app: `carbon`, `carbon --help`, `--version`, a misspelt command (its suggestions need the
    others), and shell completion (its words come from the environment, not `args`).
    """
    if not args or "_CARBON_COMPLETE" in os.environ:
        return app
    for command in app.registered_commands:
        callback = command.callback
        name = command.name or (callback and typer.main.get_command_name(callback.__name__))
        if name == args[0]:
            one = copy.copy(app)
            one.registered_commands = [command]
            return one
    return app


# typer's own usage errors, by class, said in Chinese first; typer's English words follow
TYPER_ERRORS = {
    "NoSuchOption": "没有这个选项",
    "BadOptionUsage": "选项用法不对",
    "BadArgumentUsage": "参数用法不对",
    "MissingParameter": "缺少参数",
    "BadParameter": "参数值无效",
    "FileError": "无法打开文件",
}


def _chinese_first(e: typer.TyperException) -> str:
    """A usage error typer found (an unknown option, a year that is not a number) in Chinese
    first, with typer's English message and its suggestions after it."""
    english = e.format_message()
    if english.startswith("No such command"):
        return f"没有这个命令，用 carbon --help 查看全部命令 ({english})"
    names = [cls.__name__ for cls in type(e).__mro__]
    said = next((TYPER_ERRORS[n] for n in names if n in TYPER_ERRORS), "命令行用法不对")
    option, close = getattr(e, "option_name", None), getattr(e, "possibilities", None)
    if "NoSuchOption" in names and option:
        said = f"{said}：{option}"
        if close:  # the closest options typer found, first in Chinese too
            said += f"；您是不是要找：{'、'.join(sorted(close))}？"
    return f"{said} ({english})"


def _internal_error(e: Exception) -> int:
    """A bug: one line, the traceback only when asked for."""
    if os.environ.get("CARBON_DEBUG"):
        import traceback

        traceback.print_exc()
    return _say(
        f"carbon: 内部错误（程序缺陷，请报告）(internal error, a bug): {type(e).__name__}: {e}"
        " — 设 CARBON_DEBUG=1 可看到调用栈 (set CARBON_DEBUG=1 to see the traceback)",
        70,
    )


def _say(line: str, code: int = 1) -> int:
    """One line on stderr, if stderr can still take it, and the exit code."""
    try:
        typer.echo(printable(line), err=True)
    except OSError:  # stderr is full or closed too: the exit code is all that is left
        _discard(sys.stderr)
    return code


def _cwd_gone() -> bool:
    """The working folder was deleted under the shell (cd into it, rmdir it, run carbon)."""
    try:
        Path.cwd()
    except OSError:
        return True
    return False


def _reader_gone() -> int:
    """Stdout's reader (e.g. `head -1`) has gone: exit 141 as a process killed by SIGPIPE does,
    quietly, with stdout sent to /dev/null so that Python does not complain again at exit."""
    _discard(sys.stdout)
    return 141


def _discard(stream: TextIO) -> None:
    """Send the stream to /dev/null: what is still buffered must not fail again at exit."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())
    except (OSError, ValueError):  # no file descriptor (a test's captured stdout, >&-)
        pass
