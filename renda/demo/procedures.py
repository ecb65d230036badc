"""The demo's government procedures (issue 18), through the procedures services on the day each step
happened: the 2026 catalogue of major administrative decisions compiled by the government's office — one
decision through all five steps to publication and tracking, one found unlawful at legality review and sent
back, one with its public draft open for comment now — and enforcement: officers with certificates, a major
decision issued after its legal review and published, a minor one issued and not yet published (late), a major
one waiting for its legal review. Written once (matched by the year's catalogue)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from renda.demo.clock import at, run_at
from renda.demo.dated_steps import Step, run_steps
from renda.demo.logins import Users
from renda.demo.names import CITY, HANDLER_UNIT_NAME
from renda.organization.models import HandlingUnit
from renda.procedures import services
from renda.procedures.models import Catalogue

YEAR = 2026


def _unit(short: str) -> HandlingUnit | None:
    return HandlingUnit.objects.filter(name=f"{CITY}{short}").first()


def _pdf(text: str) -> SimpleUploadedFile:
    body = b"%PDF-1.4\n% " + text.encode("utf-8") + b"\n%%EOF\n"
    return SimpleUploadedFile(f"{text}.pdf", body, content_type="application/pdf")


def write_procedures(users: Users, created: dict) -> None:
    if Catalogue.objects.filter(year=YEAR).exists():
        return
    office, justice, market = _unit("人民政府办公室"), _unit("司法局"), _unit("市场监督管理局")
    transport = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    ecology = _unit("生态环境局") or transport
    admin = users.by_name.get("admin")
    if None in (office, justice, market, transport, ecology) or admin is None:
        return
    assert office and justice and market and transport and ecology
    lead = users.unit_handler.get(transport.pk) or admin
    cat = run_at(
        at(dt.date(YEAR, 1, 15)),
        lambda: services.catalogue_create(
            actor=admin, year=YEAR, title=f"{CITY}{YEAR}年度重大行政决策事项目录", office_id=office.pk
        ),
    )

    def add(title: str, unit: HandlingUnit, month: int, summary: str):
        return run_at(
            at(dt.date(YEAR, 1, 16)),
            lambda: services.decision_add(
                actor=admin,
                catalogue_id=cat,
                title=title,
                lead_unit_id=unit.pk,
                review_unit_id=justice.pk,
                planned_decision=dt.date(YEAR, month, 28),
                summary=summary,
            ),
        )

    fares = add(
        "城市公共交通票价调整方案", transport, 5, "调整地面公交、轨道交通票价，完善换乘优惠和老年人优待。"
    )
    parking = add("中心城区停车收费标准调整", transport, 9, "按区域、时段实行差别化停车收费。")
    waste = add("生活垃圾分类管理实施办法", ecology, 12, "明确分类投放、收集、运输和处理各环节责任。")
    run_at(at(dt.date(YEAR, 2, 1)), lambda: services.catalogue_publish(actor=admin, catalogue_id=cat))
    eco_lead = users.unit_handler.get(ecology.pk) or admin

    # 1. through all five steps to publication
    run_at(
        at(dt.date(YEAR, 3, 2)),
        lambda: services.draft_open(
            actor=lead,
            decision_id=fares,
            draft_text="第一条 地面公交普通线路票价 2 元……\n第二条 60 分钟内换乘优惠 1 元……",
            comment_opens=dt.date(YEAR, 3, 2),
            comment_closes=dt.date(YEAR, 4, 2),
        ),
    )
    comments = [
        run_at(at(dt.date(YEAR, 3, day)), partial(services.comment_submit, decision_id=fares.pk, text=text))
        for day, text in ((5, "建议保留 65 岁以上老年人免费乘车"), (12, "换乘优惠时间可否延长到 90 分钟"))
    ]
    for c, answer in zip(
        comments, ("已采纳，保留老年人免费乘车。", "部分采纳：延长至 75 分钟。"), strict=True
    ):
        run_at(
            at(dt.date(YEAR, 4, 6)),
            partial(services.comment_answer, actor=lead, comment_id=c.pk, answer=answer),
        )
    run_steps(
        [
            (
                dt.date(YEAR, 4, 8),
                services.participation_record,
                {
                    "summary": "收到意见 2 条，采纳 1 条、部分采纳 1 条；4 月 3 日举行价格听证会。",
                    "hearing_held": True,
                },
            ),
            (
                dt.date(YEAR, 4, 15),
                services.expert_record,
                {
                    "participants": "交通规划、价格、财政专家 5 人",
                    "summary": "方案必要、可行，建议加强对低收入群体的保障。",
                },
            ),
            (
                dt.date(YEAR, 4, 20),
                services.risk_record,
                {
                    "rating": "medium",
                    "summary": "社会稳定风险中等，可控。",
                    "measures": "分步实施、提前公告、设立咨询热线。",
                },
            ),
            (dt.date(YEAR, 4, 22), services.review_submit, {}),
            (
                dt.date(YEAR, 5, 8),
                services.legality_review,
                {"actor": admin, "conclusion": "lawful", "summary": "制定主体、权限、程序和内容合法。"},
            ),
            (
                dt.date(YEAR, 5, 20),
                services.meeting_record,
                {
                    "actor": admin,
                    "meeting_name": "市人民政府第 18 次常务会议",
                    "meeting_date": dt.date(YEAR, 5, 20),
                    "speakers": "分管副市长：同意。\n市财政局：财政补贴可以保障。",
                    "conclusion": "市长：原则同意，按程序公布实施。",
                    "adopted": True,
                },
            ),
            (
                dt.date(YEAR, 5, 28),
                services.decision_publish,
                {"publication_ref": "市政府公报 2026 年第 6 期、市政府网站"},
            ),
            (dt.date(YEAR, 9, 1), services.tracking_add, {"note": "新票价 7 月 1 日起执行，客流平稳。"}),
        ],
        actor=lead,
        decision_id=fares,
    )

    # 2. found unlawful at legality review and sent back
    run_steps(
        [
            (
                dt.date(YEAR, 6, 1),
                services.draft_open,
                {
                    "draft_text": "停车收费标准（征求意见稿）……",
                    "comment_opens": dt.date(YEAR, 6, 1),
                    "comment_closes": dt.date(YEAR, 7, 1),
                },
            ),
            (dt.date(YEAR, 7, 3), services.participation_record, {"summary": "期限内未收到意见。"}),
            (
                dt.date(YEAR, 7, 5),
                services.step_exempt,
                {"step": "expert", "basis": "重大行政决策程序暂行条例第19条：不属于专业性、技术性较强的事项"},
            ),
            (
                dt.date(YEAR, 7, 8),
                services.risk_record,
                {"rating": "low", "summary": "风险低。", "measures": "做好宣传解释。"},
            ),
            (dt.date(YEAR, 7, 10), services.review_submit, {}),
            (
                dt.date(YEAR, 7, 24),
                services.legality_review,
                {
                    "actor": admin,
                    "conclusion": "unlawful",
                    "summary": "收费标准属政府定价，须先经成本监审和价格听证，草案未履行。",
                },
            ),
        ],
        actor=lead,
        decision_id=parking,
    )

    # 3. the public draft is open for comment now
    today = timezone.localdate()
    opens = max(today - dt.timedelta(days=10), dt.date(YEAR, 1, 17))
    run_at(
        at(opens),
        lambda: services.draft_open(
            actor=eco_lead,
            decision_id=waste,
            draft_text="第一条 为了推进生活垃圾分类……\n"
            "第二条 本市行政区域内生活垃圾分类投放、收集、运输、处理，适用本办法。",
            comment_opens=opens,
            comment_closes=opens + dt.timedelta(days=30),
        ),
    )
    run_at(
        at(opens, 60),
        lambda: services.comment_submit(
            decision_id=waste.pk, text="建议小区增设大件垃圾临时堆放点", author="江北区居民"
        ),
    )
    created["procedures"] = 3

    # enforcement: officers, three cases
    police = users.unit_handler.get(market.pk) or admin
    officers = [
        run_at(
            at(dt.date(YEAR, 1, 20)),
            partial(services.officer_add, actor=admin, unit_id=u.pk, name=n, certificate=c),
        )
        for n, c, u in (
            ("李明", "32010026001", market),
            ("王芳", "32010026002", market),
            ("赵强", "32010026003", market),
            ("陈静", "32010026011", transport),
            ("刘洋", "32010026012", transport),
        )
    ]

    def case(day: dt.date, unit: HandlingUnit, staff: list, actor, steps: list[Step], **fields: str) -> None:
        """A case opened on `day` by `unit` with its officers `staff`, then its steps taken by `actor`."""
        made = run_at(
            at(day),
            partial(
                services.case_open,
                actor=admin,
                unit_id=unit.pk,
                review_unit_id=justice.pk,
                officer_ids=[o.pk for o in staff],
                **fields,
            ),
        )
        run_steps(steps, actor=actor, case_id=made)

    case(
        dt.date(YEAR, 9, 10),
        market,
        officers[:2],
        police,
        [
            (dt.date(YEAR, 9, 10), services.case_record, {"kind": "opening", "note": "根据群众举报立案。"}),
            (
                dt.date(YEAR, 9, 11),
                services.case_record,
                {
                    "kind": "investigation",
                    "note": "现场检查笔录",
                    "file": _pdf("现场检查笔录"),
                    "av_ref": "执法记录仪 DSJ-0032 09:10–09:55",
                },
            ),
            (
                dt.date(YEAR, 9, 25),
                services.case_record,
                {"kind": "notice", "note": "送达行政处罚告知书", "file": _pdf("告知书")},
            ),
            (
                dt.date(YEAR, 10, 8),
                services.case_propose,
                {"category": "revoke", "decision_text": "吊销食品经营许可证，没收违法所得 3.2 万元。"},
            ),
            (
                dt.date(YEAR, 10, 10),
                services.case_review,
                {"actor": admin, "passed": True, "opinion": "事实清楚、证据确凿、程序合法、适用依据正确。"},
            ),
            (dt.date(YEAR, 10, 12), services.case_issue, {}),
            (dt.date(YEAR, 10, 16), services.case_publish, {}),
        ],
        number="江市监罚〔2026〕18号",
        title="销售超过保质期的食品",
        party="江临某某超市有限公司",
        basis="食品安全法第124条",
    )
    case(
        dt.date(YEAR, 10, 20),
        market,
        officers[1:3],
        police,
        [
            (
                dt.date(YEAR, 10, 28),
                services.case_propose,
                {"category": "warning", "decision_text": "警告，责令改正。"},
            ),
            (dt.date(YEAR, 11, 2), services.case_issue, {}),
        ],
        number="江市监罚〔2026〕25号",
        title="未按规定公示营业执照",
        party="张某",
        basis="市场主体登记管理条例第48条",
    )
    case(
        dt.date(YEAR, 11, 5),
        transport,
        officers[3:],
        lead,
        [
            (
                dt.date(YEAR, 11, 6),
                services.case_record,
                {"kind": "investigation", "note": "询问笔录", "file": _pdf("询问笔录")},
            ),
            (
                dt.date(YEAR, 11, 20),
                services.case_propose,
                {"category": "suspend", "decision_text": "责令停业整顿。"},
            ),
        ],
        number="江交执〔2026〕7号",
        title="未取得道路运输经营许可从事经营",
        party="江临某某运输有限公司",
        basis="道路运输条例第63条",
    )
    created["cases"] = 3


def write_raised(users: Users, created: dict) -> None:
    """The congress raises from the procedures' record (after the supervision plan is written): the published
    decision as a special work report in the plan, and the market regulator's enforcement as a
    law-enforcement inspection — through the procedures services (renda.supervision's item_add beneath)."""
    from renda.procedures.models import Decision, Raised
    from renda.supervision.models import Plan

    plan = Plan.objects.filter(year=YEAR, term__is_current=True).first()
    staff = users.by_name.get("staff")
    decision = Decision.objects.filter(catalogue__year=YEAR, status="published").order_by("number").first()
    market = _unit("市场监督管理局")
    if Raised.objects.exists() or None in (plan, staff, decision, market):
        return
    assert plan and decision and market
    run_at(
        at(dt.date(YEAR, 10, 20)),
        partial(services.raise_item, actor=staff, decision_id=decision, plan_id=plan.pk, planned_month=11),
    )
    run_at(
        at(dt.date(YEAR, 10, 21)),
        partial(services.raise_item, actor=staff, unit_id=market.pk, plan_id=plan.pk, planned_month=12),
    )
    created["procedures_raised"] = 2
