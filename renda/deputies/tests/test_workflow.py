"""The status transition table and its guard (pure), with a property test over every input."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from renda.deputies.choices import DeputyStatus, TerminationReason
from renda.deputies.workflow import TERMINATED, WORKFLOW, allowed_targets, status_change_problem

TODAY = dt.date(2026, 11, 21)


def test_table_covers_every_status():
    assert set(WORKFLOW.states) == set(DeputyStatus.values)
    assert allowed_targets("terminated") == frozenset()
    assert allowed_targets("active") == {"suspended", "terminated"}
    assert allowed_targets("suspended") == {"active", "terminated"}


statuses = st.sampled_from([*DeputyStatus.values, "bogus"])
dates = st.one_of(st.none(), st.dates(min_value=dt.date(2015, 1, 1), max_value=dt.date(2030, 1, 1)))
reasons = st.sampled_from(["", *TerminationReason.values])


@given(statuses, statuses, dates, reasons, dates)
def test_problem_is_none_exactly_when_every_rule_holds(from_status, to_status, when, reason, not_before):
    problem = status_change_problem(
        from_status=from_status,
        to_status=to_status,
        effective_date=when,
        reason=reason,
        today=TODAY,
        not_before=not_before,
    )
    ok = (
        to_status in allowed_targets(from_status)
        and when is not None
        and when <= TODAY
        and (not_before is None or when >= not_before)
        and bool(reason) == (to_status == TERMINATED)
    )
    assert (problem is None) == ok
    if problem is not None:
        assert problem[0] in ("to_status", "effective_date", "reason")


def test_codes():
    kw = {"today": TODAY, "not_before": dt.date(2022, 1, 1)}
    assert status_change_problem(
        from_status="active", to_status="active", effective_date=TODAY, reason="", **kw
    ) == (
        "to_status",
        "unchanged",
    )
    assert status_change_problem(
        from_status="terminated", to_status="active", effective_date=TODAY, reason="", **kw
    ) == ("to_status", "not_allowed")
    assert status_change_problem(
        from_status="active", to_status="terminated", effective_date=TODAY, reason="", **kw
    ) == ("reason", "required")
    assert (
        status_change_problem(
            from_status="active", to_status="terminated", effective_date=TODAY, reason="died", **kw
        )
        is None
    )
