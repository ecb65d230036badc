"""The demo's interpellations (质询案, 监督法 第五十一至五十四条; issue 15), through the supervision services
on the day each step happened: one tabled in June 2026 by six members of the standing committee against the
handler's unit, sent by the council, answered in writing in July (two of six signers dissatisfied: no
second answer) and closed; one collecting signatures now, with the leader's signature awaited (the
leader's home page shows it to sign). Written once (matched by the term)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from renda.demo.clock import Timeline, at
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.deputies.models import StandingCommitteeMember
from renda.organization.models import HandlingUnit, Term
from renda.supervision.models import Interpellation
from renda.supervision.services import interpellations as services

YEAR = 2026
CLOSED = (
    "关于全市中小学校园食品安全监管问题的质询案",
    "一、今年以来多所学校食堂抽检不合格，为何未及时整改？\n二、校外供餐企业的准入和退出如何把关？\n"
    "三、下一步有哪些具体措施和时间表？",
    "一、已对抽检不合格的6所学校食堂责令停业整改，整改全部完成。\n二、建立校外供餐企业黑名单，清退2家。\n"
    "三、年底前实现学校食堂“互联网+明厨亮灶”全覆盖。",
)
OPEN = (
    "关于城区内涝治理工程进展迟缓问题的质询案",
    "一、城区内涝治理工程为何未按计划完工？\n二、汛期前能否完成易涝点改造？",
)


def write_interpellations(users: Users, created: dict) -> None:
    term = Term.objects.filter(is_current=True).first()
    body = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    if term is None or body is None or Interpellation.objects.filter(term=term).exists():
        return
    leader = users["leader"]
    members = list(
        StandingCommitteeMember.objects.filter(
            standing_committee__term=term,
            end_date__isnull=True,
            position="member",
            deputy__user__isnull=False,
        )
        .exclude(deputy__user=leader)
        .select_related("deputy__user")
        .order_by("id")[:10]
    )
    if len(members) < 10:
        return
    answerer = users.unit_leader.get(body.pk, users["staff"])
    signers = [m.deputy.user for m in members[:6]]
    t = Timeline()

    def draft(title: str, questions: str, lead):
        return services.interpellation_create(actor=lead, body_id=body.pk, title=title, questions=questions)

    story = t.story()
    found: dict[str, Interpellation] = {}

    def step_create():
        found["closed"] = draft(CLOSED[0], CLOSED[1], signers[0])

    def step(call, **kw):
        return lambda: call(interpellation_id=found["closed"].pk, **kw)

    story.then(at(dt.date(YEAR, 6, 1)), step_create)
    story.then(
        at(dt.date(YEAR, 6, 1), 30),
        lambda: services.interpellation_invite(
            actor=signers[0],
            interpellation_id=found["closed"].pk,
            deputy_ids=[m.deputy_id for m in members[1:6]],
            deadline=at(dt.date(YEAR, 6, 5), hour=18),
        ),
    )
    for i, user in enumerate(signers[1:6]):
        story.then(
            at(dt.date(YEAR, 6, 2 + i // 2), 60 * i),
            step(services.interpellation_sign, actor=user, accept=True),
        )
    story.then(at(dt.date(YEAR, 6, 5), hour=19), step(services.interpellation_file, actor=signers[0]))
    story.then(
        at(dt.date(YEAR, 6, 9)),
        step(
            services.interpellation_accept, actor=leader, answer_form="written", note="交市教育局书面答复。"
        ),
    )
    story.then(
        at(dt.date(YEAR, 7, 6)),
        step(services.interpellation_answer, actor=answerer, text=CLOSED[2], answered_by="王建国"),
    )
    for i, user in enumerate(signers):
        story.then(
            at(dt.date(YEAR, 7, 8), 10 * i),
            step(services.interpellation_declare, actor=user, dissatisfied=i in (1, 4)),
        )
    story.then(at(dt.date(YEAR, 7, 20)), step(services.interpellation_close, actor=leader))
    t.run()

    # collecting signatures now: three members have signed, the leader's signature is awaited
    lead = members[6].deputy.user
    obj = draft(OPEN[0], OPEN[1], lead)
    obj = services.interpellation_invite(
        actor=lead,
        interpellation_id=obj.pk,
        deputy_ids=[*(m.deputy_id for m in members[7:10]), leader.deputy.pk, members[0].deputy_id],
        deadline=timezone.now() + dt.timedelta(days=14),
    )
    for m in members[7:10]:
        services.interpellation_sign(actor=m.deputy.user, interpellation_id=obj.pk, accept=True)
    created["interpellations"] = created.get("interpellations", 0) + 2
