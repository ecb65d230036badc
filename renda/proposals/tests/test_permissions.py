"""Through the services: for items in every state, every user, every action — the service accepts exactly
what available_actions offers (a refusal is NotFound, PermissionDenied or a 409; an input error naming a
field counts as offered: the form shows it). Each attempt is rolled back.

Also: Proposal.objects.restrict (lists, details, exports) for every role and relation.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone

from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.proposals import permissions, services, workflow
from renda.proposals.choices import Kind, Status
from renda.proposals.models import ExtensionRequest, MotionWindow, Proposal, Reply, ReturnRequest, Topic
from renda.proposals.tests.engine_setup import (
    accepted,
    assigned,
    draft,
    make_world,
    pdf,
    replied,
    submitted,
    with_cosigners,
)

pytestmark = pytest.mark.django_db

REFUSALS = {"wrong_state", "refused", "conflict", "forbidden", "not_found"}


class _Rollback(Exception):
    pass


def attempt(fn) -> str:
    try:
        with transaction.atomic():
            fn()
            raise _Rollback
    except _Rollback:
        return "ok"
    except (NotFound, PermissionDenied):
        return "refused"
    except ApplicationError as exc:
        return "refused" if exc.code in REFUSALS else f"invalid:{exc.field}"


def build(state: str):
    """A world and one item in `state`, made through the services."""
    w = make_world(n_cosigners=9 if state.startswith("motion") else 3)
    w.extra["other"] = accepted(w, title="并案目标")
    if state == "draft":
        p = draft(w)
    elif state == "cosigning":
        p = with_cosigners(w, draft(w), 2, confirm=False)
    elif state == "submitted":
        p = services.proposal_submit(actor=w.lead, proposal_id=with_cosigners(w, draft(w), 2).pk)
    elif state == "accepted":
        p = accepted(w)
    elif state in ("assigned", "assigned_busy"):
        p = assigned(w)
        if state == "assigned_busy":
            services.extension_request(actor=w.handlers[0], proposal_id=p.pk, months=1, reason="调研")
            services.return_request(actor=w.handlers[1], proposal_id=p.pk, reason="非本单位")
            services.reply_draft(actor=w.handlers[0], proposal_id=p.pk, text="答复", category="A")
    elif state == "replied":
        p = replied(w)
    elif state == "rehandling":
        p = replied(w)
        services.rating_submit(
            actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="unsatisfied", reason="x"
        )
    elif state in ("follow_up", "closed"):
        p = replied(w, category="B" if state == "follow_up" else "A")
        services.rating_submit(actor=w.lead, proposal_id=p.pk, attitude="satisfied", result="satisfied")
    elif state == "withdrawn":
        p = services.proposal_withdraw(actor=w.lead, proposal_id=submitted(w).pk)
    elif state.startswith("motion"):
        MotionWindow.objects.create(
            session=w.session, deadline=timezone.now() + dt.timedelta(days=1), set_by=w.staff
        )
        p = services.proposal_submit(
            actor=w.lead, proposal_id=with_cosigners(w, draft(w, kind=Kind.MOTION)).pk
        )
        if state == "motion_to_committee":
            p = services.motion_decide(actor=w.staff, proposal_id=p.pk, decision="to_committee")
    else:  # pragma: no cover
        raise AssertionError(state)
    return w, Proposal.objects.get(pk=p.pk)


def users(w) -> dict:
    return {
        "staff": w.staff,
        "admin": w.admin,
        "leader": w.leader,
        "auditor": w.auditor,
        "keeper": w.keeper,
        "lead_deputy": w.lead,
        "cosigner": w.cosigner_users[0],
        "other_deputy": w.outsider,
        "lead_handler": w.handlers[0],
        "lead_unit_leader": w.unit_leaders[0],
        "co_handler": w.handlers[1],
        "co_unit_leader": w.unit_leaders[1],
        "other_unit_handler": w.handlers[2],
    }


def calls(w, p: Proposal) -> dict:
    pending_return = ReturnRequest.objects.filter(assignment__proposal=p, status="pending").first()
    pending_ext = ExtensionRequest.objects.filter(proposal=p, status="pending").first()
    draft_reply = Reply.objects.filter(proposal=p, status="draft").first()
    today = timezone.localdate()
    return {
        "save_draft": lambda u: services.proposal_update_draft(actor=u, proposal_id=p.pk, title="新标题"),
        "invite_cosigners": lambda u: services.cosigners_invite(
            actor=u, proposal_id=p.pk, deputy_ids=[w.cosigners[-1][1].pk]
        ),
        "cosign": lambda u: services.cosign_respond(actor=u, proposal_id=p.pk, accept=True),
        "decline_cosign": lambda u: services.cosign_respond(actor=u, proposal_id=p.pk, accept=False),
        "submit": lambda u: services.proposal_submit(actor=u, proposal_id=p.pk),
        "withdraw": lambda u: services.proposal_withdraw(actor=u, proposal_id=p.pk, note="主席团同意"),
        "consent_withdraw": lambda u: services.withdraw_consent(actor=u, proposal_id=p.pk),
        "review_accept": lambda u: services.proposal_review(actor=u, proposal_id=p.pk, decision="accept"),
        "review_return": lambda u: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="return", reason="court_case"
        ),
        "review_letter": lambda u: services.proposal_review(actor=u, proposal_id=p.pk, decision="letter"),
        "motion_decide": lambda u: services.motion_decide(actor=u, proposal_id=p.pk, decision="on_agenda"),
        "merge": lambda u: services.proposal_merge(actor=u, proposal_id=p.pk, into_id=w.extra["other"].pk),
        "assign": lambda u: services.proposal_assign(
            actor=u, proposal_id=p.pk, lead_unit_ids=[w.units[2].pk]
        ),
        "request_return": lambda u: services.return_request(actor=u, proposal_id=p.pk, reason="非本单位"),
        "decide_return": lambda u: services.return_decide(
            actor=u, request_id=pending_return.pk if pending_return else 0, approve=False
        ),
        "request_extension": lambda u: services.extension_request(
            actor=u, proposal_id=p.pk, months=1, reason="调研"
        ),
        "decide_extension": lambda u: services.extension_decide(
            actor=u, request_id=pending_ext.pk if pending_ext else 0, approve=False
        ),
        "co_opinion": lambda u: services.co_opinion_submit(actor=u, proposal_id=p.pk, text="意见"),
        "consult": lambda u: services.consultation_record(
            actor=u, proposal_id=p.pk, method="phone", held_on=today, participants="代表本人"
        ),
        "draft_reply": lambda u: services.reply_draft(actor=u, proposal_id=p.pk, text="答复", category="A"),
        "sign_reply": lambda u: services.reply_sign(actor=u, reply_id=draft_reply.pk if draft_reply else 0),
        "rate": lambda u: services.rating_submit(
            actor=u, proposal_id=p.pk, attitude="satisfied", result="satisfied"
        ),
        "follow_up": lambda u: services.follow_up_report(actor=u, proposal_id=p.pk, text="进展", done=False),
        "mark_key": lambda u: services.key_supervision_mark(
            actor=u, proposal_id=p.pk, committee_id=w.committee.pk
        ),
        "publish": lambda u: services.proposal_publish(actor=u, proposal_id=p.pk),
        "set_topic": lambda u: services.proposal_set_topic(
            actor=u, proposal_id=p.pk, topic_id=Topic.objects.get_or_create(name="另一类别")[0].pk
        ),
    }


STATES = [
    "draft",
    "cosigning",
    "submitted",
    "accepted",
    "assigned",
    "assigned_busy",
    "replied",
    "rehandling",
    "follow_up",
    "closed",
    "withdrawn",
    "motion_submitted",
    "motion_to_committee",
]

# Offered buttons whose form then names a field: submitting while an invited co-signer has not answered.
KNOWN_INVALID = {
    ("cosigning", "submit", "lead_deputy"),
    ("cosigning", "submit", "staff"),
    ("cosigning", "submit", "admin"),
}


@pytest.mark.parametrize("state", STATES)
def test_services_accept_exactly_the_available_actions(state):
    w, p = build(state)
    assert p.status == {"assigned_busy": "assigned", "motion_submitted": "submitted"}.get(
        state, state.replace("motion_", "")
    )
    mismatches, offered_somewhere = [], set()
    for name, user in users(w).items():
        item = Proposal.objects.get(pk=p.pk)
        offered = set(permissions.available_actions(user, item))
        offered_somewhere |= offered
        # the matrix generated from the table: what the table (state, kind, held pairs) refuses, nothing
        # offers and every service refuses (checked below with the rest)
        table = set(workflow.WORKFLOW.candidates(item.status, permissions.held(user, item), item.kind))
        assert offered <= table, (state, name, offered - table)
        for action, call in calls(w, p).items():
            result = attempt(lambda call=call, user=user: call(user))
            if result.startswith("invalid") and (state, action, name) not in KNOWN_INVALID:
                mismatches.append(f"{state}/{action}/{name}: unexpected input error {result}")
            accepted_ = result != "refused"
            if accepted_ != (action in offered):
                mismatches.append(f"{state}/{action}/{name}: service {result}, offered {action in offered}")
    assert not mismatches, "\n".join(mismatches)
    # nothing leaked out of the rolled-back attempts
    assert Proposal.objects.get(pk=p.pk).status == p.status
    assert offered_somewhere or state == "withdrawn"


def test_restrict_every_role_and_relation():
    w = make_world()
    theirs = assigned(w, leads=(2,), cos=(), title="别的单位的")
    ours = assigned(w, title="本单位的")
    my_draft = draft(w, title="草稿")
    public = replied(w, leads=(2,), cos=(), title="公开的")
    services.proposal_publish(actor=w.staff, proposal_id=public.pk)
    staff_draft = services.proposal_create_draft(
        actor=w.staff, kind=Kind.SUGGESTION, title="工作人员代录草稿", lead_deputy_id=w.lead_deputy.pk
    )
    everything = {"并案目标"} - {"并案目标"}

    def titles(user, action="list"):
        return set(Proposal.objects.restrict(user, action).values_list("title", flat=True))

    submitted_titles = {"别的单位的", "本单位的", "公开的"}
    assert titles(w.staff) == submitted_titles | {"工作人员代录草稿"} | everything
    assert titles(w.staff2) == submitted_titles
    for u in (w.leader, w.auditor, w.admin):
        assert titles(u) == submitted_titles
        assert titles(u, "export") == submitted_titles
    assert titles(w.handlers[0]) == titles(w.unit_leaders[0]) == {"本单位的"}
    assert titles(w.handlers[1]) == {"本单位的"}  # the co-handler
    assert titles(w.handlers[2]) == {"别的单位的", "公开的"}
    assert titles(w.handlers[0], "export") == {"本单位的"}
    assert titles(w.lead) == {"别的单位的", "本单位的", "草稿", "公开的", "工作人员代录草稿"}
    assert titles(w.lead, "export") == set()
    assert titles(w.outsider) == {"公开的"}
    assert titles(w.keeper) == set()
    from django.contrib.auth.models import AnonymousUser

    assert titles(AnonymousUser()) == set()
    assert permissions.can_view(w.handlers[0], ours) and not permissions.can_view(w.handlers[0], theirs)
    assert not permissions.can_view(w.outsider, my_draft)
    assert permissions.can_view(w.lead, staff_draft)
    assert permissions.can_export(w.handlers[0]) and not permissions.can_export(w.lead)
    with pytest.raises(ValueError):
        Proposal.objects.restrict(w.staff, "delete")


def test_attachment_add_is_offered_with_save_draft():
    w, p = build("draft")
    assert "save_draft" in permissions.available_actions(w.lead, p)
    assert attempt(lambda: services.attachment_add(actor=w.lead, proposal_id=p.pk, file=pdf())) == "ok"
    assert (
        attempt(lambda: services.attachment_add(actor=w.outsider, proposal_id=p.pk, file=pdf())) == "refused"
    )
    assert attempt(lambda: services.attachment_add(actor=w.staff2, proposal_id=p.pk, file=pdf())) == "refused"
    assert p.status == Status.DRAFT
