"""Table tests for the counting rules, taken from the laws (MISSION.md §3). No database."""

import hashlib
import json

import pytest

from renda.voting import rules
from renda.voting.elections import rules as election_rules
from renda.voting.elections.rules import (
    ElectionBallot,
    MarginProblem,
    Nomination,
    NominationProblem,
    NominatorKind,
    PostKind,
    VoidReason,
)
from renda.voting.rules import AppointmentAction, AppointmentItem, Body, Choice

Y, N, A, NV = Choice.YES, Choice.NO, Choice.ABSTAIN, Choice.NOT_VOTING


# --- Quorum: 组织法 第14条 (congress: 2/3 of all deputies), 第51条 (standing committee: more than half) ---


@pytest.mark.parametrize(
    ("present", "total", "met"),
    [
        (400, 600, True),  # exactly two thirds: 三分之二以上 includes two thirds
        (399, 600, False),
        (334, 500, True),  # 2/3 of 500 = 333.33…
        (333, 500, False),
        (2, 3, True),
        (1, 3, False),
        (500, 500, True),
        (0, 500, False),
        (67, 100, True),
        (66, 100, False),
    ],
)
def test_congress_quorum_two_thirds_of_all_deputies(present, total, met):
    assert rules.quorum_met(present, total, body=Body.CONGRESS) is met
    assert (present >= rules.quorum_required(total, body=Body.CONGRESS)) is met


@pytest.mark.parametrize(
    ("present", "total", "met"),
    [
        (30, 60, False),  # exactly half is not more than half
        (31, 60, True),
        (30, 59, True),
        (29, 59, False),
        (1, 1, True),
        (1, 2, False),
        (2, 3, True),
    ],
)
def test_standing_committee_quorum_more_than_half(present, total, met):
    assert rules.quorum_met(present, total, body="standing_committee") is met
    assert (present >= rules.quorum_required(total, body=Body.STANDING_COMMITTEE)) is met


@pytest.mark.parametrize(("present", "total"), [(-1, 10), (11, 10), (0, 0)])
def test_quorum_refuses_impossible_counts(present, total):
    with pytest.raises(ValueError):
        rules.quorum_met(present, total, body=Body.CONGRESS)


def test_quorum_refuses_unknown_body():
    with pytest.raises(ValueError):
        rules.quorum_met(5, 10, body="plenary")


# --- Threshold: more than half of ALL deputies (组织法 第25条), not of the votes cast ---


@pytest.mark.parametrize(
    ("yes", "total", "passed"),
    [
        (240, 500, False),  # 500 deputies, 400 present, 240 yes of 400: a majority present, yet 480 < 500
        (250, 500, False),  # exactly half is not more than half
        (251, 500, True),
        (301, 601, True),
        (300, 601, False),
        (1, 1, True),
        (0, 1, False),
        (31, 60, True),  # a standing committee of 60: 31 members
        (30, 60, False),
    ],
)
def test_passes_on_all_entitled_not_votes_cast(yes, total, passed):
    assert rules.passes(yes, total) is passed
    assert (yes >= rules.majority_needed(total)) is passed


def test_motion_majority_of_present_but_not_of_all_deputies_fails():
    # 500 deputies; 400 present: 240 yes, 100 no, 50 abstain, 10 not voting.
    ballots = [Y] * 240 + [N] * 100 + [A] * 50 + [NV] * 10
    result = rules.tally_motion(ballots, total_entitled=500)
    assert (result.yes, result.no, result.abstain, result.not_voting) == (240, 100, 50, 10)
    assert result.recorded == 400
    assert result.cast == 390
    assert result.absent == 100
    assert result.passed is False


def test_motion_passes_with_more_than_half_of_all_deputies():
    ballots = ["yes"] * 251 + ["no"] * 3
    result = rules.tally_motion(ballots, total_entitled=500)
    assert result.passed is True
    assert result.absent == 246


def test_motion_refuses_more_ballots_than_entitled():
    with pytest.raises(ValueError):
        rules.tally_motion([Y] * 11, total_entitled=10)


