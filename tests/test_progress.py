"""The progress ledger's rules (CONTRACT.md, "Progress records") as tables, then properties."""

from __future__ import annotations

import datetime
import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from carbon_cli.progress import Record, State, milestone_status
from carbon_cli.standings import Standing, item_standing, standing

Y = 2025
BEFORE = datetime.date(2024, 6, 30)  # visible, dated before Y
IN_Y = datetime.date(2025, 6, 30)  # visible, dated in Y
AFTER = datetime.date(2026, 3, 31)  # not visible as of Y
S = Standing


def rec(state: State, date: datetime.date, department: str = "市发展改革局") -> Record:
    return Record("14.2", department, date, state, evidence="……")


# (state of the only record or None, its date, due) → the standing as of Y, by the contract's
# rules in their order: completed (on time / late), overdue (due ≤ Y), unreported (no visible
# record, or the latest is before Y), else the latest state dated in Y
TABLE = [
    # no record, or only one dated after Y (invisible): overdue when due ≤ Y, else unreported
    (None, None, 2024, S.OVERDUE),
    (None, None, 2025, S.OVERDUE),
    (None, None, 2027, S.UNREPORTED),
    (None, None, None, S.UNREPORTED),
    (State.COMPLETED, AFTER, 2025, S.OVERDUE),
    (State.COMPLETED, AFTER, None, S.UNREPORTED),
    (State.IN_PROGRESS, AFTER, 2027, S.UNREPORTED),
    # completed: on time when dated no later than the end of due (or due null), else late
    (State.COMPLETED, BEFORE, 2024, S.COMPLETED_ON_TIME),
    (State.COMPLETED, BEFORE, 2025, S.COMPLETED_ON_TIME),
    (State.COMPLETED, BEFORE, 2027, S.COMPLETED_ON_TIME),
    (State.COMPLETED, BEFORE, None, S.COMPLETED_ON_TIME),
    (State.COMPLETED, IN_Y, 2024, S.COMPLETED_LATE),
    (State.COMPLETED, IN_Y, 2025, S.COMPLETED_ON_TIME),
    (State.COMPLETED, IN_Y, None, S.COMPLETED_ON_TIME),
    # not completed, due reached: overdue whatever the record says
    (State.IN_PROGRESS, BEFORE, 2024, S.OVERDUE),
    (State.IN_PROGRESS, IN_Y, 2025, S.OVERDUE),
    (State.STALLED, IN_Y, 2024, S.OVERDUE),
    (State.NOT_STARTED, BEFORE, 2025, S.OVERDUE),
    # not completed, due ahead or none, latest record before Y: unreported this year
    (State.IN_PROGRESS, BEFORE, 2027, S.UNREPORTED),
    (State.STALLED, BEFORE, None, S.UNREPORTED),
    (State.NOT_STARTED, BEFORE, 2030, S.UNREPORTED),
    # … latest record in Y: its state
    (State.IN_PROGRESS, IN_Y, 2027, S.ON_SCHEDULE),
    (State.IN_PROGRESS, IN_Y, None, S.ON_SCHEDULE),
    (State.STALLED, IN_Y, 2030, S.STALLED),
    (State.STALLED, IN_Y, None, S.STALLED),
    (State.NOT_STARTED, IN_Y, 2027, S.NOT_STARTED),
    (State.NOT_STARTED, IN_Y, None, S.NOT_STARTED),
]


@pytest.mark.parametrize(
    ("state", "date", "due", "expected"),
    TABLE,
    ids=[f"{s and s.value}-{d}-due{u}-{e.value}" for s, d, u, e in TABLE],
)
def test_standing_rules(
    state: State | None, date: datetime.date | None, due: int | None, expected: Standing
) -> None:
    records = [] if state is None or date is None else [rec(state, date)]
    found = item_standing("14.2", ["市发展改革局", "市生态环境局"], due, records, Y)
    assert found.standing is expected
    # the support department has no record: its own standing is shown beside the lead's
    assert found.departments[1].standing is standing(None, due, Y)


