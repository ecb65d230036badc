"""退回修改: a unit's leader sends a draft reply back to the handler with a reason, instead of signing it."""

import pytest

from renda.core import spine
from renda.core.errors import ApplicationError, PermissionDenied
from renda.core.models import Event, Notification
from renda.proposals import permissions, services
from renda.proposals.choices import ReplyStatus, Status
from renda.proposals.tests.engine_setup import assigned, make_world

pytestmark = pytest.mark.django_db


def _drafted(w):
    p = assigned(w, leads=(0,), cos=())
    reply = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="初稿", category="A")
    return p, reply


def test_the_leader_sends_a_draft_back_and_the_handler_drafts_it_again(django_capture_on_commit_callbacks):
    w = make_world()
    p, reply = _drafted(w)
    assert "send_back_reply" in permissions.available_actions(w.unit_leaders[0], p)
    with django_capture_on_commit_callbacks(execute=True):
        services.reply_send_back(actor=w.unit_leaders[0], reply_id=reply.pk, reason="数据需核实")
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.SENT_BACK and reply.send_back_reason == "数据需核实"
    event = Event.objects.get(action="proposal_reply_send_back")
    assert event.comment == "数据需核实" and event.actor == w.unit_leaders[0]
    assert Notification.objects.filter(user=w.handlers[0], body="数据需核实").exists()
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    # nothing waits for 签发 now: neither sign nor send back is offered
    actions = permissions.available_actions(w.unit_leaders[0], p)
    assert "sign_reply" not in actions and "send_back_reply" not in actions
    with pytest.raises(ApplicationError):
        services.reply_sign(actor=w.unit_leaders[0], reply_id=reply.pk)
    again = services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="修改稿", category="A")
    assert again.pk == reply.pk and again.status == ReplyStatus.DRAFT and again.send_back_reason == ""
    services.reply_sign(actor=w.unit_leaders[0], reply_id=reply.pk)
    p.refresh_from_db()
    assert p.status == Status.REPLIED


def test_a_reason_is_required():
    w = make_world()
    _p, reply = _drafted(w)
    with pytest.raises(ApplicationError) as err:
        services.reply_send_back(actor=w.unit_leaders[0], reply_id=reply.pk, reason="  ")
    assert err.value.field == "reason"
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.DRAFT


@pytest.mark.parametrize("who", ["handler", "staff", "other_leader"])
def test_only_the_units_leader_sends_back(who):
    w = make_world()
    p, reply = _drafted(w)
    actor = {"handler": w.handlers[0], "staff": w.staff, "other_leader": w.unit_leaders[1]}[who]
    assert "send_back_reply" not in permissions.available_actions(actor, p)
    with pytest.raises((PermissionDenied, ApplicationError)):
        services.reply_send_back(actor=actor, reply_id=reply.pk, reason="不行")
    reply.refresh_from_db()
    assert reply.status == ReplyStatus.DRAFT


def test_send_back_requires_before_it_locks():
    w = make_world()
    _p, reply = _drafted(w)
    with spine.trace() as calls:
        services.reply_send_back(actor=w.unit_leaders[0], reply_id=reply.pk, reason="再改")
    names = [c[0] for c in calls]
    assert names.index("require") < names.index("lock")
