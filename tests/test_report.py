"""`carbon report` and `carbon show` on the illustrative data: content, stages, numbers, HTML."""

from __future__ import annotations

import csv
import fnmatch
import json
import os
import re
import shutil
import subprocess
import sys
import tomllib
from collections import Counter
from decimal import Decimal
from pathlib import Path

import pytest
from commands import EXAMPLE, OBS, ROOT, run

from carbon_cli.cli import main
from carbon_cli.loading import find_data, load_plan

LABELS = {
    "achieved": "达标 ✓",
    "on_track": "进度正常 ↗",
    "behind": "滞后 !",
    "missed": "未达标 ✗",
    "no_data": "无数据 ·",
    "insufficient_data": "数据不足 ?",
    "not_set": "待下达 …",
}


def section(markdown: str, heading: str) -> str:
    """The text of one `## heading` section of a Markdown report."""
    start = markdown.index(f"## {heading}\n")
    end = markdown.find("\n## ", start + 1)
    return markdown[start : end if end != -1 else None]


def status_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    code, out, _ = run(capsys, "status", *OBS, "--format", "json", *args)
    assert code == 0
    payload: dict[str, object] = json.loads(out)
    return payload


def whole_city_counts() -> Counter[str]:
    """Observations per indicator id in 全市, read straight from the example CSV."""
    with EXAMPLE.open(encoding="utf-8") as f:
        return Counter(row["indicator"] for row in csv.DictReader(f) if row["area"] == "全市")


