"""A small world for the supervision tests: the proposals engine's world (a term, staff, a leader, an auditor,
deputies, three units each with a handler and a leader) plus two standing-committee meetings, and helpers that
walk an item of the annual plan to a given state through the services (never by setting status)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone

from renda.proposals.tests.engine_setup import make_world
from renda.supervision import services
from renda.supervision.models import Interpellation, Item, ItemKind, Plan
from renda.supervision.services import interpellations
from tests.factories import SessionFactory, StandingCommitteeFactory


def world(prefix: str = "sv") -> Any:
    w = make_world(prefix=prefix)
    w.extra["meeting"] = SessionFactory(
        term=w.term,
        kind="standing_committee",
        number=21,
        title="常务委员会第二十一次会议",
        start_date=dt.date(2026, 3, 25),
    )
    w.extra["review_meeting"] = SessionFactory(
        term=w.term,
        kind="standing_committee",
        number=24,
        title="常务委员会第二十四次会议",
        start_date=dt.date(2026, 8, 26),
    )
    return w


def plan(w: Any, year: int = 2026) -> Plan:
    return services.plan_create(actor=w.staff, term_id=w.term.pk, year=year)


def planned(w: Any, *, title: str = "全市生态环境保护工作", body: int = 0) -> Item:
    p = Plan.objects.filter(term=w.term).first() or plan(w)
    return services.item_add(
        actor=w.staff,
        plan_id=p.pk,
        kind=ItemKind.WORK_REPORT,
        title=title,
        body_id=w.units[body].pk,
        planned_month=3,
    )


def scheduled(w: Any, **kw) -> Item:
    item = planned(w, **kw)
    return services.item_schedule(actor=w.staff, item_id=item.pk, meeting_id=w.extra["meeting"].pk)


def with_opinion(w: Any, **kw) -> Item:
    item = scheduled(w, **kw)
    services.opinion_record(
        actor=w.staff, item_id=item.pk, source="meeting", speaker="张委员", text="加快治理进度。"
    )
    return Item.objects.get(pk=item.pk)


def consolidated(w: Any, **kw) -> Item:
    item = with_opinion(w, **kw)
    return services.item_consolidate(
        actor=w.staff, item_id=item.pk, text="一、加快黑臭水体治理。\n二、加强执法。"
    )


def sent(w: Any, **kw) -> Item:
    return services.item_send(actor=w.staff, item_id=consolidated(w, **kw).pk)


def answered(w: Any, **kw) -> Item:
    item = sent(w, **kw)
    return services.item_answer(actor=w.unit_leaders[0], item_id=item.pk, text="已整改。", signed_by="王局长")


def commented(w: Any, **kw) -> Item:
    return services.item_comment(actor=w.staff, item_id=answered(w, **kw).pk, text="整改基本到位。")


def on_agenda(w: Any, **kw) -> Item:
    item = commented(w, **kw)
    return services.item_put_on_agenda(
        actor=w.staff, item_id=item.pk, meeting_id=w.extra["review_meeting"].pk
    )


def rated(w: Any, **kw) -> Item:
    item = on_agenda(w, **kw)
    return services.item_rate(
        actor=w.staff, item_id=item.pk, members=35, satisfied=20, basic=10, unsatisfied=3
    )


def published(w: Any, **kw) -> Item:
    return services.item_publish(actor=w.leader, item_id=rated(w, **kw).pk)


BY_STATE = {
    "planned": planned,
    "scheduled": with_opinion,
    "consolidated": consolidated,
    "sent": sent,
    "answered": answered,
    "commented": commented,
    "on_agenda": on_agenda,
    "rated": rated,
    "published": published,
}


# --- interpellations -------------------------------------------------------------------------------------


def members(w: Any, n: int = 6) -> list:
    """`n` members of the term's standing committee with accounts: [(user, deputy)], kept in w.extra."""
    from renda.deputies.models import StandingCommitteeMember
    from renda.proposals.tests.engine_setup import deputy_user

    sc = StandingCommitteeFactory(term=w.term)
    have = w.extra.setdefault("members", [])
    prefix = w.lead.username.split("-")[0]
    for i in range(len(have), n):
        user, deputy = deputy_user(f"{prefix}-m{i}", w.delegation)
        StandingCommitteeMember.objects.create(
            standing_committee=sc, deputy=deputy, position="member", start_date=dt.date(2022, 1, 10)
        )
        have.append((user, deputy))
    return have[:n]


