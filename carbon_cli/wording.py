"""pydantic's validation errors reworded in the data's own terms, each at its line in the file."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel, ValidationError

from carbon_cli.choices import FIRST_YEAR, LAST_YEAR
from carbon_cli.errors import MAX_PROBLEMS, Problem
from carbon_cli.yamlparse import listed, node_at

if TYPE_CHECKING:
    import yaml


ENTITIES = {
    "departments": "部门",
    "indicators": "指标",
    "targets": "目标",
    "groups": "分组",
    "tasks": "任务",
    "safeguards": "任务",
    "items": "事项",
    "goals": "主要目标",
    "baselines": "基期值",
    "areas": "地区",
}


def entity_label(data: Any, loc: Sequence[str | int]) -> str:
    """Name the entity an error sits in, e.g. '目标 energy_intensity_2025' or '任务 3 事项 2'."""
    labels: list[str] = []
    current = data
    for i, part in enumerate(loc):
        try:
            current = current[part]
        except (KeyError, IndexError, TypeError):
            break
        if isinstance(part, int) and i > 0 and loc[i - 1] in ENTITIES:
            kind = ENTITIES[str(loc[i - 1])]
            ident = None
            if isinstance(current, dict):
                ident = current.get("id") or current.get("name") or current.get("number")
            if kind == "事项" or ident is None:
                ident = part + 1
            labels.append(f"{kind} {ident}")
    return " ".join(labels[-2:] if labels and labels[-1].startswith("事项") else labels[-1:])


def _field_names(model: type[BaseModel], seen: set[str] | None = None) -> set[str]:
    """Every field name used anywhere in a file format, for 'did you mean' hints."""
    names: set[str] = set()
    for name, info in model.model_fields.items():
        names.add(name)
        for arg in getattr(info.annotation, "__args__", ()) or ():
            for inner in getattr(arg, "__args__", (arg,)):
                if isinstance(inner, type) and issubclass(inner, BaseModel):
                    names |= _field_names(inner)
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            names |= _field_names(info.annotation)
    return names


def _number_hint(got: Any) -> str:
    """How to write a number the user wrote as text."""
    if isinstance(got, str):
        try:
            size = Decimal(got.strip()).adjusted()
        except (InvalidOperation, ValueError):
            size = 0
        if not -300 <= size < 300:  # e.g. 1e400: YAML reads an exponent without a point as text
            return "请写成 23.1 这样的普通数字（绝对值须小于 1e300）"
        digits = "".join(c for c in got if c.isdigit() or c in ".-")
        if digits and digits not in {".", "-"}:
            return f"请写成 {digits}"
    return "请写成 23.1 这样的普通数字"


# pydantic's error type → the problem's code
CODES = {
    "missing": "missing-field",
    "extra_forbidden": "unknown-field",
    "is_instance_of": "not-a-number",
    "decimal_type": "not-a-number",
    "decimal_parsing": "not-a-number",
    "float_type": "not-a-number",
    "finite_number": "not-finite",
    "int_type": "not-a-whole-number",
    "int_parsing": "not-a-whole-number",
    "int_from_float": "not-a-whole-number",
    "bool_type": "not-true-or-false",
    "string_type": "not-text",
    "enum": "not-a-choice",
    "greater_than_equal": "year-out-of-range",
    "less_than_equal": "year-out-of-range",
    "string_pattern_mismatch": "bad-id",
    "too_short": "empty",
    "string_too_short": "empty",
    "tuple_type": "not-a-list",
    "list_type": "not-a-list",
    "model_type": "not-a-mapping",
    "dict_type": "not-a-mapping",
    "model_attributes_type": "not-a-mapping",
}


def reword(
    err: ValidationError, path: str, root: yaml.Node, data: Any, model: type[BaseModel]
) -> list[Problem]:
    """Turn pydantic's errors into the data's terms, each at its line in the file."""
    import yaml

    known = _field_names(model)
    problems: list[Problem] = []
    errors = err.errors(include_url=False)
    for e in errors[:MAX_PROBLEMS]:
        loc = _loc(e["loc"])
        field = str(loc[-1]) if loc and isinstance(loc[-1], str) else "value"
        got = e.get("input")
        kind = e["type"]
        code = CODES.get(kind, "invalid")
        hint: str | None = None
        if kind == "missing":
            text, hint = f"缺少 {field} ({field} is missing)", f"请加上 `{field}: …`"
        elif kind == "extra_forbidden":
            close = difflib.get_close_matches(field, sorted(known), n=1)
            text = f"未知的字段 '{field}' (unknown field)"
            hint = f"是不是 '{close[0]}'？" if close else "请删除它"
        elif kind in {"is_instance_of", "decimal_type", "decimal_parsing", "float_type"}:
            text, hint = f"{field} 应为数字，实为 {got!r} (not a number)", _number_hint(got)
        elif kind in {"finite_number"}:
            node = node_at(root, loc)  # .inf or 1.0e+400 as written, not Decimal('Infinity')
            written = node.value if isinstance(node, yaml.ScalarNode) else got
            text = f"{field} 应为有限的数，实为 {written!r} (not a finite number)"
        elif kind in {"int_type", "int_parsing", "int_from_float"}:
            text = f"{field} 应为整数，实为 {got!r} (not a whole number)"
            hint = _number_hint(got) if isinstance(got, str) else None
        elif kind == "bool_type":
            text, hint = f"{field} 应为 true 或 false，实为 {got!r} (not true or false)", None
        elif kind == "string_type":
            text = f"{field} 应为文字，实为 {got!r} (not text)"
            hint = f"请加引号：'{got}'" if isinstance(got, int | float) else None
        elif kind == "enum":
            expected = e.get("ctx", {}).get("expected", "")
            text = f"{field} 应为 {expected} 之一，实为 {got!r} (not a choice)"
        elif kind in {"greater_than_equal", "less_than_equal"}:
            text = (
                f"{field} 应为 {FIRST_YEAR} 到 {LAST_YEAR} 之间的年份，实为 {got!r} "
                "(year out of range)"
            )
        elif kind == "string_pattern_mismatch":
            text = f"{field} {got!r} 写法不对 (not valid)"
            if "indicators" in loc:
                hint = "请用小写英文字母、数字和 _（如 forest_cover_2030）"
            elif "items" in loc:
                hint = "写作“任务序号.行序”，如 14.2、S2.1 (the task's id, a dot, the item's place)"
            else:
                hint = "重点任务为 1–40，保障措施为 S1–S6，分组为（一）…"
        elif kind in {"too_short", "string_too_short"}:
            text = f"{field} 不能为空 (must not be empty)"
        elif kind in {"tuple_type", "list_type"}:
            text = f"{field} 应为列表，每项一行，以 '- ' 开头 (must be a list)"
        elif kind in {"model_type", "dict_type", "model_attributes_type"}:
            text = f"{field or '此处'} 应为 `键: 值` 形式的若干行 (must be a mapping)"
        else:
            text = f"{field}：{e['msg']}"
        mark = node_at(root, loc, key=kind == "extra_forbidden").start_mark
        label = entity_label(data, loc)
        problems.append(
            Problem(
                path,
                mark.line + 1,
                mark.column + 1,
                code,
                f"{label}：{text}" if label else text,
                hint,
            )
        )
    if len(errors) <= MAX_PROBLEMS:
        return problems
    # a million errors in one file: the first thousand reworded, the rest only counted
    mark = node_at(root, _loc(errors[MAX_PROBLEMS]["loc"])).start_mark
    first_hidden = Problem(path, mark.line + 1, mark.column + 1, "", "")
    return listed(problems, [first_hidden], len(errors) - MAX_PROBLEMS)


def _loc(loc: Sequence[str | int]) -> list[str | int]:
    """A pydantic error location without the validators' own steps (function-after, decimal)."""
    return [p for p in loc if isinstance(p, int) or not str(p).startswith(("function-", "decimal"))]
