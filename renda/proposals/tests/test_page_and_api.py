"""The item page and the API read the same rules: the replies each user sees (draft replies included), and
the buttons the page draws — exactly the actions the services accept, for a set of states × roles."""

import re

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.proposals import services, workflow
from renda.proposals.models import Proposal
from renda.proposals.tests.engine_setup import (
    accepted,
    assigned,
    draft,
    make_world,
    replied,
    submitted,
    with_cosigners,
)
from renda.proposals.tests.test_permissions import calls, users

pytestmark = pytest.mark.django_db


def _page(user, pk: int):
    c = Client()
    c.force_login(user)
    r = c.get(reverse("proposals:detail", args=[pk]))
    assert r.status_code == 200
    return r


def _api(user, pk: int) -> dict:
    c = Client()
    c.force_login(user)
    r = c.get(f"/api/proposals/{pk}")
    assert r.status_code == 200, r.content
    return r.json()


def test_page_and_api_show_the_same_replies_drafts_included():
    """Staff and readers see every draft reply on the page and through the API alike; a unit sees its own
    drafts; a deputy only signed replies."""
    w = make_world(prefix="pa")
    p = assigned(w, leads=(0, 2), cos=(1,))  # split leads: units 0 and 2
    services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="第一部分", category="A")
    signed = services.reply_draft(actor=w.handlers[2], proposal_id=p.pk, text="第二部分", category="A")
    services.reply_sign(actor=w.unit_leaders[2], reply_id=signed.pk)
    drafts = set(p.replies.filter(status="draft").values_list("pk", flat=True))
    everything = set(p.replies.values_list("pk", flat=True))
    assert len(drafts) == 1 and len(everything) == 2
    expected = {
        "staff": everything,
        "leader": everything,
        "auditor": everything,
        "lead_handler": everything,  # its own draft and the other unit's signed part
        "other_lead_handler": {signed.pk},
        "co_handler": {signed.pk},
        "lead_deputy": {signed.pk},
    }
    people = {
        "staff": w.staff,
        "leader": w.leader,
        "auditor": w.auditor,
        "lead_handler": w.handlers[0],
        "other_lead_handler": w.handlers[2],
        "co_handler": w.handlers[1],
        "lead_deputy": w.lead,
    }
    for name, user in people.items():
        on_page = {r.pk for r in _page(user, p.pk).context["reply_rows"]}
        through_api = {r["id"] for r in _api(user, p.pk)["replies"]}
        assert on_page == through_api == expected[name], name


# --- the buttons the item page draws --------------------------------------------------------------------

BUTTON = re.compile(r'data-testid="action-([a-z_]+)"')


def _drawn(user, pk: int) -> set[str]:
    html = _page(user, pk).content.decode()
    drawn = set(BUTTON.findall(html)) - {"edit"}  # the edit page's link stands for save_draft
    if 'data-testid="action-edit"' in html:
        drawn.add("save_draft")
    return drawn


def _accepts(fn) -> bool:
    """Whether the service accepts the call (an input error naming a field counts: the form shows it)."""

    class _Rollback(Exception):
        pass

    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        return True
    except (NotFound, PermissionDenied):
        return False
    except ApplicationError as exc:
        return exc.code not in {"wrong_state", "refused", "conflict", "forbidden", "not_found"}


def _build(state: str):
    w = make_world(prefix="pb", n_cosigners=3)
    w.extra["other"] = accepted(w, title="并案目标")
    item = {
        "draft": lambda: draft(w),
        "cosigning": lambda: with_cosigners(w, draft(w), 2, confirm=False),
        "submitted": lambda: submitted(w),
        "assigned": lambda: assigned(w),
        "replied": lambda: replied(w),
    }[state]()
    return w, item


@pytest.mark.parametrize("state", ["draft", "cosigning", "submitted", "assigned", "replied"])
def test_every_button_drawn_is_one_the_service_accepts_and_no_other(state):
    w, p = _build(state)
    mismatches = []
    for name, user in users(w).items():
        if not user.is_authenticated:
            continue
        c = Client()
        c.force_login(user)
        if c.get(reverse("proposals:detail", args=[p.pk])).status_code != 200:
            continue  # outside the user's scope: no page, no buttons
        drawn = _drawn(user, p.pk)
        for action, call in calls(w, Proposal.objects.get(pk=p.pk)).items():
            if action not in workflow.ITEM_ACTIONS:
                continue
            accepted_ = _accepts(lambda call=call, user=user: call(user))
            if accepted_ and action == "cosign":  # one button pair for the invitation's answer
                accepted_ = True
            if accepted_ != (action in drawn):
                mismatches.append(f"{state}/{action}/{name}: service {accepted_}, drawn {action in drawn}")
    assert not mismatches, "\n".join(mismatches)
