"""The report is read upward in Chinese: no English sentence in its Markdown, HTML or Word text."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from documents import docx_text, html_text

from carbon_cli import api
from carbon_cli.choices import ReportFormat, Stage
from carbon_cli.render import render_report
from carbon_cli.report import Report

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "observations-illustrative.csv"
PLAN = api.load_plan(None)
OBSERVED = api.read_observations(PLAN, [EXAMPLE])

# two or more Latin words in a row: a phrase or a sentence, not an id, a unit or a file name
ENGLISH = re.compile(r"[A-Za-z]{2,}(?:[ ,;:'’-]+[A-Za-z]{2,})+")
CJK = re.compile(r"[\u3400-\u9fff]")
LATIN = re.compile(r"[A-Za-z]")


def allowed(report: Report) -> list[str]:
    """What may stay in Latin letters: the program and its files, units, and the data's own words
    (the observations' sources are what the analyst typed; the example's says it is made up)."""
    units = {i.unit for i in PLAN.targets.indicators}
    sources = [source for source, _ in report.sources]
    ids = [i.id for i in PLAN.targets.indicators] + [t.id for _, t in PLAN.all_targets]
    # and proper names of methods the report cites (open-sdg, the open-source SDG reporting platform)
    names = ["docs/status-rules.md", "data/targets.yaml", "carbon", "open-sdg"]
    return sorted({*sources, *units, *ids, *names}, key=len, reverse=True)


def words(report: Report, fmt: ReportFormat) -> str:
    """The text a reader of the report in `fmt` sees, without what `allowed` lets through."""
    drawn = render_report(report, fmt)
    if isinstance(drawn, bytes):
        text = docx_text(drawn)
    elif fmt is ReportFormat.HTML:
        text = html_text(drawn)
    else:
        text = drawn
    for kept in allowed(report):
        text = text.replace(kept, " ")
    return text


# every stage in Markdown (quick); the drawn formats on the annual report, which has every section
CASES = [(ReportFormat.MARKDOWN, stage) for stage in Stage] + [
    (fmt, Stage.ANNUAL) for fmt in ReportFormat if fmt is not ReportFormat.MARKDOWN
]


@pytest.mark.parametrize(("fmt", "stage"), CASES, ids=[f"{f}-{s}" for f, s in CASES])
def test_no_english_phrase_reaches_the_report(stage: Stage, fmt: ReportFormat) -> None:
    if fmt is not ReportFormat.MARKDOWN:
        pytest.importorskip("matplotlib")
    if fmt is ReportFormat.DOCX:
        pytest.importorskip("docx")
    report = api.report(PLAN, OBSERVED, stage=stage, year=2025 if stage is Stage.ANNUAL else None)
    text = words(report, fmt)
    assert ENGLISH.findall(text) == []
    cjk, latin = len(CJK.findall(text)), len(LATIN.findall(text))
    assert cjk > 1000
    assert latin / (cjk + latin) < 0.01, LATIN.findall(text)


def test_the_check_finds_an_english_sentence() -> None:
    """The pattern the test above relies on catches a sentence and lets ids, units, files pass."""
    assert ENGLISH.findall("The annex item of task 14 restates it") == [
        "The annex item of task",
        "restates it",
    ]
    assert ENGLISH.findall("energy_intensity_2025 的单位为吨标准煤/万元，制冷能效比（EER）") == []
