"""The ranking's inputs gathered the former way — every report, 督办单 and note of the year loaded into
Python and counted there with rules.late_reports and rules.order_overdue — as the reference that the
database's aggregation (selectors._scored_targets) is compared with, in the tests and in bench/targets.py
(its "before")."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from decimal import Decimal

from renda.targets import rules
from renda.targets.models import Note, NoteKind, Order, Report, Target, TargetYear


def inputs(year: TargetYear, end: dt.date, today: dt.date) -> dict[int, tuple]:
    """target id → (last value by `end`, late or missing reports, overdue 督办单, findings, awards)."""
    judged = min(end, today)
    reports: dict[int, dict[dt.date, tuple[Decimal, dt.date]]] = defaultdict(dict)
    for tid, month, reached, on in Report.objects.filter(target__year=year, month__lte=end).values_list(
        "target_id", "month", "value", "reported_on"
    ):
        reports[tid][month] = (reached, on)
    overdue: dict[int, int] = defaultdict(int)
    for tid, due, answered in Order.objects.filter(target__year=year, issued_on__lte=end).values_list(
        "target_id", "due", "answered_on"
    ):
        if rules.order_overdue(due, answered if answered is None or answered <= judged else None, judged):
            overdue[tid] += 1
    notes: dict[tuple[int, str], int] = defaultdict(int)
    for tid, kind in Note.objects.filter(target__year=year, day__lte=end).values_list("target_id", "kind"):
        notes[(tid, kind)] += 1
    out = {}
    for tid, start in Target.objects.filter(year=year, start__lte=end).values_list("pk", "start"):
        mine = reports.get(tid, {})
        out[tid] = (
            mine[max(mine)][0] if mine else None,
            rules.late_reports(start, end, {m: on for m, (_v, on) in mine.items()}, today, year.report_day),
            overdue.get(tid, 0),
            notes.get((tid, NoteKind.FINDING), 0),
            notes.get((tid, NoteKind.AWARD), 0),
        )
    return out


def from_database(year: TargetYear, end: dt.date, today: dt.date) -> dict[int, tuple]:
    """The same figures from the database's aggregation."""
    from renda.targets import selectors

    passed = min(rules.month_start(end), selectors.last_month_due_before(today, year.report_day))
    out = {}
    fields = ("pk", "start", "last_value", "late_on_file", "filed_due", "overdue", "findings", "awards")
    rows = selectors._scored_targets(year, end, min(end, today), passed).values_list(*fields)
    for pk, start, value, late_on_file, filed_due, overdue, findings, awards in rows:
        late = late_on_file + rules.month_count(start, passed) - filed_due
        out[pk] = (value, late, overdue, findings, awards)
    return out
