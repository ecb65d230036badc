"""Random sequences of actions by random users, through the services (hypothesis): whatever happens, the
item never reaches an impossible state.

Invariants after every step:
- a refused step changes nothing (status, events);
- an accepted step moves the item only to a state the table allows for that action;
- at most one active lead unit (主办), and an item in handling or after has at least one active lead or
  split lead (分办) unit;
- a submitted item has a number; an item owing a reply has a due date;
- every accepted step appends at least one Event, a refused one none.
"""

import datetime as dt

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from renda.core.errors import ApplicationError
from renda.core.models import Event
from renda.proposals import services, workflow
from renda.proposals.choices import AssignmentRole, Kind, Status
from renda.proposals.models import (
    Assignment,
    ExtensionRequest,
    MotionWindow,
    Proposal,
    Reply,
    ReturnRequest,
    Topic,
)
from renda.proposals.tests.engine_setup import accepted, make_world

pytestmark = pytest.mark.django_db

# a session's deadline and the year's rollover (a batch over every item) are not one item's step
ACTIONS = [a for a in workflow.ACTIONS if a not in ("set_motion_deadline", "roll_over")]
ACTOR_NAMES = [
    "staff",
    "leader",
    "lead",
    "cosigner0",
    "cosigner1",
    "outsider",
    "h0",
    "l0",
    "h1",
    "l1",
    "h2",
    "l2",
]
HANDLED = {
    Status.ASSIGNED,
    Status.REPLIED,
    Status.REHANDLING,
    Status.FOLLOW_UP,
}


@pytest.fixture
def world():
    w = make_world(n_cosigners=9, prefix="hp")
    MotionWindow.objects.create(
        session=w.session, deadline=timezone.now() + dt.timedelta(days=30), set_by=w.staff
    )
    w.extra["into"] = accepted(w, title="并案目标")
    w.extra["topic2"] = Topic.objects.create(name="hp交通运输")
    w.extra["actors"] = {
        "staff": w.staff,
        "leader": w.leader,
        "lead": w.lead,
        "cosigner0": w.cosigner_users[0],
        "cosigner1": w.cosigner_users[1],
        "outsider": w.outsider,
        "h0": w.handlers[0],
        "l0": w.unit_leaders[0],
        "h1": w.handlers[1],
        "l1": w.unit_leaders[1],
        "h2": w.handlers[2],
        "l2": w.unit_leaders[2],
    }
    return w