def test_motion_refuses_unknown_choice():
    with pytest.raises(ValueError):
        rules.tally_motion(["maybe"], total_entitled=10)


# --- Candidate margin (差额选举): 组织法 第26–29条; 选举法 for deputies to the higher congress ---


@pytest.mark.parametrize(
    ("kind", "seats", "low", "high"),
    [
        (PostKind.HEAD, 1, 2, 2),  # 多一人
        (PostKind.DEPUTY_HEAD, 1, 2, 4),  # 多一人至三人
        (PostKind.DEPUTY_HEAD, 4, 5, 7),
        (PostKind.DEPUTY_HEAD, 8, 9, 11),
        # 常委会委员: 多十分之一至五分之一; the margin rounds up at the low end, down at the high end,
        # and is at least 1
        (PostKind.STANDING_MEMBER, 3, 4, 4),  # band 0.3…0.6 is empty → margin exactly 1
        (PostKind.STANDING_MEMBER, 5, 6, 6),  # 0.5…1 → 1
        (PostKind.STANDING_MEMBER, 9, 10, 10),  # 0.9…1.8 → 1
        (PostKind.STANDING_MEMBER, 10, 11, 12),  # 1…2
        (PostKind.STANDING_MEMBER, 11, 13, 13),  # 1.1…2.2 → 2…2
        (PostKind.STANDING_MEMBER, 15, 17, 18),  # 1.5…3 → 2…3
        (PostKind.STANDING_MEMBER, 30, 33, 36),  # 3…6
        (PostKind.STANDING_MEMBER, 35, 39, 42),  # 3.5…7 → 4…7
        # 上一级人大代表: 多五分之一至二分之一
        (PostKind.HIGHER_DEPUTY, 1, 2, 2),  # 0.2…0.5 is empty → 1
        (PostKind.HIGHER_DEPUTY, 3, 4, 4),  # 0.6…1.5 → 1…1
        (PostKind.HIGHER_DEPUTY, 4, 5, 6),  # 0.8…2 → 1…2
        (PostKind.HIGHER_DEPUTY, 10, 12, 15),  # 2…5
        (PostKind.HIGHER_DEPUTY, 23, 28, 34),  # 4.6…11.5 → 5…11
        (PostKind.HIGHER_DEPUTY, 100, 120, 150),
    ],
)
def test_margin_bounds(kind, seats, low, high):
    assert election_rules.margin_bounds(kind, seats) == (low, high)
    assert election_rules.margin_check(kind, seats, low).ok
    assert election_rules.margin_check(kind, seats, high).ok
    below = election_rules.margin_check(kind, seats, low - 1, allow_single_candidate=False)
    assert (below.ok, below.needs_preliminary, below.problem) == (False, False, MarginProblem.TOO_FEW)
    above = election_rules.margin_check(kind, seats, high + 1)
    assert (above.ok, above.needs_preliminary, above.problem) == (False, True, MarginProblem.TOO_MANY)
    assert (above.min, above.max) == (low, high)


def test_head_post_single_candidate_is_allowed_by_setting():
    single = election_rules.margin_check(PostKind.HEAD, 1, 1)
    assert single.ok and single.single_candidate and not single.needs_preliminary
    refused = election_rules.margin_check(PostKind.HEAD, 1, 1, allow_single_candidate=False)
    assert not refused.ok and refused.problem is MarginProblem.TOO_FEW
    assert election_rules.margin_check(PostKind.HEAD, 1, 2).ok
    three = election_rules.margin_check(PostKind.HEAD, 1, 3)
    assert three.needs_preliminary and not three.ok


def test_no_uncontested_vote_for_other_posts():
    assert not election_rules.margin_check(PostKind.DEPUTY_HEAD, 1, 1).ok
    assert not election_rules.margin_check(PostKind.STANDING_MEMBER, 10, 10).ok
    assert not election_rules.margin_check(PostKind.HIGHER_DEPUTY, 10, 10).ok


@pytest.mark.parametrize("seats", [0, -1])
def test_margin_refuses_no_seats(seats):
    with pytest.raises(ValueError):
        election_rules.margin_bounds(PostKind.HEAD, seats)


