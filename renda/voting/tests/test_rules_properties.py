"""Hypothesis properties of the counting rules (MISSION.md §3). No database."""

from fractions import Fraction

from hypothesis import given, settings
from hypothesis import strategies as st

from renda.voting import rules
from renda.voting.elections import rules as election_rules
from renda.voting.elections.rules import ElectionBallot, PostKind
from renda.voting.rules import AppointmentAction, AppointmentItem, Body, Choice

NAMES = ["甲", "乙", "丙", "丁", "戊", "己"]
WRITE_INS = ["王五", "赵六", "甲"]  # a write-in may repeat a candidate's name
MARKS = [Choice.YES, Choice.NO, Choice.ABSTAIN]


@st.composite
def elections(draw):
    """(candidates, seats, ballots, total_entitled, issued)."""
    candidates = draw(st.lists(st.sampled_from(NAMES), min_size=1, max_size=5, unique=True))
    seats = draw(st.integers(min_value=1, max_value=len(candidates)))
    ballot = st.builds(
        ElectionBallot,
        st.dictionaries(st.sampled_from(candidates), st.sampled_from(MARKS)),
        st.lists(st.sampled_from(WRITE_INS), max_size=2),
    )
    ballots = draw(st.lists(ballot, max_size=40))
    total_entitled = draw(st.integers(min_value=max(1, len(ballots)), max_value=len(ballots) + 20))
    issued = draw(st.integers(min_value=max(0, len(ballots) - 3), max_value=total_entitled))
    return candidates, seats, ballots, total_entitled, issued


def _count(candidates, seats, ballots, total_entitled, issued):
    return election_rules.count_election(
        ballots, candidates=candidates, seats=seats, total_entitled=total_entitled, issued=issued
    )


@given(elections(), st.randoms(use_true_random=False))
def test_election_does_not_depend_on_ballot_order(election, rnd):
    candidates, seats, ballots, total, issued = election
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert _count(candidates, seats, shuffled, total, issued) == _count(
        candidates, seats, ballots, total, issued
    )


@given(elections())
def test_election_totals_are_conserved(election):
    candidates, seats, ballots, total, issued = election
    result = _count(candidates, seats, ballots, total, issued)
    assert result.valid + result.invalid == result.returned == len(ballots)
    assert set(result.tallies) == set(candidates)
    for tally in result.tallies.values():
        assert tally.yes + tally.no + tally.abstain == result.valid
    for candidate in candidates:
        assert result.votes[candidate] >= result.tallies[candidate].yes
    assert sum(result.votes.values()) <= result.valid * seats
    assert result.valid == sum(1 for b in ballots if election_rules.ballot_valid(b, seats=seats))


@given(elections())
def test_nobody_elected_without_more_than_half_of_all_deputies(election):
    candidates, seats, ballots, total, issued = election
    result = _count(candidates, seats, ballots, total, issued)
    for name in (*result.elected, *result.revote_among):
        assert result.votes[name] * 2 > total
    for name, votes in result.votes.items():
        if votes * 2 <= total:
            assert name not in result.elected


@given(elections())
def test_never_more_winners_than_seats_and_seats_are_accounted(election):
    candidates, seats, ballots, total, issued = election
    result = _count(candidates, seats, ballots, total, issued)
    assert len(result.elected) <= seats
    assert len(set(result.elected)) == len(result.elected)
    assert not set(result.elected) & set(result.revote_among)
    assert len(result.elected) + result.revote_seats + result.remaining_seats == seats
    if result.revote_among:
        assert len(result.revote_among) > result.revote_seats > 0
        tied_votes = {result.votes[n] for n in result.revote_among}
        assert len(tied_votes) == 1
        assert all(result.votes[n] > tied_votes.pop() for n in result.elected)
    # elected have at least as many votes as any qualifier left out
    left_out = [v for n, v in result.votes.items() if v * 2 > total and n not in result.elected]
    for name in result.elected:
        assert all(result.votes[name] >= v for v in left_out)


@given(elections())
def test_void_election_elects_nobody(election):
    candidates, seats, ballots, total, issued = election
    result = _count(candidates, seats, ballots, total, issued)
    assert result.void == (len(ballots) > issued)
    if result.void:
        assert result.elected == () and result.revote_among == () and result.remaining_seats == seats


@given(
    st.lists(st.sampled_from(list(Choice)), max_size=60), st.integers(min_value=0, max_value=30), st.randoms()
)
def test_motion_tally_is_conserved_and_order_free(ballots, extra, rnd):
    total = max(1, len(ballots) + extra)
    result = rules.tally_motion(ballots, total)
    assert result.yes + result.no + result.abstain + result.not_voting == len(ballots)
    assert result.absent == total - len(ballots)
    assert result.passed == (result.yes * 2 > total)
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert rules.tally_motion(shuffled, total) == result


