"""Query counts of representative services of each workflow app, pinned at or below the tree before the spine.

The figures of the tree before the spine (commit 1020ac9) are bench/query_counts.py's "before" column (its
fixtures are the engines' own test helpers, as here; where a fixture here differs, the comment says so). A
service is called as a page or an endpoint calls it: the actor a user freshly read (as a request has), the
object loaded through the actor's scope by the app's page selector before the call — the service's one read
of it is then its lock. Called with an id, a service reads the object through the scope first (one query
more), and still refuses outside the scope.
"""

from __future__ import annotations

import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from renda.accounts.models import User
from renda.core import spine
from renda.core.errors import NotFound
from renda.core.roles import Role
from renda.deputies import services as deputies
from renda.deputies.selectors import deputy_for_view
from renda.meetings import services as meetings
from renda.meetings.selectors import session_for_view
from renda.proposals import services as proposals
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import make_world, replied, submitted
from renda.voting import services as voting
from renda.voting.selectors import poll_for_view
from renda.voting.tests import engine_setup as vote_setup
from tests.factories import DelegationFactory, DeputyFactory, SessionFactory, user_with_role


@pytest.fixture(autouse=True)
def warm_content_types(db):
    """Every figure is taken with Django's content-type cache filled, as in a server after its first requests
    (the audit trail and the field history look up content types): otherwise the tests that ran earlier in
    the same process would decide whether a figure includes those lookups."""
    from django.apps import apps

    ContentType.objects.get_for_models(*apps.get_models())


pytestmark = pytest.mark.django_db


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)


@pytest.mark.parametrize(
    ("walk", "call", "queries"),
    [  # before the spine: review 9, publish 8
        (
            submitted,
            lambda actor, item: proposals.proposal_review(actor=actor, proposal_id=item, decision="accept"),
            7,
        ),
        (replied, lambda actor, item: proposals.proposal_publish(actor=actor, proposal_id=item), 6),
    ],
    ids=["review", "publish"],
)
def test_proposal_services_read_the_item_once(walk, call, queries, django_assert_num_queries):
    w = make_world(n_cosigners=0)
    p = walk(w)
    staff = fresh(w.staff)
    item = spine.get_visible(Proposal, staff, p.pk)
    with django_assert_num_queries(queries):
        call(staff, item)


def test_proposal_service_with_an_id_still_refuses_outside_the_scope():
    w = make_world(n_cosigners=0)
    p = proposals.proposal_create_draft(actor=w.lead, kind="suggestion", title="草稿", content="内容")
    with pytest.raises(NotFound):
        proposals.proposal_submit(actor=fresh(w.outsider), proposal_id=p.pk)
    with pytest.raises(NotFound):  # an instance from elsewhere is checked alike
        proposals.proposal_submit(actor=fresh(w.outsider), proposal_id=Proposal.objects.get(pk=p.pk))


@pytest.fixture
def session_in_check_in(role_users):
    staff = role_users[Role.STAFF]
    delegation = DelegationFactory()
    for _i in range(3):
        DeputyFactory(delegation=delegation)
    session = SessionFactory(term=delegation.term)
    meetings.session_open_check_in(actor=staff, session_id=session.pk)
    for line in session.roll.all():
        meetings.check_in(actor=staff, session_id=session.pk, deputy_id=line.deputy_id)
    return staff, session


def test_session_start_reads_the_session_once(session_in_check_in, django_assert_num_queries):
    staff, session = session_in_check_in
    staff = fresh(staff)
    loaded = session_for_view(user=staff, pk=session.pk)
    with django_assert_num_queries(7):  # before the spine: 8
        meetings.session_start(actor=staff, session_id=loaded)


def test_check_in_reads_the_session_once(role_users, django_assert_num_queries):
    staff = role_users[Role.STAFF]
    deputy = DeputyFactory()
    session = SessionFactory(term=deputy.term)
    meetings.session_open_check_in(actor=staff, session_id=session.pk)
    staff = fresh(staff)
    loaded = session_for_view(user=staff, pk=session.pk)
    with django_assert_num_queries(7):  # bench/query_counts.py, a roll of 5: 9 before the spine, 8 now
        meetings.check_in(actor=staff, session_id=loaded, deputy_id=deputy.pk)