# --- Nomination: 组织法 (province 30+, city 20+, county 10+, township 10+; nobody names more than seats) ---


def _deputies(n, prefix="d"):
    return frozenset(f"{prefix}{i}" for i in range(n))


@pytest.mark.parametrize(
    ("level", "sponsors", "ok"),
    [
        ("province", 30, True),
        ("province", 29, False),
        ("city", 20, True),
        ("city", 19, False),
        ("county", 10, True),
        ("county", 9, False),
        ("township", 10, True),
        ("township", 9, False),
    ],
)
def test_joint_nomination_thresholds_by_level(level, sponsors, ok):
    nomination = Nomination(by=NominatorKind.JOINT, candidates=("张三",), sponsors=_deputies(sponsors))
    check = election_rules.nominators_valid([nomination], level=level, seats=1)
    assert check.ok is ok
    if not ok:
        assert check.issues[0].problem is NominationProblem.TOO_FEW_SPONSORS
        assert check.issues[0].nomination == 0


def test_presidium_may_not_name_more_candidates_than_seats():
    ok = Nomination(by=NominatorKind.PRESIDIUM, candidates=("甲", "乙"))
    assert election_rules.nominators_valid([ok], level="city", seats=2).ok
    over = Nomination(by=NominatorKind.PRESIDIUM, candidates=("甲", "乙", "丙"))
    check = election_rules.nominators_valid([over], level="city", seats=2)
    assert [i.problem for i in check.issues] == [NominationProblem.PRESIDIUM_OVER_SEATS]


def test_a_deputy_joining_two_nominations_may_not_exceed_seats():
    group = _deputies(10)
    first = Nomination(by=NominatorKind.JOINT, candidates=("甲",), sponsors=group)
    second = Nomination(by=NominatorKind.JOINT, candidates=("乙",), sponsors=group | {"x"})
    same = Nomination(by=NominatorKind.JOINT, candidates=("甲",), sponsors=group)
    assert election_rules.nominators_valid(
        [first, same], level="county", seats=1
    ).ok  # the same candidate twice
    check = election_rules.nominators_valid([first, second], level="county", seats=1)
    assert not check.ok
    assert {i.sponsor for i in check.issues} == set(group)
    assert {i.problem for i in check.issues} == {NominationProblem.SPONSOR_OVER_SEATS}
    assert election_rules.nominators_valid([first, second], level="county", seats=2).ok


def test_nomination_unknown_level_is_refused():
    with pytest.raises(ValueError):
        election_rules.nominators_valid([], level="national", seats=1)


# --- Ballot validity: 选举法 第44条 ---


@pytest.mark.parametrize(
    ("marks", "write_ins", "seats", "valid"),
    [
        ({"甲": Y, "乙": Y, "丙": Y}, (), 2, False),  # over-marked
        ({"甲": Y, "乙": Y, "丙": N}, (), 2, True),  # equal
        ({"甲": Y, "乙": N, "丙": N}, (), 2, True),  # fewer
        ({}, (), 2, True),  # blank: all abstain
        ({"甲": Y, "乙": N}, ("丁",), 2, True),  # one yes + one write-in = 2
        ({"甲": Y, "乙": Y}, ("丁",), 2, False),  # two yes + one write-in = 3
        ({"甲": N}, ("丁", "戊"), 1, False),  # two write-ins for one seat
        ({"甲": Y}, ("甲",), 1, True),  # writing in a candidate already marked yes: the same person
        ({"甲": N}, (" 丁 ", "丁"), 1, True),  # the same name twice counts once
    ],
)
def test_ballot_validity(marks, write_ins, seats, valid):
    assert election_rules.ballot_valid(ElectionBallot(marks, write_ins), seats=seats) is valid


def test_ballot_normalises_and_refuses_bad_marks():
    ballot = ElectionBallot({"乙": "no", "甲": "yes"}, ["  王  五 ", ""])
    assert ballot.marks == (("乙", N), ("甲", Y))
    assert ballot.write_ins == ("王 五",)
    assert ballot.mark("丙") is A
    assert ballot == ElectionBallot([("甲", Y), ("乙", N)], ["王 五"])
    with pytest.raises(ValueError):
        ElectionBallot({"甲": NV})
    with pytest.raises(ValueError):
        ElectionBallot([("甲", Y), ("甲", N)])


