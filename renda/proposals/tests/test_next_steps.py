"""Issue 10's next-step cues in the proposals app: the unit leader's 待签发 tile and its list, the staff's
requests tile with its count, the notice a unit gets on assignment, the lead deputy's contact for the
handling unit (masked elsewhere), the co-signers' wording, and batch accept in the review queue."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from renda.core import spine
from renda.core.errors import ApplicationError
from renda.core.models import Event, Notification
from renda.proposals import permissions, selectors, services
from renda.proposals.models import MotionWindow, Proposal, ProposalSettings
from renda.proposals.presets import tiles_for
from renda.proposals.tests.engine_setup import (
    accepted,
    assigned,
    draft,
    make_world,
    snapshot,
    submitted,
)

pytestmark = pytest.mark.django_db


def _motion(w, title):
    """A submitted motion (the presidium decides it: batch accept leaves it alone)."""
    ProposalSettings.objects.filter(pk=w.settings.pk).update(motion_min_cosigners=1)
    MotionWindow.objects.get_or_create(
        session=w.session, defaults={"deadline": timezone.now() + dt.timedelta(days=1), "set_by": w.staff}
    )
    return submitted(w, kind="motion", title=title)


def _tile(user, key):
    return next((t for t in tiles_for(user) if t["key"] == key), None)


def _draft_reply(w, p, unit=0):
    return services.reply_draft(actor=w.handlers[unit], proposal_id=p.pk, text="答复内容", category="A")


# --- 待签发 -------------------------------------------------------------------------------------------------


def test_the_unit_leaders_to_sign_tile_counts_the_drafts_waiting_for_them_and_opens_that_list(client):
    w = make_world()
    waiting = assigned(w, leads=(0,), cos=())
    _draft_reply(w, waiting)
    assigned(w, leads=(0,), cos=(), title="尚无答复稿的建议")  # nothing to sign yet
    other = assigned(w, leads=(1,), cos=(), title="另一单位的建议")
    _draft_reply(w, other, unit=1)  # another unit's draft: not this leader's to sign

    tile = _tile(w.unit_leaders[0], "to-sign")
    assert tile is not None and tile["count"] == 1 and tile["alert"]
    assert tile["url"] == reverse("proposals:list") + "?to_sign=1"
    client.force_login(w.unit_leaders[0])
    page = client.get(tile["url"]).content.decode()
    assert "共 1 件" in page and waiting.title in page and other.title not in page
    assert 'name="to_sign"' in page and "checked" in page.split('name="to_sign"')[1].split(">")[0]

    services.reply_sign(actor=w.unit_leaders[0], reply_id=waiting.replies.get().pk)
    assert _tile(w.unit_leaders[0], "to-sign")["count"] == 0  # signed: no longer waiting


def test_a_draft_sent_back_is_not_waiting_for_sign_off():
    w = make_world()
    p = assigned(w, leads=(0,), cos=())
    r = _draft_reply(w, p)
    services.reply_send_back(actor=w.unit_leaders[0], reply_id=r.pk, reason="请补充办理措施")
    assert _tile(w.unit_leaders[0], "to-sign")["count"] == 0


@pytest.mark.parametrize("who", ["handlers", "staff", "leader", "lead", "auditor", "keeper"])
def test_only_a_unit_leader_is_offered_the_to_sign_tile(who):
    w = make_world()
    user = getattr(w, who)
    user = user[0] if isinstance(user, list) else user
    assert _tile(user, "to-sign") is None


# --- 退回与延期申请 -----------------------------------------------------------------------------------------


def test_the_requests_tile_shows_the_count_of_the_requests_page(client):
    w = make_world()
    p = assigned(w, leads=(0,), cos=(1,))
    q = assigned(w, leads=(0,), cos=(), title="第二件")
    services.return_request(actor=w.handlers[1], proposal_id=p.pk, reason="不属于本单位职责")
    services.extension_request(actor=w.handlers[0], proposal_id=q.pk, months=2, reason="需要协调")
    assert selectors.pending_request_count(user=w.staff) == 2
    client.force_login(w.staff)
    home = client.get(reverse("reports:home")).content.decode()
    tile = home.split('data-testid="work-requests"')[1].split("</a>")[0]
    assert '<span class="tile-value">2</span>' in tile and "→" not in tile
    page = client.get(reverse("proposals:requests")).content.decode()
    assert page.count('data-testid="pending-return"') + page.count('data-testid="pending-extension"') == 2


@pytest.mark.parametrize("who", ["handlers", "unit_leaders", "leader", "lead", "auditor"])
def test_the_requests_tile_is_only_for_those_who_decide_requests(client, who):
    w = make_world()
    user = getattr(w, who)
    client.force_login(user[0] if isinstance(user, list) else user)
    assert 'data-testid="work-requests"' not in client.get(reverse("reports:home")).content.decode()


# --- the notice on assignment ----------------------------------------------------------------------------


def test_assignment_tells_each_unit_what_came_as_what_and_by_when(django_capture_on_commit_callbacks):
    w = make_world()
    p = accepted(w)
    with django_capture_on_commit_callbacks(execute=True):
        p = services.proposal_assign(
            actor=w.staff, proposal_id=p.pk, lead_unit_ids=[w.units[0].pk], co_unit_ids=[w.units[1].pk]
        )
    lead_notes = Notification.objects.filter(user__in=[w.handlers[0], w.unit_leaders[0]])
    assert lead_notes.count() == 2
    for note in lead_notes:
        assert note.title == f"新交办：{p.title}"
        assert "主办" in note.body and p.due_date.isoformat() in note.body
        assert note.url == reverse("proposals:detail", args=[p.pk])
    co_note = Notification.objects.get(user=w.handlers[1])
    co_due = p.assignments.get(unit=w.units[1]).co_opinion_due
    assert "会办" in co_note.body and co_due.isoformat() in co_note.body
    assert not Notification.objects.filter(user=w.handlers[2]).exists()  # a unit not assigned hears nothing


# --- the deputy's contact for 沟通 ---------------------------------------------------------------------


def _phone_cell(client, user, p):
    client.force_login(user)
    page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    if 'data-testid="lead-deputy-phone"' not in page:
        return None
    return page.split('data-testid="lead-deputy-phone"')[1].split("</dd>")[0]


def test_the_handling_unit_reads_the_lead_deputys_phone_others_see_it_masked_or_not_at_all(client):
    w = make_world()
    w.lead_deputy.phone = "13812341234"
    w.lead_deputy.save(update_fields=["phone"])
    p = assigned(w, leads=(0,), cos=(1,))
    full, masked = "13812341234", "138****1234"
    for user in (w.handlers[0], w.unit_leaders[0], w.staff, w.leader, w.auditor):
        cell = _phone_cell(client, user, p)
        assert cell is not None and full in cell and 'data-full="1"' in cell, user
    cell = _phone_cell(client, w.handlers[1], p)  # the co-handling unit: masked
    assert cell is not None and masked in cell and full not in cell
    assert _phone_cell(client, w.cosigners[0][0], p) is None  # a deputy is not shown the block
    assert permissions.lead_contact_shown(w.handlers[0], p)
    assert not permissions.lead_contact_shown(w.handlers[1], p)
    assert not permissions.lead_contact_shown(w.handlers[2], p)


def test_a_unit_whose_assignment_was_returned_no_longer_reads_the_phone():
    w = make_world()
    w.lead_deputy.phone = "13812341234"
    w.lead_deputy.save(update_fields=["phone"])
    p = assigned(w, leads=(0,), cos=())
    p.assignments.update(is_active=False)
    p = Proposal.objects.get(pk=p.pk)
    assert not permissions.lead_contact_shown(w.handlers[0], p)


# --- co-signers' wording ------------------------------------------------------------------------------------


def test_the_disabled_submit_says_co_signers_have_not_confirmed_not_that_anyone_replied(client):
    w = make_world()
    p = draft(w)
    services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[w.cosigners[0][1].pk])
    client.force_login(w.lead)
    page = client.get(reverse("proposals:detail", args=[p.pk])).content.decode()
    reason = page.split('data-testid="disabled-submit"')[1].split("</")[0]
    assert "联名代表未确认是否联名" in reason and "答复" not in reason


# --- batch accept -------------------------------------------------------------------------------------------


def test_batch_accept_accepts_each_item_and_reports_the_refused_ones_untouched():
    w = make_world()
    a, b = submitted(w, title="甲"), submitted(w, title="乙")
    gone = submitted(w, title="已被他人受理")
    services.proposal_review(actor=w.staff2, proposal_id=gone.pk, decision="accept")
    motion = _motion(w, "议案")
    before = snapshot(Proposal)
    with spine.trace() as trace:
        results = services.proposal_review_accept_many(
            actor=w.staff, proposal_ids=[a.pk, gone.pk, motion.pk, b.pk, a.pk, 999999]
        )
    assert [(r.proposal_id, r.ok) for r in results] == [
        (a.pk, True),
        (gone.pk, False),
        (motion.pk, False),
        (b.pk, True),
        (999999, False),
    ]
    assert results[1].code == "wrong_state" and results[4].code == "not_found"
    assert (
        Proposal.objects.get(pk=a.pk).status == "accepted"
        and Proposal.objects.get(pk=b.pk).status == "accepted"
    )
    after = {row["id"]: row for row in snapshot(Proposal)}
    for row in before:
        if row["id"] in (gone.pk, motion.pk):
            assert after[row["id"]] == row  # refused: nothing changed
    events = Event.objects.filter(action="proposal_review_accept", actor=w.staff)
    assert sorted(int(e.object_id) for e in events) == sorted([a.pk, b.pk])
    requires = [step for step in trace if step[0] == "require"]
    assert requires, trace


@pytest.mark.parametrize("who", ["leader", "auditor", "lead", "handlers"])
def test_batch_accept_refuses_every_item_to_a_role_that_may_not_accept(who):
    w = make_world()
    p = submitted(w)
    user = getattr(w, who)
    user = user[0] if isinstance(user, list) else user
    results = services.proposal_review_accept_many(actor=user, proposal_ids=[p.pk])
    assert not results[0].ok and results[0].code in ("forbidden", "not_found")
    assert Proposal.objects.get(pk=p.pk).status == "submitted"


def test_batch_accept_bad_input_changes_nothing():
    w = make_world()
    p = submitted(w)
    with pytest.raises(ApplicationError) as exc:
        services.proposal_review_accept_many(actor=w.staff, proposal_ids=[])
    assert exc.value.field == "proposal_ids"
    with pytest.raises(ApplicationError):
        services.proposal_review_accept_many(actor=w.staff, proposal_ids=[p.pk, "x"])
    with pytest.raises(ApplicationError) as exc:
        services.proposal_review_accept_many(actor=w.staff, proposal_ids=range(1, services.BATCH_LIMIT + 2))
    assert exc.value.code == "too_many"
    assert Proposal.objects.get(pk=p.pk).status == "submitted"


def test_the_review_queue_offers_batch_accept_to_staff_and_shows_each_result(client):
    w = make_world()
    a = submitted(w, title="甲件")
    motion = _motion(w, "议案件")
    client.force_login(w.staff)
    page = client.get(reverse("proposals:review")).content.decode()
    assert 'data-testid="batch-accept"' in page
    assert f'name="proposal_ids" value="{a.pk}"' in page
    assert f'name="proposal_ids" value="{motion.pk}"' not in page  # the presidium decides motions
    response = client.post(reverse("proposals:review_accept_batch"), {"proposal_ids": [a.pk, motion.pk]})
    html = response.content.decode()
    assert response.status_code == 200 and "已受理 1 件，未受理 1 件" in html
    assert html.count('data-ok="1"') == 1 and html.count('data-ok="0"') == 1 and "议案件" in html
    assert Proposal.objects.get(pk=a.pk).status == "accepted"


@pytest.mark.parametrize("who", ["leader", "auditor", "handlers", "lead"])
def test_batch_accept_page_is_refused_to_other_roles(client, who):
    w = make_world()
    p = submitted(w)
    user = getattr(w, who)
    client.force_login(user[0] if isinstance(user, list) else user)
    response = client.post(reverse("proposals:review_accept_batch"), {"proposal_ids": [p.pk]})
    assert response.status_code == 403
    assert Proposal.objects.get(pk=p.pk).status == "submitted"
    if who in ("leader", "auditor"):  # they read the queue, without the batch form
        assert 'data-testid="batch-accept"' not in client.get(reverse("proposals:review")).content.decode()


def test_batch_accept_through_the_api_reports_each_item(client):
    w = make_world()
    a = submitted(w, title="接口批量甲")
    gone = submitted(w, title="接口批量乙")
    services.proposal_review(actor=w.staff2, proposal_id=gone.pk, decision="accept")
    client.force_login(w.staff)
    r = client.post(
        "/api/proposals/review/accept-batch", {"proposal_ids": [a.pk, gone.pk]}, "application/json"
    )
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["done"] == 1 and body["failed"] == 1
    assert [(x["proposal_id"], x["ok"]) for x in body["results"]] == [(a.pk, True), (gone.pk, False)]
    assert body["results"][1]["code"] == "wrong_state" and body["results"][1]["message"]
    r = client.post("/api/proposals/review/accept-batch", {"proposal_ids": []}, "application/json")
    assert r.status_code == 422 and r.json()["detail"][0]["loc"][-1] == "proposal_ids"  # the schema: ≥ 1
    client.force_login(w.leader)
    c = submitted(w, title="接口批量丙")
    r = client.post("/api/proposals/review/accept-batch", {"proposal_ids": [c.pk]}, "application/json")
    assert r.status_code == 200 and r.json()["done"] == 0
    assert Proposal.objects.get(pk=c.pk).status == "submitted"
