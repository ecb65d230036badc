"""Paper ballots: issued count, double entry by two clerks (双人录入), mismatches, settling, void by count."""

import pytest

from renda.core.errors import ApplicationError
from renda.core.roles import Role
from renda.voting import selectors, services
from renda.voting.choices import BallotSource, SheetStatus
from renda.voting.models import Ballot, PaperEntry
from renda.voting.tests.engine_setup import build, election, open_motion
from tests.factories import user_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def s():
    return build(25)


@pytest.fixture
def clerk2():
    return user_with_role(Role.STAFF, username="clerk-two")


def enter(actor, poll, sheet, payload):
    return services.paper_entry_submit(actor=actor, poll_id=poll.pk, sheet=sheet, payload=payload)


def test_two_equal_entries_make_one_paper_ballot(s, clerk2):
    poll = open_motion(s, method="paper")
    sheet = enter(s.staff, poll, 1, {"choice": "yes"})
    assert sheet.status == SheetStatus.PENDING and not Ballot.objects.exists()
    sheet = enter(clerk2, poll, 1, {"choice": "yes"})
    assert sheet.status == SheetStatus.MATCHED
    ballot = Ballot.objects.get(poll=poll)
    assert ballot.source == BallotSource.PAPER and ballot.payload == {"choice": "yes"}
    assert selectors.paper_status(poll)["returned"] == 1


def test_mismatch_is_listed_and_settled(s, clerk2):
    poll, (a, b) = election(s, method="paper")
    enter(s.staff, poll, 7, {"marks": {str(a): "yes"}})
    sheet = enter(clerk2, poll, 7, {"marks": {str(b): "yes"}})
    assert sheet.status == SheetStatus.MISMATCH and not Ballot.objects.exists()
    [listed] = selectors.paper_mismatches(poll)
    assert listed.sheet == 7
    assert [e.clerk for e in listed.entries] == [s.staff, clerk2]
    assert [e.payload["marks"] for e in listed.entries] == [{str(a): "yes"}, {str(b): "yes"}]
    with pytest.raises(ApplicationError) as exc:
        services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "sheets_open"
    settled = services.paper_sheet_settle(
        actor=s.staff, poll_id=poll.pk, sheet=7, payload={"marks": {str(b): "yes"}}
    )
    assert settled.status == SheetStatus.SETTLED and settled.settled_by == s.staff
    assert selectors.paper_mismatches(poll) == []
    assert Ballot.objects.get(poll=poll).payload == {"marks": {str(b): "yes"}, "write_ins": []}
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert poll.result["votes"]["乙"] == 1


def test_settle_only_a_mismatch(s, clerk2):
    poll = open_motion(s, method="paper")
    enter(s.staff, poll, 1, {"choice": "yes"})
    with pytest.raises(ApplicationError) as exc:
        services.paper_sheet_settle(actor=s.staff, poll_id=poll.pk, sheet=1, payload={"choice": "yes"})
    assert exc.value.code == "not_mismatch"


def test_same_clerk_cannot_enter_twice(s):
    poll = open_motion(s, method="paper")
    enter(s.staff, poll, 1, {"choice": "yes"})
    with pytest.raises(ApplicationError) as exc:
        enter(s.staff, poll, 1, {"choice": "yes"})
    assert exc.value.code == "same_clerk"
    assert PaperEntry.objects.count() == 1


def test_third_entry_refused(s, clerk2):
    poll = open_motion(s, method="paper")
    enter(s.staff, poll, 1, {"choice": "yes"})
    enter(clerk2, poll, 1, {"choice": "yes"})
    third = user_with_role(Role.ADMIN, username="clerk-three")
    with pytest.raises(ApplicationError) as exc:
        enter(third, poll, 1, {"choice": "no"})
    assert exc.value.code == "sheet_done"
    assert Ballot.objects.count() == 1


