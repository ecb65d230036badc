"""The demo's livelihood projects (民生实事, MISSION §4), through the livelihood services on the day each step
happened: the 2026 year (10 places, 15 candidates) — proposals from the public, deputies and units in the
main month, two screened out by the negative list, 15 candidates with owner units, the session's vote (10
selected by rank), progress reports through the year and the year-end evaluation's grades. Written once
(matched by the year)."""

from __future__ import annotations

import datetime as dt
from functools import partial

from renda.demo.clock import at, run_at
from renda.demo.logins import Users
from renda.demo.names import HANDLER_UNIT_NAME
from renda.livelihood import services
from renda.livelihood.models import ProjectYear
from renda.organization.models import HandlingUnit

YEAR = 2026
CANDIDATES = [  # (title, scope) — the government's 15 candidates
    ("老旧小区加装电梯", "全市 120 个老旧小区加装电梯 300 台"),
    ("城区公交线网优化", "新开和优化公交线路 20 条，新增候车亭 150 个"),
    ("社区老年食堂", "新建社区老年食堂（助餐点）60 个"),
    ("中小学校课后服务", "全市义务教育学校课后服务全覆盖"),
    ("农村饮用水提标", "改造农村供水管网 200 公里"),
    ("背街小巷整治", "整治背街小巷 150 条"),
    ("公共停车泊位", "新增公共停车泊位 8000 个"),
    ("婴幼儿托育服务", "新增普惠性托位 2000 个"),
    ("全民健身设施", "新建健身步道 100 公里、口袋公园 30 个"),
    ("菜市场改造", "改造提升农贸市场 25 家"),
    ("无障碍环境建设", "主要道路和公共建筑无障碍改造 500 处"),
    ("社区卫生服务提升", "社区卫生服务中心标准化建设 20 家"),
    ("城市内涝治理", "整治易涝点 40 处"),
    ("垃圾分类设施", "新建垃圾分类投放点 1000 个"),
    ("平安路灯工程", "农村道路新增路灯 5000 盏"),
]
SCREENED_OUT = [("新建区行政中心办公楼", "office"), ("打造城市地标景观大道", "image")]
YES = [412, 405, 398, 390, 377, 366, 352, 340, 331, 298, 240, 233, 221, 190, 150]  # 10 over half of 480
EVALUATION = [(300, 150, 20, 10), (260, 180, 30, 10), (200, 220, 50, 10), (180, 200, 90, 10)]


def write_livelihood(users: Users, deputy_count: int, created: dict) -> None:
    if ProjectYear.objects.filter(year=YEAR).exists():
        return
    staff = users["staff"]
    total = max(deputy_count, 480)
    run_at(
        at(dt.date(YEAR - 1, 8, 20)),
        lambda: services.year_save(actor=staff, year=YEAR, places=10, candidates=15),
    )
    units = list(HandlingUnit.objects.filter(kind="government", is_active=True).order_by("code")[:7])
    handler_unit = HandlingUnit.objects.filter(name=HANDLER_UNIT_NAME).first()
    if handler_unit is not None:
        units = [handler_unit, *units]
    collected = []
    for i, (title, scope) in enumerate(CANDIDATES):
        source = "public" if i % 2 else "staff"  # the public form, and paper forms entered by staff

        def collect(title=title, scope=scope, source=source):
            description = f"建议实施：{scope}。"
            return services.project_collect(
                actor=staff, year=YEAR, title=title, description=description, source=source
            )

        collected.append(run_at(at(dt.date(YEAR - 1, 9, 3 + i)), collect))
    for title, reason in SCREENED_OUT:
        p = run_at(at(dt.date(YEAR - 1, 9, 25)), partial(collect, title=title, scope=title, source="public"))
        reject = partial(services.project_reject, actor=staff, project_id=p.pk, reason=reason)
        run_at(at(dt.date(YEAR - 1, 10, 10)), reject)
    for i, p in enumerate(collected):
        unit = units[i % len(units)]

        def shortlist(p=p, unit=unit, scope=CANDIDATES[i][1], i=i):
            services.project_accept(actor=staff, project_id=p.pk)
            return services.project_shortlist(
                actor=staff, project_id=p.pk, owner_unit_id=unit.pk, budget=str(800 + 150 * i), scope=scope,
                start_date=dt.date(YEAR, 2, 1), end_date=dt.date(YEAR, 12, 15),
            )  # fmt: skip

        run_at(at(dt.date(YEAR - 1, 11, 5)), shortlist)
    counts = {p.pk: (YES[i], total - YES[i] - 8, 8) for i, p in enumerate(collected)}
    run_at(
        at(dt.date(YEAR, 1, 20), hour=10),
        lambda: services.vote_record(
            actor=staff, year_id=collected[0].year_id, total_entitled=total, counts=counts
        ),
    )
    for i, p in enumerate(collected[:10]):
        for month, percent in ((4, 25), (7, 60), (10, 90)):
            report = partial(services.project_report, actor=staff, project_id=p.pk, percent=percent)
            run_at(at(dt.date(YEAR, month, 10 + i)), partial(report, text=f"已完成年度计划的 {percent}%"))
    for p, (satisfied, basic, unsatisfied, abstain) in zip(collected[:4], EVALUATION, strict=True):
        evaluate = partial(services.project_evaluate, actor=staff, project_id=p.pk, entitled=total)
        votes = {"satisfied": satisfied, "basic": basic, "unsatisfied": unsatisfied, "abstain": abstain}
        run_at(at(dt.date(YEAR, 12, 1)), partial(evaluate, **votes))
    created["livelihood"] += len(collected) + len(SCREENED_OUT)
