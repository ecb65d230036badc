"""Table tests and hypothesis properties for renda.decisions.rules: the follow-up's due date counted as the
民法典 counts a period (weekends and official holidays move the last day), its state, who may submit."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from renda.core.workdays import WorkCalendar
from renda.decisions import rules

D = dt.date
CAL = WorkCalendar()  # the official calendar, no staff overrides


@pytest.mark.parametrize(
    ("decided", "months", "due", "why"),
    [
        (D(2025, 3, 12), 6, D(2025, 9, 12), "a Friday: the corresponding day six months later"),
        (D(2025, 3, 14), 6, D(2025, 9, 15), "14 Sep 2025 is a Sunday: the next Monday"),
        (D(2025, 4, 1), 6, D(2025, 10, 9), "1 Oct in the National Day holiday (1–8 Oct): the 9th"),
        (
            D(2025, 8, 31),
            6,
            D(2026, 2, 28),
            "no 31 Feb: the month's last day, a Saturday made a workday (调休)",
        ),
        (
            D(2025, 8, 17),
            6,
            D(2026, 2, 24),
            "17 Feb 2026 in the Spring Festival holiday (15–23 Feb): the 24th",
        ),
        (D(2025, 11, 5), 3, D(2026, 2, 5), "a Thursday"),
    ],
)
def test_followup_due(decided, months, due, why):
    assert rules.followup_due(decided, months, CAL) == due, why


def test_followup_due_refuses_a_period_out_of_range():
    for months in (0, rules.MAX_FOLLOWUP_MONTHS + 1):
        with pytest.raises(ValueError):
            rules.followup_due(D(2025, 3, 12), months, CAL)


@pytest.mark.parametrize(
    ("reported", "today", "state"),
    [
        (None, D(2025, 9, 1), ("pending", 11)),
        (None, D(2025, 9, 12), ("pending", 0)),
        (None, D(2025, 9, 15), ("overdue", 3)),
        (D(2025, 9, 12), D(2025, 12, 1), ("reported", 0)),
        (D(2025, 9, 20), D(2025, 12, 1), ("late_reported", 8)),
    ],
)
def test_followup_state(reported, today, state):
    assert rules.followup_state(D(2025, 9, 12), reported, today) == state


@given(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.integers(1, rules.MAX_FOLLOWUP_MONTHS))
def test_followup_due_is_a_working_day_after_the_months(decided, months):
    due = rules.followup_due(decided, months, CAL)
    assert CAL.is_workday(due)
    assert due > decided
    # never before the corresponding day (or the month's last day), never a week past it
    months_later = (
        (decided.year * 12 + decided.month - 1 + months) // 12,
        (decided.month - 1 + months) % 12 + 1,
    )
    assert (due.year, due.month) >= months_later
    assert (due - decided).days <= months * 31 + 10


@given(st.dates(D(2020, 1, 1), D(2030, 12, 31)), st.dates(D(2020, 1, 1), D(2030, 12, 31)))
def test_followup_state_days_never_negative(due, today):
    state, days = rules.followup_state(due, None, today)
    assert days >= 0 and (state == "overdue") is (today > due)


@pytest.mark.parametrize(("signers", "ok"), [(4, False), (5, True), (12, True), (0, False)])
def test_members_submit_jointly_five_or_more(signers, ok):
    assert rules.joint_members_ok(signers) is ok


def test_document_number():
    assert rules.document_number("江人常决", 2026, 3) == "江人常决〔2026〕3号"
    with pytest.raises(ValueError):
        rules.document_number("江人常决", 2026, 0)
