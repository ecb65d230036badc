"""Law-enforcement inspections (执法检查, 监督法 第三十四至三十九条): the group (第三十六条: its leader
and members from the standing committee, deputies invited), the visits, the report (第三十七条), which the
meeting then hears as the item's report; the item's path follows (deliberation opinions → the body's report on
rectification). Bad input changes nothing; roles outside the table are refused; every step is audited."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from renda.core import spine
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event
from renda.supervision import rules, services
from renda.supervision.models import Inspection, InspectionMember, Item
from renda.supervision.services import inspections as svc
from renda.supervision.tests import scenario


@pytest.mark.parametrize(
    ("role", "serving", "allowed"),
    [
        ("leader", True, True),
        ("leader", False, False),
        ("member", True, True),
        ("member", False, False),
        ("deputy", True, True),
        ("deputy", False, True),
    ],
)
def test_group_roles_table(role, serving, allowed):
    assert rules.group_role_allowed(role, on_standing_committee=serving) is allowed


@given(
    st.text(min_size=1, max_size=8).filter(lambda r: r not in {"leader", "member", "deputy"}), st.booleans()
)
def test_an_unknown_role_is_an_error(role, serving):
    with pytest.raises(ValueError):
        rules.group_role_allowed(role, on_standing_committee=serving)


@pytest.fixture
def w(db):
    return scenario.world(prefix="in")


def test_the_group_visits_reports_and_the_item_path_follows(w):
    obj = scenario.inspection(w)
    ms = scenario.members(w, 3)
    # the meeting cannot hear the item before the group's report
    with pytest.raises(ApplicationError, match="执法检查报告尚未形成"):
        services.item_schedule(actor=w.staff, item_id=obj.item_id, meeting_id=w.extra["meeting"].pk)
    with pytest.raises(ApplicationError, match="没有组长"):
        svc.inspection_start(actor=w.staff, inspection_id=obj.pk)
    svc.inspection_add_member(actor=w.staff, inspection_id=obj.pk, deputy_id=ms[0][1].pk, role="leader")
    svc.inspection_add_member(actor=w.staff, inspection_id=obj.pk, deputy_id=w.lead_deputy.pk, role="deputy")
    svc.inspection_start(actor=w.staff, inspection_id=obj.pk)
    with pytest.raises(ApplicationError, match="没有记录实地检查"):
        svc.inspection_report(actor=w.staff, inspection_id=obj.pk, text="报告")
    svc.inspection_record_visit(
        actor=w.staff,
        inspection_id=obj.pk,
        place="江北化工园区",
        visited_on=timezone.localdate(),
        findings="超标排放。",
    )
    obj = svc.inspection_report(actor=w.staff, inspection_id=obj.pk, text="一、总体情况。")
    assert obj.status == "reported" and obj.reported_on == timezone.localdate()
    item = services.item_schedule(actor=w.staff, item_id=obj.item_id, meeting_id=w.extra["meeting"].pk)
    assert item.status == "scheduled"
    actions = list(
        Event.objects.filter(object_id=str(obj.pk), action__startswith="supervision_inspection")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "supervision_inspection_create",
        "supervision_inspection_add_member",
        "supervision_inspection_add_member",
        "supervision_inspection_start",
        "supervision_inspection_record_visit",
        "supervision_inspection_report",
    ]


def test_bad_input_names_the_field_and_changes_nothing(w):
    plain = scenario.planned(w)  # a work report, not an inspection
    with pytest.raises(ApplicationError, match="执法检查事项"):
        svc.inspection_create(actor=w.staff, item_id=plain.pk, law="某法", articles="第一条")
    obj = scenario.inspection(w)
    with pytest.raises(ApplicationError) as exc:
        scenario.inspection(w, title="x")  # a second inspection of a new item is fine; the same item is not
        svc.inspection_create(actor=w.staff, item_id=obj.item_id, law="某法", articles="第一条")
    assert exc.value.code == "duplicate"
    ms = scenario.members(w, 2)
    for kwargs, field in (
        ({"deputy_id": w.lead_deputy.pk, "role": "leader"}, "deputy_id"),  # not on the standing committee
        ({"deputy_id": 0, "role": "member"}, "deputy_id"),
        ({"deputy_id": ms[0][1].pk, "role": "boss"}, "role"),
    ):
        with pytest.raises(ApplicationError) as exc:
            svc.inspection_add_member(actor=w.staff, inspection_id=obj.pk, **kwargs)
        assert exc.value.field == field
    svc.inspection_add_member(actor=w.staff, inspection_id=obj.pk, deputy_id=ms[0][1].pk, role="leader")
    with pytest.raises(ApplicationError) as exc:
        svc.inspection_add_member(actor=w.staff, inspection_id=obj.pk, deputy_id=ms[1][1].pk, role="leader")
    assert exc.value.field == "role"
    assert InspectionMember.objects.filter(inspection=obj).count() == 1
    svc.inspection_start(actor=w.staff, inspection_id=obj.pk)
    for kwargs, field in (
        ({"place": "", "visited_on": timezone.localdate(), "findings": "x"}, "place"),
        (
            {"place": "x", "visited_on": timezone.localdate() + dt.timedelta(days=1), "findings": "x"},
            "visited_on",
        ),
        ({"place": "x", "visited_on": timezone.localdate(), "findings": " "}, "findings"),
    ):
        with pytest.raises(ApplicationError) as exc:
            svc.inspection_record_visit(actor=w.staff, inspection_id=obj.pk, **kwargs)
        assert exc.value.field == field
    assert not Inspection.objects.get(pk=obj.pk).visits.exists()


def test_roles_outside_the_table_are_refused_and_scope(w):
    obj = scenario.inspection(w)
    ms = scenario.members(w, 2)
    with pytest.raises(PermissionDenied):
        svc.inspection_create(actor=w.leader, item_id=scenario.planned(w).pk, law="x", articles="y")
    for actor in (w.leader, w.auditor, w.handlers[0], ms[0][0]):
        with pytest.raises((ApplicationError, PermissionDenied, NotFound)):
            svc.inspection_add_member(actor=actor, inspection_id=obj.pk, deputy_id=ms[0][1].pk, role="leader")
    assert not obj.members.exists()
    svc.inspection_add_member(actor=w.staff, inspection_id=obj.pk, deputy_id=ms[0][1].pk, role="leader")
    # the group's members see it; the body only once reported; others not at all
    assert spine.get_visible(Inspection, ms[0][0], obj.pk).pk == obj.pk
    for actor in (w.handlers[0], ms[1][0], w.keeper):
        with pytest.raises(NotFound):
            spine.get_visible(Inspection, actor, obj.pk)
    reported = scenario.inspection_reported(w, title="另一部法律")
    assert spine.get_visible(Inspection, w.handlers[0], reported.pk).pk == reported.pk
    assert Item.objects.get(pk=reported.item_id).status == "planned"
