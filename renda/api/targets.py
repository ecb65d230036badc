"""Targets (目标督查): the goal tree's targets with their lights, progress reports, 督办单 and their answers,
the ranking of units with every unit's working. The same rules as the pages (renda.targets.workflow through
renda.targets.permissions, and the services): a target outside the caller's scope answers 404."""

import datetime as dt
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Field, Router, Schema

from renda.core.actors import as_actor
from renda.core.errors import ApplicationError, NotFound, PermissionDenied
from renda.targets import permissions, selectors, services
from renda.targets.models import Target

from .auth import ApiRequest
from .endpoints import detail, id_action, list_endpoint, read_endpoint
from .schemas import Year

router = Router(tags=["目标督查"])


class TargetOut(Schema):
    id: int
    year: int = Field(..., alias="year.year")
    goal_code: str = Field(..., alias="goal.code", description="目标编号")
    goal_source: str = Field(
        ...,
        alias="goal.source",
        description="目标来源：work_report 政府工作报告，plan 计划，resolution 人大决议决定",
    )
    code: str = Field(..., description="指标编号")
    parent_id: int | None = Field(None, description="上级指标 id")
    title: str
    lead_unit_id: int = Field(..., description="牵头单位 id")
    kind: str = Field(
        ..., description="指标类型：number 数值，percent 百分比，milestone 完成与否，staged 分阶段"
    )
    measure: str = ""
    baseline: Decimal
    target_value: Decimal
    start: dt.date
    due: dt.date
    weight: Decimal
    status: str
    value: Decimal | None = Field(None, description="最新完成值")
    light: str = Field(..., description="green 正常推进，yellow 略有滞后，red 严重滞后")

    @staticmethod
    def resolve_light(obj) -> str:
        return permissions.standing(obj)[0].value


class TargetReportIn(Schema):
    month: dt.date = Field(..., description="报告月份（该月任一日）")
    value: Decimal = Field(..., max_digits=16, decimal_places=4, description="完成值")
    note: str = Field(..., max_length=5000)


class TargetReportOut(Schema):
    id: int
    target_id: int
    month: dt.date
    value: Decimal
    note: str
    reported_on: dt.date


class OrderIn(Schema):
    request: str = Field(..., max_length=5000, description="督办要求")
    due: dt.date = Field(..., description="答复期限")


class TargetOrderAnswerIn(Schema):
    answer: str = Field(..., max_length=5000)


class OrderOut(Schema):
    id: int
    target_id: int
    number: str
    request: str
    issued_on: dt.date
    due: dt.date
    lag: Decimal
    status: str
    answer: str
    answered_on: dt.date | None


class LineOut(Schema):
    item: str = Field(..., description="completion, exceed, late_report, overdue_order, finding, award")
    points: Decimal
    count: int


class WorkingOut(Schema):
    target_id: int
    code: str
    weight: Decimal
    value: Decimal | None
    total: Decimal
    lines: list[LineOut]


class UnitRankOut(Schema):
    group: str = Field(..., description="考核组别：district 区县，department 市级部门")
    place: int
    unit_id: int
    unit: str
    score: Decimal
    targets: list[WorkingOut]


def _year(year: int | None):
    found = selectors.year_of(year)
    if found is None:
        raise NotFound(_("未找到该目标年度"))
    return found


@list_endpoint(
    router,
    "/targets",
    TargetOut,
    operation_id="targets_list",
    summary="目标指标列表",
    description="调用者可见的指标（工作人员、主任会议成员、审计：全部；承办单位：牵头或配合的；代表：政府工作报告的目标）。"
    "可按 year、source 筛选。",
    errors=(401, 404),
)
def targets_list(request: ApiRequest, year: Year | None = None, source: str = ""):
    return selectors.targets(request.auth, _year(year), source=source)


detail(
    router,
    "/targets/{int:target_id}",
    TargetOut,
    Target,
    operation_id="targets_get",
    summary="目标指标详情",
)


id_action(
    router,
    "/targets/{int:target_id}/reports",
    TargetReportOut,
    services.report_progress,
    TargetReportIn,
    status=201,
    operation_id="targets_report",
    summary="报告目标进展",
    description="牵头单位（经办人、负责人）或工作人员报告某月完成值；同月再次报告即更正。佐证材料请在页面上传。",
)


id_action(
    router,
    "/targets/{int:target_id}/orders",
    OrderOut,
    services.order_issue,
    OrderIn,
    status=201,
    operation_id="targets_order_issue",
    summary="签发督办单",
    description="工作人员对严重滞后（红灯）的指标签发督办单，写明督办要求和答复期限。",
)


id_action(
    router,
    "/orders/{int:order_id}/answer",
    OrderOut,
    services.order_answer,
    TargetOrderAnswerIn,
    operation_id="targets_order_answer",
    summary="答复督办单",
    description="指标的牵头单位（或工作人员录入书面答复）答复督办单。",
)


@read_endpoint(
    router,
    "/ranking",
    list[UnitRankOut],
    operation_id="targets_ranking",
    summary="考核排名",
    description="按公布的计分规则计算的各单位得分与分组排名"
    "（period：2026-03、2026-Q1 或 2026；默认最近结束的月份），每个单位附逐项计分过程。",
    errors=(400, 401, 403, 404),
)
def targets_ranking(request: ApiRequest, year: Year | None = None, period: str = ""):
    if not permissions.can_rank(as_actor(request.auth)):
        raise PermissionDenied(_("无权查看目标考核排名"))
    try:
        result = selectors.ranking(_year(year), period, today=timezone.localdate())
    except ValueError as exc:
        raise ApplicationError(
            _("期间格式应为 2026-03、2026-Q1 或 2026，且属于该年度"), field="period"
        ) from exc
    return [
        {
            "group": group,
            "place": row.place,
            "unit_id": row.unit.pk,
            "unit": row.unit.name,
            "score": row.score,
            "targets": [
                {
                    "target_id": w.target.pk,
                    "code": w.target.code,
                    "weight": w.score.weight,
                    "value": w.value,
                    "total": w.score.total,
                    "lines": [
                        {"item": ln.item, "points": ln.points, "count": ln.count} for ln in w.score.lines
                    ],
                }
                for w in row.targets
            ],
        }
        for group, rows in result.groups.items()
        for row in rows
    ]
