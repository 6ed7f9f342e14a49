"""YAML → models, with every problem at its line and column, and where the data comes from."""

from __future__ import annotations

import difflib
import hashlib
import os
import pickle
import stat
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel, ValidationError

from carbon_cli import __version__, choices, models
from carbon_cli.errors import DataError, Problem
from carbon_cli.models import DepartmentsFile, TargetsFile, TasksFile

if TYPE_CHECKING:
    import yaml

FILES = {"departments": "departments.yaml", "tasks": "tasks.yaml", "targets": "targets.yaml"}
MAX_BYTES = 5_000_000  # the whole plan is ~100 kB; anything near this is not a hand-kept data file
ENV_VAR = "CARBON_DATA"
CACHE_VAR = "CARBON_CACHE"  # the folder for validated plans, or "off"
CACHE_KEEP = 8  # plans kept in the cache: the data in use and a few recent edits of it

Model = TypeVar("Model", bound=BaseModel)


@dataclass(frozen=True)
class DataSource:
    """The data folder in use and why it was chosen."""

    path: Path
    origin: str  # "--data", "CARBON_DATA", "./data" or "packaged"

    def describe(self) -> str:
        """One line for people: which folder, chosen how."""
        return f"{self.path} ({self.origin})"


@dataclass(frozen=True)
class Document:
    """A loaded YAML file: its path as shown to people and its node tree (for positions)."""

    path: str
    root: yaml.Node


@dataclass(frozen=True)
class Plan:
    """The three curated files, validated, with their texts for cross-file positions."""

    source: DataSource
    departments: DepartmentsFile
    tasks: TasksFile
    targets: TargetsFile
    texts: dict[str, tuple[str, str]]  # name (a key of FILES) → (path as shown, text)
    # node trees, parsed again from `texts` when a position is asked for after a cached load
    documents: dict[str, Document] = field(default_factory=dict, compare=False, repr=False)

    def document(self, name: str) -> Document:
        """The node tree of file `name` (a key of FILES)."""
        doc = self.documents.get(name)
        if doc is None:
            shown, text = self.texts[name]
            doc = self.documents[name] = Document(shown, parse_yaml(text, shown)[0])
        return doc

    def position(self, name: str, loc: Sequence[str | int]) -> tuple[str, int | None, int | None]:
        """Path, line and column of the value at `loc` in file `name` (a key of FILES)."""
        doc = self.document(name)
        mark = node_at(doc.root, loc).start_mark
        return doc.path, mark.line + 1, mark.column + 1


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
    """The file's text, or a DataError saying plainly why it cannot be read."""
    try:
        if path.is_dir():
            raise DataError([Problem(shown, None, None, "is a folder, not a file")])
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DataError(
                [
                    Problem(
                        shown,
                        None,
                        None,
                        f"is {size:,} bytes; a data file is at most {MAX_BYTES:,}",
                    )
                ]
            )
        return path.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise DataError([Problem(shown, None, None, "no such file")]) from None
    except UnicodeDecodeError as e:
        raise DataError(
            [Problem(shown, None, None, f"is not UTF-8 text (byte {e.start})", "save it as UTF-8")]
        ) from None
    except OSError as e:
        raise DataError([Problem(shown, None, None, f"cannot be read: {e.strerror}")]) from None


def parse_yaml(text: str, shown: str) -> tuple[yaml.Node, Any]:
    """Node tree and plain data of one YAML document; every problem raised as a DataError."""
    from carbon_cli import yamlparse  # PyYAML only when a file is parsed, not for a cached plan

    return yamlparse.parse_yaml(text, shown)


def node_at(root: yaml.Node, loc: Sequence[str | int], key: bool = False) -> yaml.Node:
    """The deepest node along a pydantic error location (the key itself when `key`)."""
    from carbon_cli import yamlparse

    return yamlparse.node_at(root, loc, key)


ENTITIES = {
    "departments": "department",
    "indicators": "indicator",
    "targets": "target",
    "groups": "group",
    "tasks": "task",
    "safeguards": "task",
    "items": "item",
    "goals": "goal",
    "baselines": "baseline",
}


def entity_label(data: Any, loc: Sequence[str | int]) -> str:
    """Name the entity an error sits in, e.g. 'target energy_intensity_2025' or 'task 3 item 2'."""
    labels: list[str] = []
    current = data
    for i, part in enumerate(loc):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and i > 0 and loc[i - 1] in ENTITIES:
            kind = ENTITIES[str(loc[i - 1])]
            ident = None
            if isinstance(current, dict):
                ident = current.get("id") or current.get("name") or current.get("number")
            if kind == "item" or ident is None:
                ident = part + 1
            labels.append(f"{kind} {ident}")
    return " ".join(labels[-2:] if labels and labels[-1].startswith("item") else labels[-1:])


