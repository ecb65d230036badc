"""Two check-ins of the same deputy at the same moment: one roll line, one present, one event.

Runs on SQLite (writes serialised by BEGIN IMMEDIATE) and on PostgreSQL (the roll line is locked with
SELECT … FOR UPDATE); the unique constraint (session, deputy) backs both.
"""

import threading

import pytest
from django.db import connections

from renda.core.models import Event
from renda.core.roles import Role
from renda.meetings import services
from renda.meetings.models import Attendance
from tests.factories import DeputyFactory, SessionFactory, TermFactory, user_with_role


@pytest.mark.django_db(transaction=True)
def test_simultaneous_check_ins_of_one_deputy():
    term = TermFactory()
    staff = user_with_role(Role.STAFF, username="c-staff")
    deputy_user = user_with_role(Role.DEPUTY, username="c-deputy")
    DeputyFactory()
    session = SessionFactory(term=term)
    services.session_open_check_in(actor=staff, session_id=session.pk)
    deputy_id = deputy_user.deputy.pk

    barrier = threading.Barrier(4)
    results, errors = [], []

    def run(actor):
        try:
            barrier.wait(timeout=30)
            line = services.check_in(actor=actor, session_id=session.pk, deputy_id=deputy_id)
            results.append(line.pk)
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(a,)) for a in (deputy_user, staff, deputy_user, staff)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(results) == 4 and len(set(results)) == 1
    assert Attendance.objects.filter(session=session, deputy_id=deputy_id).count() == 1
    line = Attendance.objects.get(session=session, deputy_id=deputy_id)
    assert line.status == "present"
    assert Event.objects.filter(action="check_in").count() == 1