def call(w, p: Proposal, action: str, actor, v: int):
    today = timezone.localdate()
    pid = p.pk
    if action == "save_draft":
        return services.proposal_update_draft(actor=actor, proposal_id=pid, title=f"标题{v}")
    if action == "invite_cosigners":
        return services.cosigners_invite(actor=actor, proposal_id=pid, deputy_ids=[w.cosigners[v % 9][1].pk])
    if action in ("cosign", "decline_cosign"):
        return services.cosign_respond(actor=actor, proposal_id=pid, accept=action == "cosign")
    if action == "submit":
        return services.proposal_submit(actor=actor, proposal_id=pid)
    if action == "withdraw":
        return services.proposal_withdraw(actor=actor, proposal_id=pid, note="主席团同意" if v % 2 else "")
    if action == "consent_withdraw":
        return services.withdraw_consent(actor=actor, proposal_id=pid)
    if action.startswith("review_"):
        return services.proposal_review(
            actor=actor, proposal_id=pid, decision=action.removeprefix("review_"), reason="court_case"
        )
    if action == "motion_decide":
        decision = ["on_agenda", "to_committee", "not_on_agenda", "to_suggestion"][v % 4]
        return services.motion_decide(actor=actor, proposal_id=pid, decision=decision)
    if action == "merge":
        return services.proposal_merge(actor=actor, proposal_id=pid, into_id=w.extra["into"].pk)
    if action == "assign":
        leads = [[0], [0, 2], [2]][v % 3]
        cos = [1] if v % 2 else []
        return services.proposal_assign(
            actor=actor,
            proposal_id=pid,
            lead_unit_ids=[w.units[i].pk for i in leads],
            co_unit_ids=[w.units[i].pk for i in cos],
            wide_ranging=v % 5 == 0,
        )
    if action == "request_return":
        return services.return_request(actor=actor, proposal_id=pid, reason="非本单位")
    if action == "decide_return":
        req = ReturnRequest.objects.filter(assignment__proposal=p, status="pending").first()
        active = set(Assignment.objects.filter(proposal=p, is_active=True).values_list("unit_id", flat=True))
        free = [u.pk for u in w.units if u.pk not in active]
        return services.return_decide(
            actor=actor,
            request_id=req.pk if req else 0,
            approve=bool(v % 2),
            new_unit_id=free[0] if free and v % 3 else None,
        )
    if action == "request_extension":
        return services.extension_request(actor=actor, proposal_id=pid, months=1 + v % 3, reason="调研")
    if action == "decide_extension":
        req = ExtensionRequest.objects.filter(proposal=p, status="pending").first()
        return services.extension_decide(actor=actor, request_id=req.pk if req else 0, approve=bool(v % 2))
    if action == "co_opinion":
        return services.co_opinion_submit(actor=actor, proposal_id=pid, text="意见")
    if action == "consult":
        return services.consultation_record(
            actor=actor, proposal_id=pid, method="phone", held_on=today, participants="代表"
        )
    if action == "draft_reply":
        cat = "ABCD"[v % 4]
        return services.reply_draft(
            actor=actor,
            proposal_id=pid,
            text="答复",
            category=cat,
            promised_date=today + dt.timedelta(days=90) if cat in "BC" else None,
            explanation="限制" if cat == "D" else "",
        )
    if action == "sign_reply":
        reply = Reply.objects.filter(proposal=p, status="draft").order_by("id").first()
        return services.reply_sign(actor=actor, reply_id=reply.pk if reply else 0)
    if action == "urge":
        return services.proposal_urge(actor=actor, proposal_id=pid)
    if action == "send_back_reply":
        reply = Reply.objects.filter(proposal=p, status="draft").order_by("id").first()
        return services.reply_send_back(actor=actor, reply_id=reply.pk if reply else 0, reason="请修改")
    if action == "rate":
        attitude, result = [
            ("satisfied", "satisfied"),
            ("satisfied", "unsatisfied"),
            ("basically", "basically"),
            ("unsatisfied", "satisfied"),
        ][v % 4]
        return services.rating_submit(
            actor=actor, proposal_id=pid, attitude=attitude, result=result, reason="理由"
        )
    if action == "follow_up":
        return services.follow_up_report(actor=actor, proposal_id=pid, text="进展", done=bool(v % 2))
    if action == "mark_key":
        return services.key_supervision_mark(actor=actor, proposal_id=pid, committee_id=w.committee.pk)
    if action == "publish":
        return services.proposal_publish(actor=actor, proposal_id=pid, public=bool(v % 2))
    if action == "set_topic":  # the same topic again is refused (nothing changes): a refused step
        topic = (w.topic, w.extra["topic2"])[v % 2]
        return services.proposal_set_topic(actor=actor, proposal_id=pid, topic_id=topic.pk)
    raise AssertionError(action)  # pragma: no cover


def check_invariants(p: Proposal) -> None:
    # the unit lists' copies of the item's status and due date follow every action
    copies = set(Assignment.objects.filter(proposal=p).values_list("proposal_status", "proposal_due_date"))
    assert copies <= {(p.status, p.due_date)}, (copies, p.status, p.due_date)
    active = list(Assignment.objects.filter(proposal=p, is_active=True))
    assert sum(a.role == AssignmentRole.LEAD for a in active) <= 1
    leads = [a for a in active if a.role in (AssignmentRole.LEAD, AssignmentRole.SPLIT)]
    if p.status in HANDLED:
        assert leads, p.status
        assert p.assigned_at is not None
    if leads:
        assert len({a.role for a in leads}) == 1  # a lead, or split leads, never both
    if p.status not in (Status.DRAFT, Status.COSIGNING) and not (
        p.status == Status.WITHDRAWN and p.submitted_at is None
    ):
        assert p.number is not None, p.status
    if p.status in workflow.OPEN:
        assert p.due_date is not None
    if p.status == Status.MERGED:
        assert p.merged_into_id is not None
    if p.status == Status.REPLIED:
        assert p.replied_at is not None and p.result_category


steps = st.lists(
    st.tuples(st.sampled_from(ACTIONS), st.sampled_from(ACTOR_NAMES), st.integers(0, 11)),
    min_size=1,
    max_size=30,
)


