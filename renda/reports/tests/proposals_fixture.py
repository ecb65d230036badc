"""A small, fully known set of motions and suggestions for the reports' tests (written with the models
directly, as the demo and the benchmark do: the reports read data, they do not drive the workflow).

Units: A (the role_users' unit, 测试交通运输局) and B. Items (all in the current term):
  a1  assigned to A, overdue by 10 days, consulted, key supervision, one confirmed co-signer
  a2  replied by A on time (category A), consulted, rated 满意 → closed
  b1  assigned to B, due in 5 days (due soon)
  b2  replied by B (category B), not consulted, rated 不满意 → rehandling, due again in 20 days
  b3  replied by B 10 days late (category C), not consulted, not rated yet
Staff's figures: 5 items; replied 3, on time 2 of 4 owing a reply (a1 overdue unanswered counts
against: 50.0%), consulted 1 (33.3%); rated 2, satisfied 1 (50.0%); overdue 1 (a1). Unit A's: 2 items;
1 overdue; on time 1 of 2 (50.0%); 100% consulted and satisfied.
  d1  a draft (never counted nor exported)
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from renda.organization.models import HandlingUnit, Term
from renda.proposals.models import (
    Assignment,
    Consultation,
    Cosigner,
    Proposal,
    ProposalSettings,
    Rating,
    Reply,
    Topic,
)
from tests.factories import DelegationFactory, DeputyFactory, HandlingUnitFactory, TermFactory


@dataclass
class City:
    term: Term
    unit_a: HandlingUnit
    unit_b: HandlingUnit
    items: dict
    today: dt.date
    extra: dict = field(default_factory=dict)


def _at(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(10)))


def build_city(role_users, *, extra_per_unit: int = 0) -> City:
    today = timezone.localdate()
    term = TermFactory()
    ProposalSettings.objects.get_or_create(term=term)
    staff = role_users["staff"]
    unit_a = HandlingUnit.objects.get(name="测试交通运输局")
    unit_b = HandlingUnitFactory(name="测试教育局")
    d1 = DelegationFactory(term=term, name="临江区代表团")
    d2 = DelegationFactory(term=term, name="江北区代表团")
    lead1 = DeputyFactory(delegation=d1, name="张代表")
    lead2 = DeputyFactory(delegation=d2, name="李代表")
    mate = DeputyFactory(delegation=d1, name="王代表")
    traffic = Topic.objects.create(name="交通运输")
    school = Topic.objects.create(name="教育")

    def item(key, number, *, unit, lead, topic, status, assigned_ago=None, due_in=None, **extra):
        p = Proposal.objects.create(
            term=term,
            kind="suggestion",
            status=status,
            number=number,
            title=f"关于{key}的建议",
            topic=topic,
            lead_deputy=lead,
            delegation=lead.delegation,
            created_by=staff,
            submitted_at=_at(today - dt.timedelta(days=120)) if number else None,
            assigned_at=today - dt.timedelta(days=assigned_ago) if assigned_ago else None,
            due_date=today + dt.timedelta(days=due_in) if due_in is not None else None,
            **extra,
        )
        if unit is not None:
            Assignment.objects.create(proposal=p, unit=unit, role="lead", assigned_on=p.assigned_at)
        return p

    items = {}
    items["a1"] = item(
        "公交线路优化", 1, unit=unit_a, lead=lead1, topic=traffic, status="assigned",
        assigned_ago=100, due_in=-10, key_supervision=True,
    )  # fmt: skip
    Cosigner.objects.create(proposal=items["a1"], deputy=mate, status="confirmed")
    items["a2"] = item(
        "农村公路养护", 2, unit=unit_a, lead=lead1, topic=traffic, status="closed",
        assigned_ago=110, due_in=-20, replied_at=today - dt.timedelta(days=40), result_category="A",
        first_reply_on_time=True,
        closed_at=today - dt.timedelta(days=30),
    )  # fmt: skip
    items["b1"] = item(
        "课后服务", 3, unit=unit_b, lead=lead2, topic=school, status="assigned", assigned_ago=85, due_in=5
    )
    items["b2"] = item(
        "学前教育普惠", 4, unit=unit_b, lead=lead2, topic=school, status="rehandling",
        assigned_ago=130, due_in=20, replied_at=today - dt.timedelta(days=25), result_category="B",
        first_reply_on_time=True,
        promised_date=today + dt.timedelta(days=200), rehandle_count=1,
    )  # fmt: skip
    items["b3"] = item(
        "校园食品安全", 5, unit=unit_b, lead=lead2, topic=school, status="replied",
        assigned_ago=120, due_in=-15, replied_at=today - dt.timedelta(days=5), result_category="C",
        first_reply_on_time=False,
        promised_date=today + dt.timedelta(days=300),
    )  # fmt: skip
    items["d1"] = item("草稿", None, unit=None, lead=lead1, topic=traffic, status="draft")

    for key in ("a1", "a2"):
        Consultation.objects.create(
            proposal=items[key], unit=unit_a, method="phone", held_on=today - dt.timedelta(days=50),
            participants="张代表、经办人", recorded_by=staff,
        )  # fmt: skip
    for key, unit, category, day in (
        ("a2", unit_a, "A", 40),
        ("b2", unit_b, "B", 25),
        ("b3", unit_b, "C", 5),
    ):
        Reply.objects.create(
            proposal=items[key], unit=unit, text="答复", category=category, status="signed",
            drafted_by=staff, signed_by=staff, signed_at=_at(today - dt.timedelta(days=day)),
        )  # fmt: skip
    Rating.objects.create(proposal=items["a2"], deputy=lead1, attitude="satisfied", result="satisfied")
    Rating.objects.create(
        proposal=items["b2"], deputy=lead2, attitude="basically", result="unsatisfied", reason="未解决"
    )
    city = City(term=term, unit_a=unit_a, unit_b=unit_b, items=items, today=today)
    city.extra = {"staff": staff, "leads": (lead1, lead2), "topics": (traffic, school), "next": 100}
    add_items(city, extra_per_unit)
    return city


def add_items(city: City, per_unit: int) -> None:
    """`per_unit` more assigned items for each unit (with a consultation each)."""
    staff, (lead1, lead2), (traffic, school) = city.extra["staff"], city.extra["leads"], city.extra["topics"]
    for _i in range(per_unit):
        for unit, lead, topic in ((city.unit_a, lead1, traffic), (city.unit_b, lead2, school)):
            number = city.extra["next"]
            city.extra["next"] += 1
            assigned_on = city.today - dt.timedelta(days=30)
            p = Proposal.objects.create(
                term=city.term, kind="suggestion", status="assigned", number=number,
                title=f"关于补充事项{number}的建议", topic=topic, lead_deputy=lead,
                delegation=lead.delegation,
                created_by=staff, submitted_at=_at(city.today - dt.timedelta(days=40)),
                assigned_at=assigned_on, due_date=city.today + dt.timedelta(days=60),
            )  # fmt: skip
            Assignment.objects.create(proposal=p, unit=unit, role="lead", assigned_on=assigned_on)
            Consultation.objects.create(
                proposal=p,
                unit=unit,
                method="face",
                held_on=city.today,
                participants="代表",
                recorded_by=staff,
            )


def hand_to_deputy(city: City, user):
    """The signed-in deputy `user` becomes the lead of 张代表's items (a1, a2 and the draft d1)."""
    from renda.deputies.models import Deputy

    deputy = Deputy.objects.get(user=user)
    Proposal.objects.filter(lead_deputy=city.extra["leads"][0]).update(lead_deputy=deputy)
    return deputy
