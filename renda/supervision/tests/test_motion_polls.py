"""The standing committee's votes on an investigation (to set up the committee; on its report's resolution)
and on a removal motion taken on the members' devices: a poll of the voting engine on the agenda item,
opened and closed by the staff, decided by the same rule as counts entered by hand (more than half of ALL
members: the meeting's roll). One way or the other, never both; the pages, the API and the trail follow."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from renda.appointments import selectors as appointment_selectors
from renda.appointments.models import Case
from renda.core import spine
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event
from renda.supervision.models import Investigation, RemovalMotion
from renda.supervision.services import investigations as svc
from renda.supervision.services import removals
from renda.supervision.tests import scenario
from renda.voting.models import Poll

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world(prefix="mpo")


def _events(model, obj, prefix):
    return list(
        Event.objects.filter(object_id=str(obj.pk), action__startswith=prefix)
        .values_list("action", flat=True)
        .order_by("id")
    )


def _scheduled(w):
    meeting = scenario.meeting_in_progress(w)
    obj = scenario.inv_proposed(w)
    obj = svc.investigation_schedule(actor=w.staff, investigation_id=obj.pk, meeting_id=meeting.pk)
    return meeting, obj


def test_the_members_vote_on_their_devices_and_the_investigation_is_established(w):
    _meeting, obj = _scheduled(w)
    available = spine.available_actions(w.staff, obj)
    assert {"decide", "open_vote"} <= set(available) and "close_vote" not in available
    with pytest.raises(ApplicationError, match="还没有开始电子表决"):
        svc.investigation_vote_close(actor=w.staff, investigation_id=obj.pk)
    lead = scenario.members(w)[0][0]
    with pytest.raises(PermissionDenied):
        svc.investigation_vote_open(actor=lead, investigation_id=obj.pk)
    with pytest.raises(ApplicationError, match="表决方式"):
        svc.investigation_vote_open(actor=w.staff, investigation_id=obj.pk, method="show_of_hands")
    assert Poll.objects.count() == 0

    obj = svc.investigation_vote_open(actor=w.staff, investigation_id=obj.pk)
    poll = Poll.objects.get(pk=obj.poll_id)
    assert (poll.status, poll.secret, poll.item_id) == ("open", False, obj.agenda_item_id)
    assert obj.status == "scheduled"
    available = spine.available_actions(w.staff, Investigation.objects.get(pk=obj.pk))
    assert "close_vote" in available and not {"decide", "open_vote"} & set(available)
    # counts entered by hand are refused while the poll is open, and change nothing
    with pytest.raises(ApplicationError, match="已提交电子表决"):
        svc.investigation_decide(actor=w.staff, investigation_id=obj.pk, members=11, yes=9, no=0, abstain=0)

    scenario.cast(w, obj.poll_id, yes=6, no=2, abstain=1)  # 6 > 11 / 2
    obj = svc.investigation_vote_close(actor=w.staff, investigation_id=obj.pk)
    assert obj.status == "established" and obj.established_on is not None
    assert (obj.vote_members, obj.vote_yes, obj.vote_no, obj.vote_abstain) == (11, 6, 2, 1)
    assert Poll.objects.get(pk=obj.poll_id).status == "closed"
    assert _events(Investigation, obj, "supervision_investigation_")[-3:] == [
        "supervision_investigation_schedule",
        "supervision_investigation_open_vote",
        "supervision_investigation_close_vote",
    ]
    close = Event.objects.get(object_id=str(obj.pk), action="supervision_investigation_close_vote")
    assert close.changes["status"] == ["scheduled", "established"]
    assert (close.changes["yes"], close.changes["members"], close.changes["passed"]) == (6, 11, True)


def test_five_of_eleven_is_not_more_than_half_of_all_members(w):
    _meeting, obj = _scheduled(w)
    obj = svc.investigation_vote_open(actor=w.staff, investigation_id=obj.pk)
    scenario.cast(w, obj.poll_id, yes=5, no=0, abstain=4)  # 9 present, 5 of 11 members
    obj = svc.investigation_vote_close(actor=w.staff, investigation_id=obj.pk)
    assert obj.status == "not_established" and obj.established_on is None
    assert (obj.vote_members, obj.vote_yes) == (11, 5)


def test_the_resolution_on_the_report_is_voted_on_the_devices(w):
    meeting = scenario.meeting_in_progress(w)
    obj = scenario.inv_investigating(w)
    svc.investigation_record_hearing(
        actor=w.staff, investigation_id=obj.pk, held_on=meeting.start_date, witnesses="市住建局",
        summary="听取情况说明。",
    )  # fmt: skip
    svc.investigation_report(actor=w.staff, investigation_id=obj.pk, text="一、基本情况。")
    obj = svc.investigation_schedule_report(actor=w.staff, investigation_id=obj.pk, meeting_id=meeting.pk)
    with pytest.raises(ApplicationError, match="决议"):
        svc.investigation_resolution_vote_open(actor=w.staff, investigation_id=obj.pk, text="  ")
    obj = svc.investigation_resolution_vote_open(
        actor=w.staff, investigation_id=obj.pk, text="责成市政府限期整改。"
    )
    assert obj.res_poll_id and obj.resolution_text == "责成市政府限期整改。" and obj.resolved_on is None
    with pytest.raises(ApplicationError, match="已提交电子表决"):
        svc.investigation_resolve(
            actor=w.staff, investigation_id=obj.pk, text="另一文本", members=11, yes=9, no=0, abstain=0
        )
    scenario.cast(w, obj.res_poll_id, yes=8, no=1)
    obj = svc.investigation_resolution_vote_close(actor=w.staff, investigation_id=obj.pk)
    assert obj.status == "resolved" and obj.resolution_passed is True
    assert (obj.res_members, obj.res_yes, obj.res_no, obj.res_abstain) == (11, 8, 1, 0)
    assert obj.resolution_text == "责成市政府限期整改。"
    obj = svc.investigation_publish(actor=w.leader, investigation_id=obj.pk)
    assert obj.status == "published"


def test_a_removal_voted_on_the_devices_ends_the_tenure(w):
    meeting = scenario.meeting_in_progress(w)
    obj = scenario.removal_filed(w)
    obj = removals.removal_schedule(actor=w.staff, removal_id=obj.pk, meeting_id=meeting.pk)
    with pytest.raises(PermissionDenied):
        removals.removal_vote_open(actor=w.leader, removal_id=obj.pk)
    obj = removals.removal_vote_open(actor=w.staff, removal_id=obj.pk)
    poll = Poll.objects.get(pk=obj.poll_id)
    assert (poll.kind, poll.status, poll.item_id) == ("appointment", "open", obj.agenda_item_id)
    assert "钱进" in poll.title
    with pytest.raises(ApplicationError, match="已提交电子表决"):
        removals.removal_decide(actor=w.staff, removal_id=obj.pk, members=11, yes=9, no=0, abstain=0)
    scenario.cast(w, obj.poll_id, yes=7, no=1, abstain=1)
    obj = removals.removal_vote_close(actor=w.staff, removal_id=obj.pk)
    assert obj.status == "removed" and (obj.vote_members, obj.vote_yes) == (11, 7)
    assert [p.name for _t, p in appointment_selectors.holders(current=True) if p.name == "钱进"] == []
    assert Case.objects.get(pk=obj.case_id).vote_mode == "polls"
    assert _events(RemovalMotion, obj, "supervision_removal_")[-3:] == [
        "supervision_removal_schedule",
        "supervision_removal_open_vote",
        "supervision_removal_close_vote",
    ]


def _drawn(html: str) -> list[str]:
    return re.findall(r'data-testid="action-([a-z_]+)"', html)


def test_the_page_and_the_api_take_the_vote_on_the_devices(client, w):
    _meeting, obj = _scheduled(w)
    client.force_login(w.staff)
    url = reverse("supervision:investigation", args=[obj.pk])
    drawn = _drawn(client.get(url).content.decode())
    assert "open_vote" in drawn and "decide" in drawn and "close_vote" not in drawn
    act = reverse("supervision:investigation_action", args=[obj.pk, "open_vote"])
    response = client.post(act, {"open_vote-method": "electronic"})
    assert response.status_code == 302
    html = client.get(url).content.decode()
    assert _drawn(html).count("close_vote") == 1 and "decide" not in _drawn(html)
    assert 'data-testid="vote-poll"' in html
    obj = Investigation.objects.get(pk=obj.pk)
    scenario.cast(w, obj.poll_id, yes=7)
    done = client.post(
        f"/api/supervision/investigations/{obj.pk}/close-vote", content_type="application/json"
    )
    assert done.status_code == 200, done.content
    body = done.json()
    assert (body["status"], body["vote_yes"], body["vote_members"], body["poll_id"]) == (
        "established",
        7,
        11,
        obj.poll_id,
    )
    again = client.post(
        f"/api/supervision/investigations/{obj.pk}/close-vote", content_type="application/json"
    )
    assert again.status_code in (400, 403, 409)
    assert Investigation.objects.get(pk=obj.pk).vote_yes == 7


def test_a_member_declares_their_own_interest_and_may_not_then_sit(client, w):
    obj = scenario.inv_established(w)
    member_user, member = scenario.members(w)[3]
    other_user, _other = scenario.members(w)[4]
    assert "declare_own_interest" in spine.available_actions(member_user, obj)
    assert "declare_own_interest" not in spine.available_actions(w.staff, obj)  # staff use declare_conflict
    client.force_login(member_user)
    url = reverse("supervision:investigation", args=[obj.pk])
    assert "declare_own_interest" in _drawn(client.get(url).content.decode())
    act = reverse("supervision:investigation_action", args=[obj.pk, "declare_own_interest"])
    bad = client.post(act, {})
    assert bad.status_code == 400 and not obj.conflicts.exists()
    ok = client.post(act, {"declare_own_interest-reason": "本人曾在承建企业任职"})
    assert ok.status_code == 302
    row = obj.conflicts.get()
    assert (row.deputy_id, row.reason, row.recorded_by_id) == (
        member.pk,
        "本人曾在承建企业任职",
        member_user.pk,
    )
    assert "declare_own_interest" not in _drawn(client.get(url).content.decode())  # once only
    with pytest.raises(ApplicationError, match="利害关系，不得担任调查委员会成员"):
        svc.investigation_add_member(
            actor=w.staff, investigation_id=obj.pk, role="member", deputy_id=member.pk
        )
    # another member through the API, for themselves only; a unit's handler may not
    api = f"/api/supervision/investigations/{obj.pk}/own-interest"
    client.force_login(other_user)
    done = client.post(api, {"reason": "近亲属在被调查单位任职"}, content_type="application/json")
    assert done.status_code == 200, done.content
    assert sorted(obj.conflicts.values_list("deputy_id", flat=True)) == sorted([member.pk, _other.pk])
    client.force_login(w.handlers[0])
    refused = client.post(api, {"reason": "x"}, content_type="application/json")
    assert refused.status_code in (403, 404) and obj.conflicts.count() == 2
