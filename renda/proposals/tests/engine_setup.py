"""A small world for the proposals engine's tests (and anyone else's): a term, deputies with accounts,
staff, a leader, an auditor, three handling units each with a handler and a leader, a topic, a committee,
and helpers that walk an item to a given state through the services (never by setting status)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.roles import Role
from renda.proposals import services
from renda.proposals.choices import Kind, Status
from renda.proposals.models import Proposal, ProposalSettings, Topic
from tests.factories import (
    CommitteeFactory,
    DelegationFactory,
    DeputyFactory,
    HandlingUnitFactory,
    SessionFactory,
    StandingCommitteeFactory,
    TermFactory,
    UserFactory,
    user_with_role,
)


def deputy_user(username: str, delegation):
    user = UserFactory(username=username)
    from renda.accounts.models import RoleAssignment

    RoleAssignment.objects.create(user=user, role=Role.DEPUTY)
    deputy = DeputyFactory(user=user, delegation=delegation, name=f"{username}代表")
    user.forget_roles()
    return user, deputy


@dataclass
class World:
    term: object
    settings: ProposalSettings
    delegation: object
    other_delegation: object
    lead: object  # a deputy's user
    lead_deputy: object
    cosigners: list  # [(user, deputy)]
    outsider: object  # a deputy with no part in the items
    staff: object
    staff2: object
    leader: object
    auditor: object
    admin: object
    keeper: object
    units: list
    handlers: list  # per unit
    unit_leaders: list  # per unit
    topic: object
    committee: object
    session: object
    extra: dict = field(default_factory=dict)

    @property
    def cosigner_users(self):
        return [u for u, _d in self.cosigners]


def make_world(n_cosigners: int = 3, *, prefix: str = "w") -> World:
    term = TermFactory()
    conf, _created = ProposalSettings.objects.get_or_create(term=term)
    delegation = DelegationFactory(term=term, name=f"{prefix}第一代表团")
    other = DelegationFactory(term=term, name=f"{prefix}第二代表团")
    lead, lead_deputy = deputy_user(f"{prefix}-lead", delegation)
    cosigners = [deputy_user(f"{prefix}-co{i}", delegation) for i in range(n_cosigners)]
    outsider, _od = deputy_user(f"{prefix}-outsider", other)
    units = [HandlingUnitFactory(name=f"{prefix}测试单位{i}") for i in range(3)]
    handlers = [
        user_with_role(Role.UNIT_HANDLER, username=f"{prefix}-h{i}", unit=u) for i, u in enumerate(units)
    ]
    leaders = [
        user_with_role(Role.UNIT_LEADER, username=f"{prefix}-l{i}", unit=u) for i, u in enumerate(units)
    ]
    sc = StandingCommitteeFactory(term=term)
    return World(
        term=term,
        settings=conf,
        delegation=delegation,
        other_delegation=other,
        lead=lead,
        lead_deputy=lead_deputy,
        cosigners=cosigners,
        outsider=outsider,
        staff=user_with_role(Role.STAFF, username=f"{prefix}-staff"),
        staff2=user_with_role(Role.STAFF, username=f"{prefix}-staff2"),
        leader=user_with_role(Role.LEADER, username=f"{prefix}-leader"),
        auditor=user_with_role(Role.AUDITOR, username=f"{prefix}-auditor"),
        admin=user_with_role(Role.ADMIN, username=f"{prefix}-admin"),
        keeper=user_with_role(Role.STATION_KEEPER, username=f"{prefix}-keeper"),
        units=units,
        handlers=handlers,
        unit_leaders=leaders,
        topic=Topic.objects.create(name=f"{prefix}城乡建设"),
        committee=CommitteeFactory(standing_committee=sc),
        session=SessionFactory(term=term),
    )


def pdf(name: str = "附件.pdf", size: int = 100) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n" + b"0" * max(0, size - 9), content_type="application/pdf")


def draft(w: World, *, kind: str = Kind.SUGGESTION, title: str = "关于改善公交线路的建议", **kw) -> Proposal:
    if kind == Kind.MOTION:
        kw.setdefault("cause", "案由")
        kw.setdefault("basis", "案据")
        kw.setdefault("plan", "方案")
        kw.setdefault("session_id", w.session.pk)
    else:
        kw.setdefault("content", "建议内容")
    return services.proposal_create_draft(actor=w.lead, kind=kind, title=title, topic_id=w.topic.pk, **kw)


def with_cosigners(w: World, p: Proposal, n: int | None = None, *, confirm: bool = True) -> Proposal:
    chosen = w.cosigners[: len(w.cosigners) if n is None else n]
    services.cosigners_invite(actor=w.lead, proposal_id=p.pk, deputy_ids=[d.pk for _u, d in chosen])
    if confirm:
        for u, _d in chosen:
            services.cosign_respond(actor=u, proposal_id=p.pk, accept=True)
    return Proposal.objects.get(pk=p.pk)


def submitted(w: World, **kw) -> Proposal:
    p = draft(w, **kw)
    return services.proposal_submit(actor=w.lead, proposal_id=p.pk)


def accepted(w: World, **kw) -> Proposal:
    p = submitted(w, **kw)
    return services.proposal_review(actor=w.staff, proposal_id=p.pk, decision="accept")


def assigned(w: World, *, leads=(0,), cos=(1,), wide_ranging=False, **kw) -> Proposal:
    p = accepted(w, **kw)
    return services.proposal_assign(
        actor=w.staff,
        proposal_id=p.pk,
        lead_unit_ids=[w.units[i].pk for i in leads],
        co_unit_ids=[w.units[i].pk for i in cos],
        wide_ranging=wide_ranging,
    )


def replied(w: World, *, category: str = "A", leads=(0,), cos=(1,), **kw) -> Proposal:
    p = assigned(w, leads=leads, cos=cos, **kw)
    for i in leads:
        r = services.reply_draft(
            actor=w.handlers[i],
            proposal_id=p.pk,
            text="答复内容",
            category=category,
            promised_date=dt.date(2099, 12, 31) if category in ("B", "C") else None,
            explanation="条件限制" if category == "D" else "",
        )
        services.reply_sign(actor=w.unit_leaders[i], reply_id=r.pk)
    p = Proposal.objects.get(pk=p.pk)
    assert p.status == Status.REPLIED
    return p


def snapshot(model) -> list[dict]:
    """Every row of a model as values, to assert that nothing changed."""
    return list(model.objects.order_by("pk").values())
