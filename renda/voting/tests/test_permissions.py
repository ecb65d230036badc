"""Every role (and anonymous) against every voting API endpoint (tests.matrix.check_matrix)."""

import re

import pytest

from renda.core.roles import Role
from renda.meetings.models import Attendance
from renda.voting import permissions, services
from renda.voting.models import VoterMark
from renda.voting.tests.engine_setup import build, stored_ballots
from tests.matrix import check_matrix

pytestmark = pytest.mark.django_db

MANAGERS = {Role.STAFF: 200, Role.ADMIN: 200}
OTHERS = [Role.DEPUTY, Role.LEADER, Role.AUDITOR, Role.UNIT_HANDLER, Role.UNIT_LEADER, Role.STATION_KEEPER]
SIGNED_IN = {role.value: 200 for role in Role}
JSON = {"content_type": "application/json"}


def managers_only(ok=200):
    return {**{r: ok for r in MANAGERS}, **{r: 403 for r in OTHERS}, "anonymous": 401}


@pytest.fixture
def env(role_users):
    s = build(5, staff=role_users[Role.STAFF])
    own = role_users[Role.DEPUTY].deputy
    Attendance.objects.create(session=s.session, deputy=own, status="present")
    s.session.roll_size = 6
    s.session.save(update_fields=["roll_size"])
    s.own = own
    return s


def poll_in(s, state, *, method="electronic"):
    poll = services.poll_create(
        actor=s.staff, item_id=s.item.pk, kind="motion", title=f"{state}表决", method=method
    )
    if method == "paper":
        services.paper_issue(actor=s.staff, poll_id=poll.pk, issued=6)
    if state == "draft":
        return poll
    poll = services.poll_open(actor=s.staff, poll_id=poll.pk)
    if state == "open":
        return poll
    if method == "electronic":
        services.ballot_cast(  # the deputy's own (issue 11: staff may not cast a secret ballot)
            actor=s.users[0], poll_id=poll.pk, deputy_id=s.deputies[0].pk, payload={"choice": "yes"}
        )
    poll = services.poll_close(actor=s.staff, poll_id=poll.pk)
    if state == "closed":
        return poll
    return services.poll_publish(actor=s.staff, poll_id=poll.pk)


def test_polls_list_and_detail(client, role_users, env):
    poll = poll_in(env, "open")
    check_matrix(client, role_users, "/api/voting/polls", {**SIGNED_IN, "anonymous": 401})
    for suffix in ("", "/turnout"):
        check_matrix(
            client, role_users, f"/api/voting/polls/{poll.pk}{suffix}", {**SIGNED_IN, "anonymous": 401}
        )
    check_matrix(
        client, role_users, "/api/voting/polls/999999", {**{r: 404 for r in SIGNED_IN}, "anonymous": 401}
    )


def test_result_and_ballots_of_a_closed_poll_are_the_managers(client, role_users, env):
    poll = poll_in(env, "closed")
    for suffix in ("result", "ballots"):
        check_matrix(client, role_users, f"/api/voting/polls/{poll.pk}/{suffix}", managers_only())


def test_result_and_ballots_of_a_published_poll_are_public(client, role_users, env):
    poll = poll_in(env, "published")
    for suffix in ("result", "ballots"):
        check_matrix(
            client, role_users, f"/api/voting/polls/{poll.pk}/{suffix}", {**SIGNED_IN, "anonymous": 401}
        )


def test_no_result_while_open(client, role_users, env):
    poll = poll_in(env, "open")
    for suffix in ("result", "ballots"):
        check_matrix(
            client,
            role_users,
            f"/api/voting/polls/{poll.pk}/{suffix}",
            {**{r: 409 for r in SIGNED_IN}, "anonymous": 401},
        )


def test_cast_matrix(client, role_users, env):
    poll = poll_in(env, "open")

    def data(role):
        body = {"payload": {"choice": "yes"}}
        return body if role == Role.DEPUTY else {**body, "deputy_id": env.own.pk}

    check_matrix(
        client,
        role_users,
        f"/api/voting/polls/{poll.pk}/cast",
        # issue 11: staff may not enter a deputy's secret electronic ballot
        {
            **{r: 403 for r in MANAGERS},
            Role.DEPUTY: 200,
            **{r: 403 for r in OTHERS if r != Role.DEPUTY},
            "anonymous": 401,
        },
        method="post",
        data=data,
        **JSON,
    )
    assert VoterMark.objects.filter(poll=poll).count() == 1
    assert len(stored_ballots(poll)) == 1


