"""One session in any state of its table, with every object its actions need, and the real service call of
each action (for the permission matrix, the buttons test and renda.core.tests.test_spine_services).

The roll holds the role users' deputy ("own": their line stays expected), deputy A with a pending leave
request, and four more deputies (checked in when the session must be quorate: 4 of 6). The session is put
in its state by an UPDATE: the matrix is about what each state allows, whatever path led there. A planned
session has no roll yet: its leave request is then one of another planned session.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.db.models import Max

from renda.core.errors import ApplicationError
from renda.core.roles import Role
from renda.meetings import services
from renda.meetings.models import AgendaItem, LeaveRequest, Session
from renda.meetings.workflow import CHECK_IN, CLOSED, IN_PROGRESS, PLANNED
from tests.factories import DelegationFactory, DeputyFactory, SessionFactory, user_with_role

# name → (state, quorate)
STATES = {
    "planned": (PLANNED, False),
    "check_in": (CHECK_IN, False),
    "check_in_quorate": (CHECK_IN, True),
    "in_progress": (IN_PROGRESS, True),
    "closed": (CLOSED, True),
}


def _free_number(term_id: int) -> int:
    """A congress session number the term has not used (the factories number sessions too)."""
    taken = Session.objects.filter(term_id=term_id, kind="congress").aggregate(Max("number"))
    return (taken["number__max"] or 0) + 1


@dataclass
class Scene:
    session: Session
    item: AgendaItem
    leave: LeaveRequest
    own_deputy_id: int  # the role users' deputy
    other_deputy_id: int  # deputy A (pending leave, expected)
    delegation_id: int


def build(term, role_users, state_name: str) -> Scene:
    state, quorate = STATES[state_name]
    staff = user_with_role(Role.STAFF, username="scene-staff")
    delegation = DelegationFactory(term=term)
    a, *others = [DeputyFactory(delegation=delegation) for _ in range(5)]
    session = SessionFactory(term=term)
    item = services.agenda_item_add(actor=staff, session_id=session.pk, kind="report", title="报告")
    rolled = session if state != PLANNED else SessionFactory(term=term)
    services.session_open_check_in(actor=staff, session_id=rolled.pk)
    leave = services.leave_request(actor=staff, session_id=rolled.pk, deputy_id=a.pk, reason="公务")
    if quorate:
        for deputy in others:
            services.check_in(actor=staff, session_id=rolled.pk, deputy_id=deputy.pk)
    Session.objects.filter(pk__in={session.pk, rolled.pk}).update(status=state)
    return Scene(
        session=Session.objects.get(pk=session.pk),
        item=item,
        leave=leave,
        own_deputy_id=role_users[Role.DEPUTY].deputy.pk,
        other_deputy_id=a.pk,
        delegation_id=delegation.pk,
    )


# action → the real service with valid input; `own`: the deputy's line is the actor's own (else deputy A's).
CALLS: dict[str, Callable[[Any, Scene, bool], Any]] = {
    "create": lambda actor, sc, own: services.session_create(
        actor=actor,
        term_id=sc.session.term_id,
        kind="congress",
        number=_free_number(sc.session.term_id),
        title="新的会议",
        start_date=dt.date(2026, 3, 1),
    ),
    "open_check_in": lambda actor, sc, own: services.session_open_check_in(
        actor=actor, session_id=sc.session.pk
    ),
    "start": lambda actor, sc, own: services.session_start(actor=actor, session_id=sc.session.pk),
    "close": lambda actor, sc, own: services.session_close(actor=actor, session_id=sc.session.pk),
    "check_in": lambda actor, sc, own: services.check_in(
        actor=actor, session_id=sc.session.pk, deputy_id=sc.own_deputy_id if own else sc.other_deputy_id
    ),
    "request_leave": lambda actor, sc, own: services.leave_request(
        actor=actor,
        session_id=sc.session.pk,
        deputy_id=sc.own_deputy_id if own else sc.other_deputy_id,
        reason="出差",
    ),
    "decide_leave": lambda actor, sc, own: services.leave_decide(
        actor=actor, leave_id=sc.leave.pk, approve=True
    ),
    "add_item": lambda actor, sc, own: services.agenda_item_add(
        actor=actor, session_id=sc.session.pk, kind="resolution", title="决议"
    ),
    "add_note": lambda actor, sc, own: services.deliberation_note_add(
        actor=actor, item_id=sc.item.pk, delegation_id=sc.delegation_id, text="意见"
    ),
    "add_document": lambda actor, sc, own: services.document_add(
        actor=actor, item_id=sc.item.pk, title="文件", file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 abc")
    ),
}


class _Undo(Exception):
    pass


def accepts(action: str, actor, scene: Scene, *, own: bool = True) -> bool:
    """Whether the real service accepts `action` (then undone: the scene stays as it was)."""
    try:
        with transaction.atomic():
            CALLS[action](actor, scene, own)
            raise _Undo
    except _Undo:
        return True
    except ApplicationError:
        return False
