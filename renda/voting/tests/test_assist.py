"""The assisted terminal (issue 11): staff run it, the deputy confirms their own ballot with their own
password; deputies and other roles cannot open it; a wrong password, another person's account or a staff
account casts nothing; the cast is sealed and in the trail without the choice; the page has one size."""

from __future__ import annotations

import pytest
from django.urls import reverse

from renda.core.models import Event
from renda.core.roles import Role
from renda.voting.models import SealedBallot, VoterMark
from renda.voting.tests.engine_setup import build, open_motion
from renda.voting.views import PAGE_BLOCK
from tests.factories import PASSWORD, user_with_role

pytestmark = pytest.mark.django_db


def _setup():
    s = build(3)
    poll = open_motion(s)
    for u in s.users:
        u.set_password(PASSWORD)
        u.save(update_fields=["password"])
    return s, poll, reverse("voting:assist", args=[poll.pk])


@pytest.mark.parametrize("role", [Role.DEPUTY, Role.LEADER, Role.AUDITOR, Role.UNIT_LEADER])
def test_only_staff_run_the_terminal(client, role):
    s, poll, url = _setup()
    user = s.users[0] if role == Role.DEPUTY else user_with_role(role, username=f"assist-{role}")
    client.force_login(user)
    assert client.get(url).status_code == 403
    post = client.post(url, {"choice": "yes", "username": s.users[1].username, "password": PASSWORD})
    assert post.status_code == 403
    assert not VoterMark.objects.filter(poll=poll).exists()


def test_a_wrong_confirmation_casts_nothing(client):
    s, poll, url = _setup()
    client.force_login(s.staff)
    other_staff = user_with_role(Role.STAFF, username="assist-other-staff")
    other_staff.set_password(PASSWORD)
    other_staff.save(update_fields=["password"])
    for username, password in (
        (s.users[1].username, "wrong"),
        ("nobody", PASSWORD),
        (other_staff.username, PASSWORD),  # not a deputy: staff may not cast a secret ballot
        ("", ""),
    ):
        answer = client.post(url, {"choice": "yes", "username": username, "password": password}, follow=True)
        assert "账号或密码不正确" in answer.content.decode()
    # a bad ballot with the right password: told what is wrong, nothing cast
    answer = client.post(url, {"choice": "maybe", "username": s.users[1].username, "password": PASSWORD})
    assert answer.status_code == 302
    assert not VoterMark.objects.filter(poll=poll).exists() and not SealedBallot.objects.exists()
    assert not Event.objects.filter(action="ballot_assisted").exists()


def test_assisted_cast_is_sealed_and_in_the_trail_without_the_choice(client):
    s, poll, url = _setup()
    client.force_login(s.staff)
    sizes = {len(client.get(url).content)}
    answer = client.post(
        url, {"choice": "abstain", "username": s.users[2].username, "password": PASSWORD}, follow=True
    )
    body = answer.content.decode()
    assert "协助投票已记录" in body and "弃权" not in body.split("协助投票终端", 1)[0]
    sizes.add(len(answer.content))
    assert {size % PAGE_BLOCK for size in sizes} == {0}
    mark = VoterMark.objects.get(poll=poll)
    assert (mark.deputy_id, mark.source) == (s.deputies[2].pk, "assisted")
    assert SealedBallot.objects.filter(poll=poll).count() == 1
    event = Event.objects.get(action="ballot_assisted")
    assert event.changes == {"deputy": s.deputies[2].pk, "assisted_by": s.staff.pk}
    assert "abstain" not in str(event.changes)
    # again: recorded once, told so
    again = client.post(
        url, {"choice": "yes", "username": s.users[2].username, "password": PASSWORD}, follow=True
    )
    assert "已投票" in again.content.decode()
    assert VoterMark.objects.filter(poll=poll).count() == 1 and SealedBallot.objects.count() == 1