# --- Counting an election: 选举法 第44条; 组织法 第25–29条 ---


def _ballots(*specs):
    """specs: (count, marks, write_ins)."""
    out = []
    for count, marks, write_ins in specs:
        out += [ElectionBallot(marks, write_ins)] * count
    return out


def test_election_single_seat_elected_with_more_than_half_of_all_deputies():
    ballots = _ballots((60, {"甲": Y, "乙": N}, ()), (30, {"甲": N, "乙": Y}, ()), (5, {}, ()))
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙"], seats=1, total_entitled=100, issued=95
    )
    assert not result.void
    assert (result.returned, result.valid, result.invalid) == (95, 95, 0)
    assert result.votes == {"甲": 60, "乙": 30}
    assert result.tallies["甲"] == election_rules.CandidateTally(yes=60, no=30, abstain=5)
    assert result.elected == ("甲",)
    assert result.remaining_seats == 0
    assert result.threshold == 51


def test_election_needs_half_of_all_deputies_not_of_ballots():
    # 100 deputies, 80 ballots: 45 votes are a majority of the ballots but not of all deputies.
    ballots = _ballots((45, {"甲": Y, "乙": N}, ()), (35, {"甲": N, "乙": Y}, ()))
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙"], seats=1, total_entitled=100, issued=80
    )
    assert result.elected == ()
    assert result.remaining_seats == 1  # another election (另行选举)


def test_election_over_marked_ballot_is_void_but_others_count():
    ballots = _ballots(
        (51, {"甲": Y, "乙": N, "丙": N}, ()),
        (1, {"甲": Y, "乙": Y, "丙": N}, ("丁",)),  # three names for two seats: void
        (10, {"甲": N, "乙": Y, "丙": Y}, ()),
    )
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙", "丙"], seats=2, total_entitled=100, issued=62
    )
    assert (result.valid, result.invalid) == (61, 1)
    assert "丁" not in result.votes
    assert result.votes["甲"] == 51
    assert result.elected == ("甲",)
    assert result.remaining_seats == 1
    for tally in result.tallies.values():
        assert tally.yes + tally.no + tally.abstain == result.valid


def test_election_void_when_more_returned_than_issued():
    ballots = _ballots((90, {"甲": Y}, ()))
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙"], seats=1, total_entitled=100, issued=89
    )
    assert result.void
    assert result.void_reason is VoidReason.MORE_RETURNED_THAN_ISSUED
    assert result.elected == ()
    assert result.remaining_seats == 1
    assert (result.returned, result.valid, result.invalid) == (90, 90, 0)


def test_election_equal_returned_and_issued_is_valid():
    ballots = _ballots((90, {"甲": Y}, ()))
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙"], seats=1, total_entitled=100, issued=90
    )
    assert not result.void
    assert result.elected == ("甲",)


def test_write_in_can_be_elected():
    ballots = _ballots((55, {"甲": N}, ("王五",)), (40, {"甲": Y}, ()))
    result = election_rules.count_election(ballots, candidates=["甲"], seats=1, total_entitled=100, issued=95)
    assert result.votes == {"王五": 55, "甲": 40}
    assert result.elected == ("王五",)
    assert result.tallies["甲"] == election_rules.CandidateTally(yes=40, no=55, abstain=0)


def test_more_qualifiers_than_seats_most_votes_win():
    # 3 seats, 98 deputies (threshold 50): 4 qualify, the three with most votes are elected.
    ballots = _ballots(
        (30, {"甲": Y, "乙": Y, "丙": Y, "丁": N}, ()),
        (25, {"甲": Y, "乙": Y, "丙": N, "丁": Y}, ()),
        (25, {"甲": Y, "乙": N, "丙": Y, "丁": Y}, ()),
    )
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙", "丙", "丁"], seats=3, total_entitled=98, issued=80
    )
    assert result.votes == {"甲": 80, "乙": 55, "丙": 55, "丁": 50}  # 丁 qualifies: 50 × 2 > 98
    assert result.elected[0] == "甲"
    assert set(result.elected) == {"甲", "乙", "丙"}
    assert (result.revote_among, result.remaining_seats) == ((), 0)


