"""The wide layout of a 监测表: one row per indicator (and area), a column per year (2020, 2020年);
each filled year cell is one observation, checked and stored as a row of the long layout would
be, each problem at its own cell. A flag or source cell holds for every year of its row."""

from __future__ import annotations

from carbon_cli.errors import Problem

from .cells import Fault, number
from .context import Context, Reader
from .header import Header, filled, pad, strays
from .rows import Sink, flag_of, mismatches


def store_wide(sink: Sink, ctx: Context, header: Header, reader: Reader) -> None:
    """Check and store every row after a header with year columns; ctx.line is the last line
    read, also when a row raises."""
    names, shown = sink.names, ctx.shown
    columns = header.columns
    i_ind, i_area, i_flag = columns["indicator"], columns.get("area"), columns.get("flag")
    i_source = columns.get("source") if sink.found.keep_sources else None
    check_names = any(n in columns for n in ("name", "unit", "targets"))
    width, runs = header.width, header.runs
    line = ctx.line
    try:
        for row in reader:
            line, start = reader.line_num, line + 1
            n = len(row)
            if not row or not filled(row):
                continue  # an empty line, or a blank row
            row = pad(row, header)
            bad: list[Problem] = []
            judged = names.judge(row[i_ind])
            ind = None if isinstance(judged, Fault) else judged
            if isinstance(judged, Fault):
                bad.append(Problem(shown, start, i_ind + 1, *judged))
            area = sink.area(ctx, row, i_area, start)
            if isinstance(area, Problem):
                bad.append(area)
            flag = flag_of(row[i_flag]) if i_flag is not None else "A"
            if isinstance(flag, Fault):
                assert i_flag is not None
                bad.append(Problem(shown, start, i_flag + 1, *flag))
            if check_names and ind is not None:
                bad.extend(mismatches(row, ind, header, shown, start))
            if n > width or runs:
                bad.extend(strays(row, n, header, shown, start))
            source = row[i_source].strip() if i_source is not None else ""
            whole = not bad  # the row's own cells are fine: its values may be stored
            refuses = None if ind is None else names.refuses_percent(ind)
            for col, when in header.years:
                value = number(row[col], refuses)
                if value is None:
                    continue  # a blank cell is no observation
                if isinstance(value, Fault):
                    bad.append(Problem(shown, start, col + 1, *value))
                    continue
                if ind is None:
                    continue
                wrong = sink.check(ctx, ind, value, start, col + 1)
                if wrong is None and whole and isinstance(flag, str) and isinstance(area, str):
                    wrong = sink.put(ctx, (ind.id, area), when, value, flag, source, start, col + 1)
                if wrong is not None:
                    bad.append(wrong)
            bad.sort(key=lambda p: p.col or 0)
            for problem in bad:
                ctx.add(problem)
    finally:
        ctx.line = line
