"""What every view of a target says of it (`carbon targets`, `carbon status`), in the
contract's fields."""

from __future__ import annotations

from typing import TypedDict

from carbon_cli.labels import JSON, number
from carbon_cli.models import Indicator, Target
from carbon_cli.plan import Plan


class TargetFields(TypedDict):
    """What `carbon targets` and `carbon status` both say of a target."""

    id: str
    indicator: str
    name: str
    unit: str
    kind: str
    value: JSON
    year: int | None
    base_year: int | None
    strive: bool
    approx: bool
    lead: str | None


def target_fields(plan: Plan, indicator: Indicator, target: Target) -> TargetFields:
    """The contract's fields of a target shared by every view of it."""
    return TargetFields(
        id=target.id,
        indicator=indicator.id,
        name=indicator.name,
        unit=indicator.unit,
        kind=target.kind.value,
        value=number(target.value),
        year=target.year,
        base_year=target.base_year,
        strive=target.strive,
        approx=target.approx,
        lead=plan.lead_of(target),
    )
