"""The livelihood rules as law-style tables (MISSION.md §4) and hypothesis properties: the count is order
independent, never selects more than the places, never one below the majority of all deputies."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from renda.livelihood import rules
from renda.livelihood.rules import Grade, ProjectTally, VoteMode

T = ProjectTally


def sel(yes: dict[str, int], *, places: int, total: int) -> rules.Selection:
    return rules.select({k: T(yes=v) for k, v in yes.items()}, places=places, total_entitled=total)


# --- §4.4 selection: more than half of ALL deputies, then ranked, top N -----------------------------------


@pytest.mark.parametrize(
    ("yes", "places", "total", "selected", "revote", "revote_places", "shortfall"),
    [
        # 3 places, 100 deputies (51 needed): the three most voted of four passing
        ({"a": 90, "b": 80, "c": 70, "d": 60}, 3, 100, ("a", "b", "c"), (), 0, 0),
        # exactly half is not more than half: b fails at 50 of 100 → shortfall of one
        ({"a": 90, "b": 50, "c": 30}, 2, 100, ("a",), (), 0, 1),
        # majority of ALL deputies, not of votes cast: 40 yes of 45 cast with 100 deputies fails
        ({"a": 40, "b": 10}, 1, 100, (), (), 0, 1),
        # a tie across the last place: c and d go to a revote for one place, neither selected
        ({"a": 90, "b": 80, "c": 70, "d": 70, "e": 60}, 3, 100, ("a", "b"), ("c", "d"), 1, 0),
        # a tie inside the places decides nothing: both selected
        ({"a": 90, "b": 90, "c": 70}, 2, 100, ("a", "b"), (), 0, 0),
        # a tie for the only place among all: revote among all three
        ({"a": 60, "b": 60, "c": 60}, 1, 100, (), ("a", "b", "c"), 1, 0),
        # a tie across the last place with one of the tied below the majority: not a tie of qualifiers
        ({"a": 90, "b": 51, "c": 50}, 2, 100, ("a", "b"), (), 0, 0),
        # 15 candidates for 10 places, only 8 pass: 8 selected, 2 places short
        ({f"p{i:02d}": (60 if i < 8 else 40) for i in range(15)}, 10, 100, None, (), 0, 2),
    ],
)
def test_selection_table(yes, places, total, selected, revote, revote_places, shortfall):
    result = sel(yes, places=places, total=total)
    if selected is not None:
        assert result.selected == selected
    assert result.revote_among == revote
    assert result.revote_places == revote_places
    assert result.shortfall == shortfall
    assert result.threshold == total // 2 + 1


def test_ranked_lists_every_project_most_votes_first():
    result = sel({"a": 10, "b": 80, "c": 60}, places=2, total=100)
    assert result.ranked == ("b", "c", "a")
    assert result.passing == ("b", "c")


@pytest.mark.parametrize(
    ("yes", "places", "selected", "ranks"),
    [
        # equal votes rank equal (1, 2, 2, 4), never by the id as text: "10" does not come before "9"
        ({"9": 80, "10": 80, "3": 90, "100": 70}, 4, ("3", "9", "10", "100"), (1, 2, 2, 4)),
        # the display order of equals is the id as a number: 2 < 11 < 100
        ({"100": 60, "11": 60, "2": 60}, 3, ("2", "11", "100"), (1, 1, 1)),
        # a tie inside the places among ids across a digit: both second, the next fourth
        ({"99": 95, "100": 90, "101": 90, "7": 80}, 4, ("99", "100", "101", "7"), (1, 2, 2, 4)),
        # no ties: 1, 2, 3
        ({"12": 70, "2": 80, "30": 90}, 3, ("30", "2", "12"), (1, 2, 3)),
    ],
)
def test_equal_votes_rank_equal_and_ids_order_as_numbers(yes, places, selected, ranks):
    result = sel(yes, places=places, total=100)
    assert result.selected == selected
    assert tuple(result.ranks[k] for k in result.selected) == ranks
    assert result.ranked[: len(selected)] == selected


@settings(deadline=None)
@given(st.dictionaries(st.integers(1, 2000).map(str), st.integers(0, 100), max_size=20), st.integers(1, 10))
def test_ranks_follow_votes_only(yes, places):
    """Two selected projects share a rank exactly when their votes are equal; more votes, a better rank."""
    result = sel(yes, places=places, total=100)
    for a in result.selected:
        for b in result.selected:
            assert (result.ranks[a] == result.ranks[b]) == (yes[a] == yes[b])
            assert (result.ranks[a] < result.ranks[b]) == (yes[a] > yes[b])
    assert [int(k) for k in result.ranked] == sorted(map(int, yes), key=lambda k: (-yes[str(k)], k))


def test_impossible_input_raises():
    with pytest.raises(ValueError):
        sel({"a": 1}, places=0, total=10)
    with pytest.raises(ValueError):
        sel({"a": 1}, places=1, total=0)
    with pytest.raises(ValueError):
        rules.select({"a": T(yes=8, no=3)}, places=1, total_entitled=10)
    with pytest.raises(ValueError):
        T(yes=-1)


# --- §4.2 差额 -------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("candidates", "places", "ok"), [(15, 10, True), (11, 10, True), (10, 10, False), (3, 0, False)]
)
def test_margin(candidates, places, ok):
    assert rules.margin_ok(candidates, places) is ok


# --- §4.4 ballots: per project, or choose up to N -----------------------------------------------------------


def test_choose_up_to_n_validity():
    three = {"a": "yes", "b": "yes", "c": "yes"}
    assert rules.ballot_valid(three, mode=VoteMode.CHOOSE, places=3)
    assert not rules.ballot_valid({**three, "d": "yes"}, mode=VoteMode.CHOOSE, places=3)
    assert rules.ballot_valid({"a": "yes", "b": "no"}, mode=VoteMode.CHOOSE, places=1)
    # per-project ballots may approve every project
    assert rules.ballot_valid({**three, "d": "yes"}, mode=VoteMode.APPROVE, places=1)


def test_count_ballots_void_and_unmarked():
    ballots = [
        {"a": "yes", "b": "yes"},  # void in "choose up to 1"
        {"a": "yes"},  # b unmarked: 弃权
        {"b": "no"},
    ]
    tallies, void, result = rules.count_ballots(
        ballots, projects=["a", "b"], mode=VoteMode.CHOOSE, places=1, total_entitled=3
    )
    assert void == 1
    assert tallies == {"a": T(1, 0, 1), "b": T(0, 1, 1)}
    assert result.selected == ()  # 1 of 3 is not more than half
    with pytest.raises(ValueError):
        rules.count_ballots([{"z": "yes"}], projects=["a"], mode="approve", places=1, total_entitled=3)
    with pytest.raises(ValueError):
        rules.count_ballots([{}] * 4, projects=["a"], mode="approve", places=1, total_entitled=3)


PROJECTS = [f"p{i}" for i in range(6)]
ballot_st = st.dictionaries(st.sampled_from(PROJECTS), st.sampled_from(["yes", "no", "abstain"]))


@settings(deadline=None)  # a shared 2-core machine: correctness, not timing
@given(
    ballots=st.lists(ballot_st, max_size=40),
    places=st.integers(1, 5),
    spare=st.integers(0, 20),
    mode=st.sampled_from(list(VoteMode)),
    data=st.data(),
)
def test_count_properties(ballots, places, spare, mode, data):
    total = len(ballots) + spare or 1
    tallies, void, result = rules.count_ballots(
        ballots, projects=PROJECTS, mode=mode, places=places, total_entitled=total
    )
    # never more than N; never one below the majority of all deputies
    assert len(result.selected) + result.revote_places + result.shortfall == places
    assert len(result.selected) <= places
    assert all(tallies[p].yes * 2 > total for p in result.selected + result.revote_among)
    # ranked: every selected project has at least the votes of any project not selected
    if result.selected:
        least = min(tallies[p].yes for p in result.selected)
        assert all(tallies[p].yes <= least for p in PROJECTS if p not in result.selected)
    # order independence
    shuffled = data.draw(st.permutations(ballots))
    again = rules.count_ballots(shuffled, projects=PROJECTS, mode=mode, places=places, total_entitled=total)
    assert again == (tallies, void, result)
    # valid ballots counted once per project
    assert all(t.yes + t.no + t.abstain == len(ballots) - void for t in tallies.values())


# --- §4.6 evaluation (镇海 rule) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("satisfied", "basic", "unsatisfied", "abstain", "entitled", "expected"),
    [
        (51, 20, 10, 5, 100, Grade.SATISFIED),
        (50, 20, 10, 5, 100, Grade.BASIC),  # 满意 exactly half: not more than half
        (30, 21, 40, 9, 100, Grade.BASIC),
        (30, 20, 40, 9, 100, Grade.UNSATISFIED),  # 满意 + 基本满意 exactly half
        (40, 5, 0, 0, 100, Grade.UNSATISFIED),  # absent voters count in the base
        (0, 0, 0, 0, 1, Grade.UNSATISFIED),
    ],
)
def test_grade_table(satisfied, basic, unsatisfied, abstain, entitled, expected):
    assert (
        rules.grade(
            satisfied=satisfied, basic=basic, unsatisfied=unsatisfied, abstain=abstain, entitled=entitled
        )
        is expected
    )


@settings(deadline=None)
@given(st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50), st.integers(0, 50))
def test_grade_monotone(satisfied, basic, unsatisfied, abstain, spare):
    entitled = satisfied + basic + unsatisfied + abstain + spare or 1
    order = [Grade.UNSATISFIED, Grade.BASIC, Grade.SATISFIED]
    g = rules.grade(
        satisfied=satisfied, basic=basic, unsatisfied=unsatisfied, abstain=abstain, entitled=entitled
    )
    if unsatisfied:  # one 不满意 turned 满意 never lowers the grade
        better = rules.grade(
            satisfied=satisfied + 1,
            basic=basic,
            unsatisfied=unsatisfied - 1,
            abstain=abstain,
            entitled=entitled,
        )
        assert order.index(better) >= order.index(g)
    with pytest.raises(ValueError):
        rules.grade(
            satisfied=satisfied + 1, basic=basic, unsatisfied=unsatisfied, abstain=abstain, entitled=0
        )


# --- §4.1 collection -------------------------------------------------------------------------------------


def test_negative_hits_suggest_entries():
    assert rules.negative_hits("新建区政府办公 楼一座") == ["office"]
    assert rules.negative_hits("打造城市地标景观大道，停建多年") == ["image", "stalled"]
    assert rules.negative_hits("老旧小区加装电梯") == []


def test_tracking_codes():
    code = rules.tracking_code(2027, [0, 1, 2, 3, 4, 5, 6, 7])
    assert code == "MS2027-23456789"
    assert rules.normalize_code(" ms2027-23456789 ") == code
    assert rules.normalize_code("MS2027-2345678O") is None  # no letter O
    assert rules.normalize_code("") is None
    assert rules.main_month_valid(9) and not rules.main_month_valid(13)


# --- §4.4 the engine's tally and the livelihood count agree ------------------------------------------------


@settings(deadline=None)
@given(
    ballots=st.lists(ballot_st, max_size=30), places=st.integers(1, 5), mode=st.sampled_from(list(VoteMode))
)
def test_engine_tally_agrees_with_the_count(ballots, places, mode):
    """The voting engine's tally of a list poll (what its result sheet shows) and the livelihood count
    (what decides) count the same valid ballots the same way."""
    from renda.voting.rules import LIST_MARKS, tally_list

    tallies, void, _result = rules.count_ballots(
        ballots, projects=PROJECTS, mode=mode, places=places, total_entitled=len(ballots) or 1
    )
    max_choices = places if mode is VoteMode.CHOOSE else None
    engine = tally_list(ballots, options=PROJECTS, marks=LIST_MARKS, max_choices=max_choices)
    assert engine.invalid == void
    assert {p: (t["yes"], t["no"], t["abstain"]) for p, t in engine.tallies.items()} == {
        p: (t.yes, t.no, t.abstain) for p, t in tallies.items()
    }


@pytest.mark.parametrize(
    ("yes", "places", "total", "selected", "revote", "shortfall"),
    [
        # 15 candidates, 10 places, 500 deputies (251 needed): the ten most voted of twelve passing
        (
            {f"p{i:02d}": 400 - 10 * i for i in range(15)},
            10,
            500,
            tuple(f"p{i:02d}" for i in range(10)),
            (),
            0,
        ),
        # a three-way tie for the 9th and 10th places: two places go to a revote among three
        (
            {**{f"p{i:02d}": 400 - 10 * i for i in range(8)}, "x": 300, "y": 300, "z": 300, "w": 100},
            10,
            500,
            tuple(f"p{i:02d}" for i in range(8)),
            ("x", "y", "z"),
            0,
        ),
        # 250 of 500 is exactly half: not selected
        ({"a": 251, "b": 250}, 2, 500, ("a",), (), 1),
    ],
)
def test_selection_table_session_sizes(yes, places, total, selected, revote, shortfall):
    result = sel(yes, places=places, total=total)
    assert result.selected == selected
    assert result.revote_among == revote
    assert result.shortfall == shortfall


# --- §4.6 the evaluation as a vote ----------------------------------------------------------------------


def test_count_evaluation_grades_each_project():
    ballots = [{"a": "satisfied", "b": "basic"}] * 6 + [{"a": "unsatisfied", "b": "unsatisfied"}] * 3 + [{}]
    result = rules.count_evaluation(ballots, projects=["a", "b"], entitled=11)
    assert (result["a"].satisfied, result["a"].unsatisfied, result["a"].abstain) == (6, 3, 1)
    assert result["a"].grade is Grade.SATISFIED  # 6 of 11 entitled
    assert result["b"].grade is Grade.BASIC  # 0 满意, 6 基本满意 of 11
    assert not result["a"].rereport
    low = rules.count_evaluation([{"a": "satisfied"}] * 5, projects=["a"], entitled=11)
    assert low["a"].grade is Grade.UNSATISFIED and low["a"].rereport  # 5 of 11: absent voters count
    with pytest.raises(ValueError):
        rules.count_evaluation([{"a": "yes"}], projects=["a"], entitled=3)
    with pytest.raises(ValueError):
        rules.count_evaluation([{"z": "basic"}], projects=["a"], entitled=3)
    with pytest.raises(ValueError):
        rules.count_evaluation([{}] * 4, projects=["a"], entitled=3)


@pytest.mark.parametrize(
    ("counts", "entitled", "entitled_grade", "cast_grade"),
    [
        # 40 满意 of 45 returned, 100 entitled: the 镇海 rule says 不满意, the "cast" base 满意
        ((40, 5, 0, 0), 100, Grade.UNSATISFIED, Grade.SATISFIED),
        ((20, 20, 50, 10), 100, Grade.UNSATISFIED, Grade.UNSATISFIED),
        ((0, 0, 0, 0), 10, Grade.UNSATISFIED, Grade.UNSATISFIED),
    ],
)
def test_grade_rule_setting(counts, entitled, entitled_grade, cast_grade):
    s, b, u, a = counts
    kw = {"satisfied": s, "basic": b, "unsatisfied": u, "abstain": a, "entitled": entitled}
    assert rules.grade(**kw) is entitled_grade  # the default is the 镇海 rule
    assert rules.grade(**kw, rule=rules.GradeRule.CAST) is cast_grade


EVAL_ST = st.dictionaries(st.sampled_from(PROJECTS), st.sampled_from(list(rules.EVAL_MARKS)))


@settings(deadline=None)
@given(ballots=st.lists(EVAL_ST, max_size=30), spare=st.integers(0, 10), data=st.data())
def test_count_evaluation_properties(ballots, spare, data):
    entitled = len(ballots) + spare or 1
    result = rules.count_evaluation(ballots, projects=PROJECTS, entitled=entitled)
    again = rules.count_evaluation(data.draw(st.permutations(ballots)), projects=PROJECTS, entitled=entitled)
    assert again == result  # order independence
    for e in result.values():
        assert e.satisfied + e.basic + e.unsatisfied + e.abstain == len(ballots)
        assert (e.grade is Grade.SATISFIED) == (e.satisfied * 2 > entitled)
        assert e.rereport == (e.grade is Grade.UNSATISFIED)


@given(
    st.lists(st.dictionaries(st.sampled_from("abcd"), st.sampled_from(["yes", "no", "abstain"])), min_size=1,
             max_size=5),
    st.lists(st.integers(0, 4), max_size=40),
    st.sampled_from(["approve", "choose"]),
)  # fmt: skip
def test_count_of_shared_ballot_objects_equals_the_count_of_copies(distinct, picks, mode):
    """The close hands equal ballots as one shared object: counted as often as it occurs, checked once."""
    shared = [distinct[i % len(distinct)] for i in picks]
    copies = [dict(b) for b in shared]
    args = {"projects": list("abcd"), "mode": mode, "places": 2, "total_entitled": 50}
    assert rules.count_ballots(shared, **args) == rules.count_ballots(copies, **args)
