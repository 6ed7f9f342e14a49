"""The observations reader: CSV as Excel and WPS write it in, observations and problems out."""

from __future__ import annotations

import csv
import difflib
import io
import os
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from carbon_cli.errors import Problem
from carbon_cli.models import Indicator
from carbon_cli.observations import Observations, csv_files, read_observations

INDICATORS = [
    Indicator.model_validate(
        {"id": "forest_cover", "name": "森林覆盖率", "unit": "%", "targets": []}
    ),
    Indicator.model_validate(
        {"id": "road_density", "name": "道路网密度", "unit": "公里/平方公里", "targets": []}
    ),
]
NOT_A_NUMBER = (
    "write a plain number such as 23.1 "
    "(a % sign, thousands separators and full-width digits are accepted)"
)
UNKNOWN_INDICATOR = (
    "填写 data/targets.yaml 中的指标编号、中文名称或别名，如 森林覆盖率 或 forest_cover"
)
ALLOWED = (
    "可用的列：indicator（指标）、year（年份）、value（数值）、area（地区）、source（来源）、"
    "note（备注）、flag（数据状态）、name（名称）、unit（单位）、targets（相关目标），"
    "以及每年一列（2020 或 2020年）"
)
HEADER_EXAMPLE = (
    "第一行写表头，如 指标、年份、数值（或 指标、2020年、2021年…） "
    "(start with a header: indicator, year, value)"
)
SAVE_AS = "在 Excel 中另存为 CSV UTF-8 (save it as CSV UTF-8)"


def lines(*rows: str, end: str = "\n") -> str:
    """CSV text from its lines."""
    return "".join(row + end for row in rows)


def read(*paths: str) -> tuple[Observations, list[str]]:
    """Read the given paths; the problems as the lines a user sees."""
    found, problems = read_observations([Path(p) for p in paths], INDICATORS)
    return found, [str(p) for p in problems]


D = Decimal
FC, RD = "forest_cover", "road_density"

