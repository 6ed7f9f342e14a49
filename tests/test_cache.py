"""The plan cache runs no code and trusts nothing it did not check on the open file: JSON, not
pickle; no symlink followed; leftovers evicted; no folder made where there is no home."""

from __future__ import annotations

import errno
import json
import os
import pickle
import time
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel

from carbon_cli import cache, loading
from carbon_cli.loading import DataSource, load_plan, packaged_data


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of this test's own (not made yet)."""
    where = tmp_path / "cache"
    monkeypatch.setenv(cache.CACHE_VAR, str(where))
    return where


@pytest.fixture
def source(tmp_path: Path) -> DataSource:
    """A copy of the shipped data files."""
    data = tmp_path / "data"
    data.mkdir()
    for name in [*loading.FILES.values(), *loading.OPTIONAL_FILES.values()]:
        (data / name).write_bytes((packaged_data() / name).read_bytes())
    return DataSource(data, "--data")


def entry_of(folder: Path) -> Path:
    (entry,) = folder.glob("plan-*.json")
    return entry


def from_cache(source: DataSource) -> bool:
    """Whether the plan came from the cache (no YAML parsed) and equals the files' plan."""
    plan = load_plan(source)
    return not plan.documents


def test_an_entry_is_json_and_gives_back_the_same_models(folder: Path, source: DataSource) -> None:
    validated = load_plan(source)
    entry = entry_of(folder)
    assert entry.stat().st_mode & 0o777 == 0o600
    data = json.loads(entry.read_bytes())  # plain data: no code in it
    assert data["targets"]["indicators"][0]["id"] == validated.targets.indicators[0].id
    cached = load_plan(source)
    assert not cached.documents
    assert (cached.departments, cached.tasks, cached.targets) == (
        validated.departments,
        validated.tasks,
        validated.targets,
    )
    assert hash(cached.targets) == hash(validated.targets)  # frozen models, hashable as before
    # the leads, worked out from the models by difflib when stored, come back with them
    assert cached.stored_leads is not None
    assert validated.stored_leads is None
    every = [t for _, t in validated.all_targets]
    assert [cached.lead_of(t) for t in every] == [validated.lead_of(t) for t in every]
    assert set(cached.stored_leads) == {t.id for t in every}
    # areas.yaml too: a cache hit parses no YAML at all (parsing it cost ~25 ms a run)
    assert cached.areas is not None
    assert cached.areas == validated.areas


def test_a_cached_model_is_made_as_model_construct_makes_it(
    folder: Path, source: DataSource
) -> None:
    """The cache makes models without model_construct's per-field search: every model of the
    plan must come out as model_construct makes it, pydantic's own attributes included."""
    validated = load_plan(source)
    seen = 0

    def check(model: Any) -> None:
        nonlocal seen
        kind = type(model)
        made = cache._builder(kind)(model.model_dump(mode="json"))
        construct = kind.model_construct(**dict(made))
        assert type(made) is kind
        for attribute in ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__"):
            assert getattr(made, attribute) == getattr(construct, attribute), attribute
        assert made.__pydantic_private__ == construct.__pydantic_private__
        assert made == model
        assert made.model_dump() == model.model_dump()
        seen += 1
        for value in dict(model).values():
            for each in value if isinstance(value, tuple) else (value,):
                if isinstance(each, BaseModel):
                    check(each)

    for part in (validated.departments, validated.tasks, validated.targets, validated.areas):
        check(part)
    assert seen > 300  # every department, task, item, indicator, target and area


def test_an_entry_without_the_areas_of_a_folder_that_has_them_is_not_used(
    folder: Path, source: DataSource
) -> None:
    load_plan(source)
    entry = entry_of(folder)
    data = json.loads(entry.read_bytes())
    del data["areas"]
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert not from_cache(source)


def test_a_pickle_at_the_entry_runs_nothing(
    folder: Path, source: DataSource, tmp_path: Path
) -> None:
    """The attack of the issue: a pickle whose loading runs code. It is not even parsed."""
    load_plan(source)
    entry = entry_of(folder)
    marker = tmp_path / "pwned"

    class Payload:
        def __reduce__(self) -> tuple[Any, ...]:
            return (Path.touch, (marker,))

    entry.write_bytes(pickle.dumps(Payload()))
    assert not from_cache(source)
    assert not marker.exists()


def test_a_symlinked_entry_is_not_followed(
    folder: Path, source: DataSource, tmp_path: Path
) -> None:
    load_plan(source)
    entry = entry_of(folder)
    elsewhere = tmp_path / "elsewhere.json"
    entry.rename(elsewhere)
    entry.symlink_to(elsewhere)
    assert not from_cache(source)