def test_pending_sheet_blocks_close(s):
    poll = open_motion(s, method="paper")
    enter(s.staff, poll, 1, {"choice": "yes"})
    with pytest.raises(ApplicationError) as exc:
        services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "sheets_open"


def test_close_needs_the_issued_count(s):
    poll = services.poll_create(
        actor=s.staff, item_id=s.item.pk, kind="motion", title="纸质表决", method="paper"
    )
    services.poll_open(actor=s.staff, poll_id=poll.pk)
    with pytest.raises(ApplicationError) as exc:
        services.poll_close(actor=s.staff, poll_id=poll.pk)
    assert exc.value.code == "issued_missing"


def test_over_marked_paper_ballot_counted_invalid_and_write_in_counted(s, clerk2):
    poll, (a, b) = election(s, method="paper")
    over = {"marks": {str(a): "yes", str(b): "yes"}}
    write_in = {"marks": {str(a): "no", str(b): "no"}, "write_ins": ["丙"]}
    for sheet, payload in enumerate([over, write_in, {"marks": {str(a): "yes"}}], start=1):
        enter(s.staff, poll, sheet, payload)
        enter(clerk2, poll, sheet, payload)
    r = services.poll_close(actor=s.staff, poll_id=poll.pk).result
    assert (r["issued"], r["returned"], r["valid"], r["invalid"]) == (25, 3, 2, 1)
    assert r["votes"] == {"甲": 1, "丙": 1, "乙": 0}


def test_more_ballots_than_issued_voids_the_election(s, clerk2):
    poll, (a, _b) = election(s, method="paper")
    services.paper_issue(actor=s.staff, poll_id=poll.pk, issued=2)
    for sheet in (1, 2, 3):
        enter(s.staff, poll, sheet, {"marks": {str(a): "yes"}})
        enter(clerk2, poll, sheet, {"marks": {str(a): "yes"}})
    poll.refresh_from_db()
    status = selectors.paper_status(poll)
    assert (status["issued"], status["returned"], status["over_issued"]) == (2, 3, True)
    r = services.poll_close(actor=s.staff, poll_id=poll.pk).result
    assert r["void"] is True and r["void_reason"] == "more_returned_than_issued" and r["elected"] == []


def test_more_ballots_than_issued_voids_a_paper_motion(s, clerk2):
    poll = open_motion(s, method="paper")
    services.paper_issue(actor=s.staff, poll_id=poll.pk, issued=1)
    for sheet in (1, 2):
        enter(s.staff, poll, sheet, {"choice": "yes"})
        enter(clerk2, poll, sheet, {"choice": "yes"})
    r = services.poll_close(actor=s.staff, poll_id=poll.pk).result
    assert r["void"] is True and r["passed"] is False and r["yes"] == 2


def test_paper_and_electronic_paths_do_not_mix(s, clerk2):
    paper = open_motion(s, method="paper", title="纸质")
    with pytest.raises(ApplicationError) as exc:
        services.ballot_cast(
            actor=s.users[0], poll_id=paper.pk, deputy_id=s.deputies[0].pk, payload={"choice": "yes"}
        )
    assert exc.value.code == "not_applicable"
    electronic = open_motion(s, title="电子")
    with pytest.raises(ApplicationError) as exc:
        enter(s.staff, electronic, 1, {"choice": "yes"})
    assert exc.value.code == "not_applicable"


def test_paper_entry_validates_payload(s):
    poll = open_motion(s, method="paper")
    with pytest.raises(ApplicationError) as exc:
        enter(s.staff, poll, 1, {"choice": "x"})
    assert exc.value.field == "choice"
    with pytest.raises(ApplicationError) as exc:
        enter(s.staff, poll, 0, {"choice": "yes"})
    assert exc.value.field == "sheet"
    assert not PaperEntry.objects.exists()


def test_deputies_cannot_enter_paper_ballots(s):
    poll = open_motion(s, method="paper")
    with pytest.raises(ApplicationError) as exc:
        enter(s.users[0], poll, 1, {"choice": "yes"})
    assert exc.value.status == 403