GOOD = [
    pytest.param(
        lines("indicator,year,value", "forest_cover,2024,58.7").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="plain",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,2024,58.7").encode("utf-8-sig"),
        {(FC, "全市"): {2024: D("58.7")}},
        id="utf8-bom",
    ),
    pytest.param(
        lines("indicator,year,value,area", "森林覆盖率,2024,58.7,榕城区").encode("gb18030"),
        {(FC, "榕城区"): {2024: D("58.7")}},
        id="gb18030",
    ),
    pytest.param(
        lines("indicator,year,value,area", "森林覆盖率,2024,58.7,榕城区").encode("gbk"),
        {(FC, "榕城区"): {2024: D("58.7")}},
        id="gbk",
    ),
    pytest.param(
        lines(
            "indicator,year,value", "forest_cover,2023,58.1", "forest_cover,2024,58.7", end="\r\n"
        ).encode("utf-8-sig"),
        {(FC, "全市"): {2023: D("58.1"), 2024: D("58.7")}},
        id="crlf",
    ),
    pytest.param(
        lines(
            "indicator,year,value", "forest_cover,2023,58.1", "forest_cover,2024,58.7", end="\r"
        ).encode(),
        {(FC, "全市"): {2023: D("58.1"), 2024: D("58.7")}},
        id="cr-only",
    ),
    pytest.param(
        lines("indicator,year,value", "ｆｏｒｅｓｔ＿ｃｏｖｅｒ,２０２４,５８．７％").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="full-width",
    ),
    pytest.param(
        lines(
            "indicator,year,value", "forest_cover,2024,58.7%", "forest_cover,2025, 59 % "
        ).encode(),
        {(FC, "全市"): {2024: D("58.7"), 2025: D("59")}},
        id="percent-sign-on-percent-unit",
    ),
    pytest.param(
        lines(
            "indicator,year,value",
            'road_density,2023,"1,234.5"',
            "road_density,2024,１，２３４，５６７．８",
            'road_density,2025,"-1,000"',
        ).encode(),
        {(RD, "全市"): {2023: D("1234.5"), 2024: D("1234567.8"), 2025: D("-1000")}},
        id="thousands-separators",
    ),
    pytest.param(
        lines(
            "indicator,year,value",
            "road_density,2020,+1.5",
            "road_density,2021,−2",
            "road_density,2022,－3",
            "road_density,2023,1.5E+3",
            "road_density,2024,.5",
            "road_density,2025,-0.0",
        ).encode(),
        {
            (RD, "全市"): {
                2020: D("1.5"),
                2021: D("-2"),
                2022: D("-3"),
                2023: D("1500"),
                2024: D("0.5"),
                2025: D("0"),
            }
        },
        id="signs-exponent-point",
    ),
    pytest.param(
        lines(
            "value,area,year,indicator,note,source", "58.7,,2024,forest_cover,估算,公报"
        ).encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="any-column-order",
    ),
    pytest.param(
        lines(" Indicator , YEAR ,ｖａｌｕｅ", "forest_cover,2024,58.7").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="header-spaces-case-full-width",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,2024,", "road_density,2024,   ").encode(),
        {},
        id="blank-value-is-no-observation",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,2024,58.7", "森林覆盖率,2024,58.70").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="identical-duplicate",
    ),
    pytest.param(
        lines(
            "indicator,year,value,area", "道路网密度,2024,2.5,", "道路网密度,2024,3.1,普宁市"
        ).encode(),
        {(RD, "全市"): {2024: D("2.5")}, (RD, "普宁市"): {2024: D("3.1")}},
        id="chinese-name-and-area-default",
    ),
    pytest.param(
        lines("indicator,year,value", "", ",,", "forest_cover,2024,58.7", " , , ").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="blank-rows-skipped",
    ),
    pytest.param(
        lines("", "indicator,year,value", "forest_cover,2024,58.7").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="blank-line-before-header",
    ),
    pytest.param(
        lines(
            "indicator,year,value,,", "forest_cover,2024,58.7,,", "forest_cover,2025,59,,,"
        ).encode(),
        {(FC, "全市"): {2024: D("58.7"), 2025: D("59")}},
        id="trailing-empty-columns-as-excel-writes",
    ),
    pytest.param(
        lines(
            "indicator,name,unit,year,value",
            "forest_cover,森林覆盖率,％,2024,58.7",
            "road_density,,,2024,2.5",
        ).encode(),
        {(FC, "全市"): {2024: D("58.7")}, (RD, "全市"): {2024: D("2.5")}},
        id="name-and-unit-agree-or-blank",
    ),
    pytest.param(
        lines("indicator,year,value", " forest_cover ,2024 ,  58.7").encode(),
        {(FC, "全市"): {2024: D("58.7")}},
        id="surrounding-spaces",
    ),
    pytest.param(
        (lines("indicator,year,value,note", *["forest_cover,2020,1,plain ascii"] * 3000)).encode()
        + lines("forest_cover,2021,2,中文备注").encode("gb18030"),
        {(FC, "全市"): {2020: D("1"), 2021: D("2")}},
        id="gb18030-after-64k-of-ascii",
    ),
]


@pytest.mark.parametrize(("data", "expected"), GOOD)
def test_good_input(here: Path, data: bytes, expected: dict[tuple[str, str], dict[int, Decimal]]):
    (here / "obs.csv").write_bytes(data)
    found, problems = read("obs.csv")
    assert problems == []
    assert found.series == expected


