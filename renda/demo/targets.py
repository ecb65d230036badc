"""The demo's targets (目标督查, issue 16), through the targets services on the day each step happened: the
2026 year's goals (12: the government work report's, the plan's, the congress's resolutions) broken into
targets led by the city's government units (districts and departments), imported by staff from the office's
xlsx sheet in January; each lead unit's monthly report (a few late); 督办单 on the targets lagging in July,
answered by their units (one late); a finding and an award; the ranking then follows from the rules.
Written once (matched by the year)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from functools import partial

from django.core.files.uploadedfile import SimpleUploadedFile

from renda.core.xlsx import table_xlsx
from renda.demo.clock import Timeline, at, run_at
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.organization.models import HandlingUnit
from renda.targets import imports, permissions, rules, services
from renda.targets.models import Target, TargetYear

YEAR = 2026
GOALS = [  # (code, title, source label, [(target, measure, baseline, target value, kind label)])
    (
        "G01",
        "稳住经济基本盘",
        "政府工作报告",
        [("地区生产总值", "亿元", 5200, 5500, "数值"), ("固定资产投资增长", "%", 5, 7, "百分比")],
    ),
    (
        "G02",
        "扩大有效投资",
        "政府工作报告",
        [("新开工重大项目", "个", 0, 60, "数值"), ("重大项目投资完成", "亿元", 0, 820, "数值")],
    ),
    (
        "G03",
        "建设交通强市",
        "政府工作报告",
        [("城市快速路建成", "公里", 0, 18, "数值"), ("新辟公交线路", "条", 0, 20, "数值")],
    ),
    (
        "G04",
        "改善生态环境",
        "政府工作报告",
        [("空气质量优良天数比例", "%", 86, 90, "百分比"), ("单位GDP能耗下降", "%", 100, 97, "数值")],
    ),
    (
        "G05",
        "办好民生实事",
        "政府工作报告",
        [("新增城镇就业", "人", 0, 60000, "数值"), ("老旧小区改造", "个", 0, 120, "数值")],
    ),
    (
        "G06",
        "优化营商环境",
        "国民经济和社会发展计划",
        [("新增市场主体", "户", 0, 50000, "数值"), ("一网通办事项比例", "%", 85, 98, "百分比")],
    ),
    ("G07", "推进科技创新", "国民经济和社会发展计划", [("高新技术企业净增", "家", 0, 300, "数值")]),
    ("G08", "发展现代农业", "国民经济和社会发展计划", [("高标准农田建设", "万亩", 0, 12, "数值")]),
    ("G09", "保障基本住房", "国民经济和社会发展计划", [("保障性租赁住房筹集", "套", 0, 8000, "数值")]),
    ("G10", "建设法治政府", "人大决议决定", [("行政复议纠错率公开", "", 0, 1, "完成与否")]),
    ("G11", "推进城市更新", "人大决议决定", [("城中村改造", "", 0, 3, "分阶段")]),
    ("G12", "提升教育质量", "人大决议决定", [("新建改扩建中小学", "所", 0, 15, "数值")]),
]
STAGES = "征收启动：2026-03-31；拆除完成：2026-07-31；安置房开工：2026-11-30"
# each unit's pace against the plan (×): the demo's laggards are the units at 0.55
PACES = [Decimal("1.15"), Decimal("1.0"), Decimal("0.92"), Decimal("0.55"), Decimal("1.05"), Decimal("0.8")]


def _units() -> list[HandlingUnit]:
    units = list(HandlingUnit.objects.filter(kind="government", is_active=True).order_by("code")[:9])
    first = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    return ([first] if first is not None else []) + [u for u in units if u != first]


def _sheet(units: list[HandlingUnit]) -> SimpleUploadedFile:
    header = [c.label for c in imports.COLUMNS]
    rows = []
    n = 0
    for code, title, source, targets in GOALS:
        for i, (name, measure, baseline, value, kind) in enumerate(targets, 1):
            unit = units[n % len(units)]
            rows.append([
                code, title, source, f"{code}-{i:02d}", "", name, unit.name,
                units[(n + 1) % len(units)].name if n % 3 == 0 else "",
                "区县（市）" if n % 4 == 3 else "市级部门", "", kind, measure, baseline, value,
                f"{YEAR}-01-01", f"{YEAR}-12-31", STAGES if kind == "分阶段" else "", 10 if n % 2 else 5,
            ])  # fmt: skip
            n += 1
    content, _rows = table_xlsx(header, rows, title="目标指标")
    return SimpleUploadedFile("2026年度目标任务分解表.xlsx", content)


def _value(target: Target, pace: Decimal, month: int) -> Decimal:
    """The value reached by the end of `month` at `pace` times the plan (never past 130 % of the way)."""
    share = min(Decimal("1.3"), pace * Decimal(month) / Decimal(12))
    if target.kind == rules.Kind.MILESTONE:
        return Decimal(1) if share >= 1 else Decimal(0)
    if target.kind == rules.Kind.STAGED:
        return Decimal(int(min(share, Decimal(1)) * len(target.stages)))
    return (target.baseline + (target.target_value - target.baseline) * share).quantize(Decimal("0.01"))


def write_targets(users: Users, created: dict) -> None:
    if TargetYear.objects.filter(year=YEAR).exists():
        return
    staff = users["staff"]
    units = _units()
    if not units:
        return
    run_at(at(dt.date(YEAR, 1, 8)), lambda: services.year_save(actor=staff, year=YEAR))
    run_at(
        at(dt.date(YEAR, 1, 10)), lambda: imports.targets_import(actor=staff, year=YEAR, upload=_sheet(units))
    )
    targets = list(
        Target.objects.filter(year__year=YEAR).select_related("lead_unit", "year").order_by("code")
    )
    created["targets"] = len(targets)
    pace = {u.pk: PACES[i % len(PACES)] for i, u in enumerate(units)}
    timeline = Timeline()
    for t in targets:
        reporter = getattr(users, "unit_handler", {}).get(t.lead_unit_id, staff)
        for month in range(1, 12):
            late = (t.pk + month) % 9 == 0  # now and then a report comes after the 5th
            day = dt.date(YEAR, month + 1, 8 if late else 3)
            value = _value(t, pace[t.lead_unit_id], month)
            report = partial(
                services.report_progress,
                actor=reporter,
                target_id=t.pk,
                month=dt.date(YEAR, month, 1),
                value=value,
                note=f"{month}月累计完成{value.normalize()}{t.measure}。",
            )
            timeline.add(at(day, t.pk % 50), report)
    timeline.add(at(dt.date(YEAR, 8, 10)), partial(_orders, staff, users))
    timeline.add(
        at(dt.date(YEAR, 9, 15)),
        partial(services.note_add, actor=staff, target_id=targets[3].pk, kind="finding", text="台账资料不全"),
    )
    timeline.add(
        at(dt.date(YEAR, 10, 20)),
        partial(
            services.note_add, actor=staff, target_id=targets[0].pk, kind="award", text="获省政府通报表扬"
        ),
    )
    timeline.run()


def _orders(staff, users: Users) -> None:
    """督办单 on the targets red in August; their units answer (the first one after its due date)."""
    lagging = [
        t
        for t in Target.objects.filter(year__year=YEAR).select_related("year", "lead_unit").order_by("code")
        if permissions.standing(t)[0] is rules.Light.RED
    ]
    for i, t in enumerate(lagging[:4]):
        order = services.order_issue(
            actor=staff,
            target_id=t,
            request="进度严重滞后，请于十日内报送整改措施。",
            due=dt.date(YEAR, 8, 20),
        )
        answerer = getattr(users, "unit_handler", {}).get(t.lead_unit_id, staff)
        day = dt.date(YEAR, 8, 25 if i == 0 else 18)
        text = "已召开专题会议部署，倒排工期，确保年底完成。"
        run_at(at(day), partial(services.order_answer, actor=answerer, order_id=order.pk, answer=text))