def test_the_latest_record_of_each_department_wins() -> None:
    records = [
        rec(State.NOT_STARTED, datetime.date(2025, 1, 31)),
        rec(State.IN_PROGRESS, datetime.date(2025, 9, 30)),
        rec(State.STALLED, datetime.date(2025, 3, 31), department="市生态环境局"),
    ]
    found = item_standing("14.2", ["市发展改革局", "市生态环境局"], 2027, records, Y)
    assert found.standing is S.ON_SCHEDULE
    assert found.latest is not None
    assert found.latest.date == datetime.date(2025, 9, 30)
    assert [d.standing for d in found.departments] == [S.ON_SCHEDULE, S.STALLED]


def test_the_items_standing_is_its_leads() -> None:
    """A support department's completion does not complete the item."""
    records = [rec(State.COMPLETED, IN_Y, department="市生态环境局")]
    found = item_standing("14.2", ["市发展改革局", "市生态环境局"], None, records, Y)
    assert found.standing is S.UNREPORTED
    assert found.departments[1].standing is S.COMPLETED_ON_TIME


MILESTONES = [
    # (records as (state, date), deadline, year) → status
    ([], 2025, 2024, "no_data"),
    ([(State.COMPLETED, datetime.date(2025, 12, 31))], 2025, 2025, "achieved"),
    ([(State.COMPLETED, datetime.date(2026, 1, 31))], 2025, 2026, "missed"),
    ([(State.IN_PROGRESS, datetime.date(2024, 6, 30))], 2025, 2024, "on_track"),
    ([(State.STALLED, datetime.date(2024, 6, 30))], 2025, 2024, "behind"),
    ([(State.NOT_STARTED, datetime.date(2024, 6, 30))], 2025, 2024, "behind"),
    ([(State.IN_PROGRESS, datetime.date(2024, 6, 30))], 2025, 2025, "missed"),
    # a completion dated after the year asked about is not visible yet
    ([(State.COMPLETED, datetime.date(2025, 3, 31))], 2025, 2024, "no_data"),
    # completed, then a later record: the completion by the deadline still counts
    (
        [
            (State.COMPLETED, datetime.date(2024, 3, 31)),
            (State.STALLED, datetime.date(2024, 9, 30)),
        ],
        2025,
        2025,
        "achieved",
    ),
]


@pytest.mark.parametrize(("records", "deadline", "year", "expected"), MILESTONES)
def test_milestone_rules(
    records: list[tuple[State, datetime.date]], deadline: int, year: int, expected: str
) -> None:
    found = [rec(state, date) for state, date in records]
    assert milestone_status(found, deadline, year)[0] == expected


dates = st.dates(datetime.date(2021, 1, 1), datetime.date(2031, 12, 31))
records = st.lists(
    st.builds(
        rec,
        st.sampled_from(list(State)),
        dates,
        st.sampled_from(["市发展改革局", "市生态环境局"]),
    ),
    max_size=6,
)


@given(records, st.one_of(st.none(), st.integers(2021, 2031)), st.integers(2021, 2031), dates)
def test_a_record_dated_after_the_year_changes_nothing(
    found: list[Record], due: int | None, year: int, later: datetime.date
) -> None:
    departments = ["市发展改革局", "市生态环境局"]
    before = item_standing("14.2", departments, due, found, year)
    if later.year > year:
        after = item_standing("14.2", departments, due, [*found, rec(State.COMPLETED, later)], year)
        assert after == before


@given(
    records, st.one_of(st.none(), st.integers(2021, 2031)), st.integers(2021, 2031), st.randoms()
)
def test_the_order_of_records_changes_nothing(
    found: list[Record], due: int | None, year: int, rnd: random.Random
) -> None:
    departments = ["市发展改革局", "市生态环境局"]
    # two records of one department on one date with different states are refused by the
    # reader, so keep one per (department, date) here
    unique = list({(r.department, r.date): r for r in found}.values())
    shuffled = list(unique)
    rnd.shuffle(shuffled)
    assert item_standing("14.2", departments, due, unique, year) == item_standing(
        "14.2", departments, due, shuffled, year
    )
