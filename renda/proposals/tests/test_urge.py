"""催办: staff press the lead unit of an overdue, unanswered item — an Event, a notice to the unit, and a
count in the reports."""

import datetime as dt

import pytest
import time_machine

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.core.models import Event, Notification
from renda.proposals import permissions, services
from renda.proposals.tests.engine_setup import assigned, make_world
from renda.reports.proposals_exports import build_figures

pytestmark = pytest.mark.django_db


def _late(p):
    return time_machine.travel(
        dt.datetime.combine(p.due_date + dt.timedelta(days=5), dt.time(10)), tick=False
    )


def test_staff_urge_an_overdue_item_the_unit_is_told_and_the_reports_count_it(
    django_capture_on_commit_callbacks,
):
    w = make_world()
    p = assigned(w, leads=(0,), cos=(1,))
    assert "urge" not in permissions.available_actions(w.staff, p)  # not yet overdue
    with pytest.raises(ApplicationError):
        services.proposal_urge(actor=w.staff, proposal_id=p.pk)
    with _late(p):
        assert "urge" in permissions.available_actions(w.staff, p)
        with django_capture_on_commit_callbacks(execute=True):
            services.proposal_urge(actor=w.staff, proposal_id=p.pk, note="请本周内答复")
        services.proposal_urge(actor=w.staff, proposal_id=p.pk)
        event = Event.objects.filter(action="proposal_urge").first()
        assert event.actor == w.staff and event.changes == {"units": [w.units[0].pk]}
        told = set(Notification.objects.filter(title__startswith="催办").values_list("user_id", flat=True))
        assert {w.handlers[0].pk, w.unit_leaders[0].pk} <= told
        assert w.handlers[1].pk not in told  # the co-handling unit is not pressed
        figures = build_figures(user=w.staff, term_id=None)
        row = next(r for r in figures["overdue"] if r["id"] == p.pk)
        assert row["urged"] == 2 and row["days_overdue"] == 5


@pytest.mark.parametrize("who", ["handler", "unit_leader", "lead"])
def test_only_staff_urge(who):
    w = make_world()
    p = assigned(w, leads=(0,), cos=())
    actor = {"handler": w.handlers[0], "unit_leader": w.unit_leaders[0], "lead": w.lead}[who]
    with _late(p):
        assert "urge" not in permissions.available_actions(actor, p)
        with pytest.raises((PermissionDenied, NotFound)):
            services.proposal_urge(actor=actor, proposal_id=p.pk)
    assert not Event.objects.filter(action="proposal_urge").exists()