@pytest.fixture(scope="module")
def annual_md(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("md") / "report.md"
    assert main(["report", *OBS, "--year", "2025", "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def annual_html(tmp_path_factory: pytest.TempPathFactory) -> str:
    pytest.importorskip("matplotlib")
    out = tmp_path_factory.mktemp("html") / "report.html"
    assert main(["report", *OBS, "--year", "2025", "--output", str(out)]) == 0
    return out.read_text(encoding="utf-8")


REFERENCE = ROOT / "tests" / "cases" / "report"
REFERENCE_CASES = sorted(REFERENCE.glob("*.args"))


def reference_file(args_file: Path) -> Path:
    """The expected report beside its `.args` file: `.html` or `.md`, as its --format says."""
    html = "html" in args_file.read_text(encoding="utf-8").split()
    return args_file.with_suffix(".html" if html else ".md")


def geometry_free(html: str) -> str:
    """The HTML with each chart reduced to its label: the page's text and structure kept.

    What a chart draws depends on the fonts matplotlib finds (the axes move and the ticks change
    as the tick labels widen; installing a CJK font changes them), so its insides differ between
    machines; the charts' content is checked by the tests below (labels kept as <text>, ids).
    """

    def label(svg: re.Match[str]) -> str:
        name = re.search(r'aria-label="([^"]*)"', svg.group())
        return f'<svg aria-label="{name.group(1) if name else ""}">…</svg>'

    return re.sub(r"<svg\b.*?</svg>", label, html, flags=re.S)


@pytest.mark.parametrize("args_file", REFERENCE_CASES, ids=[c.stem for c in REFERENCE_CASES])
def test_report_matches_its_reference_file(
    args_file: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    request: pytest.FixtureRequest,
) -> None:
    """The whole report, byte for byte (charts: text and structure); refresh: --update-golden."""
    monkeypatch.chdir(ROOT)
    monkeypatch.delenv("CARBON_DATA", raising=False)
    args = args_file.read_text(encoding="utf-8").split()
    expected = reference_file(args_file)
    if expected.suffix == ".html":
        pytest.importorskip("matplotlib")
    code, out, err = run(capsys, *args)
    assert (code, err) == (0, "")
    if request.config.getoption("--update-golden"):
        expected.write_text(out, encoding="utf-8", newline="")
    reference = expected.read_bytes().decode("utf-8")
    if expected.suffix == ".html":
        assert geometry_free(out) == geometry_free(reference)
    else:
        assert out == reference


def test_html_report_is_byte_identical_in_another_interpreter(annual_html: str) -> None:
    """matplotlib's ids and metadata are fixed (svg.hashsalt, no date): reruns diff cleanly."""
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    args = ["report", *OBS, "--year", "2025", "--format", "html"]
    again = subprocess.run(
        [sys.executable, "-m", "carbon_cli", *args],
        capture_output=True,
        check=True,
        cwd=ROOT,
        env=env,
    )
    assert again.stdout.decode("utf-8") == annual_html


def test_headline_counts_equal_status_summary(
    capsys: pytest.CaptureFixture[str], annual_md: str, annual_html: str
) -> None:
    summary = status_json(capsys, "--year", "2025")["summary"]
    assert isinstance(summary, dict)
    assert set(summary) == set(LABELS)
    headline = section(annual_md, "一、总体情况")
    for status, n in summary.items():
        assert f"| {LABELS[status]} | {n} |" in headline
        assert f"<b>{n}</b>{LABELS[status]}</div>" in annual_html


def test_every_group_of_the_plan_has_a_section(annual_md: str, annual_html: str) -> None:
    plan = load_plan(find_data(None))
    for group in plan.tasks.groups:
        title = f"{group.number}{group.title}"
        assert f"### {title}\n" in annual_md
        assert f"<h3>{title}</h3>" in annual_html


def test_group_rows_carry_target_observed_trajectory_status_reason(annual_md: str) -> None:
    # forest_coverage_2030: 57.5 (2020) → 59 (2030) is met in 2025 at 58.8 (左右: 59 − 2 % ≤ 58.8),
    # and was met in 2024 at 58.5 too: no change
    assert (
        "| 森林覆盖率 | 力争不低于 59%左右 | 2030 | 58.8%（2025） |  | 达标 ✓ | — | "
        "2025年森林覆盖率58.8%，已达到目标59%左右 | 市林业局 |"
    ) in annual_md
    # non_fossil_consumption_share_2030: 17 (2020) → 35 (2030); at 2025 the line is 26; in 2024
    # 22 was behind the line's 24.2 as well
    assert (
        "| 非化石能源消费占比 | 不低于 35%左右 | 2030 | 23.4%（2025） | 26% | 滞后 ! | — |"
        in annual_md
    )


@pytest.mark.parametrize(
    ("row", "change"),
    [
        # 2024: 22 against the line 17 → 23.1 at 2024, 21.88: on track; 2025: 23.4 ≥ 23.1
        ("| 非化石能源消费占比 | 不低于 23.1% | 2025 |", "进度正常→达标"),
        # the example's only green-travel figure is 2025's: none in 2024
        ("| 城市绿色出行比例 | 不低于 70% | 2030 |", "新增数据"),
        # 2020 and 2024 observed, both above the 59 − 2 % the 左右 allows
        ("| 森林覆盖率 | 力争不低于 59%左右 | 2030 |", "—"),
    ],
    ids=["status-changed", "first-figure", "unchanged"],
)
def test_group_rows_say_the_change_since_the_year_before(
    annual_md: str, row: str, change: str
) -> None:
    line = next(line for line in annual_md.splitlines() if line.startswith(row))
    header = "| 指标 | 目标 | 期限 | 观测值 | 线性进度值 | 状态 | 较上年变化 |"
    assert header in annual_md
    assert line.split(" | ")[6] == change


def test_each_group_ends_with_a_place_for_problems_and_suggestions(annual_md: str) -> None:
    groups = section(annual_md, "二、分组进展").split("\n### ")[1:]
    assert len(groups) == len(load_plan(find_data(None)).tasks.groups)
    for group in groups:
        assert group.rstrip().endswith(
            "**问题与建议**：（请牵头单位填写本组工作存在的主要问题、原因分析和下一步工作建议。）"
        )


def test_a_trend_chart_for_each_indicator_with_two_observations(
    annual_md: str, annual_html: str
) -> None:
    counts = whole_city_counts()
    expected = {ind for ind, n in counts.items() if n >= 2}
    assert {ind for ind, n in counts.items() if n == 1}  # the example has some single points
    charted = set(re.findall(r'<figure class="trend" data-indicator="([a-z0-9_]+)">', annual_html))
    assert charted == expected
    for ind in expected:
        figure = annual_html.split(f'data-indicator="{ind}">', 1)[1].split("</figure>", 1)[0]
        assert "<svg" in figure
        assert "<text" in figure  # text kept as text: the browser draws the Chinese
    plan = load_plan(find_data(None))
    names = {i.id: i.name for i in plan.targets.indicators}
    trends = section(annual_md, "三、指标趋势")
    assert {names[i] for i in expected} == set(re.findall(r"^### (.+?)（", trends, re.M))


def test_the_data_gaps_name_each_no_data_target_and_its_lead(
    capsys: pytest.CaptureFixture[str], annual_md: str
) -> None:
    targets = status_json(capsys, "--year", "2025")["targets"]
    assert isinstance(targets, list)
    gaps = section(annual_md, "五、数据缺口")
    missing = [t for t in targets if t["status"] == "no_data"]
    assert missing
    rows = gaps.splitlines()
    for t in missing:
        assert any(row.startswith(f"| {t['lead']} | {t['name']} |") for row in rows), t["id"]
    # and nothing with data is listed as owed
    assert "| 达标 ✓ |" not in gaps


def test_markdown_has_the_department_scorecard(
    capsys: pytest.CaptureFixture[str], annual_md: str
) -> None:
    code, out, _ = run(capsys, "owners", "--all", *OBS, "--year", "2025", "--format", "json")
    assert code == 0
    card = section(annual_md, "四、部门考核")
    for dept in json.loads(out)["departments"]:
        if sum(dept["targets"].values()):
            assert f"| {dept['name']} | {dept['lead']} | {dept['support']} |" in card


def test_data_notes_are_for_readers_of_the_figures(annual_md: str) -> None:
    notes = section(annual_md, "六、数据说明")
    assert "示例数据（虚构，仅供演示）" in notes  # the observations' source is shown
    # a target with a figure: its note, less the sentence tracing it to the plan's text
    assert "- **单位地区生产总值能耗，2025年目标“降低 14%（较2020年）”**：方案只写" in notes
    assert "由任务7（能耗“双控”、用能预算管理）落实" not in notes
    # non_fossil_consumption_share_2025's note only traces it: nothing is left to say
    assert "非化石能源消费占比，2025年目标" not in notes
    # a target without a figure yet (construction waste, unit doubtful): counted, not listed
    assert "吨/平方米" not in notes
    assert re.search(r"另有 \d+ 条说明涉及尚无观测值的目标", notes)
    assert "_" not in notes  # no ids: the reader knows the targets by name


@pytest.mark.parametrize(
    ("note", "told"),
    [
        ("此目标只见于总体要求的2030年主要目标，由任务4落实。", ""),
        ("“全覆盖”记为100%；方案未写期限。", "“全覆盖”记为100%；方案未写期限。"),
        ("基期为2020年。年份取同句的“到2030年”。单位按原文", "基期为2020年。单位按原文"),
    ],
    ids=["only-tracing", "nothing-to-drop", "tracing-dropped-no-full-stop-kept"],
)
def test_readers_note(note: str, told: str) -> None:
    from carbon_cli.report.model import readers_note

    assert readers_note(note) == told


def test_footer_and_chart_caption_name_the_chinese_status_rules(
    annual_md: str, annual_html: str
) -> None:
    assert (ROOT / "docs" / "status-rules.md").is_file()
    assert "CONTRACT.md" not in annual_md + annual_html
    assert annual_md.rstrip().endswith(
        "状态规则见 docs/status-rules.md，目标原文见 data/targets.yaml。"
    )
    assert (
        '<p class="muted">实线为观测值，虚线为从起点到目标的直线进度（规则见 docs/status-rules.md）'
        in annual_html
    )


def test_html_is_self_contained(annual_html: str) -> None:
    lowered = annual_html.lower()
    assert "http" not in lowered
    assert "<script" not in lowered
    assert "<link" not in lowered
    assert not re.search(r"\ssrc=", lowered)
    assert not re.search(r"url\((?!#)", lowered)  # only references to ids inside the file
    assert "@page" in annual_html
    assert "size: A4" in annual_html
    assert '<meta charset="utf-8">' in annual_html


def test_chart_ids_are_unique(annual_html: str) -> None:
    ids = re.findall(r'\sid="([^"]+)"', annual_html)
    assert ids
    assert len(ids) == len(set(ids))
    for ref in re.findall(r'href="#([^"]+)"|url\(#([^)]+)\)', annual_html):
        assert f'id="{ref[0] or ref[1]}"' in annual_html


def test_html_escapes_data(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, any_area_data: str
) -> None:
    pytest.importorskip("matplotlib")
    evil = "<script>alert(1)</script>"
    obs = tmp_path / "obs.csv"
    obs.write_text(
        f'indicator,year,value,area,source\nforest_coverage,2024,30,"{evil}","<b>x</b>"\n'
        f'forest_coverage,2025,31,"{evil}","<b>x</b>"\n',
        encoding="utf-8",
    )
    out = tmp_path / "r.html"
    code, _, _ = run(
        capsys, "report", "--observations", str(obs), "--area", evil, "--output", str(out),
        "--data", any_area_data,
    )  # fmt: skip
    assert code == 0
    text = out.read_text(encoding="utf-8")
    assert "<script" not in text
    assert "<b>x</b>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text


@pytest.mark.parametrize(
    ("stage", "year", "due"),
    [("midterm", 2025, {2025}), ("final", 2030, {2030, None})],
    ids=["midterm-2025-targets", "final-2030-and-standing"],
)
def test_stages_assess_their_targets_as_of_their_year(
    capsys: pytest.CaptureFixture[str], stage: str, year: int, due: set[int | None]
) -> None:
    code, md, _ = run(capsys, "report", *OBS, "--stage", stage, "--format", "markdown")
    assert code == 0
    assert f"评估截至{year}年底" in md
    targets = status_json(capsys, "--year", str(year))["targets"]
    assert isinstance(targets, list)
    expected = [t for t in targets if t["year"] in due]
    assert f"共 {len(expected)} 项\n" in md
    headline = section(md, "一、总体情况")
    counts = Counter(t["status"] for t in expected)
    for status, label in LABELS.items():
        assert f"| {label} | {counts[status]} |" in headline
    groups = section(md, "二、分组进展")
    rows = [r for r in groups.splitlines() if r.startswith("| ") and not r.startswith("| 指标 |")]
    assert len(rows) == len(expected)
    assert {r.split(" | ")[2] for r in rows} == {str(y) if y else "长期" for y in due}


def test_midterm_title_and_a_conflicting_year(capsys: pytest.CaptureFixture[str]) -> None:
    code, md, _ = run(capsys, "report", *OBS, "--stage", "midterm", "-f", "markdown")
    assert code == 0
    assert md.startswith("# 揭阳市碳达峰实施方案 中期评估报告（2025年，全市）\n")
    code, out, err = run(capsys, "report", *OBS, "--stage", "midterm", "--year", "2024")
    assert (code, out) == (2, "")
    assert err.startswith("carbon: --stage midterm")
    assert err.count("\n") == 1


def test_report_format_follows_the_output_suffix(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "年度报告.md"
    code, stdout, err = run(capsys, "report", *OBS, "--output", str(out))
    assert (code, stdout) == (0, "")
    assert out.read_text(encoding="utf-8").startswith("# 揭阳市碳达峰实施方案 2025年度监测分析报告")
    assert err.startswith(f"carbon report: 已写入 {out}")


def test_report_into_a_missing_folder_is_a_data_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    out = tmp_path / "no" / "r.md"
    code, _, err = run(capsys, "report", *OBS, "--output", str(out))
    assert code == 1
    assert err == f"{out}: 无法写入：没有这个文件或文件夹 (No such file or directory)\n"


def test_html_without_matplotlib_says_how_to_install_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # find_spec then reports it missing
    code, out, err = run(capsys, "report", *OBS, "--output", str(tmp_path / "r.html"))
    assert (code, out) == (1, "")
    assert 'pip install "carbon-cli[report]"' in err
    assert err.count("\n") == 1
    assert not (tmp_path / "r.html").exists()


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def screenshot(page: Path, png: Path, size: str) -> subprocess.Popen[bytes]:
    """Headless Chromium drawing a local page, with nothing fetched from the network."""
    assert CHROMIUM is not None
    profile = png.parent / f"profile-{png.stem}"
    return subprocess.Popen(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={profile}",
            f"--screenshot={png}",
            f"--window-size={size}",
            page.as_uri(),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def cjk_font_installed() -> bool:
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return False
    found = subprocess.run([fc_list, ":lang=zh", "family"], capture_output=True, text=True)
    return bool(found.stdout.strip())


@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed")
def test_chromium_draws_the_report_and_its_chinese(annual_html: str, tmp_path: Path) -> None:
    image = pytest.importorskip("matplotlib.image")
    page = tmp_path / "report.html"
    page.write_text(annual_html, encoding="utf-8")
    # the same page with the title in private-use characters, which no font has: if the Chinese
    # title is drawn as glyphs, the two title areas differ; if it is drawn as boxes, they match
    title = re.search(r"<h1>(.*?)</h1>", annual_html)
    assert title is not None
    boxes = "".join(chr(0xF0000 + i) for i in range(len(title.group(1))))
    tofu = tmp_path / "tofu.html"
    tofu.write_text(annual_html.replace(title.group(0), f"<h1>{boxes}</h1>"), encoding="utf-8")
    shots = [tmp_path / "report.png", tmp_path / "tofu.png"]
    running = [screenshot(p, s, "1000,700") for p, s in zip([page, tofu], shots, strict=True)]
    assert [proc.wait(timeout=120) for proc in running] == [0, 0]
    pixels = image.imread(shots[0])
    assert pixels.shape[:2] == (700, 1000)
    assert (pixels[..., :3] < 0.5).any()  # something dark was drawn: text, rules, bars
    if not cjk_font_installed():
        pytest.skip("no CJK font installed: Chromium would draw the Chinese as boxes")
    heading = (slice(0, 80), slice(0, 1000))
    assert (pixels[heading] != image.imread(shots[1])[heading]).any()


def test_the_cli_does_not_import_matplotlib_until_it_draws() -> None:
    code = "import sys, carbon_cli.cli; print(sorted(m for m in sys.modules if 'matplotlib' in m))"
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert found.stdout == "[]\n"


def test_charts_without_a_cjk_font_stay_quiet(monkeypatch: pytest.MonkeyPatch) -> None:
    """On a machine without Chinese fonts matplotlib's glyph warnings must not reach the user."""
    pytest.importorskip("matplotlib")
    from carbon_cli.render import charts
    from carbon_cli.status import Status

    monkeypatch.setattr(charts, "CJK_FONTS", ["No Such Font", "DejaVu Sans"])
    svg = charts.Charts().status(dict.fromkeys(Status, 1))  # filterwarnings=error: warnings fail
    assert "No Such Font" in svg  # the browser is still told which fonts to try
    assert "达标" in svg


def test_chart_ids_are_prefixed_in_tags_never_in_text() -> None:
    """Issue 17: the id rewrite reached label text, so a unit written id="x" showed id="c2-x"."""
    from carbon_cli.render.charts import inline_svg

    svg = (
        '<?xml version="1.0"?>\n<svg width="9pt" height="9pt" viewBox="0 0 9 9" '
        'xmlns="http://www.w3.org/2000/svg"><defs><path id="m1" d="M 0 0"/></defs>'
        '<g id="a" clip-path="url(#p1)"><use xlink:href="#m1" x="1"/>'
        '<text x="1">id="x" url(#y) href="#z"</text></g></svg>'
    )
    out = inline_svg(svg, "c2", "图")
    assert out == (
        '<svg viewBox="0 0 9 9" class="chart" role="img" aria-label="图">'
        '<defs><path id="c2-m1" d="M 0 0"/></defs>'
        '<g id="c2-a" clip-path="url(#c2-p1)"><use xlink:href="#c2-m1" x="1"/>'
        '<text x="1">id="x" url(#y) href="#z"</text></g></svg>'
    )


def test_a_unit_that_looks_like_an_id_is_drawn_as_written() -> None:
    """The same through matplotlib: the unit is the y label and stays text, quotes and all."""
    pytest.importorskip("matplotlib")
    from carbon_cli.render.charts import Charts
    from carbon_cli.trend import trend

    plan = load_plan(find_data(None))
    forest = next(i for i in plan.targets.indicators if i.id == "forest_coverage")
    odd = forest.model_copy(update={"unit": 'id="x" url(#y)'})
    series = {2020: Decimal("57.5"), 2025: Decimal("58.8")}
    svg = Charts().trend(trend(odd, odd.targets, series, "全市", reference_year=2020))
    assert '>id="x" url(#y)</text>' in svg
    assert 'id="c1-x"' not in svg
    assert "url(#c1-y)" not in svg


@pytest.mark.parametrize(
    ("args", "imported"),
    [
        (["report", *OBS, "--format", "markdown"], False),
        (["show", "forest_coverage", *OBS], False),
        (["show", "forest_coverage", *OBS, "--format", "json"], False),
        (["report", *OBS, "--format", "html"], True),  # the check sees it where it is used
    ],
    ids=["report-markdown", "show-table", "show-json", "report-html"],
)
def test_matplotlib_is_imported_only_for_the_html_report(args: list[str], imported: bool) -> None:
    if imported:
        pytest.importorskip("matplotlib")
    code = (
        "import contextlib, io, sys\n"
        "from carbon_cli.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main({args!r})\n"
        "print(code, any(m.split('.')[0] == 'matplotlib' for m in sys.modules))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout == f"0 {imported}\n"


def test_every_file_the_renderers_read_is_package_data() -> None:
    """A plain `pip install .` ships report.css only if pyproject.toml names it."""
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    setuptools = settings["tool"]["setuptools"]
    assert "carbon_cli.render" in setuptools["packages"]
    patterns = setuptools["package-data"]["carbon_cli.render"]
    data = [p for p in (ROOT / "carbon_cli" / "render").iterdir() if p.suffix not in {".py", ""}]
    data = [p for p in data if p.name != "__pycache__"]
    assert "report.css" in [p.name for p in data]
    for path in data:
        assert any(fnmatch.fnmatch(path.name, pattern) for pattern in patterns), path.name


def test_report_modules_import_no_cli_terminal_or_chart_library() -> None:
    """The report's layers load without typer and rich, and without matplotlib until it draws."""
    modules = "carbon_cli.report, carbon_cli.trend, carbon_cli.stages, carbon_cli.render.html"
    code = (
        f"import sys, {modules}, carbon_cli.render.markdown, carbon_cli.render.charts\n"
        "banned = {'typer', 'rich', 'click', 'matplotlib'}\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned))\n"
    )
    found = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    assert found.stdout == "[]\n"
