"""The demo's supervision (人大监督, issue 15), through the supervision and meetings services on the day each
step happened: the 2026 annual supervision plan (four items) adopted in January; two standing-committee
meetings; a special work report whose deliberation opinions went to the body in May and came back late in
August, were put on a meeting and rated, then published; a law-enforcement inspection whose opinions went
out in September and are overdue; a special inquiry in October whose problem list went to the body in
November and whose summary is published; one item still planned. Written once (matched by the term and
year)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from renda.demo.clock import Timeline, at, run_at
from renda.demo.logins import Users
from renda.demo.meetings import standing_meeting
from renda.demo.names import HANDLER_UNIT_NAME
from renda.meetings.models import Session
from renda.organization.models import Committee, HandlingUnit, Term
from renda.supervision import services
from renda.supervision.models import Plan

YEAR = 2026
MEETINGS = [  # (number, start date): standing-committee meetings of 2026 heard in the plan
    (26, dt.date(YEAR, 4, 24)),
    (29, dt.date(YEAR, 8, 27)),
]
ITEMS = [  # (kind, title, month)
    ("work_report", "全市城市公共交通发展工作", 4),
    ("enforcement", "《中华人民共和国大气污染防治法》贯彻实施情况", 8),
    ("audit", "2025年度市级预算执行和其他财政收支的审计工作", 10),
    ("inquiry", "全市养老服务体系建设", 10),
]
OPINIONS = [
    ("meeting", "陈委员", "公交线网与轨道交通衔接不够，换乘不便，建议优化线网。"),
    ("group", "刘委员", "农村地区公交班次少，建议增开城乡公交。"),
    ("written", "周委员", "公交车辆新能源化进度偏慢，建议加大投入。"),
]


def _sc_meeting(staff, term: Term, number: int, day: dt.date) -> Session:
    spec = {
        "kind": "standing_committee",
        "number": number,
        "title": f"江临市第十六届人民代表大会常务委员会第{number}次会议",
        "start_date": day,
        "venue": "市人大常委会会议室",
    }
    return standing_meeting(staff, term, number, spec, days_before=14)


def write_supervision(users: Users, created: dict) -> None:
    term = Term.objects.filter(is_current=True).first()
    if term is None or Plan.objects.filter(term=term, year=YEAR).exists():
        return
    staff, leader = users["staff"], users["leader"]
    first = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    others = list(
        HandlingUnit.objects.filter(kind="government", is_active=True)
        .exclude(pk=getattr(first, "pk", None))
        .order_by("code")[: len(ITEMS)]
    )
    bodies = (([first] if first is not None else []) + others)[: len(ITEMS)]
    if len(bodies) < len(ITEMS):
        return
    committee = Committee.objects.order_by("order", "id").first()
    meetings = [_sc_meeting(staff, term, n, day) for n, day in MEETINGS]
    plan = run_at(
        at(dt.date(YEAR, 1, 6)), lambda: services.plan_create(actor=staff, term_id=term.pk, year=YEAR)
    )
    items = []
    for (kind, title, month), body in zip(ITEMS, bodies, strict=False):
        add = partial(
            services.item_add,
            actor=staff,
            plan_id=plan.pk,
            kind=kind,
            title=title,
            body_id=body.pk,
            planned_month=month,
            committee_id=getattr(committee, "pk", None),
        )
        items.append(run_at(at(dt.date(YEAR, 1, 8)), add))
    created["supervision"] = len(items)
    run_at(at(dt.date(YEAR, 1, 20)), lambda: services.plan_adopt(actor=leader, plan_id=plan.pk))

    report, inspection = items[0], items[1]
    answerer = users.unit_leader.get(report.body_id, staff)
    t = Timeline()
    t.add(
        at(dt.date(YEAR, 4, 10)),
        partial(services.item_schedule, actor=staff, item_id=report.pk, meeting_id=meetings[0].pk),
    )
    for i, (source, speaker, text) in enumerate(OPINIONS):
        t.add(
            at(dt.date(YEAR, 4, 24), 10 * i + 30, hour=10),
            partial(
                services.opinion_record,
                actor=staff,
                item_id=report.pk,
                source=source,
                speaker=speaker,
                text=text,
            ),
        )
    t.add(
        at(dt.date(YEAR, 5, 8)),
        partial(
            services.item_consolidate,
            actor=staff,
            item_id=report.pk,
            text="\n".join(f"{n}、{o[2]}" for n, o in zip("一二三", OPINIONS, strict=True)),
        ),
    )
    t.add(
        at(dt.date(YEAR, 5, 12)), partial(services.item_send, actor=staff, item_id=report.pk)
    )  # due 12 July
    t.add(
        at(dt.date(YEAR, 8, 3)),
        partial(
            services.item_answer,
            actor=answerer,
            item_id=report.pk,
            text="一、已调整公交线路12条，新增轨道接驳线5条。\n二、新开城乡公交线路8条。\n三、年内新增新能源公交车300辆。",
            signed_by="王建国",
        ),
    )
    t.add(
        at(dt.date(YEAR, 8, 10)),
        partial(
            services.item_comment,
            actor=staff,
            item_id=report.pk,
            text="整改措施具体，但报告逾期，城乡公交仍需加强。",
        ),
    )
    t.add(
        at(dt.date(YEAR, 8, 14)),
        partial(services.item_put_on_agenda, actor=staff, item_id=report.pk, meeting_id=meetings[1].pk),
    )
    t.add(
        at(dt.date(YEAR, 8, 28), hour=11),
        partial(
            services.item_rate,
            actor=staff,
            item_id=report.pk,
            members=45,
            satisfied=21,
            basic=15,
            unsatisfied=4,
        ),
    )
    t.add(at(dt.date(YEAR, 9, 2)), partial(services.item_publish, actor=leader, item_id=report.pk))
    _inspection(t, staff, term, inspection)
    t.add(
        at(dt.date(YEAR, 8, 12)),
        partial(services.item_schedule, actor=staff, item_id=inspection.pk, meeting_id=meetings[1].pk),
    )
    t.add(
        at(dt.date(YEAR, 8, 27), 40, hour=15),
        partial(
            services.opinion_record,
            actor=staff,
            item_id=inspection.pk,
            source="meeting",
            speaker="吴委员",
            text="部分企业超标排放，执法检查发现的问题要建立台账、限期整改。",
        ),
    )
    t.add(
        at(dt.date(YEAR, 9, 10)),
        partial(
            services.item_consolidate,
            actor=staff,
            item_id=inspection.pk,
            text="一、对执法检查发现的问题建立台账、限期整改。\n二、加强重点企业在线监测。",
        ),
    )
    t.add(
        at(dt.date(YEAR, 9, 15)), partial(services.item_send, actor=staff, item_id=inspection.pk)
    )  # due 15 Nov: overdue
    _inquiry(t, staff, leader, term, items[3])
    t.run()


def _inspection(t: Timeline, staff, term: Term, item) -> None:
    """The law-enforcement inspection (执法检查, 监督法 第三十六、三十七条) behind the item's report: the
    group (a chairperson leads, two members of the standing committee), two visits in July, the report in
    August."""
    from renda.deputies.models import StandingCommitteeMember
    from renda.supervision.services import inspections

    serving = StandingCommitteeMember.objects.filter(standing_committee__term=term, end_date__isnull=True)
    chair = serving.exclude(position="member").order_by("id").first()
    plain = list(serving.filter(position="member").order_by("id")[:2])
    if chair is None or len(plain) < 2:
        return
    found: dict = {}

    def create():
        found["obj"] = inspections.inspection_create(
            actor=staff,
            item_id=item.pk,
            law="中华人民共和国大气污染防治法",
            articles="第十九条（排污许可）、第二十四条（自动监测）、第四十三条（挥发性有机物治理）",
        )

    def step(call, **kw):
        return lambda: call(actor=staff, inspection_id=found["obj"].pk, **kw)

    story = t.story()
    story.then(at(dt.date(YEAR, 6, 20)), create)
    story.then(
        at(dt.date(YEAR, 6, 22)),
        step(inspections.inspection_add_member, deputy_id=chair.deputy_id, role="leader"),
    )
    for m in plain:
        story.then(
            at(dt.date(YEAR, 6, 22)),
            step(inspections.inspection_add_member, deputy_id=m.deputy_id, role="member"),
        )
    story.then(at(dt.date(YEAR, 7, 1)), step(inspections.inspection_start))
    for day, place, findings in (
        (dt.date(YEAR, 7, 8), "江北化工园区", "两家企业自动监测数据缺失，排污许可执行报告未按时提交。"),
        (dt.date(YEAR, 7, 15), "城东建筑工地", "扬尘治理措施落实不到位，部分工地未安装在线监测。"),
    ):
        story.then(
            at(day, hour=15),
            step(inspections.inspection_record_visit, place=place, visited_on=day, findings=findings),
        )
    story.then(
        at(dt.date(YEAR, 8, 5)),
        step(
            inspections.inspection_report,
            text="一、法律实施的总体情况：全市空气质量持续改善。\n二、存在的问题：自动监测和扬尘治理不到位。"
            "\n三、意见和建议：建立问题台账，限期整改。",
        ),
    )


INQUIRY_MEETING = (31, dt.date(YEAR, 10, 28))
QUESTIONS = [  # (which serving member asks: index, question, answered by, the answer's gist)
    (
        0,
        "全市社区养老服务设施配建达标率不高，原因是什么？何时补齐？",
        "市民政局局长",
        "新建小区配建已纳入规划条件，存量小区两年内补齐。",
    ),
    (1, "养老护理员缺口较大，如何稳定队伍？", "市民政局副局长", "提高岗位补贴，与职业院校合作定向培养。"),
    (2, "农村留守老人探访关爱制度落实如何？", "市民政局局长", "已建立月探访制度，年底前实现全覆盖。"),
]
PROBLEMS = [
    "社区养老服务设施配建不达标，存量小区补建滞后",
    "养老护理员数量不足、流失率高",
    "农村留守老人探访关爱制度落实不到位",
]


def _inquiry(t: Timeline, staff, leader, term: Term, item) -> None:
    """The special inquiry (专题询问, 监督法 第六章) held at a joint-group meeting while the members
    deliberated the report on elderly care: three members' questions answered by the civil-affairs
    bureau's heads, the problem list sent as the item's deliberation opinions in November (due in January),
    the summary published."""
    from renda.deputies.models import StandingCommitteeMember
    from renda.supervision.services import inquiries

    askers = list(
        StandingCommitteeMember.objects.filter(standing_committee__term=term, end_date__isnull=True)
        .order_by("id")
        .values_list("deputy_id", flat=True)[: len(QUESTIONS)]
    )
    if len(askers) < len(QUESTIONS):
        return
    number, day = INQUIRY_MEETING
    meeting = _sc_meeting(staff, term, number, day)
    found: dict = {}

    def create():
        found["obj"] = inquiries.inquiry_create(
            actor=staff, item_id=item.pk, topic="养老服务体系建设", form="joint", held_on=day
        )

    def step(call, **kw):
        return lambda: call(inquiry_id=found["obj"].pk, **kw)

    story = t.story()
    story.then(
        at(day - dt.timedelta(days=8)),
        partial(services.item_schedule, actor=staff, item_id=item.pk, meeting_id=meeting.pk),
    )
    story.then(at(day, hour=14), create)
    for i, question, answered_by, answer in QUESTIONS:
        story.then(
            at(day, hour=15),
            step(
                inquiries.inquiry_ask,
                actor=staff,
                asker_id=askers[i],
                body_id=item.body_id,
                question=question,
                answered_by=answered_by,
                answer=answer,
            ),
        )
    for text in PROBLEMS:
        story.then(at(day, hour=17), step(inquiries.inquiry_add_problem, actor=staff, text=text))
    story.then(at(dt.date(YEAR, 11, 5)), step(inquiries.inquiry_send_list, actor=staff))
    story.then(
        at(dt.date(YEAR, 11, 10)),
        step(
            inquiries.inquiry_publish,
            actor=leader,
            summary="10月28日，常委会联组会议就全市养老服务体系建设开展专题询问，3位委员提问，"
            "市民政局负责人到会应询；问题清单已交市人民政府研究处理。",
        ),
    )