def test_leave_decide_locks_the_request_with_its_line(role_users, django_assert_num_queries):
    staff = role_users[Role.STAFF]
    deputy = DeputyFactory()
    session = SessionFactory(term=deputy.term)
    meetings.session_open_check_in(actor=staff, session_id=session.pk)
    leave = meetings.leave_request(actor=staff, session_id=session.pk, deputy_id=deputy.pk, reason="公务")
    staff = fresh(staff)
    with django_assert_num_queries(11):  # bench/query_counts.py: 13 before the spine, 14 on it before this
        meetings.leave_decide(actor=staff, leave_id=leave.pk, approve=True)


def test_deputy_update_reads_the_deputy_once(role_users, django_assert_num_queries):
    deputy = DeputyFactory()
    staff = fresh(role_users[Role.STAFF])
    loaded = deputy_for_view(user=staff, pk=deputy.pk)
    # bench/query_counts.py (content types not yet cached): 9 before the spine, 8 now; warm, as here: 7
    with django_assert_num_queries(7):
        deputies.deputy_update(actor=staff, deputy_id=loaded, workplace="新单位")


def test_poll_open_and_close_read_the_poll_once(django_assert_num_queries):
    s = vote_setup.build(10, staff=user_with_role(Role.STAFF, username="qc-vote-staff"))
    poll = voting.poll_create(
        actor=s.staff, item_id=s.item.pk, kind="motion", title="决议", method="electronic"
    )
    staff = fresh(s.staff)
    loaded = poll_for_view(user=staff, pk=poll.pk)
    with django_assert_num_queries(7):  # before the spine: 8
        voting.poll_open(actor=staff, poll_id=loaded)
    voting.ballot_cast(
        actor=s.users[0], poll_id=poll.pk, deputy_id=s.deputies[0].pk, payload={"choice": "yes"}
    )
    staff = fresh(s.staff)
    loaded = poll_for_view(user=staff, pk=poll.pk)
    # before the spine (SQLite, 25 deputies; the count does not depend on them): 15. PostgreSQL writes the
    # count's rows in fewer statements.
    with django_assert_num_queries(14 if connection.vendor == "sqlite" else 11):
        voting.poll_close(actor=staff, poll_id=loaded)


def test_ballot_cast_finds_the_deputy_with_the_poll(django_assert_num_queries):
    s = vote_setup.build(3, staff=user_with_role(Role.STAFF, username="qc-cast-staff"))
    poll = voting.poll_create(
        actor=s.staff, item_id=s.item.pk, kind="motion", title="决议", method="electronic"
    )
    voting.poll_open(actor=s.staff, poll_id=poll.pk)
    # the voter's roles, the poll with the voter's Deputy record and roll line (one read), the poll's state
    # under a shared lock, the voter mark, the ballot, and the transaction's two statements: 7, as before the
    # spine (8 on it before the Deputy record was found in the poll's read)
    voter = fresh(s.users[1])
    with django_assert_num_queries(7):
        voting.ballot_cast(
            actor=voter, poll_id=poll.pk, deputy_id=s.deputies[1].pk, payload={"choice": "yes"}
        )


def test_paper_issue_reads_the_poll_once(django_assert_num_queries):
    s = vote_setup.build(10, staff=user_with_role(Role.STAFF, username="qc-paper-staff"))
    poll = voting.poll_create(actor=s.staff, item_id=s.item.pk, kind="motion", title="决议", method="paper")
    staff = fresh(s.staff)
    loaded = poll_for_view(user=staff, pk=poll.pk)
    with django_assert_num_queries(6):  # before the spine: 7
        voting.paper_issue(actor=staff, poll_id=loaded, issued=10)
