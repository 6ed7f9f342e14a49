"""The fixed choices of the data and the command line, free of pydantic and of the core.

cli.py needs these to declare its options, and `carbon --help` must not pay for pydantic, YAML
or the report to show them; models.py and report.py import them from here.
"""

from __future__ import annotations

from enum import StrEnum

WHOLE_CITY = "全市"


class DepartmentKind(StrEnum):
    """What sort of body a 责任部门 is."""

    MUNICIPAL = "municipal_department"  # 市政府工作部门、直属单位
    PARTY = "party_organ"  # 市委工作机关
    CENTRAL_PROVINCIAL = "central_provincial_unit"  # 中央、省驻揭单位
    STATE_ENTERPRISE = "state_enterprise"  # 国有企业
    GROUP = "group"  # 一组单位：各县（市、区）人民政府（管委会）、领导小组成员单位


class AreaKind(StrEnum):
    """What sort of area an observation may name (data/areas.yaml)."""

    CITY = "city"  # 全市
    COUNTY = "county"  # 县级行政区：区、县、县级市
    ZONE = "zone"  # 管委会管理的功能区，须注明公布来源


class Kind(StrEnum):
    """How a target is measured (see CONTRACT.md)."""

    AT_LEAST = "at_least"
    AT_MOST = "at_most"
    REDUCE_BY = "reduce_by"
    INCREASE_BY = "increase_by"
    PEAK = "peak"
    MILESTONE = "milestone"  # a dated qualitative commitment, judged from progress records


class Stage(StrEnum):
    """Which evaluation the plan asks for: a yearly one, the 2025 midterm, the 2030 final."""

    ANNUAL = "annual"
    MIDTERM = "midterm"
    FINAL = "final"


class ReportFormat(StrEnum):
    """What `carbon report` writes."""

    HTML = "html"
    MARKDOWN = "markdown"
    DOCX = "docx"
