"""Nothing lost: writes are whole or not at all, never through a symlink, never onto an input."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from typing import BinaryIO

import pytest

from carbon_cli import files, schema
from carbon_cli.cli import main
from carbon_cli.errors import UsageError
from carbon_cli.files import refuse_overwriting_input, write_atomic

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"


def listing(folder: Path) -> list[str]:
    """Every name in the folder, hidden ones (temporary files) included."""
    return sorted(p.name for p in folder.iterdir())


def full_disk(after: int) -> files.Writer:
    """A writer that writes `after` bytes, then fails as a full disk does."""

    def write(out: BinaryIO) -> None:
        out.write(b"x" * after)
        raise OSError(errno.ENOSPC, "No space left on device")

    return write


# ---- write_atomic -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"\x00bytes", b"\x00bytes"),
        ("文字\n", "文字\n".encode()),
        (lambda f: f.write(b"fn"), b"fn"),
    ],
    ids=["bytes", "text as UTF-8", "a writer"],
)
def test_write_atomic_writes_every_kind_of_data(
    tmp_path: Path, data: bytes | str | files.Writer, expected: bytes
) -> None:
    target = tmp_path / "out.bin"
    write_atomic(target, data)
    assert target.read_bytes() == expected
    assert listing(tmp_path) == ["out.bin"]


def test_a_new_file_gets_the_usual_mode_and_a_replaced_one_keeps_its_own(tmp_path: Path) -> None:
    """Not mkstemp's 0o600: a report is for colleagues to read."""
    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "new.txt", "x")
        assert (tmp_path / "new.txt").stat().st_mode & 0o777 == 0o644
        kept = tmp_path / "kept.txt"
        kept.write_text("old", encoding="utf-8")
        kept.chmod(0o640)
        write_atomic(kept, "new")
        assert kept.stat().st_mode & 0o777 == 0o640
        write_atomic(tmp_path / "private", "x", mode=0o600)
        assert (tmp_path / "private").stat().st_mode & 0o777 == 0o600
    finally:
        os.umask(umask)


@pytest.mark.parametrize("written", [0, 5000, 200_000])
def test_full_disk_leaves_the_old_file_and_no_temporary_file(tmp_path: Path, written: int) -> None:
    target = tmp_path / "report.html"
    target.write_bytes(b"the old report")
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, full_disk(written))
    assert target.read_bytes() == b"the old report"
    assert listing(tmp_path) == ["report.html"]


def test_full_disk_on_a_new_file_leaves_nothing(tmp_path: Path) -> None:
    """No truncated file for the next run to refuse as 'already exists'."""
    with pytest.raises(OSError, match="No space"):
        write_atomic(tmp_path / "new.html", full_disk(4096))
    assert listing(tmp_path) == []