def drafted(w: Any, *, title: str = "关于全市学校食品安全监管问题的质询案", body: int = 0) -> Interpellation:
    lead, _d = members(w)[0]
    return interpellations.interpellation_create(
        actor=lead, body_id=w.units[body].pk, title=title, questions="一、为何多次抽检不合格仍未整改？"
    )


def signing(w: Any, *, invite: int = 5, **kw) -> Interpellation:
    obj = drafted(w, **kw)
    ms = members(w, invite + 1)
    deadline = timezone.now() + dt.timedelta(days=3)
    return interpellations.interpellation_invite(
        actor=ms[0][0], interpellation_id=obj.pk, deputy_ids=[d.pk for _u, d in ms[1:]], deadline=deadline
    )


def filed(w: Any, *, sign: int = 4, **kw) -> Interpellation:
    obj = signing(w, **kw)
    for user, _d in members(w)[1 : sign + 1]:
        interpellations.interpellation_sign(actor=user, interpellation_id=obj.pk, accept=True)
    return interpellations.interpellation_file(actor=members(w)[0][0], interpellation_id=obj.pk)


def accepted_written(w: Any, **kw) -> Interpellation:
    obj = filed(w, **kw)
    return interpellations.interpellation_accept(
        actor=w.leader, interpellation_id=obj.pk, answer_form="written"
    )


def answered_written(w: Any, **kw) -> Interpellation:
    obj = accepted_written(w, **kw)
    return interpellations.interpellation_answer(
        actor=w.unit_leaders[0], interpellation_id=obj.pk, text="已责令整改。", answered_by="李局长"
    )


# --- law-enforcement inspections ---------------------------------------------------------------------------


def inspection(w: Any, *, title: str = "《大气污染防治法》实施情况", body: int = 0):
    from renda.supervision.services import inspections

    p = Plan.objects.filter(term=w.term).first() or plan(w)
    item = services.item_add(
        actor=w.staff,
        plan_id=p.pk,
        kind=ItemKind.ENFORCEMENT,
        title=title,
        body_id=w.units[body].pk,
        planned_month=8,
    )
    return inspections.inspection_create(
        actor=w.staff, item_id=item.pk, law="中华人民共和国大气污染防治法", articles="第十九条、第四十三条"
    )


def inspection_reported(w: Any, **kw):
    from renda.supervision.services import inspections

    obj = inspection(w, **kw)
    ms = members(w, 3)
    inspections.inspection_add_member(
        actor=w.staff, inspection_id=obj.pk, deputy_id=ms[0][1].pk, role="leader"
    )
    inspections.inspection_add_member(
        actor=w.staff, inspection_id=obj.pk, deputy_id=ms[1][1].pk, role="member"
    )
    inspections.inspection_add_member(
        actor=w.staff, inspection_id=obj.pk, deputy_id=w.lead_deputy.pk, role="deputy"
    )
    inspections.inspection_start(actor=w.staff, inspection_id=obj.pk)
    inspections.inspection_record_visit(
        actor=w.staff,
        inspection_id=obj.pk,
        place="江北化工园区",
        visited_on=timezone.localdate(),
        findings="两家企业在线监测数据缺失。",
    )
    return inspections.inspection_report(
        actor=w.staff, inspection_id=obj.pk, text="一、法律实施总体情况。\n二、存在的问题。"
    )


# --- investigations of a specific question and removal motions -------------------------------------------


def inv_drafted(w: Any, *, n: int = 11, title: str = "全市地下管网建设资金使用问题") -> Any:
    """A member's proposal (the first of `n` members), a draft."""
    from renda.supervision.services import investigations

    lead, _d = members(w, n)[0]
    return investigations.investigation_create(
        actor=lead, title=title, reasons="审计发现资金挪用线索，有必要组织调查。"
    )


def inv_signing(w: Any, **kw) -> Any:
    from renda.supervision.services import investigations

    obj = inv_drafted(w, **kw)
    return investigations.investigation_open(
        actor=members(w)[0][0], investigation_id=obj.pk, deadline=timezone.now() + dt.timedelta(days=3)
    )


