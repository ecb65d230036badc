"""The request and response bodies of the livelihood projects' API (renda.api.livelihood)."""

import datetime as dt
from decimal import Decimal

from django.urls import reverse
from ninja import Field, Schema

from renda.core.actors import as_actor
from renda.livelihood import permissions
from renda.voting.choices import PollMethod

from ..schemas import MAX_COUNT, Count, Id, Year


class ProjectOut(Schema):
    id: int
    year: int = Field(..., alias="year.year", description="年度")
    code: str = Field(..., description="查询码")
    title: str = Field(..., description="项目名称")
    description: str = Field(..., description="项目内容与理由")
    location: str = ""
    source: str = Field(
        ..., description="来源：public 群众，deputy 代表，unit 部门、乡镇（街道），staff 工作人员录入"
    )
    status: str = Field(
        ...,
        description="状态：collected 已征集，rejected 未采纳，accepted 通过初筛，shortlisted 候选项目，"
        "selected 票决入选，not_selected 未入选，evaluated 已测评",
    )
    status_label: str
    screen_reason: str = Field("", description="未采纳理由（负面清单代码，other 其他）")
    owner_unit_id: int | None = Field(None, description="责任单位 id")
    budget: Decimal | None = Field(None, description="预算（万元）")
    scope: str = ""
    start_date: dt.date | None = None
    end_date: dt.date | None = None
    votes_yes: int | None = None
    votes_no: int | None = None
    votes_abstain: int | None = None
    rank: int | None = Field(None, description="得票排序（入选项目）")
    revote: bool = Field(False, description="最后名次票数相等，待重新票决")
    grade: str = Field("", description="测评结果：satisfied 满意，basic 基本满意，unsatisfied 不满意")
    proposer: dict[str, str] = Field(default_factory=dict, description="建议人（仅工作人员可见完整信息）")

    @staticmethod
    def resolve_status_label(obj) -> str:
        return str(obj.get_status_display())

    @staticmethod
    def resolve_proposer(obj, context) -> dict[str, str]:
        return permissions.proposer_shown(as_actor(context["request"].auth), obj)


class ProposeIn(Schema):
    year: Year
    title: str
    description: str
    location: str = ""
    source: str | None = Field(None, description="工作人员录入纸质建议时可选来源；其他用户按本人身份")
    proposer_name: str = ""
    proposer_phone: str = ""


class ProjectNoteIn(Schema):
    note: str = ""


class RejectIn(ProjectNoteIn):
    reason: str = Field(..., description="负面清单代码，或 other（须说明）")


# The column's bounds (max_digits=12, decimal_places=2) as a string of digits, documented exactly, so that a
# schema-valid budget is one the column takes (pydantic's Decimal schema documents any string at all).
BUDGET_PATTERN = r"^[0-9]{1,10}(\.[0-9]{1,2})?$"


class ShortlistIn(Schema):
    owner_unit_id: Id
    budget: str = Field(..., pattern=BUDGET_PATTERN, description='预算（万元），如 "1200.50"')
    scope: str
    start_date: dt.date
    end_date: dt.date


class VoteCountIn(Schema):
    project_id: Id
    yes: int = Field(..., ge=0, le=MAX_COUNT)
    no: int = Field(..., ge=0, le=MAX_COUNT)
    abstain: int = Field(..., ge=0, le=MAX_COUNT)


class VoteIn(Schema):
    total_entitled: Count = Field(..., description="全体代表人数（过半数的基数）")
    counts: list[VoteCountIn] = Field(..., description="每个候选项目的赞成、反对、弃权票数")


class VoteRoundOut(Schema):
    number: int = Field(..., description="轮次")
    places: int = Field(..., description="本轮名额")
    total_entitled: int
    result: dict = Field(
        ...,
        description="threshold 过半数票数，selected 入选（按排序），revote_among 待重新票决，shortfall 缺额",
    )


class PollOpenIn(Schema):
    item_id: Id = Field(..., description="会议议程 id（会议须进行中且达到法定人数）")
    method: PollMethod = Field(
        PollMethod.ELECTRONIC, description="electronic 电子表决（代表手机），paper 纸质选票"
    )