def _field_names(model: type[BaseModel], seen: set[str] | None = None) -> set[str]:
    """Every field name used anywhere in a file format, for 'did you mean' hints."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for arg in getattr(info.annotation, "__args__", ()) or ():
            for inner in getattr(arg, "__args__", (arg,)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    names |= _field_names(inner)
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            names |= _field_names(info.annotation)
    return names


def _number_hint(got: Any) -> str:
    """How to write a number the user wrote as text."""
    if isinstance(got, str):
        try:
            size = Decimal(got.strip()).adjusted()
        except (InvalidOperation, ValueError):
            size = 0
        if not -300 <= size < 300:  # e.g. 1e400: YAML reads an exponent without a point as text
            return "write a plain number such as 23.1 (its size must be below 1e300)"
        digits = "".join(c for c in got if c.isdigit() or c in ".-")
        if digits and digits not in {".", "-"}:
            return f"write {digits}"
    return "write a plain number such as 23.1"


def reword(
    err: ValidationError, path: str, root: yaml.Node, data: Any, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into the data's terms, each at its line in the file."""
    import yaml

    known = _field_names(model)
    problems = []
    for e in err.errors():
        loc = [
            p
            for p in e["loc"]
            if isinstance(p, int) or not str(p).startswith(("function-", "decimal"))
        ]
        field = str(loc[-1]) if loc and isinstance(loc[-1], str) else "value"
        got = e.get("input")
        kind = e["type"]
        hint: str | None = None
        if kind == "missing":
            text, hint = f"{field} is missing", f"add `{field}: …`"
        elif kind == "extra_forbidden":
            close = difflib.get_close_matches(field, sorted(known), n=1)
            text = f"unknown field '{field}'"
            hint = f"did you mean '{close[0]}'?" if close else "remove it"
        elif kind in {"is_instance_of", "decimal_type", "decimal_parsing", "float_type"}:
            text, hint = f"{field} must be a number, got {got!r}", _number_hint(got)
        elif kind in {"finite_number"}:
            node = node_at(root, loc)  # .inf or 1.0e+400 as written, not Decimal('Infinity')
            written = node.value if isinstance(node, yaml.ScalarNode) else got
            text = f"{field} must be a finite number, got {written!r}"
        elif kind in {"int_type", "int_parsing", "int_from_float"}:
            text = f"{field} must be a whole number, got {got!r}"
            hint = _number_hint(got) if isinstance(got, str) else None
        elif kind == "bool_type":
            text, hint = f"{field} must be true or false, got {got!r}", None
        elif kind == "string_type":
            text = f"{field} must be text, got {got!r}"
            hint = f"write it in quotes: '{got}'" if isinstance(got, int | float) else None
        elif kind == "enum":
            expected = e.get("ctx", {}).get("expected", "")
            text = f"{field} must be one of {expected}, got {got!r}"
        elif kind in {"greater_than_equal", "less_than_equal"}:
            text = f"{field} must be a year from 1900 to 2100, got {got!r}"
        elif kind == "string_pattern_mismatch":
            text = f"{field} {got!r} is not valid"
            hint = (
                "use lowercase ASCII letters, digits and _ (e.g. forest_cover_2030)"
                if "indicators" in loc
                else "use 1–40 for key tasks, S1–S6 for 保障措施, （一）… for groups"
            )
        elif kind in {"too_short", "string_too_short"}:
            text = f"{field} must not be empty"
        elif kind in {"tuple_type", "list_type"}:
            text = f"{field} must be a list (lines starting with '- ')"
        elif kind in {"model_type", "dict_type", "model_attributes_type"}:
            text = f"{field or 'this'} must be a mapping of `key: value` lines"
        else:
            text = f"{field}: {e['msg']}"
        mark = node_at(root, loc, key=kind == "extra_forbidden").start_mark
        label = entity_label(data, loc)
        problems.append(
            Problem(
                path, mark.line + 1, mark.column + 1, f"{label}: {text}" if label else text, hint
            )
        )
    return problems


def load_file(path: Path, shown: str, model: type[Model]) -> tuple[Model, Document]:
    """One data file as its model, or a DataError listing every problem in it."""
    return load_text(read_text(path, shown), shown, model)


def load_text(text: str, shown: str, model: type[Model]) -> tuple[Model, Document]:
    """The text of one data file as its model, or a DataError listing every problem in it."""
    root, data = parse_yaml(text, shown)
    try:
        return model.model_validate(data), Document(shown, root)
    except ValidationError as err:
        raise DataError(reword(err, shown, root, data, model)) from None


