"""Decisions on major matters (重大事项决定): the matters with their vote and follow-up, registering a matter,
and the implementation report. The same rules as the pages (renda.decisions.workflow through
renda.decisions.permissions, and the services): a matter outside the caller's scope answers 404."""

import datetime as dt

from ninja import Field, Router, Schema

from renda.decisions import rules, selectors, services
from renda.decisions.models import Matter

from .auth import ApiRequest
from .endpoints import detail, id_action, list_endpoint
from .schemas import Id

router = Router(tags=["重大事项决定"])


class FollowupOut(Schema):
    due: dt.date = Field(..., description="执行情况报告期限：自通过之日起若干个月，节假日顺延")
    state: str = Field(
        ..., description="pending 未到期，overdue 已逾期，reported 按期报告，late_reported 逾期报告"
    )
    days: int = Field(..., description="未到期为剩余天数，逾期为逾期天数")


class MatterOut(Schema):
    id: int
    title: str
    status: str
    submitter: str = Field(
        ..., description="government, supervisory, court, procuratorate, council, committee, members"
    )
    catalogue: str | None = Field(None, description="所属重大事项目录事项（目录外为空）")
    submitted_on: dt.date
    kind: str = Field(..., description="resolution 决议，decision 决定")
    decision_title: str
    decided_on: dt.date | None
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    members_total: int | None = Field(None, description="常委会全体组成人员数（以其过半数通过）")
    number: str
    published_on: dt.date | None
    reported_on: dt.date | None
    followup: FollowupOut | None

    @staticmethod
    def resolve_catalogue(obj) -> str | None:
        return obj.catalogue.title if obj.catalogue_id else None

    @staticmethod
    def resolve_followup(obj):
        return selectors.followup(obj)


class MatterDetailOut(MatterOut):
    report: str
    decision_text: str
    followup_report: str


class MatterIn(Schema):
    title: str = Field(..., max_length=200)
    submitter: str = Field(..., description="提请机关：government 市人民政府 …；members 常委会组成人员联名")
    report: str = Field(..., max_length=100_000, description="提请报告")
    kind: str = Field("decision", description="resolution 决议，decision 决定")
    catalogue_id: Id | None = Field(None, description="重大事项目录事项 id")
    signers: int | None = Field(None, ge=1, le=999, description="联名人数（五人以上）")
    submitted_on: dt.date | None = None
    decision_title: str = Field("", max_length=200)
    decision_text: str = Field("", max_length=100_000)
    followup_months: int = Field(rules.DEFAULT_FOLLOWUP_MONTHS, ge=1, le=rules.MAX_FOLLOWUP_MONTHS)


class ReportIn(Schema):
    report: str = Field(..., max_length=100_000, description="执行情况报告")
    reported_on: dt.date | None = None


@list_endpoint(
    router, "/matters", MatterOut, operation_id="decisions_matters_list", summary="重大事项列表",
    description="工作人员、主任会议成员、审计和代表可见全部重大事项。可按 status 筛选（逗号分隔）。",
)  # fmt: skip
def matters_list(request: ApiRequest, status: str = ""):
    return selectors.matter_list(request.auth, status=[s for s in status.split(",") if s])


detail(
    router,
    "/matters/{int:matter_id}",
    MatterDetailOut,
    Matter,
    operation_id="decisions_matters_get",
    summary="重大事项详情",
)


id_action(
    router,
    "/matters",
    MatterDetailOut,
    services.matter_create,
    MatterIn,
    operation_id="decisions_matters_create",
    summary="登记重大事项",
    description="登记提请常委会讨论决定的重大事项（工作人员）。常委会组成人员联名提请的须五人以上。",
)


id_action(
    router,
    "/matters/{int:matter_id}/report",
    MatterDetailOut,
    services.matter_report,
    ReportIn,
    operation_id="decisions_matters_report",
    summary="登记执行情况报告",
    description="决议决定公布后，登记执行机关关于执行情况的报告。",
)
