"""Everything a Chinese analyst reads is Chinese first (English may follow, in brackets): the help
of every command and option, the default tables, and the messages of errors."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import typer

from carbon_cli.cli import app, main
from carbon_cli.loading import packaged_data

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
OBS = ("--observations", str(EXAMPLE))
# typer's own options, whose words typer writes
TYPERS_OWN = {"help", "install_completion", "show_completion"}
CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’《》]")
LATIN = re.compile(r"[A-Za-z]")
WORD = re.compile(r"[A-Za-z][A-Za-z_.\-]*")  # an English word, an id (municipal_department)
BRACKETED = re.compile(r"\s*\([^()（）]*\)\.?$")  # the English that follows, in brackets
ENGLISH_SENTENCE = re.compile(r"[A-Za-z]{2,}(?:[ ,]+[A-Za-z]{2,}){2,}")  # three English words


def chinese_first(text: str, mostly: bool = True) -> bool:
    """Starts with two Chinese characters and, if `mostly`, has more Chinese characters than
    English words (ids such as municipal_department count as words) before its English in
    brackets. A message may quote what a library said in English after its Chinese words."""
    text = text.strip()
    before = BRACKETED.sub("", text)
    if not CJK.match(text[:1]) or not CJK.match(text[1:2]):
        return False
    return not mostly or len(CJK.findall(before)) >= len(WORD.findall(before))


def test_chinese_first_catches_english() -> None:
    assert chinese_first("每个目标的进展 (each target's status).")
    assert not chinese_first("Show only these statuses, e.g. behind,missed.")
    assert not chinese_first("html (one self-contained file) 或网页")
    assert not chinese_first("输出 the format of the output file")


def helps() -> list[tuple[str, str]]:
    """(where, text) of the app's, every command's and every option's help."""
    root = typer.main.get_command(app)
    found = [("carbon", root.help or "")]
    for name, command in root.commands.items():  # type: ignore[attr-defined]
        found.append((name, command.help or ""))
        for param in command.params:
            text = getattr(param, "help", None)
            if param.name not in TYPERS_OWN:
                found.append((f"{name} {param.name}", text or ""))
    return found


@pytest.mark.parametrize(("where", "text"), helps(), ids=[w for w, _ in helps()])
def test_help_is_chinese_first(where: str, text: str) -> None:
    assert chinese_first(text), (where, text)


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--year", "2025", *OBS),
        ("status", "--year", "2025", "--by-area", *OBS),
        ("owners", "林业局", "--year", "2025", *OBS),
        ("owners", "--all", "--year", "2025", *OBS),
        ("show", "森林覆盖率", *OBS),
        ("targets",),
        ("tasks",),
        ("departments",),
    ],
    ids=["status", "by-area", "owners", "owners-all", "show", "targets", "tasks", "departments"],
)
@pytest.mark.parametrize("columns", ["80", "120"])
def test_default_tables_are_chinese(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    columns: str,
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    assert main(list(args)) == 0
    out, err = capsys.readouterr()
    assert len(CJK.findall(out)) >= 5 * len(LATIN.findall(out))  # e.g. 吨标准煤/万元, LED, W/W
    assert not ENGLISH_SENTENCE.search(out), ENGLISH_SENTENCE.search(out)
    for line in err.splitlines():
        assert chinese_first(line.removeprefix("carbon: ")), line


@pytest.mark.parametrize(
    "args",
    [
        ("status", "--year", "abc"),
        ("status", "--colour"),
        ("status", "--year"),
        ("statsu",),
        ("targets", "--format", "xml"),
        ("targets", "--kind", "降"),
        ("status", "--only", "late"),
        ("status", "--fail-on", "late"),
        ("status", "--format", "xlsx"),
        ("owners", "市住建厅"),
        ("owners",),
        ("tasks", "--task", "41"),
        ("tasks", "--group", "14"),
        ("show", "能源"),
        ("validate", "--format", "xml"),
        ("schema", "plan"),
        ("status", "--data", "nowhere"),
    ],
)
def test_usage_errors_are_chinese_first(
    capsys: pytest.CaptureFixture[str], args: tuple[str, ...]
) -> None:
    code = main(list(args))
    _, err = capsys.readouterr()
    assert code in {1, 2}
    assert err.count("\n") == 1
    message = err.removeprefix("carbon: ").split(": ", 1)[-1] if code == 1 else err[8:]
    message = re.sub(r"^--[\w-]+：", "", message)  # the option it is about may come first
    assert chinese_first(message, mostly=False), err


BREAKS = {
    "targets.yaml": [
        ("    unit: ", "    unitt: "),  # unknown field and a missing one
        ("value: 14\n", "value: 14%\n"),  # not a number
        ("kind: reduce_by", "kind: reduce"),  # not a choice
        ("reference_year: 2020\n", "reference_year: 2020\nreference_year: 2021\n"),  # twice
        ("base_year: 2020", "base_year: 2040"),  # base year after the deadline
    ],
    "departments.yaml": [
        ("    kind: municipal_department\n", "\tkind: municipal_department\n"),  # a tab
        ('aliases: ["市发展改革委", ', 'aliases: ["住建局", '),  # an alias used twice
    ],
}


def test_data_problems_are_chinese_first(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    data = tmp_path / "data"
    shutil.copytree(packaged_data(), data, ignore=shutil.ignore_patterns("observations"))
    messages = []
    for name, breaks in BREAKS.items():
        for old, new in breaks:
            shutil.copy(packaged_data() / name, data / name)
            text = (data / name).read_text(encoding="utf-8")
            assert old in text, old
            (data / name).write_text(text.replace(old, new, 1), encoding="utf-8")
            assert main(["validate", "--data", str(data)]) == 1
            messages += capsys.readouterr().err.splitlines()
        shutil.copy(packaged_data() / name, data / name)
    (data / "tasks.yaml").unlink()
    assert main(["validate", "--data", str(data)]) == 1
    messages += capsys.readouterr().err.splitlines()
    assert len(messages) >= 2 * (sum(map(len, BREAKS.values())) + 1)  # problems and summaries
    for line in messages:
        if line.startswith("carbon validate: "):  # the summary
            assert re.match(r"carbon validate: \d+ 个问题 — 数据来源 ", line), line
            continue
        said = re.sub(r"^.*?\.yaml(:\d+)*: ", "", line)
        assert chinese_first(said, mostly=False), line