BAD = [
    pytest.param(
        lines("indicator,year,value,remark", "forest_cover,2024,58.7,x"),
        [f"obs.csv:1:4: 未知的列 'remark' (unknown column); {ALLOWED}"],
        id="unknown-column",
    ),
    pytest.param(
        lines("indicator,year,value", "forest,2024,58.7"),
        [
            "obs.csv:2:1: 未知的指标 'forest' (unknown indicator); 填写 data/targets.yaml 中的指标编号、中文名称或别名，如 森林覆盖率 或 forest_cover"
        ],
        id="unknown-indicator-suggests-closest",
    ),
    pytest.param(
        lines("indicator,year,value", "道路密度,2024,2.5"),
        [
            "obs.csv:2:1: 未知的指标 '道路密度' (unknown indicator); 填写 data/targets.yaml 中的指标编号、中文名称或别名，如 道路网密度 或 road_density"
        ],
        id="unknown-chinese-indicator-suggests-closest",
    ),
    pytest.param(
        lines("indicator,year,value", ",2024,58.7"),
        [
            "obs.csv:2:1: 指标为空 (indicator is empty); 填写 data/targets.yaml 中的指标编号、中文名称或别名，如 森林覆盖率 或 forest_cover"
        ],
        id="empty-indicator",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,2023,1", 'forest_cover,2024,"12,3.4x"'),
        [
            "obs.csv:3:3: 数值 '12,3.4x' 不是数字 (not a number); 请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）"
        ],
        id="not-a-number",
    ),
    pytest.param(
        lines("indicator,year,value", 'road_density,2024,"1,2,3"'),
        [
            "obs.csv:2:3: 数值 '1,2,3' 不是数字 (not a number); 请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）"
        ],
        id="thousands-not-in-groups-of-three",
    ),
    pytest.param(
        lines("indicator,year,value", "road_density,2024,1_000"),
        [
            "obs.csv:2:3: 数值 '1_000' 不是数字 (not a number); 请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）"
        ],
        id="python-underscores",
    ),
    pytest.param(
        lines("indicator,year,value", "road_density,2023,NaN", "road_density,2024,-inf"),
        [
            "obs.csv:2:3: 数值 'NaN' 不是有限的数 (not a finite number); 请写数字，如 23.1",
            "obs.csv:3:3: 数值 '-inf' 不是有限的数 (not a finite number); 请写数字，如 23.1",
        ],
        id="nan-inf",
    ),
    pytest.param(
        lines("indicator,year,value", "road_density,2024,1e400", "road_density,2025,1e-400"),
        [
            "obs.csv:2:3: 数值 '1e400' 超出可表示的范围（绝对值须在 1e-300 到 1e300 之间） (out of range: its size must be from 1e-300 to below 1e300); 按指标的单位填写，如 23.1",
            "obs.csv:3:3: 数值 '1e-400' 超出可表示的范围（绝对值须在 1e-300 到 1e300 之间） (out of range: its size must be from 1e-300 to below 1e300); 按指标的单位填写，如 23.1",
        ],
        id="overflow",
    ),
    pytest.param(
        lines("indicator,year,value", "road_density,2024,2.5%"),
        [
            "obs.csv:2:3: 数值 '2.5%' 带 % 号，但道路网密度的单位是公里/平方公里 (a % sign on a value not in %); 去掉 % 号，按指标的单位填写"
        ],
        id="percent-sign-on-other-unit",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,2024,58.7", "forest_cover,20255,58.7"),
        [
            "obs.csv:3:2: 年份 '20255' 不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100)"
        ],
        id="year-out-of-range",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,2025.0,1", "forest_cover,2026年,1"),
        [
            "obs.csv:2:2: 年份 '2025.0' 不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100); 写作 2025",
            "obs.csv:3:2: 年份 '2026年' 不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100); 写作 2026",
        ],
        id="year-not-whole",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,1899,1", "forest_cover,2101,1"),
        [
            "obs.csv:2:2: 年份 '1899' 不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100)",
            "obs.csv:3:2: 年份 '2101' 不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100)",
        ],
        id="year-bounds",
    ),
    pytest.param(
        lines("indicator,year,value", "forest_cover,,1"),
        ["obs.csv:2:2: 年份为空 (year is empty); 填写数据所属的年份，如 2025"],
        id="year-empty",
    ),
    pytest.param(
        lines(
            "indicator,year,value,area",
            "forest_cover,2023,1,",
            "forest_cover,2023,1,榕城区",
            "forest_cover,2024,58.7,",
            "forest_cover,2023,1.0,",
            "forest_cover,2023,1,",
            "forest_cover,2024,58.9,全市",
        ),
        [
            "obs.csv:7: 与第 4 行冲突：forest_cover 2024年 全市 在那里是 58.7，这里是 58.9 (conflicting values); 只保留一个数；若其一是初步核算（P）或估算（E）数，在数据状态列注明，最终数会替换它"
        ],
        id="conflicting-duplicate-names-both-lines",
    ),
    pytest.param(
        lines("forest_cover,2024,58.7"),
        [
            "obs.csv:1: 没有表头：'forest_cover'、'2024'、'58.7' 都不是列名 (no header line: none "
            f"of these is a column name); {HEADER_EXAMPLE}"
        ],
        id="missing-header",
    ),
    pytest.param(
        lines("indicator\tyear\tvalue", "forest_cover\t2024\t58.7"),
        [
            "obs.csv:1: 没有表头：'indicator\\tyear\\tvalue' 都不是列名 (no header line: none of "
            "these is a column name); 单元格以制表符分隔：请另存为 CSV（逗号分隔）"
        ],
        id="tab-separated",
    ),
    pytest.param(
        lines("indicator,value", "forest_cover,58.7"),
        [
            "obs.csv:1: 缺少必需的列 year（年份） (missing required column 'year'); 表头须有 "
            "indicator（指标）、year（年份）、value（数值），或以每年一列（2020年、2021年…）代替 "
            "year（年份）、value（数值）"
        ],
        id="missing-required-column",
    ),
    pytest.param(
        lines("indicator,year,value,year", "forest_cover,2024,58.7,2024"),
        [
            "obs.csv:1:4: 列 'year' 出现两次（第 2 列和第 4 列） (column 'year' appears twice); "
            "只保留一列 (keep one)"
        ],
        id="column-twice",
    ),
    pytest.param(
        "",
        [
            "obs.csv: 文件是空的 (the file is empty); 第一行写表头，如 指标、年份、数值（或 指标、2020年、2021年…） (start with a header: indicator, year, value)"
        ],
        id="empty-file",
    ),
    pytest.param(
        lines("", ",,"),
        [f"obs.csv: 文件没有表头 (no header line); {HEADER_EXAMPLE}"],
        id="only-blank-lines",
    ),
    pytest.param(
        lines("indicator,year,value,note", "forest_cover,2024,58.7,a note, with a comma"),
        [
            "obs.csv:2:5: 单元格 ' with a comma' 超出了表头的 4 列 (a cell beyond the header); "
            '含逗号的单元格请加双引号（"a, b"），或删去这个单元格'
        ],
        id="more-cells-than-header",
    ),
    pytest.param(
        lines("indicator,year,value,", "forest_cover,2024,58.7,stray"),
        [
            "obs.csv:2:4: 单元格 'stray' 所在的列在表头中没有列名 (a cell in a column with no "
            "name); 给这一列加上列名（如 备注）或清空这个单元格"
        ],
        id="cell-under-unnamed-column",
    ),
    pytest.param(
        lines(
            "indicator,name,unit,year,value",
            "road_density,道路密度,公里,2024,2.5",
        ),
        [
            "obs.csv:2:2: 名称 '道路密度' 与指标 road_density 的名称“道路网密度”不符 (name does not match the indicator); 改正名称或指标，或清空名称列",
            "obs.csv:2:3: 单位 '公里' 与指标 road_density 的单位“公里/平方公里”不符 (unit does not match the indicator); 改正单位或指标，或清空单位列",
        ],
        id="name-and-unit-disagree",
    ),
    pytest.param(
        lines("indicator,year,value,note", 'forest_cover,2024,58.7,"never closed', "x,y,z"),
        [
            'obs.csv:2: 这一行的双引号没有闭合 (a double quote opened on this line is never closed); 补上闭合的双引号；引号内的双引号写作 ""'
        ],
        id="unclosed-quote",
    ),
    pytest.param(
        lines(
            "indicator,year,value,note",
            'forest_cover,2023,y,"two\nlines"',
            "forest_cover,2024,x",
        ),
        [
            "obs.csv:2:3: 数值 'y' 不是数字 (not a number); 请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）",
            "obs.csv:4:3: 数值 'x' 不是数字 (not a number); 请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）",
        ],
        id="line-numbers-count-lines-inside-quoted-cells",
    ),
    pytest.param(
        lines("indicator,year,value", "forest,20255,x", "road_density,2024,2%"),
        [
            "obs.csv:2:1: 未知的指标 'forest' (unknown indicator); 填写 data/targets.yaml 中的指标编号、中文名称或别名，如 森林覆盖率 或 forest_cover",
            "obs.csv:2:2: 年份 '20255' 不是 1900 到 2100 之间的整数 (year is not a whole number from 1900 to 2100)",
            "obs.csv:2:3: 数值 'x' 不是数字 (not a number); 请写数字，如 23.1（可带 % 号、千位分隔符，全角数字也可）",
            "obs.csv:3:3: 数值 '2%' 带 % 号，但道路网密度的单位是公里/平方公里 (a % sign on a value not in %); 去掉 % 号，按指标的单位填写",
        ],
        id="every-problem-at-once",
    ),
]


