"""The supervision rules as tables taken from the law (监督法 2024, 组织法 2022), and their properties."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.supervision import rules
from renda.supervision.rules import AnswerTiming, UnitFigures, Weights


@pytest.mark.parametrize(
    ("level", "signers", "ok"),
    [
        ("city", 4, False),  # 设区的市: five or more
        ("city", 5, True),
        ("city", 6, True),
        ("province", 4, False),
        ("province", 5, True),
        ("county", 2, False),  # 县级: three or more
        ("county", 3, True),
        ("national", 9, False),  # 全国人大常委会: ten or more
        ("national", 10, True),
    ],
)
def test_interpellation_signers_by_level(level, signers, ok):
    assert rules.interpellation_signers_ok(signers, level) is ok


def test_interpellation_signers_setting_may_raise_never_lower_the_floor():
    assert rules.interpellation_min_signers("city", configured={"city": 7}) == 7
    assert not rules.interpellation_signers_ok(6, "city", configured={"city": 7})
    with pytest.raises(ValueError, match="below"):
        rules.interpellation_min_signers("county", configured={"county": 2})
    with pytest.raises(ValueError, match="no standing committee"):
        rules.interpellation_min_signers("township")


@pytest.mark.parametrize(
    ("members", "fifth"),
    [(1, 1), (4, 1), (5, 1), (6, 2), (10, 2), (11, 3), (35, 7), (36, 8), (41, 9), (62, 13), (175, 35)],
)
def test_one_fifth_rounds_up(members, fifth):
    assert rules.one_fifth(members) == fifth


@pytest.mark.parametrize(
    ("signers", "members", "ok"),
    [
        (6, 36, False),
        (7, 36, False),
        (8, 36, True),
        (7, 35, True),
        (6, 35, False),
        (13, 62, True),
        (12, 62, False),
    ],
)
def test_investigation_and_removal_need_one_fifth_of_members(signers, members, ok):
    assert rules.investigation_proposal_ok(signers, members) is ok
    assert rules.removal_motion_ok(signers, members) is ok


@pytest.mark.parametrize(
    ("dissatisfied", "signers", "allowed"),
    [
        (2, 5, False),
        (3, 5, True),
        (2, 4, False),
        (3, 4, True),
        (1, 3, False),
        (2, 3, True),
        (5, 10, False),
        (6, 10, True),
    ],
)
def test_second_answer_needs_more_than_half_of_signers_dissatisfied(dissatisfied, signers, allowed):
    assert rules.second_answer_allowed(dissatisfied, signers) is allowed


@pytest.mark.parametrize(
    ("present", "members", "quorum"),
    [(17, 35, False), (18, 35, True), (18, 36, False), (19, 36, True), (31, 62, False), (32, 62, True)],
)
def test_committee_quorum_more_than_half_of_all_members(present, members, quorum):
    assert rules.committee_quorum(present, members) is quorum


@pytest.mark.parametrize(
    ("yes", "members", "passed"),
    # 19 of 36 passes even if only 20 were present; 18 of 36 fails even with nobody against
    [(18, 36, False), (19, 36, True), (17, 35, False), (18, 35, True)],
)
def test_committee_decides_by_majority_of_all_members(yes, members, passed):
    assert rules.committee_decides(yes, members) is passed


@pytest.mark.parametrize(
    ("sent", "months", "resolution", "due"),
    [
        (dt.date(2026, 3, 10), 2, None, dt.date(2026, 5, 10)),  # default two months
        (dt.date(2026, 12, 31), 2, None, dt.date(2027, 2, 28)),  # the month lacks the day: its last day
        (dt.date(2026, 3, 10), 3, None, dt.date(2026, 6, 10)),  # a place's own setting
        (dt.date(2026, 3, 10), 2, dt.date(2026, 4, 30), dt.date(2026, 4, 30)),  # a resolution's deadline wins
    ],
)
def test_answer_due(sent, months, resolution, due):
    assert rules.answer_due(sent, months=months, resolution_due=resolution) == due


def test_answer_due_refuses_nonsense():
    with pytest.raises(ValueError):
        rules.answer_due(dt.date(2026, 3, 10), resolution_due=dt.date(2026, 3, 9))
    with pytest.raises(ValueError):
        rules.answer_due(dt.date(2026, 3, 10), months=0)


@pytest.mark.parametrize(
    ("answered", "today", "timing", "days"),
    [
        (None, dt.date(2026, 5, 10), AnswerTiming.PENDING, 0),  # the due day is still in time
        (None, dt.date(2026, 5, 11), AnswerTiming.OVERDUE, 1),
        (dt.date(2026, 5, 10), dt.date(2026, 6, 1), AnswerTiming.ON_TIME, 0),
        (dt.date(2026, 5, 20), dt.date(2026, 6, 1), AnswerTiming.LATE, 10),
    ],
)
def test_answer_timing_is_derived(answered, today, timing, days):
    due = dt.date(2026, 5, 10)
    assert rules.answer_timing(due, answered, today) is timing
    assert rules.days_overdue(due, answered, today) == days


def _figures(**kw) -> UnitFigures:
    base = dict(items=0, owed=0, on_time=0, replied=0, rated=0, satisfied=0, rehandled=0, overdue_days=0)
    base.update(kw)
    return UnitFigures(**base)


def test_unit_score_worked_example():
    # 10 items, 8 owe a reply, 6 in time; 7 replied, 5 rated, 4 satisfied, 1 re-handled; 15 days overdue
    s = rules.unit_score(
        _figures(items=10, owed=8, on_time=6, replied=7, rated=5, satisfied=4, rehandled=1, overdue_days=15)
    )
    assert s.on_time_rate == D("0.7500")
    assert s.satisfaction_rate == D("0.8000")
    assert s.rehandle_share == D("0.1429")
    assert s.overdue_penalty == D("1.5")
    # 100 × (0.75×40 + 0.8×40 + (6/7)×20) / 100 − 1.5 = 30 + 32 + 17.142857 − 1.5
    assert s.score == D("77.64")


def test_unit_score_drops_unmeasurable_rates_and_caps_the_penalty():
    # nothing rated yet: on time 1/2, not re-handled 1 → (0.5×40 + 1×20) / 60 × 100 = 66.67; 500 days → −20
    s = rules.unit_score(_figures(items=3, owed=2, on_time=1, replied=1, overdue_days=500))
    assert s.satisfaction_rate is None
    assert s.overdue_penalty == D("20")
    assert s.score == D("46.67")
    assert rules.unit_score(_figures(items=1)).score == D("0.00")  # nothing to judge yet


def test_figures_must_be_consistent():
    with pytest.raises(ValueError):
        _figures(items=1, owed=1, on_time=2)
    with pytest.raises(ValueError):
        _figures(items=1, owed=1, replied=1, rated=1, satisfied=2)
    with pytest.raises(ValueError):
        Weights(on_time=D(0), satisfaction=D(0), not_rehandled=D(0))


def test_places_share_ties_and_skip():
    rows = sorted(
        [
            ("乙", D("80"), D("0.9")),
            ("甲", D("90"), None),
            ("丙", D("80"), D("0.5")),
            ("丁", D("70"), D("1")),
        ],
        key=lambda r: rules.ranking_key(*r),
    )
    assert [r[0] for r in rows] == ["甲", "乙", "丙", "丁"]
    assert rules.places(rows) == [1, 2, 2, 4]


@st.composite
def figures(draw):
    items = draw(st.integers(0, 60))
    owed = draw(st.integers(0, items))
    replied = draw(st.integers(0, owed))
    on_time = draw(st.integers(0, owed))
    rated = draw(st.integers(0, replied))
    return _figures(
        items=items,
        owed=owed,
        on_time=on_time,
        replied=replied,
        rated=rated,
        satisfied=draw(st.integers(0, rated)),
        rehandled=draw(st.integers(0, replied)),
        overdue_days=draw(st.integers(0, 2000)),
    )


@settings(deadline=None)
@given(figures())
def test_score_bounded(f):
    s = rules.unit_score(f)
    assert D(-20) <= s.score <= D(100)


@settings(deadline=None)
@given(figures(), st.integers(1, 100))
def test_more_overdue_days_never_raise_the_score(f, more):
    worse = UnitFigures(**{**f.__dict__, "overdue_days": f.overdue_days + more})
    assert rules.unit_score(worse).score <= rules.unit_score(f).score


@settings(deadline=None)
@given(figures())
def test_one_more_reply_in_time_never_lowers_the_score(f):
    if f.on_time < f.owed:
        better = UnitFigures(**{**f.__dict__, "on_time": f.on_time + 1})
        assert rules.unit_score(better).score >= rules.unit_score(f).score


@settings(deadline=None)
@given(st.integers(1, 10_000), st.integers(0, 10_000))
def test_one_fifth_is_the_least_count_reaching_a_fifth(members, signers):
    fifth = rules.one_fifth(members)
    assert fifth * 5 >= members > (fifth - 1) * 5
    if signers <= members:
        assert rules.investigation_proposal_ok(signers, members) is (signers * 5 >= members)


@settings(deadline=None)
@given(st.integers(1, 200).flatmap(lambda n: st.tuples(st.integers(0, n), st.just(n))))
def test_second_answer_is_strict_majority(pair):
    dissatisfied, signers = pair
    assert rules.second_answer_allowed(dissatisfied, signers) is (dissatisfied > signers / 2)


@settings(deadline=None)
@given(st.dates(dt.date(2000, 1, 1), dt.date(2090, 1, 1)), st.integers(1, 12))
def test_answer_due_is_after_sending_and_within_the_months(sent, months):
    due = rules.answer_due(sent, months=months)
    assert sent < due <= sent + dt.timedelta(days=31 * months)


@pytest.mark.parametrize(
    ("satisfied", "basic", "unsatisfied", "members", "result"),
    [
        (10, 8, 15, 35, "satisfactory"),  # 18 of 35 is more than half of all members
        (10, 7, 15, 35, "unsatisfactory"),  # 17 of 35 is not, however few were dissatisfied
        (18, 0, 0, 36, "unsatisfactory"),  # exactly half is not more than half
        (19, 0, 0, 36, "satisfactory"),
    ],
)
def test_rating_result_by_majority_of_all_members(satisfied, basic, unsatisfied, members, result):
    assert rules.rating_result(satisfied, basic, unsatisfied, members) == result


def test_rating_counts_cannot_exceed_members():
    with pytest.raises(ValueError):
        rules.rating_result(20, 10, 6, 35)