@given(st.integers(min_value=1, max_value=2000), st.data())
def test_quorum_and_threshold_are_the_exact_fractions(total, data):
    present = data.draw(st.integers(min_value=0, max_value=total))
    assert rules.quorum_met(present, total, body=Body.CONGRESS) == (
        Fraction(present, total) >= Fraction(2, 3)
    )
    assert rules.quorum_met(present, total, body=Body.STANDING_COMMITTEE) == (
        Fraction(present, total) > Fraction(1, 2)
    )
    assert rules.passes(present, total) == (Fraction(present, total) > Fraction(1, 2))
    assert rules.quorum_met(rules.quorum_required(total, body=Body.CONGRESS), total, body=Body.CONGRESS)
    assert rules.passes(rules.majority_needed(total), total)
    assert not rules.passes(rules.majority_needed(total) - 1, total)


@given(st.sampled_from(list(PostKind)), st.integers(min_value=1, max_value=300))
def test_margin_bounds_stay_within_the_law(kind, seats):
    low, high = election_rules.margin_bounds(kind, seats)
    assert seats < low <= high
    if kind is PostKind.STANDING_MEMBER and seats >= 5:
        assert seats / 10 <= low - seats and high - seats <= seats / 5
    if kind is PostKind.HIGHER_DEPUTY and seats >= 3:
        assert seats / 5 <= low - seats and high - seats <= seats / 2
    for candidates in range(0, high + 3):
        result = election_rules.margin_check(kind, seats, candidates, allow_single_candidate=False)
        assert result.ok == (low <= candidates <= high)
        assert result.needs_preliminary == (candidates > high)


ITEMS = st.builds(
    AppointmentItem,
    st.sampled_from(["张三", "李四", "王五", "赵六"]),
    st.sampled_from(["局长", "副局长", "主任"]),
    st.sampled_from(list(AppointmentAction)),
)


@given(st.lists(ITEMS, max_size=12))
def test_appointment_order_puts_dismissals_first_and_keeps_everything(items):
    ordered = rules.order_appointments(items)
    assert sorted(map(repr, ordered)) == sorted(map(repr, items))
    for i, item in enumerate(ordered):
        if item.action is AppointmentAction.APPOINT:
            later = ordered[i + 1 :]
            assert not any(o.post == item.post and o.action is AppointmentAction.DISMISS for o in later)
    # appointments, and each post's dismissals, keep their relative order
    appointments = [x for x in items if x.action is AppointmentAction.APPOINT]
    assert [x for x in ordered if x.action is AppointmentAction.APPOINT] == appointments
    assert rules.order_appointments(ordered) == ordered


@given(ITEMS, st.lists(ITEMS, max_size=12))
def test_an_appointment_waits_exactly_for_the_dismissals_from_its_post(item, undecided):
    waits = rules.dismissals_first(item, undecided)
    same_post = [o for o in undecided if o.post == item.post and o.action is AppointmentAction.DISMISS]
    assert waits == (same_post if item.action is AppointmentAction.APPOINT else [])


@settings(max_examples=200)
@given(elections(), st.randoms(use_true_random=False), st.data())
def test_digest_is_order_free_and_changes_with_any_ballot(election, rnd, data):
    _, _, ballots, _, _ = election
    digest = rules.ballot_digest(ballots)
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert rules.ballot_digest(shuffled) == digest
    assert rules.ballot_digest([*ballots, ElectionBallot()]) != digest
    if ballots:
        index = data.draw(st.integers(min_value=0, max_value=len(ballots) - 1))
        changed = list(ballots)
        original = changed[index]
        candidate = data.draw(st.sampled_from(NAMES))
        marks = dict(original.marks)
        new_mark = data.draw(st.sampled_from([m for m in MARKS if m is not marks.get(candidate)]))
        marks[candidate] = new_mark
        changed[index] = ElectionBallot(marks, original.write_ins)
        assert rules.ballot_digest(changed) != digest
        with_write_in = list(ballots)
        with_write_in[index] = ElectionBallot(original.marks, (*original.write_ins, "新名字"))
        assert rules.ballot_digest(with_write_in) != digest
        assert rules.ballot_digest(ballots[:index] + ballots[index + 1 :]) != digest


LIST_ITEMS = ["1", "2", "3", "4"]
LIST_BALLOT = st.dictionaries(st.sampled_from(LIST_ITEMS), st.sampled_from(["yes", "no", "abstain"]))


@given(
    st.lists(LIST_BALLOT, min_size=1, max_size=6),
    st.lists(st.integers(min_value=0, max_value=5), max_size=60),
    st.one_of(st.none(), st.integers(min_value=0, max_value=4)),
)
def test_shared_ballot_objects_count_as_their_copies(distinct, picks, max_choices):
    """A close hands equal ballots as one shared object (distinct_ballots weighs it): the tally and the
    digest equal those of the same ballots as separate copies."""
    shared = [distinct[i % len(distinct)] for i in picks]
    copies = [dict(b) for b in shared]
    assert rules.tally_list(shared, options=LIST_ITEMS, marks=rules.LIST_MARKS, max_choices=max_choices) == (
        rules.tally_list(copies, options=LIST_ITEMS, marks=rules.LIST_MARKS, max_choices=max_choices)
    )
    assert rules.ballot_digest(shared) == rules.ballot_digest(copies)
    assert sum(n for _b, n in rules.distinct_ballots(shared)) == len(shared)
