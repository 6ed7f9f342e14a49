"""YAML → models, with every problem at its line and column, and where the data comes from."""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from carbon_cli import cache
from carbon_cli.errors import DataError, Problem
from carbon_cli.files import reason
from carbon_cli.models import AreasFile, DepartmentsFile, TargetsFile, TasksFile
from carbon_cli.plan import DataSource as DataSource  # re-exported: callers find it here
from carbon_cli.plan import Document
from carbon_cli.plan import Plan as Plan

if TYPE_CHECKING:
    import yaml

FILES = {"departments": "departments.yaml", "tasks": "tasks.yaml", "targets": "targets.yaml"}
# read when present: without areas.yaml any area name is accepted (CONTRACT, "Data files")
OPTIONAL_FILES = {"areas": "areas.yaml"}
MAX_BYTES = 5_000_000  # the whole plan is ~100 kB; anything near this is not a hand-kept data file
ENV_VAR = "CARBON_DATA"

Model = TypeVar("Model", bound=BaseModel)


def packaged_data() -> Path:
    """The copy of data/ inside the installed package, or the repository's data/ in a checkout."""
    here = Path(__file__).resolve().parent
    inside = here / "data"  # a built wheel: data/ is packaged as carbon_cli/data
    return inside if inside.is_dir() else here.parent / "data"  # an editable install or checkout


def find_data(option: Path | None, cwd: Path | None = None) -> DataSource:
    """--data › CARBON_DATA › ./data holding the three files › the packaged copy."""
    if option is not None:
        return DataSource(option, "--data")
    env = os.environ.get(ENV_VAR)
    if env:
        return DataSource(Path(env), ENV_VAR)
    local = (cwd or Path.cwd()) / "data"
    if all((local / f).is_file() for f in FILES.values()):
        return DataSource(Path("data"), "./data")
    return DataSource(packaged_data(), "packaged")


def read_text(path: Path, shown: str) -> str:
    """The file's text, or a DataError saying plainly why it cannot be read.

    Only a regular file is read, and never more than MAX_BYTES + 1 bytes of it: a symlink to
    /dev/zero or a FIFO is refused after open (without blocking), whatever its size says.
    """

    def problem(code: str, message: str, hint: str | None = None) -> DataError:
        return DataError([Problem(shown, None, None, code, message, hint)])

    flags = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(path, flags)
    except FileNotFoundError:
        raise problem("no-such-file", "没有这个文件 (no such file)") from None
    except IsADirectoryError:  # Windows cannot open a folder; POSIX can, and fstat says so below
        raise problem("not-a-file", "这是文件夹，不是文件 (is a folder, not a file)") from None
    except OSError as e:
        raise problem("cannot-read", f"无法读取：{reason(e)}") from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise problem("not-a-file", "这是文件夹，不是文件 (is a folder, not a file)")
        if not stat.S_ISREG(info.st_mode):
            raise problem(
                "not-a-file",
                "不是普通文件，而是设备、管道或套接字 (is not a regular file)",
                "请指向数据文件本身",
            )
        size = info.st_size
        chunks: list[bytes] = []
        left = 0 if size > MAX_BYTES else MAX_BYTES + 1
        while left > 0 and (chunk := os.read(fd, left)):
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
    except OSError as e:
        raise problem("cannot-read", f"无法读取：{reason(e)}") from None
    finally:
        os.close(fd)
    if size > MAX_BYTES or len(data) > MAX_BYTES:  # or it grew while being read
        shown_size = f"{size:,}" if size > MAX_BYTES else f"超过 {MAX_BYTES:,}"
        raise problem(
            "file-too-large",
            f"文件有 {shown_size} 字节，数据文件最多 {MAX_BYTES:,} 字节 (the file is too large)",
        )
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        start = data.rfind(b"\n", 0, e.start) + 1
        col = len(data[start : e.start].decode("utf-8", "replace")) + 1
        raise DataError(
            [
                Problem(
                    shown,
                    line,
                    col,
                    "not-utf8",
                    f"不是 UTF-8 文本（字节 0x{data[e.start]:02x}）(not UTF-8 text)",
                    "请以 UTF-8 编码保存",
                )
            ]
        ) from None


def parse_yaml(text: str, shown: str) -> tuple[yaml.Node, Any]:
    """Node tree and plain data of one YAML document; every problem raised as a DataError."""
    from carbon_cli import yamlparse  # PyYAML only when a file is parsed, not for a cached plan

    return yamlparse.parse_yaml(text, shown)


def node_at(root: yaml.Node, loc: Sequence[str | int], key: bool = False) -> yaml.Node:
    """The deepest node along a pydantic error location (the key itself when `key`)."""
    from carbon_cli import yamlparse

    return yamlparse.node_at(root, loc, key)


def load_file(path: Path, shown: str, model: type[Model]) -> tuple[Model, Document]:
    """One data file as its model, or a DataError listing every problem in it."""
    return load_text(read_text(path, shown), shown, model)


def load_text(text: str, shown: str, model: type[Model]) -> tuple[Model, Document]:
    """The text of one data file as its model, or a DataError listing every problem in it."""
    root, data = parse_yaml(text, shown)
    try:
        return model.model_validate(data), Document(shown, root)
    except ValidationError as err:
        from carbon_cli import wording  # only for a file with problems: it needs YAML

        raise DataError(wording.reword(err, shown, root, data, model)) from None


MODELS: dict[str, type[BaseModel]] = {
    "departments": DepartmentsFile,
    "tasks": TasksFile,
    "targets": TargetsFile,
    "areas": AreasFile,
}


def load_plan(source: DataSource) -> Plan:
    """The three files of a data folder (and areas.yaml when present); all problems at once.

    A plan read before from the same texts by the same code comes from the cache instead.
    """
    if not source.path.is_dir():
        what = (
            "数据文件夹不存在 (data folder: no such folder)"
            if not source.path.exists()
            else "数据文件夹应是文件夹，这里是文件 (data folder: is not a folder)"
        )
        raise DataError([Problem(str(source.path), None, None, "no-data-folder", what)])
    problems: list[Problem] = []
    texts: dict[str, tuple[str, str]] = {}
    for name, filename in FILES.items():
        shown = str(source.path / filename)
        try:
            texts[name] = (shown, read_text(source.path / filename, shown))
        except DataError as e:
            problems.extend(e.problems)
    for name, filename in OPTIONAL_FILES.items():
        path = source.path / filename
        if path.exists() or path.is_symlink():  # a dangling link is reported, not skipped
            try:
                texts[name] = (str(path), read_text(path, str(path)))
            except DataError as e:
                problems.extend(e.problems)
    key = None if problems else cache.key(texts)  # the key hashes every text, areas.yaml's too
    found = cache.load(key) if key else None
    if found is not None and set(found[0]) == set(texts):
        cached, leads = found
        return Plan(
            source,
            cached["departments"],  # type: ignore[arg-type]  # cache.load built these models
            cached["tasks"],  # type: ignore[arg-type]
            cached["targets"],  # type: ignore[arg-type]
            texts=texts,
            areas=cached.get("areas"),  # type: ignore[arg-type]
            stored_leads=leads,
        )
    loaded: dict[str, Any] = {}
    documents: dict[str, Document] = {}
    for name, (shown, text) in texts.items():
        try:
            loaded[name], documents[name] = load_text(text, shown, MODELS[name])
        except DataError as e:
            problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    plan = Plan(
        source,
        loaded["departments"],
        loaded["tasks"],
        loaded["targets"],
        texts,
        documents,
        loaded.get("areas"),
    )
    if key:
        cache.store(key, loaded, dict(plan.leads))
    return plan