def test_a_symlinked_cache_folder_is_not_followed(
    tmp_path: Path, source: DataSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    real = tmp_path / "real"
    monkeypatch.setenv(cache.CACHE_VAR, str(real))
    load_plan(source)
    assert from_cache(source)
    link = tmp_path / "link"
    link.symlink_to(real)
    monkeypatch.setenv(cache.CACHE_VAR, str(link))
    assert not from_cache(source)


@pytest.mark.parametrize("what", ["entry", "folder"])
def test_anything_others_can_write_is_not_read(folder: Path, source: DataSource, what: str) -> None:
    load_plan(source)
    assert from_cache(source)
    (entry_of(folder) if what == "entry" else folder).chmod(0o777 if what == "folder" else 0o666)
    assert not from_cache(source)


def edit(data: dict[str, Any], change: str) -> None:
    """One way an entry written by someone else, or damaged, differs from a real one."""
    target = data["targets"]["indicators"][0]["targets"][0]
    if change == "year as text":
        target["year"] = "2025"
    elif change == "value as a float":
        target["value"] = 1.5
    elif change == "value not a number":
        target["value"] = "abc"
    elif change == "value infinite":
        target["value"] = "Infinity"
    elif change == "unknown kind":
        target["kind"] = "whatever"
    elif change == "extra key":
        target["code"] = "x"
    elif change == "missing key":
        del target["quote"]
    elif change == "list as mapping":
        data["targets"]["indicators"] = {}
    elif change == "two models":
        del data["departments"]
    elif change == "no leads":
        del data["leads"]
    elif change == "a lead not text":
        data["leads"][next(iter(data["leads"]))] = 3


CHANGES = [
    "year as text",
    "value as a float",
    "value not a number",
    "value infinite",
    "unknown kind",
    "extra key",
    "missing key",
    "list as mapping",
    "two models",
    "no leads",
    "a lead not text",
]


@pytest.mark.parametrize("change", CHANGES)
def test_an_entry_not_as_written_is_ignored(folder: Path, source: DataSource, change: str) -> None:
    load_plan(source)
    entry = entry_of(folder)
    data = json.loads(entry.read_bytes())
    edit(data, change)
    entry.write_text(json.dumps(data), encoding="utf-8")
    assert not from_cache(source)


@pytest.mark.parametrize("damage", [b"", b"[", b"[" * 100_000, b"\xff\xfe", b"null"])
def test_a_damaged_entry_is_ignored(folder: Path, source: DataSource, damage: bytes) -> None:
    load_plan(source)
    entry_of(folder).write_bytes(damage)
    assert not from_cache(source)
    assert from_cache(source)  # and the entry was written again


def test_a_full_disk_leaves_no_entry_and_no_temporary_file(
    folder: Path, source: DataSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    assert load_plan(source).targets.indicators
    assert sorted(p.name for p in folder.iterdir()) == []


def test_leftovers_are_evicted(folder: Path, source: DataSource) -> None:
    """Temporary files of a killed run (older than an hour), pickles of the old format, and
    entries beyond the newest CACHE_KEEP go; a temporary file being written now stays."""
    folder.mkdir(mode=0o700)
    old = time.time() - 2 * cache.STALE
    stale = folder / ".plan-0123.json.abc.tmp"
    fresh = folder / ".plan-4567.json.def.tmp"
    pickled = folder / "plan-89ab.pickle"
    for path in (stale, fresh, pickled):
        path.write_bytes(b"x")
    os.utime(stale, (old, old))
    entries = [folder / f"plan-{n:032x}.json" for n in range(cache.CACHE_KEEP + 2)]
    for n, path in enumerate(entries):
        path.write_bytes(b"[]")
        os.utime(path, (old + n, old + n))
    load_plan(source)
    left = {p.name for p in folder.iterdir()}
    assert stale.name not in left
    assert pickled.name not in left
    assert fresh.name in left
    kept = sorted(p for p in left if p.startswith("plan-"))
    assert len(kept) == cache.CACHE_KEEP
    assert entries[0].name not in left
    assert entries[1].name not in left


def test_no_home_makes_no_folder(
    tmp_path: Path, source: DataSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    """HOME=/nonexistent: the plan loads, no cache, and that folder is not created."""
    home = tmp_path / "nonexistent"
    monkeypatch.delenv(cache.CACHE_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    assert load_plan(source).targets.indicators
    assert not home.exists()


def test_an_existing_home_gets_its_cache_folder(
    tmp_path: Path, source: DataSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.delenv(cache.CACHE_VAR, raising=False)
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    monkeypatch.setenv("HOME", str(home))
    load_plan(source)
    assert entry_of(home / ".cache" / "carbon")
    assert (home / ".cache" / "carbon").stat().st_mode & 0o777 == 0o700


def test_a_relative_xdg_cache_home_is_ignored(
    tmp_path: Path, source: DataSource, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The XDG spec: relative paths are invalid and should be ignored (it wrote into ./)."""
    home = tmp_path / "home"
    home.mkdir()
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.chdir(work)
    monkeypatch.delenv(cache.CACHE_VAR, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", "relative")
    monkeypatch.setenv("HOME", str(home))
    assert cache.cache_dir() == home / ".cache" / "carbon"
    load_plan(source)
    assert list(work.iterdir()) == []
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert cache.cache_dir() == tmp_path / "xdg" / "carbon"


def test_the_key_takes_any_number_of_files(folder: Path) -> None:
    """A fourth data file (areas.yaml) is hashed like the others, and changes the key."""
    texts = {name: (f"data/{name}.yaml", f"{name}: []\n") for name in loading.FILES}
    three = cache.key(texts)
    four = cache.key({**texts, "areas": ("data/areas.yaml", "areas: []\n")})
    assert three
    assert four
    assert three != four
    assert cache.key(dict(texts)) == three
