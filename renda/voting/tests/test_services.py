"""The voting engine's services: open, cast, close, publish; motions and named votes; integrity."""

import json

import pytest

from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from renda.voting import rules, selectors, services
from renda.voting.choices import BallotSource, PollStatus
from renda.voting.models import Ballot, SealedBallot, VoterMark
from renda.voting.tests.engine_setup import build, election, open_motion, stored_ballots

pytestmark = pytest.mark.django_db


def cast(s, i, payload, poll):
    return services.ballot_cast(
        actor=s.users[i], poll_id=poll.pk, deputy_id=s.deputies[i].pk, payload=payload
    )


def test_motion_open_cast_close_publish():
    s = build(9)
    poll = open_motion(s)
    assert poll.status == PollStatus.OPEN
    assert (poll.total_entitled, poll.present_at_open) == (9, 9)
    for i, choice in enumerate(["yes"] * 5 + ["no", "abstain", "yes"]):
        assert cast(s, i, {"choice": choice}, poll) is True
    assert selectors.turnout(poll) == {"voted": 8, "total_entitled": 9, "present_at_open": 9}
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    r = poll.result
    assert (r["yes"], r["no"], r["abstain"], r["not_voting"], r["absent"]) == (6, 1, 1, 1, 0)
    assert r["passed"] is True and r["threshold"] == 5
    assert selectors.recount(poll) == poll.result
    assert poll.digest == rules.ballot_digest(["yes"] * 6 + ["no", "abstain"])
    rows = selectors.ballots_export(poll)
    assert selectors.export_digest(rows) == poll.digest
    assert sorted(r["choice"] for r in rows) == sorted(["yes"] * 6 + ["no", "abstain"])
    poll = services.poll_publish(actor=s.staff, poll_id=poll.pk)
    assert poll.status == PollStatus.PUBLISHED and poll.published_at
    actions = list(Event.objects.filter(object_id=str(poll.pk)).values_list("action", flat=True))
    assert set(actions) == {"poll_create", "poll_open", "poll_close", "poll_publish"}


def test_threshold_is_all_deputies_not_votes_cast():
    s = build(10, present=7)
    poll = open_motion(s)
    for i in range(5):
        cast(s, i, {"choice": "yes"}, poll)
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert poll.result["yes"] == 5 and poll.result["passed"] is False  # 5 × 2 = 10, not > 10
    assert poll.result["absent"] == 3 and poll.result["not_voting"] == 2


def test_retry_is_idempotent_and_adds_nothing():
    s = build(3)
    poll = open_motion(s)
    assert cast(s, 0, {"choice": "yes"}, poll) is True
    assert cast(s, 0, {"choice": "yes"}, poll) is False
    assert cast(s, 0, {"choice": "no"}, poll) is False
    assert stored_ballots(poll) == [{"choice": "yes"}]  # sealed until the close (issue 11)
    assert VoterMark.objects.filter(poll=poll).count() == 1


def test_closed_poll_accepts_nothing():
    s = build(3)
    poll = open_motion(s)
    cast(s, 0, {"choice": "yes"}, poll)
    services.poll_close(actor=s.staff, poll_id=poll.pk)
    with pytest.raises(ApplicationError) as exc:
        cast(s, 1, {"choice": "yes"}, poll)
    assert exc.value.code == "wrong_state"
    assert Ballot.objects.filter(poll=poll).count() == 1 and VoterMark.objects.filter(poll=poll).count() == 1


def test_draft_poll_accepts_nothing():
    s = build(3)
    poll = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    with pytest.raises(ApplicationError):
        cast(s, 0, {"choice": "yes"}, poll)
    assert not Ballot.objects.exists()


def test_only_present_deputies_on_the_roll_vote():
    s = build(4, present=3)
    poll = open_motion(s)
    with pytest.raises(ApplicationError) as exc:
        cast(s, 3, {"choice": "yes"}, poll)
    assert exc.value.code == "not_present"
    other = build(1, prefix="别的会议代表")
    with pytest.raises(ApplicationError):
        services.ballot_cast(
            actor=other.users[0], poll_id=poll.pk, deputy_id=other.deputies[0].pk, payload={"choice": "yes"}
        )
    assert not Ballot.objects.filter(poll=poll).exists()


def test_a_deputy_casts_only_their_own_ballot():
    s = build(3)
    poll = open_motion(s)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            actor=s.users[0], poll_id=poll.pk, deputy_id=s.deputies[1].pk, payload={"choice": "yes"}
        )
    assert not VoterMark.objects.exists()


