"""The validated plan, kept between runs, keyed by everything it depends on."""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
import tempfile
from pathlib import Path

from carbon_cli import __version__, choices, models
from carbon_cli.models import DepartmentsFile, TargetsFile, TasksFile

CACHE_VAR = "CARBON_CACHE"  # the folder for validated plans, or "off"
CACHE_KEEP = 8  # plans kept in the cache: the data in use and a few recent edits of it
MODELS = (DepartmentsFile, TasksFile, TargetsFile)


# The validated plan is kept as a pickle named by a hash of everything it depends on: the three
# texts, the code that turns them into models, and the versions of Python and pydantic. A changed
# file or a changed program is a different name, so a stale entry is never read; an unreadable or
# unwritable cache is silently not used (a read-only home, a CI runner).
Cached = tuple[DepartmentsFile, TasksFile, TargetsFile]


def cache_dir() -> Path | None:
    """$CARBON_CACHE (off: none), else $XDG_CACHE_HOME/carbon, else ~/.cache/carbon."""
    setting = os.environ.get(CACHE_VAR)
    if setting is not None:
        return None if setting.strip().lower() in {"", "off", "0", "no"} else Path(setting)
    base = os.environ.get("XDG_CACHE_HOME")
    try:
        return Path(base) / "carbon" if base else Path.home() / ".cache" / "carbon"
    except RuntimeError:  # no home folder
        return None


def key(texts: dict[str, tuple[str, str]]) -> str | None:
    """The cache entry's name for these texts and this program, None with the cache off."""
    if cache_dir() is None:
        return None
    import pydantic.version

    digest = hashlib.sha256()
    for part in (__version__, sys.version, pydantic.version.VERSION):
        digest.update(part.encode() + b"\0")
    parser = Path(__file__).with_name("yamlparse.py")  # not imported: a cache hit needs no YAML
    loader = Path(__file__).with_name("loading.py")
    for module in (models.__file__, choices.__file__, loader, parser):
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


def load(key: str) -> Cached | None:
    """The models stored under `key`, None when absent or unreadable."""
    folder = cache_dir()
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
        and all(isinstance(m, t) for m, t in zip(found, MODELS, strict=True))
    ):
        return found
    return None


def store(key: str, plan: Cached) -> None:
    """Store the models under `key` (atomically) and drop the oldest entries; never fails."""
    folder = cache_dir()
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