@pytest.mark.parametrize(("text", "expected"), BAD)
def test_bad_input(here: Path, text: str, expected: list[str]):
    (here / "obs.csv").write_bytes(text.encode())
    _, problems = read("obs.csv")
    assert problems == expected


def test_minus_zero_reads_as_zero(here: Path):
    (here / "obs.csv").write_text(
        lines("indicator,year,value", "road_density,2024,-0.0", "road_density,2025,－０")
    )
    found, problems = read("obs.csv")
    assert problems == []
    assert [str(v) for v in found.get(RD, "全市").values()] == ["0.0", "0"]


def test_bad_rows_are_not_stored_and_good_ones_are(here: Path):
    (here / "obs.csv").write_text(
        lines(
            "indicator,year,value,source",
            "forest_cover,2023,58.1,统计公报",
            "forest_cover,2024,x,统计公报",
            "road_density,2024,2.5,",
        ),
        encoding="utf-8",
    )
    found, problems = read("obs.csv")
    assert len(problems) == 1
    assert found.series == {(FC, "全市"): {2023: D("58.1")}, (RD, "全市"): {2024: D("2.5")}}
    assert found.sources == {(FC, "全市", 2023): "统计公报"}


BINARY = [
    pytest.param(
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        "obs.csv: 这是 PNG 图片，不是 CSV 文本 (not CSV text); " + SAVE_AS,
        id="png",
    ),
    pytest.param(
        b"PK\x03\x04\x14\x00\x06\x00[Content_Types].xml",
        "obs.csv: 这是 Excel 工作簿（.xlsx，zip 文件），不是 CSV 文本 (not CSV text); " + SAVE_AS,
        id="xlsx",
    ),
    pytest.param(
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00",
        "obs.csv: 这是 Excel 97-2003 工作簿（.xls），不是 CSV 文本 (not CSV text); " + SAVE_AS,
        id="xls",
    ),
    pytest.param(
        "indicator\tyear\tvalue\r\n".encode("utf-16"),
        "obs.csv: 这是 UTF-16 文本（Excel 的“Unicode 文本”），不是 CSV 文本 (not CSV text); "
        + SAVE_AS,
        id="utf16",
    ),
    pytest.param(
        b"indicator,year,value\nforest_cover,2024,5\x008.7\n",
        # the first NUL is on line 2, after the 19 characters of "forest_cover,2024,5"
        "obs.csv:2:20: 这是二进制数据（含 NUL 字节），不是 CSV 文本 (not CSV text); " + SAVE_AS,
        id="nul-byte",
    ),
    pytest.param(
        b"indicator,year,value,area\nforest_cover,2024,58.7,\x80\xff\x80\xff\n",
        # the first byte UTF-8 cannot read follows the 23 characters of "forest_cover,2024,58.7,"
        "obs.csv:2:24: 不是 UTF-8 或 GB18030 编码的文本 (not UTF-8 or GB18030 text); " + SAVE_AS,
        id="neither-utf8-nor-gb18030",
    ),
]