MODELS: dict[str, type[BaseModel]] = {
    "departments": DepartmentsFile,
    "tasks": TasksFile,
    "targets": TargetsFile,
}


def load_plan(source: DataSource) -> Plan:
    """The three files of a data folder; all their problems at once if any is bad.

    A plan read before from the same texts by the same code comes from the cache instead.
    """
    if not source.path.is_dir():
        what = "no such folder" if not source.path.exists() else "is not a folder"
        raise DataError([Problem(str(source.path), None, None, f"data folder: {what}")])
    problems: list[Problem] = []
    texts: dict[str, tuple[str, str]] = {}
    for name, filename in FILES.items():
        shown = str(source.path / filename)
        try:
            texts[name] = (shown, read_text(source.path / filename, shown))
        except DataError as e:
            problems.extend(e.problems)
    key = None if problems else _cache_key(texts)
    cached = _cached(key) if key else None
    if cached is not None:
        return Plan(source, *cached, texts=texts)
    loaded: dict[str, Any] = {}
    documents: dict[str, Document] = {}
    for name, (shown, text) in texts.items():
        try:
            loaded[name], documents[name] = load_text(text, shown, MODELS[name])
        except DataError as e:
            problems.extend(e.problems)
    if problems:
        raise DataError(problems)
    plan = Plan(source, loaded["departments"], loaded["tasks"], loaded["targets"], texts, documents)
    if key:
        _cache(key, (plan.departments, plan.tasks, plan.targets))
    return plan


# The validated plan is kept as a pickle named by a hash of everything it depends on: the three
# texts, the code that turns them into models, and the versions of Python and pydantic. A changed
# file or a changed program is a different name, so a stale entry is never read; an unreadable or
# unwritable cache is silently not used (a read-only home, a CI runner).
Cached = tuple[DepartmentsFile, TasksFile, TargetsFile]


def _cache_dir() -> Path | None:
    """$CARBON_CACHE (off: none), else $XDG_CACHE_HOME/carbon, else ~/.cache/carbon."""
    setting = os.environ.get(CACHE_VAR)
    if setting is not None:
        return None if setting.strip().lower() in {"", "off", "0", "no"} else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base) / "carbon" if base else Path.home() / ".cache" / "carbon"
    except RuntimeError:  # no home folder
        return None


def _cache_key(texts: dict[str, tuple[str, str]]) -> str | None:
    """The cache entry's name for these texts and this program, None with the cache off."""
    if _cache_dir() is None:
        return None
    import pydantic.version

    digest = hashlib.sha256()
    for part in (__version__, sys.version, pydantic.version.VERSION):
        digest.update(part.encode() + b"\0")
    parser = Path(__file__).with_name("yamlparse.py")  # not imported: a cache hit needs no YAML
    for module in (models.__file__, choices.__file__, __file__, parser):
        try:
            digest.update(Path(module).read_bytes())
        except OSError:
            return None  # the code cannot be checked: do not trust a cache
    for name, (_, text) in sorted(texts.items()):
        digest.update(f"{name}\0{len(text)}\0".encode() + text.encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:32]


def _private(path: Path) -> bool:
    """Owned by this user and writable by no one else (always true where there are no uids)."""
    try:
        info = path.stat()
    except OSError:
        return False
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the user's profile folder is private already
        return True
    return info.st_uid == getuid() and not info.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _cached(key: str) -> Cached | None:
    """The models stored under `key`, None when absent or unreadable."""
    folder = _cache_dir()
    if folder is None:
        return None
    entry = folder / f"plan-{key}.pickle"
    if not (_private(folder) and _private(entry)):
        return None  # unpickling runs code: only a file nobody else could have written
    try:
        found = pickle.loads(entry.read_bytes())
    except Exception:  # absent, truncated, or written by another program: read the files instead
        return None
    if (
        isinstance(found, tuple)
        and len(found) == len(MODELS)
        and all(isinstance(m, t) for m, t in zip(found, MODELS.values(), strict=True))
    ):
        return found
    return None


def _cache(key: str, plan: Cached) -> None:
    """Store the models under `key` (atomically) and drop the oldest entries; never fails."""
    folder = _cache_dir()
    if folder is None:
        return
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=folder, prefix=".plan-", delete=False) as out:
            pickle.dump(plan, out, protocol=pickle.HIGHEST_PROTOCOL)
        Path(out.name).replace(folder / f"plan-{key}.pickle")
        entries = sorted(folder.glob("plan-*.pickle"), key=lambda p: p.stat().st_mtime)
        for old in entries[:-CACHE_KEEP]:
            old.unlink(missing_ok=True)
    except (OSError, pickle.PicklingError):
        pass
