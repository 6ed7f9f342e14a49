"""Writing files so that nothing is lost: whole or not at all, never through a link, never onto
an input of the same run."""

from __future__ import annotations

import contextlib
import errno
import os
import stat
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import BinaryIO

from carbon_cli.errors import UsageError

Writer = Callable[[BinaryIO], None]


# what the system says, in Chinese first (its English words follow)
REASONS = {
    errno.ENOENT: "没有这个文件或文件夹",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.ENOSPC: "磁盘已满",
    errno.EDQUOT: "超出磁盘配额",
    errno.EROFS: "只读文件系统",
    errno.EISDIR: "这是一个文件夹",
    errno.ENOTDIR: "路径中有一段不是文件夹",
    errno.ENAMETOOLONG: "文件名太长",
    errno.ELOOP: "符号链接循环",
    errno.EEXIST: "文件已存在",
}


def reason(error: OSError) -> str:
    """Why a file could not be read or written: 磁盘已满 (No space left on device)."""
    said = error.strerror or str(error)
    chinese = REASONS.get(error.errno or 0)
    return f"{chinese} ({said})" if chinese else said


def write_atomic(
    path: Path, data: bytes | str | Writer, *, overwrite: bool = True, mode: int | None = None
) -> None:
    """Replace `path` with `data` (text is written as UTF-8, a callable writes to the open file).

    The data goes to a temporary file in the target's folder, is flushed to disk, then renamed
    over the target: a reader sees the old file or the new one, never half of one. On any
    failure (a full disk, an exception in the writer) the target is unchanged and the temporary
    file is removed. A symlink at `path` is replaced by the new file, never written through.
    With `overwrite=False`, anything already at `path` (a dangling symlink too) raises
    FileExistsError, checked in the same step as the rename, not before it.
    """
    folder = path.parent
    # the name of the temporary file stays short whatever the target's (NAME_MAX is 255 bytes)
    fd, temp = tempfile.mkstemp(dir=folder, prefix=f".{path.name[:40]}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as out:
            if callable(data):
                data(out)
            else:
                out.write(data.encode("utf-8") if isinstance(data, str) else data)
            out.flush()
            if hasattr(os, "fchmod"):  # mkstemp's 0o600 would hide a report from colleagues
                os.fchmod(out.fileno(), _mode(path) if mode is None else mode)
            os.fsync(out.fileno())
        if overwrite:
            Path(temp).replace(path)
        else:
            _link_new(temp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            Path(temp).unlink()
        raise
    _sync_folder(folder)


def _mode(path: Path) -> int:
    """The mode of the file being replaced, else what a new file gets (0o666 less the umask)."""
    try:
        info = path.lstat()
    except OSError:
        info = None
    if info is not None and stat.S_ISREG(info.st_mode):
        return stat.S_IMODE(info.st_mode)
    umask = os.umask(0o022)  # reading the umask means setting it; set it straight back
    os.umask(umask)
    return 0o666 & ~umask


def _link_new(temp: str, path: Path) -> None:
    """Give the written file the name `path` only if nothing holds that name, then drop `temp`."""
    try:
        os.link(temp, path)  # fails with EEXIST on any entry, a dangling symlink included
    except OSError as e:
        if e.errno not in {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV}:
            raise
        # a file system without hard links (FAT, some network shares): check, then rename
        if os.path.lexists(path):
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from None
        Path(temp).replace(path)
        return
    Path(temp).unlink()


def _sync_folder(folder: Path) -> None:
    """Flush the rename itself to disk where the system allows it (not on Windows)."""
    flags = os.O_RDONLY | getattr(os, "O_DIRECTORY", 0)
    try:
        fd = os.open(folder, flags)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def refuse_overwriting_input(
    output: Path, inputs: Iterable[Path], option: str = "--output"
) -> None:
    """Raise UsageError when `output` is one of the run's `inputs` or lies inside an input folder.

    Paths are compared after resolving symlinks and `..`; an existing output is also compared by
    device and inode, which catches a hard link and a name differing only in case where the file
    system ignores case.
    """
    target = Path(os.path.realpath(output))
    try:
        held = output.stat()
    except OSError:
        held = None
    for given in inputs:
        source = Path(os.path.realpath(given))
        try:
            info = given.stat()
        except OSError:
            info = None
        same = target == source or (
            held is not None
            and info is not None
            and (held.st_dev, held.st_ino) == (info.st_dev, info.st_ino)
        )
        if same:
            raise UsageError(
                f"输出文件 {output} 是本次运行的输入文件 {given}，不能覆盖",
                f"请换一个 {option} 路径",
            )
        if info is not None and stat.S_ISDIR(info.st_mode) and source in target.parents:
            raise UsageError(
                f"输出文件 {output} 在本次运行读取的文件夹 {given} 里，下次运行会把它当作输入",
                f"请换一个 {option} 路径",
            )
