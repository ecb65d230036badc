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
from tests.factories import (
    AgendaItemFactory,
    DelegationFactory,
    DeputyFactory,
    SessionFactory,
    user_with_role,
)


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
    # The request's work: the page's scoped read (a session's scope is "signed in": no roles read) and the
    # service (its `require` reads the roles). Service alone before the spine: 8; on the spine with the roles
    # read by the scoped read: 2 + 7; now 1 + 8.
    with django_assert_num_queries(9):
        loaded = session_for_view(user=staff, pk=session.pk)
        meetings.session_start(actor=staff, session_id=loaded)


def test_check_in_reads_the_session_once(role_users, django_assert_num_queries):
    staff = role_users[Role.STAFF]
    deputy = DeputyFactory()
    session = SessionFactory(term=deputy.term)
    meetings.session_open_check_in(actor=staff, session_id=session.pk)
    staff = fresh(staff)
    # bench/query_counts.py, a roll of 5: 9 before the spine (service alone). The scoped read and the service
    # together, as in test_session_start_reads_the_session_once: 2 + 7 on the spine, 1 + 8 now.
    with django_assert_num_queries(9):
        loaded = session_for_view(user=staff, pk=session.pk)
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
    # count's rows in fewer statements. Issue 11: the close counts the sealed ballots it has just opened and
    # stored without reading them back (one query fewer: 14 / 11 before).
    with django_assert_num_queries(13 if connection.vendor == "sqlite" else 10):
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


def test_meeting_api_get_reads_no_roles(role_users, client, django_assert_num_queries):
    """GET /api/meetings/{id}: a session's scope is "signed in", so neither a token nor a session request
    reads the caller's roles. Before the spine: 6 with a session (session, user, the session, its agenda
    items, documents and notes); on the spine 7 (+ the roles); 8 with two-factor sign-in's check; 7 since that
    check is read with the session's user (accounts.backends.UserBackend)."""
    from renda.accounts import services as accounts

    staff = role_users[Role.STAFF]
    item = AgendaItemFactory()
    session = item.session
    _token, raw = accounts.api_token_create(actor=staff, user=staff, name="qc")
    url = f"/api/meetings/{session.pk}"
    headers = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert client.get(url, **headers).status_code == 200  # the first use writes last_used_at
    # the token with its user (one join), the session, its agenda items, their documents and notes
    with django_assert_num_queries(5) as ctx:
        response = client.get(url, **headers)
    assert response.status_code == 200 and response.json()["agenda"][0]["title"] == item.title
    assert not any("roleassignment" in q["sql"] for q in ctx.captured_queries)

    client.force_login(fresh(staff))
    # + Django's session and user (with the second step's "has an authenticator", accounts.backends)
    with django_assert_num_queries(6) as ctx:
        assert client.get(url).status_code == 200
    assert not any("roleassignment" in q["sql"] for q in ctx.captured_queries)


def test_a_signed_in_scope_refuses_anonymous_and_reads_no_roles(role_users, django_assert_num_queries):
    from django.contrib.auth.models import AnonymousUser

    from renda.meetings.models import Session

    session = SessionFactory()
    for nobody in (None, AnonymousUser()):
        assert not Session.objects.restrict(nobody).exists()
        with pytest.raises(NotFound):
            spine.get_visible(Session, nobody, session.pk)
        with pytest.raises(NotFound):
            spine.get_visible(Session, nobody, session)
    deputy = fresh(role_users[Role.DEPUTY])
    with django_assert_num_queries(1):
        assert spine.get_visible(Session, deputy, session.pk) == session
    with django_assert_num_queries(0):
        assert spine.get_visible(Session, deputy, session) is session
