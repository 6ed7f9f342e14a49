"""A property over the whole hostile corpus: whatever a case feeds `carbon`, its inputs are the
same after the run, and running it again gives the same exit code and the same bytes on stdout
and stderr (no state left behind, no dependence on what ran before)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_hostile import CASES, ROOT, fingerprints, guard_io, load_case, make_file, patch_data

from carbon_cli.cli import main
from carbon_cli.loading import packaged_data


@pytest.fixture
def quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus runner's settings: no terminal, no colour, no plan cache."""
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.setenv("COLUMNS", "100")
    monkeypatch.setenv("CARBON_CACHE", "off")
    monkeypatch.delenv("CARBON_DATA", raising=False)


@pytest.mark.usefixtures("quiet")
@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_inputs_unchanged_and_reruns_byte_identical(
    case_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = load_case(case_file)
    monkeypatch.chdir(tmp_path)
    for name, spec in (case.get("files") or {}).items():
        make_file(tmp_path / name, spec)
    if "data_patch" in case:
        patch_data(tmp_path / case.get("data_dir", "data"), case["data_patch"])
    inputs = [tmp_path, packaged_data(), ROOT / "examples"]
    before = fingerprints(*inputs)
    runs = []
    try:
        for _ in range(2):
            with monkeypatch.context() as guarded:
                guard_io(guarded, [])
                code = main([str(a) for a in case["args"]])
            out, err = capsys.readouterr()
            runs.append((code, out.encode("utf-8", "surrogateescape"), err.encode("utf-8")))
            assert fingerprints(*inputs) == before, "an input file changed"
    finally:
        for path in tmp_path.rglob("*"):  # the unreadable case: let pytest clean up
            if not path.is_symlink() and path.is_file():
                path.chmod(0o644)
    assert runs[0] == runs[1], "a second run gave other output"