SURE = [
    ("submit", "lead", 0),
    ("review_accept", "staff", 0),
    ("motion_decide", "staff", 3),  # a motion converted into a suggestion
    ("assign", "staff", 0),
    ("draft_reply", "h0", 0),
    ("sign_reply", "l0", 0),
    ("rate", "lead", 1),
    ("draft_reply", "h0", 1),
    ("sign_reply", "l0", 0),
]


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    kind=st.sampled_from([Kind.SUGGESTION, Kind.MOTION]),
    joint=st.booleans(),
    prefix=st.integers(0, len(SURE)),
    steps=steps,
)
def test_random_action_sequences_never_reach_an_impossible_state(world, kind, joint, prefix, steps):
    w = world
    extra = {"cause": "案由", "basis": "案据", "plan": "方案", "session_id": w.session.pk}
    p = services.proposal_create_draft(
        actor=w.lead, kind=kind, title="随机", content="内容", **(extra if kind == Kind.MOTION else {})
    )
    if joint:
        services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[d.pk for _u, d in w.cosigners])
        for u, _d in w.cosigners:
            services.cosign_respond(actor=u, proposal_id=p.pk, accept=True)
    # a prefix of the sure path first, so that the later states are reached often
    for action, actor_name, v in SURE[:prefix] + steps:
        before = Proposal.objects.get(pk=p.pk)
        events_before = Event.objects.filter(object_id=str(p.pk)).count()
        actor = w.extra["actors"][actor_name]
        ok = True
        try:
            with transaction.atomic():
                call(w, before, action, actor, v)
        except ApplicationError:
            ok = False
        after = Proposal.objects.get(pk=p.pk)
        events_after = Event.objects.filter(object_id=str(p.pk)).count()
        if ok:
            assert workflow.allowed(action, before.status, before.kind), (action, before.status)
            assert after.status in {s.value for s in workflow.possible_targets(action, before.status)}, (
                action,
                before.status,
                after.status,
            )
            assert events_after > events_before
        else:
            assert after.status == before.status and events_after == events_before
        check_invariants(after)


def _drive(w, p, script):
    for action, actor_name, v in script:
        call(w, Proposal.objects.get(pk=p.pk), action, w.extra["actors"][actor_name], v)
        check_invariants(Proposal.objects.get(pk=p.pk))
    return Proposal.objects.get(pk=p.pk)


def test_a_long_sure_path_keeps_the_invariants(world):
    """The later states (split leads, returns, re-handling, follow-up) walked on purpose."""
    w = world
    p = services.proposal_create_draft(actor=w.lead, kind=Kind.SUGGESTION, title="确定路径", content="内容")
    p = _drive(
        w,
        p,
        [
            ("submit", "lead", 0),
            ("review_accept", "staff", 0),
            ("assign", "staff", 4),  # split leads 0 and 2, no co-handler
            ("request_return", "h2", 0),
            ("decide_return", "staff", 1),  # approved and reassigned to the free unit 1
            ("draft_reply", "h0", 1),  # B
            ("sign_reply", "l0", 0),
        ],
    )
    assert p.status == Status.ASSIGNED
    split = Assignment.objects.filter(proposal=p, is_active=True, role=AssignmentRole.SPLIT)
    assert split.count() == 2
    other = next(a.unit for a in split if a.unit != w.units[0])
    idx = w.units.index(other)
    r = services.reply_draft(actor=w.handlers[idx], proposal_id=p.pk, text="答复", category="A")
    services.reply_sign(actor=w.unit_leaders[idx], reply_id=r.pk)
    p = _drive(w, p, [("rate", "lead", 1), ("draft_reply", "h0", 2), ("sign_reply", "l0", 0)])
    assert p.status == Status.REHANDLING  # the other split lead has not re-signed yet
    r = services.reply_draft(actor=w.handlers[idx], proposal_id=p.pk, text="再答复", category="A")
    services.reply_sign(actor=w.unit_leaders[idx], reply_id=r.pk)
    p = _drive(w, p, [("rate", "lead", 2), ("follow_up", "h0", 0), ("follow_up", f"h{idx}", 0)])
    assert p.status == Status.FOLLOW_UP  # progress reported, not done
    p = _drive(w, p, [("follow_up", "h0", 1)])
    assert p.status == Status.CLOSED  # only unit 0 promised something (C); the other answered A