def test_tie_at_the_cut_off_goes_to_revote():
    # 2 seats, 100 deputies (threshold 51): 甲 80; 乙 and 丙 both 55 for the one remaining seat.
    ballots = _ballots(
        (40, {"甲": Y, "乙": Y, "丙": N}, ()),
        (40, {"甲": Y, "乙": N, "丙": Y}, ()),
        (15, {"甲": N, "乙": Y, "丙": Y}, ()),
        (3, {"甲": Y, "乙": Y, "丙": Y}, ()),  # over-marked for 2 seats: void, not counted
    )
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙", "丙"], seats=2, total_entitled=100, issued=98
    )
    assert (result.valid, result.invalid) == (95, 3)
    assert result.votes == {"甲": 80, "乙": 55, "丙": 55}
    assert result.elected == ("甲",)
    assert set(result.revote_among) == {"乙", "丙"}  # not elected: a revote among the tied
    assert result.revote_seats == 1
    assert result.remaining_seats == 0


def test_all_qualifiers_tied_for_fewer_seats():
    # 2 seats, 100 deputies: 甲, 乙, 丙 all 60 → nobody elected yet, revote among the three for 2 seats.
    ballots = _ballots(
        (30, {"甲": Y, "乙": Y, "丙": N}, ()),
        (30, {"甲": N, "乙": Y, "丙": Y}, ()),
        (30, {"甲": Y, "乙": N, "丙": Y}, ()),
    )
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙", "丙"], seats=2, total_entitled=100, issued=90
    )
    assert result.elected == ()
    assert set(result.revote_among) == {"甲", "乙", "丙"}
    assert result.revote_seats == 2
    assert result.remaining_seats == 0


def test_tie_below_the_threshold_is_not_a_revote():
    # 乙 and 丙 tied at 50 of 100: neither has more than half → another election, not a revote.
    ballots = _ballots((50, {"甲": Y, "乙": Y, "丙": N}, ()), (50, {"甲": Y, "乙": N, "丙": Y}, ()))
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙", "丙"], seats=2, total_entitled=100, issued=100
    )
    assert result.elected == ("甲",)
    assert result.revote_among == ()
    assert result.remaining_seats == 1


def test_tie_among_qualifiers_within_the_seats_elects_all():
    # 3 seats; 甲 60, 乙 60, 丙 40 of 100: two qualify, tied, both elected; one seat left.
    ballots = _ballots((60, {"甲": Y, "乙": Y, "丙": N}, ()), (40, {"甲": N, "乙": N, "丙": Y}, ()))
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙", "丙"], seats=3, total_entitled=100, issued=100
    )
    assert set(result.elected) == {"甲", "乙"}
    assert result.revote_among == ()
    assert result.remaining_seats == 1


def test_shortfall_goes_to_another_election_with_the_same_threshold():
    # 5 standing-committee seats, 2 qualify → 3 seats for 另行选举; the next round uses the same threshold.
    cands = ["甲", "乙", "丙", "丁", "戊", "己"]
    ballots = _ballots(
        (60, {"甲": Y, "乙": Y, "丙": N, "丁": N, "戊": N, "己": N}, ()),
        (40, {"甲": N, "乙": N, "丙": Y, "丁": Y, "戊": Y, "己": Y}, ()),
    )
    first = election_rules.count_election(ballots, candidates=cands, seats=5, total_entitled=100, issued=100)
    assert set(first.elected) == {"甲", "乙"}
    assert first.remaining_seats == 3
    second = election_rules.count_election(
        _ballots((51, {"丙": Y, "丁": Y}, ()), (49, {"戊": Y, "己": Y}, ())),
        candidates=["丙", "丁", "戊", "己"],
        seats=first.remaining_seats,
        total_entitled=100,
        issued=100,
    )
    assert set(second.elected) == {"丙", "丁"}
    assert second.remaining_seats == 1


