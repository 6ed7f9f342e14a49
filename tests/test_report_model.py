"""The report as sections of blocks: one section added in report/sections.py reaches every format."""

from __future__ import annotations

from pathlib import Path

import pytest
from documents import docx_text

from carbon_cli import api
from carbon_cli.choices import ReportFormat
from carbon_cli.render import REPORT_RENDERERS, render_report
from carbon_cli.report import (
    BulletList,
    Heading,
    Paragraph,
    Placeholder,
    Report,
    Run,
    Section,
    StatusChart,
    Table,
    TrendChart,
    sections,
    text,
)
from carbon_cli.report.blocks import chinese_number
from carbon_cli.status import Status

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"


@pytest.fixture(scope="module")
def built() -> Report:
    plan = api.load_plan(None)
    return api.report(plan, api.read_observations(plan, [EXAMPLE]), year=2025)


@pytest.mark.parametrize(
    ("n", "words"),
    [(1, "一"), (6, "六"), (10, "十"), (11, "十一"), (20, "二十"), (21, "二十一"), (99, "九十九")],
)
def test_chinese_numbers(n: int, words: str) -> None:
    assert chinese_number(n) == words


def test_sections_are_numbered_by_their_place(built: Report) -> None:
    headings = [s.heading for s in built.sections()]
    assert headings[:2] == ["一、总体情况", "二、分组进展"]
    assert [h.split("、")[0] for h in headings] == [
        chinese_number(n + 1) for n in range(len(headings))
    ]


def test_a_section_that_returns_none_is_left_out_and_the_rest_renumbered(
    built: Report, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sections, "SECTIONS", [lambda _: None, *sections.SECTIONS])
    assert built.sections()[0].heading == "一、总体情况"


def every_block(report: Report) -> Section:
    """A section holding one block of each kind, its text marked so each can be found."""
    rows = [{"name": "甲指标", "status": "滞后 !", "status_code": Status.BEHIND.value}]
    return Section(
        "probe",
        "探针章节",
        [
            Heading("（一）探针小标题"),
            Paragraph(text("探针段落", Run("探针强调", "strong"), Run("probe_id", "code"))),
            Table([("name", "探针列"), ("status", "状态")], rows, footer="探针表注"),
            StatusChart(dict.fromkeys(Status, 1)),
            TrendChart(report.trends[0]),
            BulletList([text("探针条目")]),
            Placeholder("问题与建议", "探针待填写"),
        ],
    )


@pytest.mark.parametrize("fmt", list(REPORT_RENDERERS), ids=str)
def test_a_new_section_reaches_every_format(
    built: Report, monkeypatch: pytest.MonkeyPatch, fmt: ReportFormat
) -> None:
    """Adding a section is one function in SECTIONS: each renderer draws each kind of block."""
    if fmt is not ReportFormat.MARKDOWN:
        pytest.importorskip("matplotlib")
    if fmt is ReportFormat.DOCX:
        pytest.importorskip("docx")
    monkeypatch.setattr(sections, "SECTIONS", [*sections.SECTIONS, every_block])
    rendered = render_report(built, fmt)
    drawn = rendered if isinstance(rendered, str) else docx_text(rendered)
    number = chinese_number(len(built.sections()))  # the last; a section may be left out
    for words in (
        f"{number}、探针章节",
        "（一）探针小标题",
        "探针段落",
        "探针强调",
        "probe_id",
        "探针列",
        "探针表注",
        "甲指标",
        built.trends[0].indicator.name,
        "探针条目",
        "问题与建议",
        "探针待填写",
    ):
        assert words in drawn, words
