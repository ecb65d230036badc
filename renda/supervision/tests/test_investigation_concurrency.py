"""Signatures at the same moment: one member signing twice at once leaves one signature (the other refused,
409), two members signing at once leave both (none lost). The proposal's row is locked FOR UPDATE while a
signature is checked and written, and a unique constraint stands behind it.

Runs on SQLite (writes serialised) and on PostgreSQL (the row lock)."""

import threading

import pytest
from django.db import connections

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.supervision.models import MotionSignature
from renda.supervision.services import investigations as svc
from renda.supervision.tests import scenario


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
def test_two_signatures_at_once_never_duplicate_nor_get_lost():
    w = scenario.world("cv")
    obj = scenario.inv_signing(w)
    ms = scenario.members(w, 11)

    def sign(user):
        return lambda: svc.investigation_sign(actor=user, investigation_id=obj.pk)

    done, refused = _together([sign(ms[1][0]), sign(ms[1][0])])
    assert len(done) == 1 and refused == ["duplicate"]
    assert MotionSignature.objects.filter(investigation=obj, deputy=ms[1][1]).count() == 1
    done, refused = _together([sign(ms[2][0]), sign(ms[3][0])])
    assert len(done) == 2 and not refused
    assert MotionSignature.objects.filter(investigation=obj).count() == 4  # the lead's and three
    assert Event.objects.filter(action="supervision_investigation_sign", object_id=str(obj.pk)).count() == 3
