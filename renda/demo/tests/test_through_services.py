"""The demo reaches every status through the services: each item's timeline holds the events its path
implies, every status change in its history is a transition of the workflow table, every step has an actor
and the dates the services set are those of the steps; the demo's own code assigns no status, runs no SQL."""

from __future__ import annotations

import ast
import itertools
from collections import defaultdict
from pathlib import Path

import pytest
from django.db import transaction
from django.utils import timezone

from renda.core.models import Event
from renda.demo.builder import seed_demo
from renda.deputies.models import Deputy
from renda.meetings.models import Session
from renda.proposals import workflow
from renda.proposals.models import Proposal

# The events a status implies (besides proposal_create, which every item has).
PATH = {
    "draft": set(),
    "cosigning": {"proposal_invite_cosigners"},
    "submitted": {"proposal_submit"},
    "returned": {"proposal_submit", "proposal_review_return"},
    "letter": {"proposal_submit", "proposal_review_letter"},
    "accepted": {"proposal_submit", "proposal_review_accept"},
    "withdrawn": {"proposal_submit", "proposal_withdraw"},
    "merged": {"proposal_submit", "proposal_review_accept", "proposal_merge"},
    "on_agenda": {"proposal_submit", "motion_decide"},
    "to_committee": {"proposal_submit", "motion_decide"},
    "not_on_agenda": {"proposal_submit", "motion_decide"},
    "assigned": {"proposal_submit", "proposal_assign"},
    "replied": {"proposal_submit", "proposal_assign", "proposal_reply_draft", "proposal_reply_sign"},
    "rehandling": {"proposal_submit", "proposal_assign", "proposal_reply_sign", "proposal_rate"},
    "follow_up": {"proposal_submit", "proposal_assign", "proposal_reply_sign", "proposal_rate"},
    "closed": {"proposal_submit", "proposal_assign", "proposal_reply_sign", "proposal_rate"},
}


@pytest.fixture(scope="module")
def seeded(django_db_setup, django_db_blocker):
    """One demo city for the whole module (seeding takes a while), rolled back at its end."""
    with django_db_blocker.unblock(), transaction.atomic():
        seed_demo()
        yield
        transaction.set_rollback(True)


@pytest.fixture
def demo(seeded, db):
    return None


def _events_by_item() -> dict[int, list[Event]]:
    by_item: dict[int, list[Event]] = defaultdict(list)
    for e in Event.objects.filter(content_type__model="proposal").order_by("created_at", "id"):
        by_item[int(e.object_id)].append(e)
    return by_item


def test_every_item_has_the_events_its_status_implies(demo):
    by_item = _events_by_item()
    items = list(Proposal.objects.values_list("pk", "status", "number", "submitted_at"))
    assert len(items) >= 800
    for pk, status, number, submitted_at in items:
        actions = [e.action for e in by_item[pk]]
        assert actions[0] == "proposal_create", pk
        assert PATH[status] <= set(actions), (pk, status, actions)
        assert all(e.actor_id for e in by_item[pk]), pk  # every step taken by someone
        if "proposal_submit" in actions:
            submit = next(e for e in by_item[pk] if e.action == "proposal_submit")
            assert number is not None and submitted_at == submit.created_at


def test_every_status_change_is_a_transition_of_the_table(demo):
    history = defaultdict(list)
    for row in Proposal.history.order_by("history_date", "history_id").values("id", "status", "kind"):
        history[row["id"]].append(row)
    assert len(history) == Proposal.objects.count()
    for pk, rows in history.items():
        assert rows[0]["status"] == "draft", pk
        for before, after in itertools.pairwise(rows):
            if before["status"] == after["status"]:
                continue
            moves = [
                action
                for action in workflow.ACTIONS
                if workflow.allowed(action, before["status"], before["kind"])
                and after["status"] in workflow.possible_targets(action, before["status"])
            ]
            assert moves, (pk, before["status"], after["status"])


def test_the_services_dated_each_step(demo):
    by_item = _events_by_item()
    for p in Proposal.objects.filter(assigned_at__isnull=False).only("pk", "assigned_at", "replied_at"):
        assign = [e for e in by_item[p.pk] if e.action == "proposal_assign"][-1]
        assert timezone.localdate(assign.created_at) == p.assigned_at
        if p.replied_at:
            signed = [e for e in by_item[p.pk] if e.action == "proposal_reply_sign"][-1]
            assert timezone.localdate(signed.created_at) == p.replied_at
    # the history is spread over the past year, not written today
    days = {timezone.localdate(e.created_at) for events in by_item.values() for e in events}
    assert len(days) > 200


def test_mandates_and_sessions_moved_by_their_services(demo):
    for deputy in Deputy.objects.filter(status="terminated"):
        event = Event.objects.get(content_type__model="deputy", object_id=str(deputy.pk))
        assert event.action == "deputy_status_change" and event.actor.username == "staff"
        assert timezone.localdate(event.created_at) == deputy.status_date
    meeting = Session.objects.get(status="in_progress")
    actions = set(
        Event.objects.filter(content_type__model="session", object_id=str(meeting.pk)).values_list(
            "action", flat=True
        )
    )
    assert {"session_create", "session_open_check_in", "session_start"} <= actions


FORBIDDEN_CALLS = {"raw", "execute", "executemany", "cursor", "bulk_update"}


def _queryset_update(call: ast.Call) -> bool:
    """`….filter(…).update(status=…)`, `Model.objects.update(…)`: not a set's or a dict's update."""
    func = call.func
    assert isinstance(func, ast.Attribute)
    receiver = func.value
    on_queryset = isinstance(receiver, ast.Call) or (
        isinstance(receiver, ast.Attribute) and receiver.attr == "objects"
    )
    return func.attr == "update" and (on_queryset or bool(call.keywords))


def test_the_demo_code_sets_no_status_and_runs_no_sql():
    """Statuses change only in services: the demo's modules never assign a status, never update rows in
    bulk and never write SQL (bulk_create of reference data is the only direct write)."""
    root = Path(__file__).resolve().parents[1]
    for path in sorted(root.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
                assert node.func.attr not in FORBIDDEN_CALLS, f"{path.name}:{node.lineno}"
                assert not _queryset_update(node), f"{path.name}:{node.lineno}"
            if isinstance(node, ast.Call) and any(kw.arg in ("status", "to_status") for kw in node.keywords):
                # a status only in a lookup or as a service's input, never in a row being built
                func = node.func
                name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
                assert name in ("filter", "exclude", "deputy_change_status"), f"{path.name}:{node.lineno}"
            if isinstance(node, (ast.Assign, ast.AugAssign)):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                for target in targets:
                    assert not (isinstance(target, ast.Attribute) and target.attr == "status"), (
                        f"{path.name}:{node.lineno}"
                    )