@pytest.mark.parametrize(("data", "expected"), BINARY)
def test_not_text_is_one_problem(here: Path, data: bytes, expected: str):
    (here / "obs.csv").write_bytes(data * 50)  # one problem, however long the file
    found, problems = read("obs.csv")
    assert problems == [expected]
    assert len(found) == 0


def test_nul_byte_late_in_a_file(here: Path):
    head = lines("indicator,year,value", *[f"forest_cover,{y},1" for y in range(1900, 2101)] * 40)
    (here / "obs.csv").write_bytes(head.encode() + b"forest_cover,2024,\x00\n" * 3)
    _, problems = read("obs.csv")
    line = head.count("\n") + 1
    assert problems == [
        f"obs.csv:{line}:19: 这一行有 NUL 字节：是二进制数据，不是 CSV 文本 (a NUL byte: binary data); "
        f"{SAVE_AS}"
    ]


@pytest.mark.parametrize(
    ("encoding", "bad", "name"),
    [("utf-8", b"\xff\xfe", "UTF-8"), ("gb18030", b"\x80\x80", "GB18030")],
)
def test_undecodable_bytes_late_in_a_file_name_the_line(
    here: Path, encoding: str, bad: bytes, name: str
):
    good = lines("indicator,year,value,area", "forest_cover,2020,1,榕城区") + lines(
        *["forest_cover,2021,2,"] * 10_000, end="\r\n"
    )
    (here / "obs.csv").write_bytes(good.encode(encoding) + b"forest_cover,2022,3," + bad + b"\n")
    found, problems = read("obs.csv")
    assert problems == [
        f"obs.csv:10003:21: 这里起不是前面各行的 {name} 编码 (not {name} text like the lines "
        "before it); 把整个文件在 Excel 中另存为 CSV UTF-8"
    ]
    assert found.get(FC, "榕城区") == {2020: D("1")}


