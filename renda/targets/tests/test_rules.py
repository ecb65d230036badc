"""The targets' rules as tables, and their properties (hypothesis): a better value never lowers a score; the
ranking is a total order with ties shared."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.targets import rules
from renda.targets.rules import Kind, Light, Line, PlanMode, ScoringRules, Stage


@pytest.mark.parametrize(
    ("kind", "baseline", "target", "value", "ratio"),
    [
        (Kind.NUMBER, D(100), D(200), None, D(0)),  # nothing reported
        (Kind.NUMBER, D(100), D(200), D(150), D("0.5")),
        (Kind.NUMBER, D(100), D(200), D(200), D(1)),
        (Kind.NUMBER, D(100), D(200), D(250), D("1.5")),  # beyond the target
        (Kind.NUMBER, D(100), D(200), D(80), D(0)),  # behind the baseline: 0, not negative
        (Kind.PERCENT, D(10), D(5), D("7.5"), D("0.5")),  # a target below the baseline is met going down
        (Kind.PERCENT, D(10), D(5), D(4), D("1.2")),
        (Kind.MILESTONE, D(0), D(1), D(0), D(0)),
        (Kind.MILESTONE, D(0), D(1), D(1), D(1)),
        (Kind.STAGED, D(0), D(4), D(1), D("0.25")),
        (Kind.STAGED, D(0), D(4), D(4), D(1)),
    ],
)
def test_completion(kind, baseline, target, value, ratio):
    assert rules.completion(kind, baseline, target, value) == ratio


START, DUE = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
STAGES = (Stage("立项", dt.date(2026, 3, 31)), Stage("开工", dt.date(2026, 6, 30)), Stage("竣工", DUE))


@pytest.mark.parametrize(
    ("mode", "day", "plan"),
    [
        (PlanMode.LINEAR, dt.date(2025, 12, 1), D(0)),
        (PlanMode.LINEAR, START, D(0)),
        (PlanMode.LINEAR, dt.date(2026, 7, 2), D(182) / D(364)),
        (PlanMode.LINEAR, DUE, D(1)),
        (PlanMode.LINEAR, dt.date(2027, 2, 1), D(1)),
        (PlanMode.STAGED, dt.date(2026, 3, 30), D(0)),
        (PlanMode.STAGED, dt.date(2026, 3, 31), D(1) / D(3)),
        (PlanMode.STAGED, dt.date(2026, 7, 1), D(2) / D(3)),
        (PlanMode.STAGED, DUE, D(1)),
    ],
)
def test_plan_linear_or_staged(mode, day, plan):
    assert rules.planned(mode, START, DUE, day, STAGES) == plan


@pytest.mark.parametrize(
    ("actual", "plan", "light", "lag"),
    [
        (D("0.5"), D("0.5"), Light.GREEN, D("0.00")),
        (D("0.6"), D("0.5"), Light.GREEN, D("0.00")),
        (D("0.4"), D("0.5"), Light.YELLOW, D("10.00")),  # behind by exactly the tolerance: yellow
        (D("0.39"), D("0.5"), Light.RED, D("11.00")),
        (D("0"), D("1"), Light.RED, D("100.00")),
    ],
)
def test_light_and_lag(actual, plan, light, lag):
    assert rules.light(actual, plan) is light
    assert rules.lag(actual, plan) == lag


@pytest.mark.parametrize(
    ("reported", "today", "late"),
    [
        ({}, dt.date(2026, 3, 5), 1),  # January's due 2-05 passed; February's due 3-05 not yet
        ({}, dt.date(2026, 3, 6), 2),
        (
            {dt.date(2026, 1, 1): dt.date(2026, 2, 5), dt.date(2026, 2, 1): dt.date(2026, 3, 1)},
            dt.date(2026, 4, 1),
            0,
        ),
        (
            {dt.date(2026, 1, 1): dt.date(2026, 2, 6), dt.date(2026, 2, 1): dt.date(2026, 3, 1)},
            dt.date(2026, 4, 1),
            1,
        ),
    ],
)
def test_late_reports(reported, today, late):
    assert rules.late_reports(START, dt.date(2026, 2, 1), reported, today) == late


@pytest.mark.parametrize(
    ("due", "answered", "today", "overdue"),
    [
        (dt.date(2026, 5, 10), None, dt.date(2026, 5, 10), False),
        (dt.date(2026, 5, 10), None, dt.date(2026, 5, 11), True),
        (dt.date(2026, 5, 10), dt.date(2026, 5, 10), dt.date(2026, 6, 1), False),
        (dt.date(2026, 5, 10), dt.date(2026, 5, 11), dt.date(2026, 6, 1), True),
    ],
)
def test_order_overdue(due, answered, today, overdue):
    assert rules.order_overdue(due, answered, today) is overdue


@pytest.mark.parametrize(
    ("text", "parsed"),
    [
        ("2026-03", (rules.Period.MONTH, 2026, 3)),
        ("2026-3", (rules.Period.MONTH, 2026, 3)),
        ("2026-Q2", (rules.Period.QUARTER, 2026, 6)),
        ("2026", (rules.Period.YEAR, 2026, 12)),
    ],
)
def test_periods(text, parsed):
    assert rules.parse_period(text) == parsed


@pytest.mark.parametrize("text", ["2026-13", "2026-Q5", "26", "2026-03-01", ""])
def test_bad_periods(text):
    with pytest.raises(ValueError):
        rules.parse_period(text)


def test_report_due_day():
    assert rules.report_due(dt.date(2026, 1, 1)) == dt.date(2026, 2, 5)
    assert rules.report_due(dt.date(2026, 12, 1)) == dt.date(2027, 1, 5)
    assert rules.report_due(dt.date(2026, 1, 1), 0) == dt.date(2026, 1, 31)  # 0: by the month's end


# --- scoring: each rule kind ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("kwargs", "lines", "total"),
    [
        # completion ratio to points
        ({"kind": Kind.NUMBER, "ratio": D("0.5")}, [Line("completion", D("5.00"))], D("5.00")),
        ({"kind": Kind.NUMBER, "ratio": D(1)}, [Line("completion", D("10.00"))], D("10.00")),
        # exceeding: 0.5 per 100 % above, at most 10 % of the weight
        (
            {"kind": Kind.NUMBER, "ratio": D("1.1")},
            [Line("completion", D("10.00")), Line("exceed", D("0.50"))],
            D("10.50"),
        ),
        (
            {"kind": Kind.NUMBER, "ratio": D(3)},
            [Line("completion", D("10.00")), Line("exceed", D("1.00"))],
            D("11.00"),
        ),
        # milestone: done or not, no exceeding
        ({"kind": Kind.MILESTONE, "ratio": D(0)}, [Line("completion", D("0.00"))], D("0.00")),
        ({"kind": Kind.MILESTONE, "ratio": D(1)}, [Line("completion", D("10.00"))], D("10.00")),
        # staged
        ({"kind": Kind.STAGED, "ratio": D("0.75")}, [Line("completion", D("7.50"))], D("7.50")),
        # deductions: late report, overdue order, finding
        (
            {"kind": Kind.NUMBER, "ratio": D(1), "late": 2, "overdue": 1, "findings": 1},
            [
                Line("completion", D("10.00")),
                Line("late_report", D("-1.00"), 2),
                Line("overdue_order", D("-1.00"), 1),
                Line("finding", D("-2.00"), 1),
            ],
            D("6.00"),
        ),
        # deductions capped at the weight
        (
            {"kind": Kind.NUMBER, "ratio": D("0.2"), "findings": 9},
            [Line("completion", D("2.00")), Line("finding", D("-10.00"), 9)],
            D("-8.00"),
        ),
        # awards
        (
            {"kind": Kind.NUMBER, "ratio": D(1), "awards": 2},
            [Line("completion", D("10.00")), Line("award", D("2.00"), 2)],
            D("12.00"),
        ),
    ],
)
def test_score_each_rule_kind(kwargs, lines, total):
    score = rules.score_target(weight=D(10), **kwargs)
    assert list(score.lines) == lines
    assert score.total == total


def test_rules_are_data():
    published = ScoringRules.from_dict({"late_report": "2", "exceed_cap": "0"})
    assert published.late_report == D(2) and published.exceed_cap == D(0)
    assert ScoringRules.from_dict(published.as_dict()) == published
    score = rules.score_target(kind=Kind.NUMBER, ratio=D(2), weight=D(10), rules=published, late=1)
    assert score.total == D("8.00")  # no exceeding bonus, 2 points off


def test_unit_score_per_hundred_points_of_weight():
    a = rules.score_target(kind=Kind.NUMBER, ratio=D(1), weight=D(30))
    b = rules.score_target(kind=Kind.NUMBER, ratio=D("0.5"), weight=D(10))
    assert rules.unit_score([a, b]) == D("87.50")  # (30 + 5) / 40
    assert rules.unit_score([]) == D(0)


def test_rank_shares_ties():
    ranked = rules.rank({"a": D(90), "b": D(95), "c": D(90), "d": D(80)}, {"a": "甲", "c": "丙"})
    assert [(u, p) for u, _s, p in ranked] == [("b", 1), ("c", 2), ("a", 2), ("d", 4)]


def test_honours_and_laggards():
    ranking = rules.rank({i: D(100 - i) for i in range(8)})
    best, worst = rules.top_and_bottom(ranking, 2)
    assert [u for u, _s, _p in best] == [0, 1] and [u for u, _s, _p in worst] == [6, 7]
    best, worst = rules.top_and_bottom(rules.rank({"x": D(1), "y": D(0)}), 3)
    assert len(best) == 2 and worst == []


# --- properties -----------------------------------------------------------------------------------

decimals = st.decimals(min_value=-1000, max_value=1000, places=2, allow_nan=False, allow_infinity=False)
counts = st.integers(min_value=0, max_value=20)


@settings(deadline=None, max_examples=300)
@given(
    kind=st.sampled_from([Kind.NUMBER, Kind.PERCENT, Kind.MILESTONE, Kind.STAGED]),
    baseline=decimals,
    target=decimals,
    a=decimals,
    b=decimals,
    weight=st.decimals(min_value="0.5", max_value=100, places=1),
    late=counts,
    overdue=counts,
    findings=counts,
    awards=counts,
)
def test_a_better_value_never_lowers_a_score(
    kind, baseline, target, a, b, weight, late, overdue, findings, awards
):
    if kind is Kind.MILESTONE:
        baseline, target = D(0), D(1)
    if not rules.better(kind, baseline, target, a, b):
        a, b = b, a
    extra = {"late": late, "overdue": overdue, "findings": findings, "awards": awards}

    def points(value):
        ratio = rules.completion(kind, baseline, target, value)
        return rules.score_target(kind=kind, ratio=ratio, weight=weight, **extra).total

    assert points(a) >= points(b)


@settings(deadline=None, max_examples=300)
@given(st.dictionaries(st.integers(0, 50), st.decimals(min_value=0, max_value=5, places=0), max_size=30))
def test_ranking_is_a_total_order_with_ties_shared(scores):
    ranked = rules.rank(scores)
    assert sorted(u for u, _s, _p in ranked) == sorted(scores)  # every unit once
    assert rules.rank(dict(reversed(list(scores.items())))) == ranked  # the input's order does not matter
    for i, (unit, score, place) in enumerate(ranked):
        assert score == scores[unit]
        assert place == 1 + sum(1 for s in scores.values() if s > score)  # ties share; the next skips
        if i:
            prev = ranked[i - 1]
            assert prev[1] >= score and prev[2] <= place
            assert (prev[1] == score) == (prev[2] == place)


def test_trend_chart_is_svg_with_its_title_description_and_gaps():
    """The server-drawn chart (renda.targets.charts): an SVG image named by its title and description,
    every text escaped, a month without a figure left as a gap (two separate lines), no script."""
    from renda.targets import charts

    svg = str(
        charts.line_chart(
            key="k",
            title="完成<进度>",
            description="按月 & 计划",
            labels=["01", "02", "03", "04"],
            series=[
                charts.Series("实际", [D(10), None, D(30), D(140)], "#0b5ed7"),
                charts.Series("计划", [D(25), D(50), D(75), D(100)], "#6c4a00", dashed=True),
            ],
        )
    )
    assert svg.startswith("<svg") and 'role="img"' in svg and 'aria-labelledby="k-title k-desc"' in svg
    assert '<title id="k-title">完成&lt;进度&gt;</title>' in svg and "按月 &amp; 计划" in svg
    assert "<script" not in svg and "http" not in svg.replace("http://www.w3.org/2000/svg", "")
    assert svg.count("<polyline") == 2  # the plan's one line; the actual: 03–04 only (01 stands alone)
    assert svg.count("<circle") == 7 and ">160<" in svg  # the axis rises above 100 for 140


@given(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)), st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)))
def test_month_count_is_the_number_of_months(start, end):
    assert rules.month_count(start, end) == len(rules.months(start, end))


def test_kind_of_looks_a_kind_up_and_refuses_anything_else():
    """rules.kind_of (the ranking's look-up, instead of Kind(kind)): the same Kind, the same ValueError."""
    assert [rules.kind_of(k) for k in ("number", Kind.PERCENT, "milestone", "staged")] == [
        Kind.NUMBER,
        Kind.PERCENT,
        Kind.MILESTONE,
        Kind.STAGED,
    ]
    for bad in ("Number", "", None, ["number"]):
        with pytest.raises(ValueError):
            rules.kind_of(bad)
    with pytest.raises(ValueError):
        rules.completion("bogus", D(0), D(1), D(1))
    with pytest.raises(ValueError):
        rules.score_target(kind="bogus", ratio=D(1), weight=D(10))