def test_election_refuses_marks_for_persons_not_on_the_ballot():
    with pytest.raises(ValueError):
        election_rules.count_election(
            [ElectionBallot({"外人": Y})], candidates=["甲"], seats=1, total_entitled=3, issued=1
        )


# --- Appointment lists: dismissal before appointment to the same post ---


def test_dismissal_moves_before_appointment_to_the_same_post():
    appoint_a = AppointmentItem("张三", "交通运输局局长", AppointmentAction.APPOINT)
    other = AppointmentItem("李四", "教育局局长", AppointmentAction.APPOINT)
    dismiss_a = AppointmentItem("王五", "交通运输局局长", AppointmentAction.DISMISS)
    dismiss_b = AppointmentItem("赵六", "卫健委主任", AppointmentAction.DISMISS)
    ordered = rules.order_appointments([appoint_a, other, dismiss_b, dismiss_a])
    assert ordered == [dismiss_a, appoint_a, other, dismiss_b]
    already = [dismiss_a, appoint_a, other]
    assert rules.order_appointments(already) == already
    # an appointment waits for the undecided dismissals from its post; a dismissal waits for nothing
    assert rules.dismissals_first(appoint_a, [other, dismiss_b, dismiss_a]) == [dismiss_a]
    assert rules.dismissals_first(appoint_a, [other, dismiss_b]) == []
    assert rules.dismissals_first(dismiss_a, [dismiss_a, appoint_a]) == []


# --- The rounds after a count: 预选 → formal candidates; 另行选举 → its candidates (组织法 第26–29条) ---


def test_formal_candidates_are_the_top_nominees_up_to_the_margin():
    votes = {"甲": 30, "乙": 25, "丙": 20, "丁": 5, "王五": 40}  # 王五 written in: never a nominee
    nominees = ("甲", "乙", "丙", "丁")
    assert election_rules.formal_candidates(votes, nominees=nominees, kind="head", seats=1) == ("甲", "乙")
    assert election_rules.formal_candidates(votes, nominees=nominees, kind="deputy_head", seats=1) == (
        "甲",
        "乙",
        "丙",
        "丁",
    )
    tied = {"甲": 30, "乙": 25, "丙": 25}
    assert election_rules.formal_candidates(tied, nominees=("甲", "乙", "丙"), kind="head", seats=1) is None
    inside = election_rules.formal_candidates(tied, nominees=("甲", "乙", "丙"), kind="deputy_head", seats=1)
    assert inside == ("甲", "丙", "乙")  # the tie is inside the list (names order it for display only)


def test_another_election_takes_those_not_elected_most_votes_first():
    votes = {"甲": 20, "乙": 8, "丙": 8, "丁": 3, "王五": 9}
    assert election_rules.another_election_candidates(votes, elected=("甲",), kind="head", seats=1) == (
        "王五",
        "丙",
    )
    assert election_rules.another_election_candidates(votes, elected=(), kind="deputy_head", seats=2) == (
        "甲",
        "王五",
        "丙",
        "乙",
        "丁",
    )


# --- Digest ---


def test_digest_is_documented_sha256_of_sorted_canonical_ballots():
    ballots = [ElectionBallot({"乙": N, "甲": Y}, ["王五"]), ElectionBallot({"甲": A})]
    lines = sorted(
        [
            '{"marks":{"乙":"no","甲":"yes"},"write_ins":["王五"]}',
            '{"marks":{"甲":"abstain"},"write_ins":[]}',
        ]
    )
    expected = hashlib.sha256(
        json.dumps(lines, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    ).hexdigest()
    assert rules.ballot_digest(ballots) == expected
    assert rules.ballot_digest(list(reversed(ballots))) == expected
    result = election_rules.count_election(
        ballots, candidates=["甲", "乙"], seats=1, total_entitled=3, issued=2
    )
    assert result.digest == expected


def test_digest_of_motion_ballots():
    assert rules.ballot_digest([Y, N, N]) == rules.ballot_digest(["no", "yes", "no"])
    assert rules.ballot_digest([Y, N, N]) != rules.ballot_digest([Y, N])
    assert rules.ballot_digest([Y, N, N]) != rules.ballot_digest([Y, Y, N])