def test_huge_line_is_a_problem_not_a_crash(here: Path):
    (here / "obs.csv").write_text(
        lines("indicator,year,value,note", "forest_cover,2024,1," + "x" * (1 << 21))
    )
    _, problems = read("obs.csv")
    assert len(problems) == 1
    assert problems[0].startswith("obs.csv:2: 这一行有 1048576 个字符或更多")


def test_huge_quoted_cell_is_a_problem_and_the_limit_is_restored(here: Path):
    limit = csv.field_size_limit()
    cell = ("x" * 999 + "\n") * 1100
    (here / "obs.csv").write_text(
        lines("indicator,year,value,note", f'forest_cover,2024,1,"{cell}"')
    )
    _, problems = read("obs.csv")
    assert problems == [
        "obs.csv:2: 有单元格达到 1048576 个字符 (a cell is 1048576 characters or longer); "
        "上方是否有没闭合的双引号？"
    ]
    assert csv.field_size_limit() == limit


def test_problems_per_file_are_bounded(here: Path):
    (here / "obs.csv").write_text(lines("indicator,year,value", *["forest_cover,1,1"] * 1500))
    (here / "ok.csv").write_text(lines("indicator,year,value", "forest,2024,1"))
    _, problems = read("obs.csv", "ok.csv")
    mine = [p for p in problems if p.startswith("obs.csv:")]
    assert len(mine) == 1001
    assert mine[-1] == (
        "obs.csv:1002:2: … 更多问题未列出 (more problems not shown); 先改正以上问题 (fix these first)"
    )
    assert problems[-1].startswith("ok.csv:2:1: 未知的指标 'forest'")


def test_conflict_across_files_names_the_other_file(here: Path):
    (here / "a.csv").write_text(lines("indicator,year,value", "forest_cover,2024,58.7"))
    (here / "b.csv").write_text(lines("indicator,year,value", "forest_cover,2024,58.9"))
    found, problems = read("a.csv", "b.csv")
    assert problems == [
        "b.csv:2: 与 a.csv 第 2 行冲突：forest_cover 2024年 全市 在那里是 58.7，这里是 58.9 "
        "(conflicting values); 只保留一个数；若其一是初步核算（P）或估算（E）数，在数据状态列注明，最终数会替换它"
    ]
    assert found.get(FC, "全市") == {2024: D("58.7")}


