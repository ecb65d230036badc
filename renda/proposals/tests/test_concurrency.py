"""Simultaneous writes: two staff assigning the same item, and many deputies submitting at once.

Runs on SQLite (writers serialised by BEGIN IMMEDIATE) and on PostgreSQL (the item row, and for numbering
the term row, locked with SELECT … FOR UPDATE); the unique constraints (one active lead unit per item, one
number per term and kind) back both. Real threads, real connections, no sleeps: a barrier starts them.
"""

import threading

import pytest
from django.db import connections

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.proposals import services
from renda.proposals.choices import AssignmentRole, Kind, Status
from renda.proposals.models import Assignment, Proposal
from renda.proposals.tests.engine_setup import accepted, make_world


def run_together(calls):
    barrier = threading.Barrier(len(calls))
    results: list = [None] * len(calls)

    def run(i, fn):
        try:
            barrier.wait(timeout=30)
            results[i] = ("ok", fn())
        except ApplicationError as exc:
            results[i] = ("error", exc)
        except Exception as exc:  # pragma: no cover - reported by the assertions
            results[i] = ("crash", exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, fn)) for i, fn in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=90)
    return results


@pytest.mark.django_db(transaction=True)
def test_two_staff_assign_the_same_item_at_once():
    w = make_world(prefix="cc")
    p = accepted(w)

    def assign(actor, unit):
        return lambda: services.proposal_assign(actor=actor, proposal_id=p.pk, lead_unit_ids=[unit.pk]).pk

    results = run_together([assign(w.staff, w.units[0]), assign(w.staff2, w.units[1])])
    assert not [r for r in results if r[0] == "crash"], results
    oks = [r for r in results if r[0] == "ok"]
    errors = [r[1] for r in results if r[0] == "error"]
    assert len(oks) == 1 and len(errors) == 1, results
    assert "已被他人交办" in str(errors[0].message)
    assert errors[0].status == 409 and errors[0].code == "conflict"
    p.refresh_from_db()
    assert p.status == Status.ASSIGNED
    leads = Assignment.objects.filter(proposal=p, role=AssignmentRole.LEAD, is_active=True)
    assert leads.count() == 1
    assert Event.objects.filter(action="proposal_assign", object_id=str(p.pk)).count() == 1


@pytest.mark.django_db(transaction=True)
def test_simultaneous_submissions_get_distinct_numbers():
    w = make_world(n_cosigners=0, prefix="cn")
    drafts = [
        services.proposal_create_draft(actor=w.lead, kind=Kind.SUGGESTION, title=f"建议{i}", content="内容")
        for i in range(6)
    ]
    staff_draft = services.proposal_create_draft(
        actor=w.staff, kind=Kind.SUGGESTION, title="代录", content="内容", lead_deputy_id=w.lead_deputy.pk
    )

    def submit(actor, pk):
        return lambda: services.proposal_submit(actor=actor, proposal_id=pk).number

    results = run_together([submit(w.lead, d.pk) for d in drafts] + [submit(w.staff, staff_draft.pk)])
    assert all(r[0] == "ok" for r in results), results
    numbers = sorted(r[1] for r in results)
    assert numbers == list(range(1, 8))
    assert sorted(Proposal.objects.filter(term=w.term).values_list("number", flat=True)) == numbers
