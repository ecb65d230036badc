"""Interpellations (质询案, 监督法 第五十一至五十四条) through the services: members sign on their own
accounts before the deadline; filed only with the statutory number (5 at city level, 3 at county level, a
setting never below the law); the council decides; the body answers (in writing, or orally recorded by the
staff); more than half of the signatories dissatisfied → a second answer. Bad input changes nothing; every
(state, action, role) is allowed or refused as the table says; everything is audited."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.organization.models import Congress
from renda.supervision import selectors
from renda.supervision.models import Interpellation, InterpellationSigner, SupervisionSettings
from renda.supervision.services import interpellations as svc
from renda.supervision.tests import scenario

pytestmark = pytest.mark.django_db


@pytest.fixture
def w():
    return scenario.world(prefix="ip")


def _actions(obj):
    return list(
        Event.objects.filter(object_id=str(obj.pk), action__startswith="supervision_interpellation")
        .order_by("id")
        .values_list("action", flat=True)
    )


def test_five_members_sign_it_is_filed_answered_in_writing_and_closed(w):
    obj = scenario.signing(w)
    ms = scenario.members(w)
    assert obj.signers_needed == 5 and obj.status == "signing"
    assert [i.pk for i in selectors.interpellations_to_sign(ms[1][0])] == [obj.pk]
    # four signatures with the lead's: one short — the guard refuses filing and says why
    for user, _d in ms[1:4]:
        svc.interpellation_sign(actor=user, interpellation_id=obj.pk, accept=True)
    svc.interpellation_sign(actor=ms[4][0], interpellation_id=obj.pk, accept=False)
    with pytest.raises(ApplicationError, match="须5人以上联名"):
        svc.interpellation_file(actor=ms[0][0], interpellation_id=obj.pk)
    assert spine.available_actions(ms[0][0], Interpellation.objects.get(pk=obj.pk)) == ["withdraw"]
    svc.interpellation_sign(actor=ms[5][0], interpellation_id=obj.pk, accept=True)
    assert "file" in spine.available_actions(ms[0][0], Interpellation.objects.get(pk=obj.pk))
    obj = svc.interpellation_file(actor=ms[0][0], interpellation_id=obj.pk)
    assert obj.status == "filed" and obj.filed_at is not None
    # the body does not see it before the council sends it
    with pytest.raises(NotFound):
        selectors.interpellation(w.handlers[0], obj.pk)
    obj = svc.interpellation_accept(actor=w.leader, interpellation_id=obj.pk, answer_form="written")
    assert selectors.interpellation(w.handlers[0], obj.pk).pk == obj.pk
    obj = svc.interpellation_answer(
        actor=w.unit_leaders[0], interpellation_id=obj.pk, text="已整改。", answered_by="李局长"
    )
    assert (obj.status, obj.answered_by) == ("answered", "李局长")
    svc.interpellation_declare(actor=ms[1][0], interpellation_id=obj.pk, dissatisfied=True)
    assert selectors.signature_count(obj).second_allowed is False
    with pytest.raises(ApplicationError, match="未过半数"):
        svc.interpellation_request_second(actor=w.leader, interpellation_id=obj.pk)
    obj = svc.interpellation_close(actor=w.leader, interpellation_id=obj.pk)
    assert obj.status == "closed" and obj.closed_on == timezone.localdate()
    assert _actions(obj) == [
        "supervision_interpellation_create",
        "supervision_interpellation_invite",
        *["supervision_interpellation_sign"] * 3,
        "supervision_interpellation_decline",
        "supervision_interpellation_sign",
        "supervision_interpellation_file",
        "supervision_interpellation_accept",
        "supervision_interpellation_answer",
        "supervision_interpellation_declare",
        "supervision_interpellation_close",
    ]


def test_more_than_half_dissatisfied_brings_a_second_answer(w):
    obj = scenario.answered_written(w)  # five signatories
    ms = scenario.members(w)
    for user, _d in ms[:2]:
        svc.interpellation_declare(actor=user, interpellation_id=obj.pk, dissatisfied=True)
    assert not selectors.signature_count(obj).second_allowed  # 2 of 5
    svc.interpellation_declare(actor=ms[2][0], interpellation_id=obj.pk, dissatisfied=True)
    assert selectors.signature_count(obj).second_allowed  # 3 of 5: more than half
    obj = svc.interpellation_request_second(actor=w.staff, interpellation_id=obj.pk)
    assert obj.status == "second_requested"
    obj = svc.interpellation_answer_again(
        actor=w.handlers[0], interpellation_id=obj.pk, text="补充答复。", answered_by="李局长"
    )
    assert (obj.status, obj.second_answered_by) == ("closed", "李局长")


def test_a_signature_after_the_deadline_is_refused_and_the_case_lapses(w):
    obj = scenario.signing(w)
    ms = scenario.members(w)
    svc.interpellation_sign(actor=ms[1][0], interpellation_id=obj.pk, accept=True)
    later = obj.sign_deadline + dt.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        with pytest.raises(ApplicationError, match="截止时间已过"):
            svc.interpellation_sign(actor=ms[2][0], interpellation_id=obj.pk, accept=True)
        assert InterpellationSigner.objects.get(interpellation=obj, deputy=ms[2][1]).status == "invited"
        assert list(selectors.interpellations_to_sign(ms[2][0])) == []
        with pytest.raises(ApplicationError, match="联名人数不足"):
            svc.interpellation_file(actor=w.staff, interpellation_id=obj.pk)
        obj = svc.interpellation_lapse(actor=w.staff, interpellation_id=obj.pk)
    assert obj.status == "lapsed"


def test_the_county_level_needs_three_and_the_setting_may_ask_more_never_less(w):
    Congress.objects.filter(pk=w.term.congress_id).update(level="county")
    obj = scenario.drafted(w)
    ms = scenario.members(w)
    svc.interpellation_invite(
        actor=ms[0][0],
        interpellation_id=obj.pk,
        deputy_ids=[ms[1][1].pk, ms[2][1].pk],
        deadline=timezone.now() + dt.timedelta(days=1),
    )
    obj.refresh_from_db()
    assert obj.signers_needed == 3
    SupervisionSettings.objects.create(interpellation_signers_county=4)
    other = scenario.drafted(w, title="另一件")
    with pytest.raises(ApplicationError, match="须4人以上联名") as exc:
        svc.interpellation_invite(
            actor=ms[0][0],
            interpellation_id=other.pk,
            deputy_ids=[ms[1][1].pk, ms[2][1].pk],
            deadline=timezone.now() + dt.timedelta(days=1),
        )
    assert exc.value.field == "deputy_ids"
    assert Interpellation.objects.get(pk=other.pk).status == "draft"


def test_bad_input_names_the_field_and_changes_nothing(w):
    lead = scenario.members(w)[0][0]
    with pytest.raises(PermissionDenied):  # a deputy who is not a member of the standing committee
        svc.interpellation_create(actor=w.lead, body_id=w.units[0].pk, title="x", questions="y")
    for kwargs, field in (
        ({"body_id": 0, "title": "x", "questions": "y"}, "body_id"),
        ({"body_id": w.units[0].pk, "title": " ", "questions": "y"}, "title"),
        ({"body_id": w.units[0].pk, "title": "x", "questions": ""}, "questions"),
    ):
        with pytest.raises(ApplicationError) as exc:
            svc.interpellation_create(actor=lead, **kwargs)
        assert exc.value.field == field
    assert not Interpellation.objects.exists()
    obj = scenario.drafted(w)
    ms = scenario.members(w)
    ids = [d.pk for _u, d in ms[1:]]
    for kwargs, field in (
        ({"deputy_ids": ids, "deadline": timezone.now() - dt.timedelta(hours=1)}, "deadline"),
        (
            {"deputy_ids": [*ids[:3], w.lead_deputy.pk], "deadline": timezone.now() + dt.timedelta(days=1)},
            "deputy_ids",
        ),
    ):
        with pytest.raises(ApplicationError) as exc:
            svc.interpellation_invite(actor=lead, interpellation_id=obj.pk, **kwargs)
        assert exc.value.field == field
    obj.refresh_from_db()
    assert obj.status == "draft" and not obj.signers.exists()
    filed = scenario.filed(w, title="第二件")
    with pytest.raises(ApplicationError) as exc:
        svc.interpellation_accept(actor=w.leader, interpellation_id=filed.pk, answer_form="oral")
    assert exc.value.field == "meeting_id"
    with pytest.raises(ApplicationError) as exc:
        svc.interpellation_reject(actor=w.leader, interpellation_id=filed.pk, note="")
    assert exc.value.field == "note"
    assert Interpellation.objects.get(pk=filed.pk).status == "filed"


def test_an_oral_answer_is_recorded_by_the_staff_not_the_body(w):
    obj = scenario.filed(w)
    obj = svc.interpellation_accept(
        actor=w.staff, interpellation_id=obj.pk, answer_form="oral", meeting_id=w.extra["meeting"].pk
    )
    assert "answer" not in spine.available_actions(w.unit_leaders[0], obj)
    with pytest.raises(ApplicationError, match="口头答复"):
        svc.interpellation_answer(
            actor=w.unit_leaders[0], interpellation_id=obj.pk, text="x", answered_by="y"
        )
    obj = svc.interpellation_answer(
        actor=w.staff, interpellation_id=obj.pk, text="口头答复要点。", answered_by="李局长"
    )
    assert obj.status == "answered"


# --- the permission matrix: who may take each action, and who may not ------------------------------------


def _refused(call):
    with pytest.raises((ApplicationError, PermissionDenied, NotFound)):
        call()


def test_roles_outside_the_table_are_refused(w):
    obj = scenario.signing(w)
    ms = scenario.members(w)
    outsider_member = scenario.members(w, 8)[7][0]  # a member not invited
    for actor in (w.staff, w.leader, w.handlers[0], outsider_member, w.lead):
        _refused(lambda a=actor: svc.interpellation_sign(actor=a, interpellation_id=obj.pk, accept=True))
    for actor in (ms[1][0], w.leader, w.handlers[0]):
        _refused(lambda a=actor: svc.interpellation_withdraw(actor=a, interpellation_id=obj.pk))
    for user, _d in ms[1:]:
        svc.interpellation_sign(actor=user, interpellation_id=obj.pk, accept=True)
    for actor in (ms[1][0], w.handlers[0], w.auditor):
        _refused(lambda a=actor: svc.interpellation_file(actor=a, interpellation_id=obj.pk))
    obj = svc.interpellation_file(actor=w.staff, interpellation_id=obj.pk)
    for actor in (ms[0][0], w.handlers[0], w.auditor, w.unit_leaders[0]):
        _refused(
            lambda a=actor: svc.interpellation_accept(
                actor=a, interpellation_id=obj.pk, answer_form="written"
            )
        )
    obj = svc.interpellation_accept(actor=w.leader, interpellation_id=obj.pk, answer_form="written")
    for actor in (w.handlers[1], w.unit_leaders[1], ms[0][0], w.leader, w.auditor):
        _refused(
            lambda a=actor: svc.interpellation_answer(
                actor=a, interpellation_id=obj.pk, text="x", answered_by="y"
            )
        )
    obj = svc.interpellation_answer(
        actor=w.handlers[0], interpellation_id=obj.pk, text="x", answered_by="李局长"
    )
    for actor in (outsider_member, w.staff, w.handlers[0]):
        _refused(
            lambda a=actor: svc.interpellation_declare(actor=a, interpellation_id=obj.pk, dissatisfied=True)
        )
    assert Interpellation.objects.get(pk=obj.pk).status == "answered"


def test_who_sees_what(w):
    obj = scenario.signing(w)
    ms = scenario.members(w)
    outsider_member = scenario.members(w, 8)[7][0]
    for actor in (w.staff, w.leader, w.auditor, ms[0][0], ms[3][0]):
        assert selectors.interpellations(actor).filter(pk=obj.pk).exists()
        assert selectors.interpellation(actor, obj.pk).pk == obj.pk
    for actor in (outsider_member, w.lead, w.handlers[0], w.keeper):
        assert not selectors.interpellations(actor).filter(pk=obj.pk).exists()
        with pytest.raises(NotFound):
            selectors.interpellation(actor, obj.pk)