def test_reading_into_existing_observations(here: Path):
    earlier = Observations(series={(FC, "全市"): {2023: D("58.1"), 2024: D("58.5")}})
    (here / "obs.csv").write_text(
        lines("indicator,year,value", "forest_cover,2024,58.7", "forest_cover,2025,59")
    )
    found, problems = read_observations([Path("obs.csv")], INDICATORS, into=earlier)
    assert found is earlier
    assert [str(p) for p in problems] == [
        "obs.csv:2: 与前面读到的观测值冲突：forest_cover 2024年 全市 在那里是 58.5，这里是 58.7 "
        "(conflicting values); 只保留一个数；若其一是初步核算（P）或估算（E）数，在数据状态列注明，最终数会替换它"
    ]
    assert found.get(FC, "全市") == {2023: D("58.1"), 2024: D("58.5"), 2025: D("59")}


def test_observations_queries():
    found = Observations(
        series={
            (FC, "榕城区"): {2022: D("50"), 2023: D("51")},
            (FC, "全市"): {2020: D("57"), 2024: D("58.7")},
            (RD, "全市"): {2021: D("2.5")},
            (RD, "普宁市"): {2019: D("1.5")},
            (RD, "产业转移工业园"): {2019: D("1.5")},
        }
    )
    assert found.areas() == ["全市", "产业转移工业园", "普宁市", "榕城区"]
    assert found.latest_year("全市") == 2024
    assert found.latest_year("榕城区") == 2023
    assert found.latest_year("惠来县") is None
    assert found.get(RD, "普宁市") == {2019: D("1.5")}
    assert found.get(RD, "惠来县") == {}
    assert found.for_area("全市") == {FC: {2020: D("57"), 2024: D("58.7")}, RD: {2021: D("2.5")}}
    assert len(found) == 7


def test_folder_reads_csv_files_sorted_and_ignores_others(here: Path):
    folder = here / "obs"
    folder.mkdir()
    names = ["q", "e", "w", "r", "t", "y", "u", "i", "o", "p"]  # listed in no particular order
    for name in names:
        (folder / f"{name}.csv").write_text(lines("indicator,year,value"))
    assert csv_files([Path("obs")])[0] == [Path(f"obs/{name}.csv") for name in sorted(names)]
    for name in names:
        (folder / f"{name}.csv").unlink()
    (folder / "b.csv").write_text(lines("indicator,year,value", "forest_cover,2024,58.7"))
    (folder / "a.CSV").write_text(lines("indicator,year,value", "forest_cover,2023,58.1"))
    (folder / "c.csv").write_text(lines("indicator,year,value", "forest,2024,1"))
    (folder / "notes.txt").write_text("not data")
    (folder / "book.xls").write_bytes(b"\xd0\xcf\x11\xe0")  # old Excel: not read
    (folder / "._b.csv").write_bytes(b"\x00\x05\x16\x07")  # macOS leftovers
    (folder / "sub.csv").mkdir()
    files, problems = csv_files([Path("obs")])
    assert files == [Path("obs/a.CSV"), Path("obs/b.csv"), Path("obs/c.csv")]
    assert problems == []
    found, shown = read("obs")
    assert found.get(FC, "全市") == {2023: D("58.1"), 2024: D("58.7")}
    assert shown == [f"obs/c.csv:2:1: 未知的指标 'forest' (unknown indicator); {UNKNOWN_INDICATOR}"]


def test_the_same_file_twice_is_read_once(here: Path):
    (here / "obs.csv").write_text(lines("indicator,year,value", "forest,2024,1"))
    files, _ = csv_files([Path("obs.csv"), Path(), Path("./obs.csv")])
    assert files == [Path("obs.csv")]