def test_full_disk_found_only_at_fsync(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Delayed allocation: the write succeeds, the flush to disk fails; the target is untouched."""
    target = tmp_path / "schema.json"
    target.write_text("{}", encoding="utf-8")

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"):
        write_atomic(target, "x" * 10_000)
    assert target.read_text(encoding="utf-8") == "{}"
    assert listing(tmp_path) == ["schema.json"]


def test_an_interrupted_write_leaves_nothing(tmp_path: Path) -> None:
    """Ctrl-C in the middle of writing: no partial file, no temporary file."""

    def interrupted(out: BinaryIO) -> None:
        out.write(b"half")
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        write_atomic(tmp_path / "out.md", interrupted)
    assert listing(tmp_path) == []


def test_a_symlink_at_the_target_is_replaced_not_written_through(tmp_path: Path) -> None:
    precious = tmp_path / "precious.csv"
    precious.write_text("indicator,year,value\n", encoding="utf-8")
    link = tmp_path / "out.md"
    link.symlink_to(precious)
    write_atomic(link, "report")
    assert not link.is_symlink()
    assert link.read_text(encoding="utf-8") == "report"
    assert precious.read_text(encoding="utf-8") == "indicator,year,value\n"


def test_without_overwrite_a_dangling_symlink_is_not_free(tmp_path: Path) -> None:
    """`os.path.exists` says False for a dangling link; writing through it would create its
    target wherever it points."""
    link = tmp_path / "template.xlsx"
    link.symlink_to(tmp_path / "elsewhere" / "planted.xlsx")
    (tmp_path / "elsewhere").mkdir()
    with pytest.raises(FileExistsError):
        write_atomic(link, b"workbook", overwrite=False)
    assert link.is_symlink()
    assert listing(tmp_path / "elsewhere") == []
    assert listing(tmp_path) == ["elsewhere", "template.xlsx"]


def test_without_overwrite_an_existing_file_stays_and_a_new_one_is_written(tmp_path: Path) -> None:
    held = tmp_path / "filled.csv"
    held.write_text("filled in", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomic(held, "blank template", overwrite=False)
    assert held.read_text(encoding="utf-8") == "filled in"
    write_atomic(tmp_path / "new.csv", "blank template", overwrite=False)
    assert (tmp_path / "new.csv").read_text(encoding="utf-8") == "blank template"
    assert listing(tmp_path) == ["filled.csv", "new.csv"]


def test_a_folder_at_the_target_fails_cleanly(tmp_path: Path) -> None:
    (tmp_path / "out").mkdir()
    with pytest.raises(IsADirectoryError):
        write_atomic(tmp_path / "out", "x")
    assert listing(tmp_path) == ["out"]
    assert listing(tmp_path / "out") == []


def test_schema_write_is_atomic(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """`carbon schema --output` on a full disk: the old schemas stay whole (was: 4096 bytes)."""
    schema.write(tmp_path, ["targets"])
    before = (tmp_path / "targets.schema.json").read_bytes()

    def no_space(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", no_space)
    with pytest.raises(OSError, match="No space"):
        schema.write(tmp_path, ["targets"])
    assert (tmp_path / "targets.schema.json").read_bytes() == before
    assert listing(tmp_path) == ["targets.schema.json"]


# ---- refuse_overwriting_input -----------------------------------------------------------------


@pytest.fixture
def inputs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """An observations file and a data folder, in a working folder of their own."""
    monkeypatch.chdir(tmp_path)
    Path("obs.csv").write_text("indicator,year,value\n", encoding="utf-8")
    Path("data").mkdir()
    Path("data/targets.yaml").write_text("indicators: []\n", encoding="utf-8")
    return [Path("obs.csv"), Path("data")]


@pytest.mark.parametrize(
    "output",
    ["obs.csv", "./obs.csv", "data/../obs.csv", "data/targets.yaml", "data/new.md"],
    ids=["same", "dot", "dot-dot", "file in input folder", "new file in input folder"],
)
def test_an_output_that_is_an_input_is_refused(inputs: list[Path], output: str) -> None:
    with pytest.raises(UsageError, match="输出文件") as refused:
        refuse_overwriting_input(Path(output), inputs)
    assert "--output" in str(refused.value)


def test_an_output_reaching_an_input_through_links_is_refused(inputs: list[Path]) -> None:
    Path("link.md").symlink_to("obs.csv")
    Path("folder-link").symlink_to("data")
    os.link("obs.csv", "hard.md")
    for output in ("link.md", "folder-link/targets.yaml", "hard.md"):
        with pytest.raises(UsageError):
            refuse_overwriting_input(Path(output), inputs)


@pytest.mark.parametrize("output", ["report.md", "data-report.md", "obs.csv.md", "new/obs.csv"])
def test_other_outputs_pass(inputs: list[Path], output: str) -> None:
    refuse_overwriting_input(Path(output), inputs)


# ---- through the command -----------------------------------------------------------------------


def run_report(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["report", "--format", "markdown", *args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("through_link", [False, True], ids=["by name", "through a symlink"])
def test_report_refuses_to_overwrite_its_observations(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    through_link: bool,
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    obs = Path("obs.csv")
    obs.write_bytes(EXAMPLE.read_bytes())
    output = "obs.csv"
    if through_link:
        Path("out.md").symlink_to("obs.csv")
        output = "out.md"
    code, out, err = run_report(capsys, "--observations", "obs.csv", "--output", output)
    assert code == 2
    assert out == ""
    assert err.startswith(f"carbon: 输出文件 {output} 是本次运行的输入文件")
    assert err.count("\n") == 1
    assert obs.read_bytes() == EXAMPLE.read_bytes()


def test_report_refuses_to_write_into_the_data_folder_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    data = Path("data")
    data.mkdir()
    for name in ("departments.yaml", "tasks.yaml", "targets.yaml"):
        (data / name).write_bytes((ROOT / "data" / name).read_bytes())
    code, _, err = run_report(capsys, "--data", "data", "--output", "data/targets.yaml")
    assert code == 2, err
    assert "data/targets.yaml" in err
    assert (data / "targets.yaml").read_bytes() == (ROOT / "data" / "targets.yaml").read_bytes()


def test_report_writes_atomically_and_elsewhere_as_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("CARBON_CACHE", "off")
    code, _, err = run_report(capsys, "--observations", str(EXAMPLE), "--output", "report.md")
    assert code == 0, err
    assert Path("report.md").read_text(encoding="utf-8").startswith("# ")
    assert listing(tmp_path) == ["report.md"]