def inv_proposed(w: Any, **kw) -> Any:
    """Signed by the lead and enough members (one fifth of the members counted), then filed."""
    from renda.supervision.services import investigations

    obj = inv_signing(w, **kw)
    for user, _d in members(w)[1 : obj.signers_needed]:
        investigations.investigation_sign(actor=user, investigation_id=obj.pk)
    return investigations.investigation_file(actor=members(w)[0][0], investigation_id=obj.pk)


def inv_established(w: Any, **kw) -> Any:
    from renda.supervision.services import investigations

    obj = inv_proposed(w, **kw)
    investigations.investigation_schedule(
        actor=w.staff, investigation_id=obj.pk, meeting_id=w.extra["meeting"].pk
    )
    return investigations.investigation_decide(
        actor=w.staff, investigation_id=obj.pk, members=11, yes=8, no=1, abstain=1
    )


def inv_investigating(w: Any, **kw) -> Any:
    from renda.supervision.services import investigations

    obj = inv_established(w, **kw)
    ms = members(w)
    investigations.investigation_add_member(
        actor=w.staff, investigation_id=obj.pk, role="chair", deputy_id=ms[2][1].pk
    )
    investigations.investigation_add_member(
        actor=w.staff, investigation_id=obj.pk, role="expert", name="周教授", affiliation="江城大学"
    )
    return investigations.investigation_start(actor=w.staff, investigation_id=obj.pk)


def holder(w: Any, *, name: str = "钱进", post: str = "江城市住房和城乡建设局局长") -> Any:
    """An office holder in the register (a passed appointment through appointments' services)."""
    from renda.appointments import services as appointments
    from renda.appointments.models import Person

    c = appointments.case_create(
        actor=w.staff, title="关于提请任免部分组成人员的议案", nominator="mayor", nominator_name="市长"
    )
    appointments.person_add(
        actor=w.staff, case_id=c.pk, action="appoint", name=name, post=post, post_class="government"
    )
    appointments.case_submit(actor=w.staff, case_id=c.pk, submitted_on=dt.date(2026, 3, 20))
    appointments.case_schedule(
        actor=w.staff, case_id=c.pk, session_id=w.extra["meeting"].pk, reviewed_on=dt.date(2026, 3, 21)
    )
    appointments.case_vote(
        actor=w.staff, case_id=c.pk, mode="together", members_total=11, together=[9, 1, 0],
        voted_on=dt.date(2026, 3, 25),
    )  # fmt: skip
    return Person.objects.get(case=c, name=name)


def removal_filed(w: Any, *, n: int = 11) -> Any:
    from renda.supervision.services import removals

    person = holder(w)
    ms = members(w, n)
    obj = removals.removal_create(actor=ms[0][0], holder_id=person.pk, reasons="严重失职，造成重大损失。")
    obj = removals.removal_open(
        actor=ms[0][0], removal_id=obj.pk, deadline=timezone.now() + dt.timedelta(days=3)
    )
    for user, _d in ms[1 : obj.signers_needed]:
        removals.removal_sign(actor=user, removal_id=obj.pk)
    return removals.removal_file(actor=ms[0][0], removal_id=obj.pk)


def meeting_in_progress(w: Any, *, n: int = 11, present: int = 9) -> Any:
    """A standing-committee meeting of the term in progress: the term's `n` members on its roll, the first
    `present` checked in (the voting engine's polls then open on its agenda)."""
    from renda.meetings.choices import SessionStatus
    from renda.voting.tests.engine_setup import on_roll

    ms = members(w, n)
    session = SessionFactory(
        term=w.term,
        kind="standing_committee",
        number=30,
        title="常务委员会第三十次会议",
        start_date=dt.date(2026, 4, 28),
        status=SessionStatus.IN_PROGRESS,
        roll_size=n,
    )
    on_roll(session, [d for _u, d in ms], present)
    return session


def cast(w: Any, poll_id: int, yes: int, no: int = 0, abstain: int = 0) -> None:
    """The members present cast their own ballots on their devices, in roll order: yes, then no, then
    abstain."""
    from renda.voting import services as voting

    marks = ["yes"] * yes + ["no"] * no + ["abstain"] * abstain
    for (user, deputy), mark in zip(w.extra["members"], marks, strict=False):
        voting.ballot_cast(actor=user, poll_id=poll_id, deputy_id=deputy.pk, payload={"choice": mark})