def test_paths_that_cannot_be_read(here: Path):
    (here / "empty").mkdir()
    (here / "only-text").mkdir()
    (here / "only-text" / "a.txt").write_text("x")
    (here / "loop").symlink_to("loop")
    files, problems = csv_files(
        [Path("missing.csv"), Path("empty"), Path("only-text"), Path("loop")]
    )
    assert files == []
    assert [str(p) for p in sorted(problems)] == [
        "empty: 文件夹里没有 .csv 或 .xlsx 文件 (no .csv or .xlsx files); "
        "放入 .csv 或 .xlsx 文件，或给出文件的路径",
        "loop: 无法读取：Too many levels of symbolic links (cannot read)",
        "missing.csv: 没有这个文件或文件夹 (no such file or folder); 检查路径",
        "only-text: 文件夹里没有 .csv 或 .xlsx 文件 (no .csv or .xlsx files); "
        "放入 .csv 或 .xlsx 文件，或给出文件的路径",
    ]
    assert all(p.line is None for p in problems)
    _, shown = read("missing.csv")
    assert shown == ["missing.csv: 没有这个文件或文件夹 (no such file or folder); 检查路径"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_permission_denied(here: Path):
    (here / "obs.csv").write_text(lines("indicator,year,value"))
    (here / "obs.csv").chmod(0)
    assert read("obs.csv")[1] == ["obs.csv: cannot read: Permission denied"]


def test_problem_positions_are_one_based():
    problem = Problem("obs.csv", 3, 3, "bad-value", "value 'x' is not a number", "write 1")
    assert str(problem) == "obs.csv:3:3: value 'x' is not a number; write 1"


# ---- any finite number, written as Excel or WPS would, reads back equal ----

FULL_WIDTH = str.maketrans("0123456789.,%+-", "０１２３４５６７８９．，％＋－")


@st.composite
def written_numbers(draw: st.DrawFn) -> tuple[Decimal, str, str]:
    """A finite Decimal, its indicator, and a way a spreadsheet might write it."""
    value = Decimal(draw(st.integers(-(10**15), 10**15))).scaleb(-draw(st.integers(0, 8)))
    indicator = draw(st.sampled_from([FC, RD]))
    text = format(value, ",f" if draw(st.booleans()) else "f")
    if value >= 0 and draw(st.booleans()):
        text = "+" + text
    if text.startswith("-"):
        text = draw(st.sampled_from(["-", "−", "－"])) + text[1:]
    if indicator == FC and draw(st.booleans()):
        text += draw(st.sampled_from(["%", " %"]))
    if draw(st.booleans()):
        text = text.translate(FULL_WIDTH)
    text = draw(st.sampled_from(["", " ", "\u3000"])) + text + draw(st.sampled_from(["", " "]))
    return value, indicator, text


@settings(max_examples=300, deadline=None)
@given(
    written=written_numbers(),
    year=st.integers(1900, 2100),
    full_width_year=st.booleans(),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]),
    newline=st.sampled_from(["\r\n", "\n", "\r"]),
)
def test_any_finite_number_reads_back_equal(
    tmp_path_factory: pytest.TempPathFactory,
    written: tuple[Decimal, str, str],
    year: int,
    full_width_year: bool,
    encoding: str,
    newline: str,
):
    value, indicator, text = written
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=newline)  # quotes "1,234.5" as Excel does
    writer.writerow(["indicator", "year", "value", "area"])
    year_text = str(year).translate(FULL_WIDTH) if full_width_year else str(year)
    writer.writerow([indicator, year_text, text, "榕城区"])
    path = tmp_path_factory.mktemp("hypothesis") / "obs.csv"
    path.write_bytes(out.getvalue().encode(encoding))
    found, problems = read_observations([path], INDICATORS)
    assert problems == []
    assert found.get(indicator, "榕城区") == {year: value}


def test_difflib_sees_only_the_start_of_a_huge_cell(here: Path, monkeypatch: pytest.MonkeyPatch):
    """The closest indicator is found from the first 64 characters: difflib's time grows with the
    square of the text (a 20 MB cell once took 84 s), and a hint needs no more."""
    seen: list[int] = []
    close = difflib.get_close_matches

    def spy(word: str, *args: object, **kwargs: object) -> list[str]:
        seen.append(len(word))
        return close(word, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difflib, "get_close_matches", spy)
    (here / "obs.csv").write_text(
        lines("indicator,year,value", "森林覆盖率x" * 100_000 + ",2024,1")
    )
    _, problems = read("obs.csv")
    assert problems == [
        f"obs.csv:2:1: 未知的指标 '{('森林覆盖率x' * 7)[:40]}…' (unknown indicator); "
        f"{UNKNOWN_INDICATOR}"
    ]
    assert seen == [64]
