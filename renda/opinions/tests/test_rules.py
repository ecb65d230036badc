"""The rules of citizens' opinions as tables (信访工作条例第三十二条: at most 60 days; the rating window) and
hypothesis properties of the table and the deadlines."""

from __future__ import annotations

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.core.workflow import role_pairs
from renda.opinions import rules
from renda.opinions.workflow import (
    AWAITING_FEEDBACK,
    CLOSED,
    HANDLER,
    KEEPER,
    RECORDER,
    WORKFLOW,
    State,
)

D = datetime.date


@pytest.mark.parametrize(
    ("start", "days", "due"),
    [
        (D(2027, 3, 9), 15, D(2027, 3, 24)),
        (D(2027, 12, 20), 15, D(2028, 1, 4)),
        (D(2027, 1, 1), 60, D(2027, 3, 2)),  # 信访工作条例第三十二条: the longest period
        (D(2028, 2, 28), 1, D(2028, 2, 29)),  # a leap year
    ],
)
def test_due_date_table(start, days, due):
    assert rules.due_date(start, days) == due


@pytest.mark.parametrize("days", [0, -1, 61, 365])
def test_due_date_refuses_periods_beyond_the_law(days):
    assert not rules.due_days_ok(days)
    with pytest.raises(ValueError):
        rules.due_date(D(2027, 1, 1), days)


@pytest.mark.parametrize(
    ("due", "today", "replied", "late"),
    [
        (D(2027, 3, 24), D(2027, 3, 24), False, 0),  # the due day itself is in time
        (D(2027, 3, 24), D(2027, 3, 25), False, 1),
        (D(2027, 3, 24), D(2027, 4, 24), False, 31),
        (D(2027, 3, 24), D(2027, 4, 24), True, 0),  # replied: not late any more
        (None, D(2027, 4, 24), False, 0),
    ],
)
def test_overdue_table(due, today, replied, late):
    assert rules.overdue(due, today, replied) == late


@pytest.mark.parametrize(
    ("state", "rated", "closed_on", "today", "may"),
    [
        ("closed", False, D(2027, 5, 1), D(2027, 5, 1), True),
        ("closed", False, D(2027, 5, 1), D(2027, 5, 31), True),  # the 30th day
        ("closed", False, D(2027, 5, 1), D(2027, 6, 1), False),  # the window has passed
        ("closed", True, D(2027, 5, 1), D(2027, 5, 2), False),  # once
        ("replied", False, None, D(2027, 5, 2), False),  # before the feedback
        ("closed", False, None, D(2027, 5, 2), False),
    ],
)
def test_can_rate_table(state, rated, closed_on, today, may):
    assert rules.can_rate(state, rated, closed_on, today) is may


def test_tracking_code_and_its_normal_form():
    code = rules.tracking_code(2027, [0, 1, 2, 3, 4, 5, 6, 7])
    assert code == "SQ2027-23456789"
    assert rules.normalize_code(" sq2027-2345 6789 ") == code
    assert rules.normalize_code("MS2027-23456789") is None  # a livelihood code is not an opinion's
    assert rules.normalize_code("SQ2027-0000000O") is None


def test_masked_name():
    assert rules.mask_name("王小明") == "王**"
    assert rules.mask_name("") == ""


# --- properties ---------------------------------------------------------------------------

dates = st.dates(min_value=D(2000, 1, 1), max_value=D(2090, 12, 31))


@settings(deadline=None)
@given(dates, st.integers(min_value=1, max_value=rules.MAX_DUE_DAYS))
def test_due_is_after_the_start_and_never_beyond_sixty_days(start, days):
    due = rules.due_date(start, days)
    assert start < due <= start + datetime.timedelta(days=rules.MAX_DUE_DAYS)
    assert rules.overdue(due, due, replied=False) == 0
    assert rules.overdue(due, due + datetime.timedelta(days=1), replied=False) == 1


@settings(deadline=None)
@given(st.one_of(st.none(), dates), dates, dates)
def test_lateness_grows_with_time_and_stops_at_the_reply(due, today, later):
    first, second = sorted([today, later])
    assert rules.overdue(due, first, False) <= rules.overdue(due, second, False)
    assert rules.overdue(due, second, True) == 0


@settings(deadline=None)
@given(st.sampled_from([s.value for s in State]), st.booleans(), st.one_of(st.none(), dates), dates)
def test_only_a_closed_unrated_opinion_may_be_rated(state, rated, closed_on, today):
    if rules.can_rate(state, rated, closed_on, today):
        assert state == CLOSED and not rated and closed_on is not None and closed_on <= today


ROLES = ["staff", "admin", "leader", "auditor", "station_keeper", "deputy", "unit_handler", "unit_leader"]
SCOPES = [KEEPER, RECORDER, HANDLER]


@settings(deadline=None)
@given(st.lists(st.sampled_from(list(WORKFLOW.actions)), max_size=12))
def test_every_walk_of_the_table_follows_one_path_and_ends_only_at_closed(actions):
    """Starting at "received", a walk of allowed actions takes at most one route (a route action once) and
    "closed" has no way out: feedback ends every path."""
    state, routes = State.RECEIVED.value, []
    for action in actions:
        if not WORKFLOW.allowed(action, state):
            continue
        if action in rules.ROUTE_OF_ACTION and action != "forward":
            routes.append(action)
        state = WORKFLOW.target(action, state)
    assert len([r for r in routes if r in ("answer", "convert", "feed")]) <= 1
    assert not any(WORKFLOW.allowed(a, CLOSED) for a in WORKFLOW.actions)
    if state in AWAITING_FEEDBACK:
        assert WORKFLOW.allowed("feedback", state)


@settings(deadline=None)
@given(st.sets(st.sampled_from(ROLES)), st.sets(st.sampled_from(SCOPES)))
def test_read_only_roles_never_act_and_scopes_only_add(roles, scopes):
    base = role_pairs(roles)
    scoped = base | {(r, s) for r in roles for s in scopes}
    for action in WORKFLOW.actions:
        if WORKFLOW.permitted(action, base):
            assert WORKFLOW.permitted(action, scoped)
        if roles <= {"leader", "auditor"}:
            assert not WORKFLOW.permitted(action, scoped)
