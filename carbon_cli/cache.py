"""The validated plan, kept between runs, keyed by everything it depends on.

An entry is JSON of the models' plain data, never pickle: reading it builds the same models and
can run no code, whoever wrote the file. It is opened once, without following a symlink, and
the open descriptor is checked (a regular file of this user that nobody else can write), so the
file checked is the file read.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
import time
import types
import typing
from collections.abc import Callable
from decimal import Decimal
from enum import Enum
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from carbon_cli import __version__
from carbon_cli.models import AreasFile, DepartmentsFile, TargetsFile, TasksFile

CACHE_VAR = "CARBON_CACHE"  # the folder for validated plans, or "off"
CACHE_KEEP = 8  # plans kept in the cache: the data in use and a few recent edits of it
MAX_ENTRY = 20_000_000  # bytes: the shipped plan's entry is ~110 kB, data files are at most 5 MB
STALE = 3600  # seconds after which a temporary file is a leftover of a killed run, not a write
# every file's model by name; areas.yaml is optional in a data folder
MODELS: dict[str, type[BaseModel]] = {
    "departments": DepartmentsFile,
    "tasks": TasksFile,
    "targets": TargetsFile,
    "areas": AreasFile,
}
REQUIRED = ("departments", "tasks", "targets")
LEADS = "leads"  # beside the models: target id → lead department, worked out from them (plan.py)
SUFFIX = ".json"

# The validated plan is kept as JSON named by a hash of everything it depends on: the data
# files' texts, the code that turns them into models (and works out the leads), and the versions
# of Python and pydantic.
# A changed file or a changed program is a different name, so a stale entry is never read; an
# unreadable or unwritable cache is silently not used (a read-only home, a CI runner).
Cached = dict[str, BaseModel]  # file name (a key of MODELS) → its validated model
Leads = dict[str, str | None]  # target id → the lead department (None: its task has no item)


def cache_dir() -> Path | None:
    """$CARBON_CACHE (off: none), else $XDG_CACHE_HOME/carbon, else ~/.cache/carbon.

    A relative XDG_CACHE_HOME is ignored, as the XDG spec says (it would write into whatever
    folder the command runs in).
    """
    setting = os.environ.get(CACHE_VAR)
    if setting is not None:
        return None if setting.strip().lower() in {"", "off", "0", "no"} else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if base and Path(base).is_absolute():
        return Path(base) / "carbon"
    try:
        return Path.home() / ".cache" / "carbon"
    except RuntimeError:  # no home folder
        return None


def _anchor(folder: Path) -> Path:
    """The folder that must exist already for `folder` to be made: the home folder for the
    default location (HOME=/nonexistent makes nothing), else the parent of the given folder."""
    with contextlib.suppress(RuntimeError):
        home = Path.home()
        if folder == home / ".cache" / "carbon":
            return home
    return folder.parent


def key(texts: dict[str, tuple[str, str]]) -> str | None:
    """The cache entry's name for these texts and this program, None with the cache off."""
    if cache_dir() is None:
        return None
    import pydantic.version

    digest = hashlib.sha256()
    for part in (__version__, sys.version, pydantic.version.VERSION, "json-2"):
        digest.update(part.encode() + b"\0")
    # the code that turns the texts into models and works out the leads (yamlparse.py is read
    # here, not imported: a cache hit needs no YAML)
    here = Path(__file__)
    code = ("yamlparse.py", "models.py", "choices.py", "loading.py", "plan.py", "owners.py")
    for module in (here, *(here.with_name(name) for name in code)):
        try:
            digest.update(module.read_bytes())
        except OSError:
            return None  # the code cannot be checked: do not trust a cache
    for name, (_, text) in sorted(texts.items()):
        digest.update(f"{name}\0{len(text)}\0".encode() + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _private(info: os.stat_result) -> bool:
    """Owned by this user and writable by no one else (always true where there are no uids)."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the user's profile folder is private already
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
READ = os.O_RDONLY | getattr(os, "O_BINARY", 0) | getattr(os, "O_NONBLOCK", 0) | NOFOLLOW
# POSIX: the folder is opened and checked, and the entry opened relative to that descriptor
BY_FOLDER = hasattr(os, "O_DIRECTORY") and os.open in os.supports_dir_fd


def _read(folder: Path, name: str) -> bytes | None:
    """The bytes of entry `name`, if the folder and the entry are private and not symlinks.

    What is checked is what is read: the folder's descriptor is checked and the entry opened
    relative to it, then the entry's own descriptor is checked, so a symlink or file swapped in
    between a check and the read is never followed or read.
    """
    if not BY_FOLDER:  # Windows: the user's profile folder is private already
        return _read_entry(lambda: os.open(folder / name, READ))
    try:
        dir_fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | NOFOLLOW)
    except OSError:
        return None
    try:
        info = os.fstat(dir_fd)
        if not (stat.S_ISDIR(info.st_mode) and _private(info)):
            return None
        return _read_entry(lambda: os.open(name, READ, dir_fd=dir_fd))
    finally:
        os.close(dir_fd)


def _read_entry(opener: Callable[[], int]) -> bytes | None:
    """The bytes of the entry `opener` opens, if it is a private regular file of sane size."""
    try:
        fd = opener()
    except OSError:
        return None
    with os.fdopen(fd, "rb") as entry:
        try:
            info = os.fstat(fd)
            if not (stat.S_ISREG(info.st_mode) and _private(info)) or info.st_size > MAX_ENTRY:
                return None
            return entry.read(MAX_ENTRY + 1)
        except OSError:
            return None


def load(key: str) -> tuple[Cached, Leads] | None:
    """The models and leads stored under `key`, None when absent, unreadable or not what was
    stored."""
    folder = cache_dir()
    if folder is None:
        return None
    found = _read(folder, f"plan-{key}{SUFFIX}")
    if found is None or len(found) > MAX_ENTRY:
        return None
    try:
        data = json.loads(found)
        if not isinstance(data, dict):
            return None
        leads = data.pop(LEADS, None)
        if not (set(REQUIRED) <= set(data) <= set(MODELS) and _are_leads(leads)):
            return None
        return {name: _builder(MODELS[name])(value) for name, value in data.items()}, leads
    except (ValueError, TypeError, ArithmeticError, RecursionError):
        return None  # damaged, or written by another program: read the files instead


def _are_leads(value: Any) -> bool:
    """Whether a JSON value is what `store` writes as the leads."""
    return type(value) is dict and all(
        type(k) is str and (v is None or type(v) is str) for k, v in value.items()
    )


def store(key: str, plan: Cached, leads: Leads) -> None:
    """Store the models and leads under `key` (atomically), drop the oldest entries and
    leftovers of killed runs; never fails."""
    from carbon_cli.files import write_atomic

    folder = cache_dir()
    if folder is None:
        return
    try:
        if folder.is_symlink():
            return  # never read (see _read): do not write it either
        if not folder.is_dir():
            if not _anchor(folder).is_dir():
                return  # HOME=/nonexistent: make no home folder for a cache
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        data: dict[str, Any] = {name: model.model_dump(mode="json") for name, model in plan.items()}
        data[LEADS] = leads
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        write_atomic(folder / f"plan-{key}{SUFFIX}", text, mode=0o600)
        _evict(folder)
    except (OSError, ValueError):
        pass


def _evict(folder: Path) -> None:
    """Keep the newest CACHE_KEEP entries; drop pickles of older versions and temporary files
    a killed run left (the full disk that stopped a write removes its own)."""
    entries: list[tuple[float, Path]] = []
    now = time.time()
    for path in folder.iterdir():
        name = path.name
        try:
            info = path.lstat()
        except OSError:
            continue
        if name.startswith(".plan-") and now - info.st_mtime > STALE:
            path.unlink(missing_ok=True)
        elif name.startswith("plan-") and name.endswith(".pickle"):
            path.unlink(missing_ok=True)  # never read again: JSON replaced pickle
        elif name.startswith("plan-") and name.endswith(SUFFIX):
            entries.append((info.st_mtime, path))
    for _, old in sorted(entries)[:-CACHE_KEEP]:
        old.unlink(missing_ok=True)


# ---- JSON → models without validating again: the data was validated when it was stored ----

_BUILDERS: dict[Any, Callable[[Any], Any]] = {}
PLAIN = (str, int, bool)  # JSON gives them as they are


def _builder(annotation: Any) -> Callable[[Any], Any]:
    """A function that turns the JSON of a value of this type back into the value.

    Models are made with `model_construct` (no validation: it was validated before it was
    stored, and building pydantic's validators would cost more than parsing the YAML), but
    every JSON value is still checked to be of the type the field holds.
    """
    found = _BUILDERS.get(annotation)
    if found is None:
        found = _BUILDERS[annotation] = _make(annotation)
    return found


def _make(annotation: Any) -> Callable[[Any], Any]:
    """The builder of one type (see _builder)."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        return _builder(typing.get_args(annotation)[0])
    if origin in (typing.Union, types.UnionType):
        (inner,) = (a for a in typing.get_args(annotation) if a is not type(None))
        inner = _bare(inner)
        if inner in PLAIN:  # most optional fields: checked here, not by a second call
            return _exactly(inner, optional=True)
        build_inner = _builder(inner)
        return lambda v: None if v is None else build_inner(v)
    if origin is tuple:
        kind = _bare(typing.get_args(annotation)[0])
        if kind in PLAIN:  # aliases, departments: every item checked in one pass

            def plain_tuple(value: Any) -> tuple[Any, ...]:
                if type(value) is not list or any(type(v) is not kind for v in value):
                    raise TypeError(f"not a list of {kind.__name__}")
                return tuple(value)

            return plain_tuple
        item = _builder(kind)

        def build_tuple(value: Any) -> tuple[Any, ...]:
            if type(value) is not list:
                raise TypeError("not a list")
            return tuple([item(v) for v in value])

        return build_tuple
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return _model_builder(annotation)
    if annotation is Decimal:
        return _decimal
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        members = {m.value: m for m in annotation}  # a dict lookup, not the enum's own __call__

        def member(value: Any) -> Enum:
            if type(value) is not str or value not in members:
                raise ValueError(f"not a {annotation.__name__}")
            return members[value]

        return member
    if annotation in PLAIN:
        return _exactly(annotation)
    raise TypeError(f"no cache builder for {annotation!r}")  # a new field type: add it here


def _model_builder(model: type[BaseModel]) -> Callable[[Any], BaseModel]:
    """The builder of a model: each field by its own builder, then the model made as
    `model_construct` makes it, without its per-field search for aliases and defaults (the
    entry holds every field by name). A model with aliases, extras or a post-init hook, which
    `model_construct` treats apart, is made by `model_construct` itself."""
    fields: dict[str, Callable[[Any], Any]] = {}
    for name, info in model.model_fields.items():
        fields[name] = _builder(info.annotation)
    names = set(fields)
    plain = (
        all(i.alias is None and i.validation_alias is None for i in model.model_fields.values())
        and model.model_config.get("extra") != "allow"
        and not model.__pydantic_post_init__
        and not model.__pydantic_root_model__
    )

    def build(value: Any) -> BaseModel:
        if type(value) is not dict or value.keys() != names:
            raise TypeError(f"not a {model.__name__}")
        values = {k: build_field(value[k]) for k, build_field in fields.items()}
        if not plain:
            return model.model_construct(**values)
        made = model.__new__(model)
        _set(made, "__dict__", values)
        _set(made, "__pydantic_fields_set__", set(names))
        _set(made, "__pydantic_extra__", None)
        _set(made, "__pydantic_private__", None)
        return made

    return build


_set = object.__setattr__  # as model_construct sets them: the models are frozen


def _decimal(value: Any) -> Decimal:
    """A Decimal as model_dump(mode="json") writes it: a string such as "23.1"."""
    if type(value) is not str:
        raise TypeError("not a decimal")
    number = Decimal(value)
    if not number.is_finite():
        raise ValueError("not finite")
    return number


def _exactly(kind: type, *, optional: bool = False) -> Callable[[Any], Any]:
    """The builder of a plain value: the value itself, if it is of exactly this type (JSON true
    is not the int 1), or None where the field is optional."""

    def same(value: Any) -> Any:
        if type(value) is not kind and not (optional and value is None):
            raise TypeError(f"not a {kind.__name__}")
        return value

    return same


def _bare(annotation: Any) -> Any:
    """A type without its Annotated metadata (Text is str)."""
    if typing.get_origin(annotation) is typing.Annotated:
        return typing.get_args(annotation)[0]
    return annotation