class ProjectPollOut(Schema):
    # the poll's own fields are read from the voting engine's row (alias "poll.<field>")
    poll_id: int = Field(..., description="表决 id：代表通过 POST /api/voting/polls/{poll_id}/cast 投票")
    purpose: str = Field(..., description="vote 项目票决，evaluation 满意度测评")
    kind: str = Field(
        ..., alias="poll.kind", description="list 清单票决（赞成/反对/弃权），rating 满意度测评"
    )
    title: str = Field(..., alias="poll.title")
    status: str = Field(
        ..., alias="poll.status", description="draft，open 投票中，closed 已结束，published 已公布"
    )
    method: str = Field(..., alias="poll.method")
    seats: int = Field(..., alias="poll.seats", description="本轮入选名额（测评：项目数）")
    max_choices: int | None = Field(
        None, alias="poll.max_choices", description="限选：赞成不得超过的项数；为空则逐项表决"
    )
    total_entitled: int = Field(
        ..., alias="poll.total_entitled", description="全体代表人数（过半数的基数），开启时确定"
    )
    options: list[dict] = Field(
        ...,
        alias="poll.options",
        description='选票上的项目，[{"key": 项目 id, "label": 项目名称}]；投票内容 '
        '{"options": {"<key>": "yes"|"no"|"abstain"}}（测评："satisfied"|"basic"|"unsatisfied"|"abstain"），'
        "未选的项目视为弃权",
    )
    round: int | None = Field(None, description="据此记录的票决轮次")

    @staticmethod
    def resolve_round(obj) -> int | None:
        return obj.round.number if obj.round_id else None


class ProgressReportIn(Schema):
    text: str
    percent: int = Field(..., ge=0, le=100)


class ProgressReportOut(Schema):
    id: int
    percent: int
    text: str
    reported_at: dt.datetime


class EvaluateIn(Schema):
    satisfied: int = Field(..., ge=0, le=MAX_COUNT)
    basic: int = Field(..., ge=0, le=MAX_COUNT)
    unsatisfied: int = Field(..., ge=0, le=MAX_COUNT)
    abstain: int = Field(..., ge=0, le=MAX_COUNT)
    entitled: int = Field(..., ge=1, le=MAX_COUNT, description="应参加测评人数")


class MilestoneOut(Schema):
    id: int
    title: str = Field(..., description="节点")
    planned: dt.date = Field(..., description="计划完成日期")
    done: dt.date | None = Field(None, description="实际完成日期")
    lagging: bool = Field(False, description="滞后：未完成且已过计划日期（加年度宽限天数）")
    days_late: int = Field(0, description="超过计划日期的天数")


class MilestoneIn(Schema):
    title: str
    planned: dt.date


class MilestoneDoneIn(Schema):
    done: dt.date | None = Field(None, description="实际完成日期，默认今天，不能晚于今天")


class PhotoOut(Schema):
    id: int
    content_type: str
    width: int
    height: int
    url: str
    thumbnail_url: str

    @staticmethod
    def resolve_url(obj) -> str:
        return reverse("livelihood:photo", args=[obj.pk, "full"])

    @staticmethod
    def resolve_thumbnail_url(obj) -> str:
        return reverse("livelihood:photo", args=[obj.pk, "thumb"])


class ReportWithPhotosOut(ProgressReportOut):
    photos: list[PhotoOut] = Field(default_factory=list)

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())


class InspectionOut(Schema):
    id: int
    project_id: int
    project_title: str = Field(..., alias="project.title")
    day: dt.date = Field(..., description="视察日期")
    findings: str = Field(..., description="视察情况")
    opinion: str = Field(..., description="意见建议")
    status: str = Field(..., description="open 待答复，answered 已答复")
    answer: str = ""
    answered_on: dt.date | None = None


class InspectionIn(Schema):
    project_id: Id
    day: dt.date
    findings: str
    opinion: str


class InspectionAnswerIn(Schema):
    answer: str
    day: dt.date | None = Field(None, description="答复日期，默认今天")


class GroupIn(Schema):
    leader_id: Id = Field(..., description="组长（常委会领导，主任会议成员）的代表 id")
    member_ids: list[Id] = Field(default_factory=list, description="成员代表 id")


class GroupOut(Schema):
    year: int = Field(..., alias="year.year")
    leader_id: int
    member_ids: list[int]

    @staticmethod
    def resolve_member_ids(obj) -> list[int]:
        return sorted(m.pk for m in obj.members.all())


class ProjectMergeIn(Schema):
    into_id: Id = Field(..., description="合并到的项目（同一年度，仍在征集或候选中）")
    note: str = Field("", max_length=300)


class DelegationNoteIn(Schema):
    delegation_id: Id
    text: str = Field(..., min_length=1, max_length=5000)


class DelegationNoteOut(Schema):
    id: int
    project_id: int
    delegation_id: int
    delegation: str = Field(..., alias="delegation.name")
    text: str
    recorded_at: dt.datetime


class ShortlistReviewIn(Schema):
    body: str = Field(..., description="council 主任会议 / standing 常委会会议")
    meeting_date: dt.date
    outcome: str = Field(..., description="agreed 同意提请代表大会票决 / amend 提出调整意见")
    opinion: str = Field("", max_length=5000)


class ReviewOut(Schema):
    id: int
    body: str
    meeting_date: dt.date
    outcome: str
    opinion: str
    candidates: list[list] = Field(..., description="审议时的候选项目 [id, 名称]")
    recorded_at: dt.datetime