def test_staff_enters_for_a_deputy_only_in_a_named_poll():
    """Issue 11: staff may not cast a deputy's secret electronic ballot (refused, nothing written); in a
    named poll a staff entry is recorded on the mark and in the trail."""
    s = build(3)
    poll = open_motion(s)
    with pytest.raises(PermissionDenied):
        services.ballot_cast(
            actor=s.staff, poll_id=poll.pk, deputy_id=s.deputies[1].pk, payload={"choice": "no"}
        )
    assert not VoterMark.objects.filter(poll=poll).exists()
    assert not Ballot.objects.filter(poll=poll).exists()
    assert not SealedBallot.objects.filter(poll=poll).exists()
    named = open_motion(s, secret=False)
    assert services.ballot_cast(
        actor=s.staff, poll_id=named.pk, deputy_id=s.deputies[1].pk, payload={"choice": "no"}
    )
    assert VoterMark.objects.get(poll=named).source == BallotSource.STAFF
    assert Ballot.objects.get(poll=named).deputy_id == s.deputies[1].pk


def test_assisted_cast_is_confirmed_by_the_deputy_and_in_the_trail():
    s = build(3)
    poll = open_motion(s)
    recorded, receipt = services.ballot_cast_receipt(
        actor=s.users[1],
        poll_id=poll.pk,
        deputy_id=s.deputies[1].pk,
        payload={"choice": "no"},
        assisted_by=s.staff,
    )
    assert recorded and len(receipt) == 19
    assert VoterMark.objects.get(poll=poll).source == BallotSource.ASSISTED
    event = Event.objects.get(action="ballot_assisted")
    assert event.changes == {"deputy": s.deputies[1].pk, "assisted_by": s.staff.pk}
    assert event.actor_id == s.staff.pk
    assert "no" not in json.dumps(event.changes) and "choice" not in json.dumps(event.changes)
    # a deputy cannot name another deputy as the helper
    with pytest.raises(PermissionDenied):
        services.ballot_cast_receipt(
            actor=s.users[2],
            poll_id=poll.pk,
            deputy_id=s.deputies[2].pk,
            payload={"choice": "yes"},
            assisted_by=s.users[0],
        )


def test_named_vote_records_deputy_and_event():
    s = build(3)
    poll = open_motion(s, secret=False)
    cast(s, 0, {"choice": "yes"}, poll)
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.deputy_id == s.deputies[0].pk
    event = Event.objects.get(action="ballot_cast")
    assert event.changes["deputy"] == s.deputies[0].pk and event.changes["ballot"] == {"choice": "yes"}


def test_secret_cast_writes_no_event():
    s = build(3)
    poll = open_motion(s)
    before = Event.objects.count()
    cast(s, 0, {"choice": "yes"}, poll)
    cast(s, 1, {"choice": "no"}, poll)
    assert Event.objects.count() == before


@pytest.mark.parametrize(
    "payload, field",
    [
        ({"choice": "maybe"}, "choice"),
        ({}, "choice"),
        ({"choice": "yes", "x": 1}, "payload"),
        ("yes", "payload"),
        ({"choice": "not_voting"}, "choice"),
    ],
)
def test_motion_payload_validation(payload, field):
    s = build(2)
    poll = open_motion(s)
    with pytest.raises(ApplicationError) as exc:
        cast(s, 0, payload, poll)
    assert exc.value.field == field
    assert not VoterMark.objects.exists()


def test_no_quorum_no_vote():
    s = build(9, present=5)  # 5 × 3 = 15 < 18
    poll = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    with pytest.raises(ApplicationError) as exc:
        services.poll_open(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "no_quorum"
    poll.refresh_from_db()
    assert poll.status == PollStatus.DRAFT


def test_session_must_be_in_progress():
    s = build(3, status="check_in")
    poll = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    with pytest.raises(ApplicationError) as exc:
        services.poll_open(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "session_not_running"


def test_standing_committee_quorum_more_than_half():
    s = build(4, present=2, kind="standing_committee")
    poll = services.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="草案")
    with pytest.raises(ApplicationError):
        services.poll_open(actor=s.staff, poll_id=poll.pk)


def test_election_smoke():
    s = build(25)
    poll, (a, _b) = election(s)
    assert cast(s, 0, {"marks": {str(a): "yes"}, "write_ins": []}, poll)
    services.poll_close(actor=s.staff, poll_id=poll.pk)
