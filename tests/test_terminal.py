"""The terminal: text wrapped as Chinese is typeset, tables within COLUMNS, cards where a table
would crush its long text (golden files at 80 and 100 columns show the result whole)."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon_cli.cli import main
from carbon_cli.render import table
from carbon_cli.render.wrap import CLOSING, OPENING, cells, pieces, wrap
from carbon_cli.views import Sheet, View

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
OBS = ("--observations", str(EXAMPLE))
DUTY = (
    "按照完整居住社区建设标准配建基本公共服务设施、便民商业服务设施、市政配套基础设施和公共"
    "活动空间，到2030年完整居住社区覆盖率提高到60%以上。力争不低于 1000 万千瓦，降低 14%左右。"
)


# ---- wrap ------------------------------------------------------------------------------------


@pytest.mark.parametrize("width", range(14, 61))  # the widest piece is 13 cells
def test_wrap_keeps_numbers_whole_and_marks_in_place(width: int) -> None:
    lines = wrap(DUTY, width)
    assert all(cells(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "") == DUTY.replace(" ", "")
    for whole in ("到2030年", "60%以上。", "1000 万千瓦，", "14%左右。"):
        assert any(whole in line for line in lines), (whole, lines)
    assert not any(line[0] in CLOSING for line in lines if line), lines  # 避头尾
    assert not any(line[-1] in OPENING for line in lines if line), lines


def test_wrap_pieces() -> None:
    assert pieces("降低 20%（较2020年）左右") == [
        "降",
        "低",
        " ",
        "20%",
        "（较2020年）",
        "左",
        "右",
    ]
    assert pieces("到2030年，") == ["到2030年，"]
    assert pieces("“拆改留”") == ["“拆", "改", "留”"]


def test_wrap_leaves_no_single_character_line() -> None:
    assert wrap("市住房城乡建设局", 14) == ["市住房城乡建", "设局"]  # not 市住房城乡建设 / 局


def test_wrap_cuts_what_cannot_fit_and_keeps_line_breaks() -> None:
    assert wrap("forest_coverage_2030", 8) == ["forest_c", "overage_", "2030"]
    assert wrap("第一行\n第二行", 40) == ["第一行", "第二行"]
    assert wrap("", 10) == [""]


TEXT = st.text(
    st.sampled_from([*"森林覆盖率达到", *"0123456789.%", *"，。、；：（）“”", " ", "a", "b"]),
    max_size=80,
)


@given(TEXT, st.integers(min_value=2, max_value=50))
def test_wrap_fits_and_loses_nothing(text: str, width: int) -> None:
    lines = wrap(text, width)
    assert all(cells(line) <= width for line in lines)
    squeeze = re.compile(r"\s+")
    assert squeeze.sub("", "".join(lines)) == squeeze.sub("", text)


# ---- tables and cards --------------------------------------------------------------------------


def drawn(sheet: Sheet, columns: int, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    out = io.StringIO()
    table.render(View(None, [sheet]), out)
    return out.getvalue().splitlines()


LONG = Sheet(
    columns=[("name", "指标"), ("year", "期限"), ("reason", "说明")],
    rows=[{"name": "森林覆盖率", "year": 2030, "reason": DUTY}],
    wide=frozenset({"reason"}),
)


def test_a_long_column_takes_the_width_left(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = drawn(LONG, 100, monkeypatch)
    assert lines[1].split() == ["指标", "期限", "说明"]
    assert max(map(cells, lines)) <= 100
    # 10 + 4 cells and two gaps of 2: the reason has the other 82 cells
    assert lines[3].startswith("森林覆盖率  2030  按照完整")
    assert cells(lines[3]) > 90


def test_a_crushed_table_becomes_cards(monkeypatch: pytest.MonkeyPatch) -> None:
    lines = drawn(LONG, 30, monkeypatch)  # 10 + 4 + 4 leaves the reason 8 cells: slivers
    assert lines[:3] == ["", "指标：森林覆盖率", "期限：2030"]
    assert lines[3].startswith("说明：按照完整")
    assert all(line.startswith(" " * 6) for line in lines[4:-1])  # aligned under the value
    assert max(map(cells, lines)) <= 30


def test_a_note_goes_under_its_row(monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = Sheet(
        columns=[("name", "指标"), ("year", "期限")],
        rows=[{"name": "森林覆盖率", "year": 2030, "why": "已达到目标"}],
        note=("why", "说明"),
    )
    assert drawn(sheet, 80, monkeypatch)[3:5] == ["森林覆盖率  2030", "  说明：已达到目标"]


@pytest.mark.parametrize("columns", [60, 80, 100, 140])
@pytest.mark.parametrize(
    "args",
    [
        ("status", "--year", "2025", *OBS),
        ("owners", "住建局", "--year", "2025", *OBS),
        ("owners", "--all", "--year", "2025", *OBS),
        ("targets",),
        ("tasks",),
        ("departments",),
    ],
    ids=["status", "owners", "owners-all", "targets", "tasks", "departments"],
)
def test_every_listing_fits_columns(
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    args: tuple[str, ...],
    columns: int,
) -> None:
    monkeypatch.setenv("COLUMNS", str(columns))
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(list(args)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(map(cells, lines)) <= columns
    assert not any(line.lstrip()[:1] in CLOSING for line in lines if line.strip())


def test_owners_duties_are_cards_at_any_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["owners", "林业局"]) == 0
    out = capsys.readouterr().out
    assert "\n职责：        牵头\n编号：        29.2 持续提升森林质量和碳汇能力\n" in out


COMMANDS = [
    "status", "explain", "owners", "progress", "show", "report", "template", "targets",
    "tasks", "departments", "validate", "schema",
]  # fmt: skip


@pytest.mark.parametrize("width", [80, 100])
@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_fits_the_terminal(
    command: str | None,
    width: int,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """--help is measured in cells (a Chinese character is two): no line runs past the
    terminal, none is cut short with "...", and a wrapped sentence loses nothing."""
    monkeypatch.setenv("COLUMNS", str(width))
    assert main([*([command] if command else []), "--help"]) == 0
    out = capsys.readouterr().out
    assert max(cells(line) for line in out.splitlines()) <= width, out
    cut = [line for line in out.splitlines() if "..." in line and not line.startswith("Usage:")]
    assert cut == []
    assert "显示本帮助并退出" in out  # typer's own words, Chinese first too
    assert "[default:" not in out
    assert "[required]" not in out
    if command in {"status", "owners", "show", "explain", "report"}:  # their --year's help
        joined = out.replace("\n", "").replace(" ", "")
        assert "（默认：该地区最近有观测值的年份）" in joined  # wrapped, nothing of it lost


def test_help_paragraph_rules() -> None:
    """click's rules kept: blank lines part paragraphs, a \\b block is kept as written, lines
    of a Chinese sentence join without a space and Latin lines with one."""
    from carbon_cli.cli.helptext import wrap_help

    text = "第一段第一行\n第二行 and\nmore words\n\n\b\n  保留  原样\n  as is"
    out = wrap_help(text, 40, "  ", "  ", preserve_paragraphs=True)
    assert out == "  第一段第一行第二行 and more words\n\n    保留  原样\n    as is"
