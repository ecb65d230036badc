"""Elections through the services: nomination, margin, ballots, validity, write-ins, revote, another round."""

import pytest

from renda.core.errors import ApplicationError
from renda.voting import rules, selectors, services
from renda.voting.choices import PollRound, PollStatus
from renda.voting.elections import rules as election_rules
from renda.voting.models import Candidate, VoterMark
from renda.voting.tests.engine_setup import build, election, stored_ballots

pytestmark = pytest.mark.django_db


def cast(s, i, poll, marks=None, write_ins=()):
    payload = {"marks": {str(k): v for k, v in (marks or {}).items()}, "write_ins": list(write_ins)}
    return services.ballot_cast(
        actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload=payload
    )


def close(s, poll):
    return services.poll_close(actor=s.staff, poll_id=poll.pk)


@pytest.fixture
def s():
    return build(25)


def test_elections_are_always_secret(s):
    with pytest.raises(ApplicationError) as exc:
        services.poll_create(
            actor=s.staff,
            item_id=s.election_item.pk,
            kind="election",
            title="选举",
            secret=False,
            post_kind="head",
        )
    assert exc.value.field == "secret"


def test_election_needs_a_post_kind_and_seats(s):
    with pytest.raises(ApplicationError) as exc:
        services.poll_create(actor=s.staff, item_id=s.election_item.pk, kind="election", title="选举")
    assert exc.value.field == "post_kind"
    with pytest.raises(ApplicationError) as exc:
        services.poll_create(
            actor=s.staff,
            item_id=s.election_item.pk,
            kind="election",
            title="选举",
            post_kind="head",
            seats=0,
        )
    assert exc.value.field == "seats"


@pytest.mark.parametrize(
    "marks, write_ins, field",
    [
        ({"999999": "yes"}, [], "marks.999999"),
        ({"A": "maybe"}, [], "marks.A"),
        ({"A": "not_voting"}, [], "marks.A"),
        ({}, "丙", "write_ins"),
        ({}, [1], "write_ins"),
        ({}, ["长" * 51], "write_ins"),
    ],
)
def test_election_payload_validation_names_the_field(s, marks, write_ins, field):
    poll, (a, _b) = election(s)
    marks = {str(a) if k == "A" else k: v for k, v in marks.items()}
    field = field.replace("A", str(a))
    payload = {"marks": marks, "write_ins": write_ins}
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(actor=s.users[0], poll_id=poll.pk, deputy_id=s.deputies[0].pk, payload=payload)
    assert exc.value.field == field
    assert not VoterMark.objects.filter(poll=poll).exists()


def test_unknown_top_level_key_is_refused(s):
    poll, _ids = election(s)
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(
            actor=s.users[0], poll_id=poll.pk, deputy_id=s.deputies[0].pk, payload={"marks": {}, "x": 1}
        )
    assert exc.value.field == "payload"


def test_over_marked_ballot_is_stored_and_counted_invalid(s):
    poll, (a, b) = election(s)
    assert cast(s, 0, poll, {a: "yes", b: "yes"})  # two names for one seat
    assert cast(s, 1, poll, {a: "yes"}, ["丙"])  # a candidate and a write-in: two names
    assert cast(s, 2, poll, {a: "yes"}, ["甲"])  # the write-in is the candidate: one name
    assert len(stored_ballots(poll)) == 3
    r = close(s, poll).result
    assert (r["returned"], r["valid"], r["invalid"]) == (3, 1, 2)
    assert r["votes"]["甲"] == 1 and r["tallies"]["甲"] == {"yes": 1, "no": 0, "abstain": 0}
    assert r["void"] is False


def test_write_in_is_elected_with_more_than_half_of_all(s):
    poll, (a, b) = election(s)
    for i in range(13):
        cast(s, i, poll, {a: "no", b: "no"}, ["  丙 "])
    for i in range(13, 20):
        cast(s, i, poll, {a: "yes"})
    poll = close(s, poll)
    r = poll.result
    assert r["elected"] == ["丙"] and r["votes"]["丙"] == 13 and r["threshold"] == 13
    assert selectors.recount(poll) == r
    display = selectors.result_for_display(poll)
    rows = {row["name"]: row for row in display["rows"]}
    assert rows["丙"]["candidate"] is False and rows["丙"]["elected"] is True
    assert rows["甲"]["votes"] == 7 and rows["甲"]["no"] == 13


def test_nobody_elected_below_half_of_all_even_with_most_votes(s):
    poll, (a, _b) = election(s)
    for i in range(12):
        cast(s, i, poll, {a: "yes"})
    r = close(s, poll).result
    assert r["elected"] == [] and r["remaining_seats"] == 1


def test_digest_is_verifiable_from_the_export(s):
    poll, (a, b) = election(s)
    cast(s, 0, poll, {a: "yes"})
    cast(s, 1, poll, {b: "yes", a: "no"})
    cast(s, 2, poll, {}, ["丙"])
    cast(s, 3, poll, {a: "yes", b: "yes"})
    poll = close(s, poll)
    rows = selectors.ballots_export(poll)
    assert len(rows) == 4
    ballots = [election_rules.ElectionBallot(r["marks"], r["write_ins"]) for r in rows]
    assert rules.ballot_digest(ballots) == poll.digest == poll.result["digest"]
    assert selectors.export_digest(rows) == poll.digest
    assert {"marks": {"甲": "yes"}, "write_ins": []} in rows


def test_export_refused_while_open(s):
    poll, _ids = election(s)
    with pytest.raises(ApplicationError):
        selectors.ballots_export(poll)


