"""Two clerks of the lead unit report the same month of the same target at the same moment: one report of the
month stands (the other corrects it under the target's lock), never two; two staff answer one 督办单 at once:
one answer, the other refused (it is answered already).

Runs on SQLite (writes serialised) and on PostgreSQL (the target's row, or the order's, FOR UPDATE)."""

import datetime as dt
import threading

import pytest
from django.db import connections
from django.utils import timezone

from renda.core.errors import ApplicationError
from renda.core.roles import Role
from renda.targets import services
from renda.targets.models import Order, Report, Target
from renda.targets.tests import scenario
from tests.factories import HandlingUnitFactory, user_with_role


def _together(calls):
    barrier = threading.Barrier(len(calls))
    done, refused, errors = [], [], []

    def run(call):
        try:
            barrier.wait(timeout=30)
            done.append(call())
        except ApplicationError as exc:
            refused.append(exc.code)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(c,)) for c in calls]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return done, refused


@pytest.mark.django_db(transaction=True)
def test_simultaneous_reports_of_a_month_and_answers_of_an_order():
    staff = user_with_role(Role.STAFF, username="cc-tg-staff")
    units = [HandlingUnitFactory(name="市发改委"), HandlingUnitFactory(name="市交通局")]
    t1 = scenario.year_of_targets(staff, units)[0]
    a = user_with_role(Role.UNIT_HANDLER, username="cc-tg-a", unit=units[0])
    b = user_with_role(Role.UNIT_LEADER, username="cc-tg-b", unit=units[0])
    month = timezone.localdate().replace(day=1)

    def report(actor, value):
        return lambda: services.report_progress(
            actor=actor, target_id=t1.pk, month=month, value=value, note="x"
        )

    done, refused = _together([report(a, "110"), report(b, "120")])
    assert len(done) == 2 and refused == []
    assert Report.objects.filter(target=t1).count() == 1
    stored = Report.objects.get(target=t1).value
    assert Target.objects.get(pk=t1.pk).value == stored  # the target shows the report that stands

    order = services.order_issue(
        actor=staff, target_id=t1.pk, request="加快", due=month + dt.timedelta(days=60)
    )
    admin = user_with_role(Role.ADMIN, username="cc-tg-admin")
    done, refused = _together(
        [
            lambda: services.order_answer(actor=staff, order_id=order.pk, answer="甲"),
            lambda: services.order_answer(actor=admin, order_id=order.pk, answer="乙"),
        ]
    )
    assert len(done) == 1 and refused == ["wrong_state"]
    assert Order.objects.get(pk=order.pk).answer in ("甲", "乙")