@pytest.mark.parametrize("action, state", [("open", "draft"), ("close", "open"), ("publish", "closed")])
def test_transitions_are_the_managers(client, role_users, env, action, state):
    check_matrix(
        client,
        role_users,
        lambda role: f"/api/voting/polls/{poll_in(env, state).pk}/{action}",
        managers_only(),
        method="post",
    )


def test_paper_entry_and_status_are_the_managers(client, role_users, env):
    poll = poll_in(env, "open", method="paper")
    check_matrix(
        client,
        role_users,
        f"/api/voting/polls/{poll.pk}/paper/entries",
        managers_only(),
        method="post",
        data={"sheet": 1, "payload": {"choice": "yes"}},
        **JSON,
    )
    check_matrix(client, role_users, f"/api/voting/polls/{poll.pk}/paper", managers_only())
    check_matrix(
        client,
        role_users,
        lambda role: f"/api/voting/polls/{poll_in(env, 'draft', method='paper').pk}/paper/issue",
        managers_only(),
        method="post",
        data={"issued": 6},
        **JSON,
    )


def test_cast_is_idempotent_over_http(client, role_users, env):
    poll = poll_in(env, "open")
    client.force_login(role_users[Role.DEPUTY])
    url = f"/api/voting/polls/{poll.pk}/cast"
    first = client.post(url, {"payload": {"choice": "no"}}, **JSON)
    again = client.post(url, {"payload": {"choice": "yes"}}, **JSON)
    assert (first.status_code, first.json()["recorded"]) == (200, True)
    assert re.fullmatch(r"[A-Z2-7]{4}(-[A-Z2-7]{4}){3}", first.json()["receipt"])  # issue 11: the receipt
    assert (again.status_code, again.json()) == (200, {"recorded": False, "receipt": ""})
    assert stored_ballots(poll) == [{"choice": "no"}]


def test_cast_errors_are_json(client, role_users, env):
    poll = poll_in(env, "open")
    client.force_login(role_users[Role.DEPUTY])
    bad = client.post(f"/api/voting/polls/{poll.pk}/cast", {"payload": {"choice": "maybe"}}, **JSON)
    assert bad.status_code == 400 and bad.json()["field"] == "choice"
    closed = poll_in(env, "closed")
    late = client.post(f"/api/voting/polls/{closed.pk}/cast", {"payload": {"choice": "yes"}}, **JSON)
    assert late.status_code == 409 and late.json()["code"] == "wrong_state"
    client.force_login(role_users[Role.LEADER])
    nobody = client.post(f"/api/voting/polls/{poll.pk}/cast", {"payload": {"choice": "yes"}}, **JSON)
    assert nobody.status_code == 400 and nobody.json()["field"] == "deputy_id"


def test_actions_drawn_from_the_table(client, role_users, env):
    poll = poll_in(env, "open")
    # issue 11: staff may not enter a secret electronic ballot
    expected = {Role.DEPUTY: ["cast"], Role.STAFF: ["close"], Role.LEADER: []}
    for role, actions in expected.items():
        client.force_login(role_users[role])
        assert client.get(f"/api/voting/polls/{poll.pk}").json()["actions"] == actions, role


def test_digest_hidden_until_result_visible(client, role_users, env):
    poll = poll_in(env, "closed")
    client.force_login(role_users[Role.DEPUTY])
    assert client.get(f"/api/voting/polls/{poll.pk}").json()["digest"] == ""
    client.force_login(role_users[Role.STAFF])
    assert len(client.get(f"/api/voting/polls/{poll.pk}").json()["digest"]) == 64


def test_polls_list_query_count(client, role_users, env, django_assert_max_num_queries):
    for _ in range(3):
        poll_in(env, "draft")
    client.force_login(role_users[Role.STAFF])
    with django_assert_max_num_queries(12):
        body = client.get(f"/api/voting/polls?session={env.session.pk}").json()
    assert body["count"] == 3


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_permission_predicates(role_users, env, role):
    user = role_users[role]
    poll = poll_in(env, "open")
    assert permissions.can_manage(user) is (role in (Role.STAFF, Role.ADMIN))
    assert permissions.can_vote(user, poll) is (role == Role.DEPUTY)
    assert permissions.can_view_poll(user, poll) is True
    closed = poll_in(env, "closed")
    assert permissions.can_view_result(user, closed) is (role in (Role.STAFF, Role.ADMIN))
    assert permissions.can_view_result(user, poll) is False