def test_tie_at_the_cut_off_goes_to_a_revote(s):
    poll, (a, b, c) = election(s, names=("甲", "乙", "丙"), seats=2, post_kind="deputy_head")
    for i in range(20):
        cast(s, i, poll, {a: "yes", b: "yes"} if i < 10 else {a: "yes", c: "yes"})
    for i in range(20, 25):
        cast(s, i, poll, {b: "yes", c: "yes"})
    poll = close(s, poll)
    r = poll.result
    assert r["votes"] == {"甲": 20, "乙": 15, "丙": 15}
    assert r["elected"] == ["甲"] and sorted(r["revote_among"]) == ["丙", "乙"]
    assert r["revote_seats"] == 1
    revote = services.followup_create(actor=s.staff, poll_id=poll.pk, round="revote")
    assert (revote.round, revote.seats, revote.parent_id, revote.secret) == (
        PollRound.REVOTE,
        1,
        poll.pk,
        True,
    )
    assert sorted(revote.candidates.values_list("name", flat=True)) == ["丙", "乙"]
    with pytest.raises(ApplicationError) as exc:
        services.followup_create(actor=s.staff, poll_id=poll.pk, round="revote")
    assert exc.value.code == "followup_exists"
    with pytest.raises(ApplicationError) as exc:
        services.followup_create(actor=s.staff, poll_id=poll.pk, round="another")
    assert exc.value.code == "no_shortfall"
    revote = services.poll_open(actor=s.staff, poll_id=revote.pk)
    yi = revote.candidates.get(name="乙").pk
    for i in range(14):
        cast(s, i, revote, {yi: "yes"})
    assert close(s, revote).result["elected"] == ["乙"]


def test_shortfall_goes_to_another_election(s):
    poll, (a, b, c) = election(s, names=("甲", "乙", "丙"), seats=2, post_kind="deputy_head")
    for i in range(20):
        cast(s, i, poll, {a: "yes", b: "yes"} if i < 8 else {a: "yes", c: "yes"} if i < 12 else {a: "yes"})
    poll = close(s, poll)
    assert poll.result["elected"] == ["甲"] and poll.result["remaining_seats"] == 1
    with pytest.raises(ApplicationError) as exc:
        services.followup_create(actor=s.staff, poll_id=poll.pk, round="revote")
    assert exc.value.code == "no_tie"
    another = services.followup_create(actor=s.staff, poll_id=poll.pk, round="another")
    assert (another.round, another.seats) == (PollRound.ANOTHER, 1)
    assert list(another.candidates.order_by("order").values_list("name", flat=True)) == ["乙", "丙"]
    assert another.status == PollStatus.DRAFT
    services.poll_open(actor=s.staff, poll_id=another.pk)


def test_followup_only_for_closed_elections(s):
    poll, _ids = election(s)
    with pytest.raises(ApplicationError) as exc:
        services.followup_create(actor=s.staff, poll_id=poll.pk, round="another")
    assert exc.value.code == "wrong_state"


def test_margin_checked_at_open():
    s = build(45)
    poll, _ids = election(s, names=("甲", "乙", "丙"), open=False)  # head post: exactly one more than seats
    with pytest.raises(ApplicationError) as exc:
        services.poll_open(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "too_many"
    poll, _ids = election(s, names=("甲",), seats=1, post_kind="deputy_head", open=False)
    with pytest.raises(ApplicationError) as exc:
        services.poll_open(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "too_few"


def test_head_post_single_candidate_is_allowed(s):
    poll, _ids = election(s, names=("甲",))
    assert poll.status == PollStatus.OPEN


def test_presidium_names_no_more_than_seats(s):
    poll, _ids = election(s, names=("甲",), open=False)
    with pytest.raises(ApplicationError) as exc:
        services.candidate_add(actor=s.staff, poll_id=poll.pk, name="乙", nomination="presidium")
    assert exc.value.code == "presidium_over_seats"


def test_joint_nomination_needs_enough_deputies(s):
    poll, _ids = election(s, names=("甲",), open=False)
    with pytest.raises(ApplicationError) as exc:
        services.candidate_add(
            actor=s.staff,
            poll_id=poll.pk,
            name="乙",
            nomination="joint",
            nominator_ids=[d.pk for d in s.deputies[:19]],
        )
    assert exc.value.code == "too_few_sponsors" and exc.value.field == "nominator_ids"


def test_no_deputy_names_more_candidates_than_seats(s):
    poll, _ids = election(s, names=("甲", "乙"), open=False)  # 乙 nominated by deputies 0–19
    with pytest.raises(ApplicationError) as exc:
        services.candidate_add(
            actor=s.staff,
            poll_id=poll.pk,
            name="丙",
            nomination="joint",
            nominator_ids=[d.pk for d in s.deputies[5:25]],
        )
    assert exc.value.code == "sponsor_over_seats"
    assert not Candidate.objects.filter(poll=poll, name="丙").exists()


def test_candidates_only_while_draft_and_unique(s):
    poll, _ids = election(s, names=("甲",), open=False)
    with pytest.raises(ApplicationError) as exc:
        services.candidate_add(actor=s.staff, poll_id=poll.pk, name=" 甲 ", nomination="presidium")
    assert exc.value.field == "name"
    services.poll_open(actor=s.staff, poll_id=poll.pk)
    with pytest.raises(ApplicationError) as exc:
        services.candidate_add(actor=s.staff, poll_id=poll.pk, name="乙", nomination="presidium")
    assert exc.value.code == "wrong_state"
