"""A property over the whole hostile corpus: whatever a case feeds `carbon`, its inputs are the
same after the run, and running it again gives the same exit code and the same bytes on stdout
and stderr (no state left behind, no dependence on what ran before)."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_hostile import (  # the corpus runner's fixtures, too
    CASES,
    arrange,
    fingerprints,
    guard_io,
    load_case,
    quiet_env,  # noqa: F401
    restore_modes,  # noqa: F401
)

from carbon_cli.cli import main


@pytest.mark.usefixtures("quiet_env", "restore_modes")
@pytest.mark.parametrize("case_file", CASES, ids=[c.stem for c in CASES])
def test_inputs_unchanged_and_reruns_byte_identical(
    case_file: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    case = load_case(case_file)
    monkeypatch.chdir(tmp_path)
    _, inputs = arrange(case, tmp_path)
    before = fingerprints(*inputs)
    runs = []
    for _ in range(2):
        with monkeypatch.context() as guarded:
            guard_io(guarded, [])
            code = main([str(a) for a in case["args"]])
        out, err = capsys.readouterr()
        runs.append((code, out.encode("utf-8", "surrogateescape"), err.encode("utf-8")))
        assert fingerprints(*inputs) == before, "an input file changed"
    assert runs[0] == runs[1], "a second run gave other output"
