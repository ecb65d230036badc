"""Livelihood projects (民生实事项目): list and read, propose, screen, shortlist, record the vote, report
progress, record the evaluation; open and close the session's project vote and the year-end evaluation
through the voting engine (deputies cast through the voting API: POST /api/voting/polls/{id}/cast with
{"payload": {"options": {"<project id>": mark}}}).

The same rules as the pages (the table of renda.livelihood.workflow through renda.livelihood.permissions,
and the services): a project outside the caller's scope answers 404; the proposer's personal data is
returned to staff only (masked for leaders and auditors).
"""

import datetime as dt
from decimal import Decimal
from typing import Annotated

from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from renda.core.actors import as_actor
from renda.livelihood import permissions, rules, selectors, services
from renda.livelihood.models import ProjectStatus
from renda.voting.choices import PollMethod

from .auth import ApiRequest
from .endpoints import list_endpoint, read_endpoint, write_endpoint
from .schemas import MAX_COUNT, Count, Id, Year

router = Router(tags=["民生实事"])


class ProjectOut(Schema):
    id: int
    year: int = Field(..., description="年度")
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
    def resolve_year(obj) -> int:
        return obj.year.year

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


class NoteIn(Schema):
    note: str = ""


class RejectIn(NoteIn):
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
    poll_id: int = Field(..., description="表决 id：代表通过 POST /api/voting/polls/{poll_id}/cast 投票")
    purpose: str = Field(..., description="vote 项目票决，evaluation 满意度测评")
    kind: str = Field(..., description="list 清单票决（赞成/反对/弃权），rating 满意度测评")
    title: str
    status: str = Field(..., description="draft，open 投票中，closed 已结束，published 已公布")
    method: str
    seats: int = Field(..., description="本轮入选名额（测评：项目数）")
    max_choices: int | None = Field(None, description="限选：赞成不得超过的项数；为空则逐项表决")
    total_entitled: int = Field(..., description="全体代表人数（过半数的基数），开启时确定")
    options: list[dict] = Field(
        ...,
        description='选票上的项目，[{"key": 项目 id, "label": 项目名称}]；投票内容 '
        '{"options": {"<key>": "yes"|"no"|"abstain"}}（测评："satisfied"|"basic"|"unsatisfied"|"abstain"），'
        "未选的项目视为弃权",
    )
    round: int | None = Field(None, description="据此记录的票决轮次")

    @staticmethod
    def resolve_poll_id(obj) -> int:
        return obj.poll_id

    @staticmethod
    def resolve_kind(obj) -> str:
        return obj.poll.kind

    @staticmethod
    def resolve_title(obj) -> str:
        return obj.poll.title

    @staticmethod
    def resolve_status(obj) -> str:
        return obj.poll.status

    @staticmethod
    def resolve_method(obj) -> str:
        return obj.poll.method

    @staticmethod
    def resolve_seats(obj) -> int:
        return obj.poll.seats

    @staticmethod
    def resolve_max_choices(obj) -> int | None:
        return obj.poll.max_choices

    @staticmethod
    def resolve_total_entitled(obj) -> int:
        return obj.poll.total_entitled

    @staticmethod
    def resolve_options(obj) -> list[dict]:
        return obj.poll.options

    @staticmethod
    def resolve_round(obj) -> int | None:
        return obj.round.number if obj.round_id else None


class ReportIn(Schema):
    text: str
    percent: int = Field(..., ge=0, le=100)


class ReportOut(Schema):
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


@list_endpoint(
    router,
    "/projects",
    ProjectOut,
    operation_id="livelihood_projects_list",
    summary="民生实事项目列表",
    description="调用者可见的项目（工作人员、主任会议成员、审计：全部；责任单位：本单位的；代表：本人提出的），"
    "以及公开的候选项目及其结果。可按 year、status（逗号分隔）筛选。",
)
def livelihood_projects_list(request: ApiRequest, year: Year | None = None, status: str = ""):
    wanted = [s for s in status.split(",") if s in ProjectStatus.values]
    project_year = selectors.year_of(year) if year else None
    return selectors.project_list(request.auth, year=project_year, status=wanted)


@read_endpoint(
    router,
    "/projects/{int:project_id}",
    ProjectOut,
    operation_id="livelihood_projects_get",
    summary="民生实事项目详情",
)
def livelihood_projects_get(request: ApiRequest, project_id: Id):
    return selectors.project_detail(request.auth, project_id)


@write_endpoint(
    router,
    "/projects",
    ProjectOut,
    status=201,
    operation_id="livelihood_projects_propose",
    summary="提出项目建议（征集）",
    description="代表以本人名义、承办单位以本单位名义提出；工作人员可录入纸质建议并选择来源。群众请使用公开征集页面。",
)
def livelihood_projects_propose(request: ApiRequest, payload: ProposeIn):
    project = services.project_collect(actor=request.auth, **payload.dict())
    return Status(201, project)


def _act(name: str, summary: str, description: str, schema: type[Schema] | None = None) -> None:
    """A POST /projects/{id}/<name> endpoint calling services.project_<name> (one per action of the table)."""
    service = getattr(services, f"project_{name}")
    route = write_endpoint(
        router,
        f"/projects/{{int:project_id}}/{name}",
        ProjectOut,
        operation_id=f"livelihood_projects_{name}",
        summary=summary,
        description=description,
    )
    if schema is None:

        def plain(request: ApiRequest, project_id: Id):
            return service(actor=request.auth, project_id=project_id)

        route(plain)
        return

    def with_body(request: ApiRequest, project_id: Id, payload: schema):  # type: ignore[valid-type]  # a class chosen at import
        return service(actor=request.auth, project_id=project_id, **payload.dict())  # type: ignore[attr-defined]

    route(with_body)


_act("accept", "通过初筛", "已征集 → 通过初筛（工作人员）。", NoteIn)
_act("reject", "不予采纳", "已征集 → 未采纳，理由取自年度负面清单（工作人员）。", RejectIn)
_act(
    "shortlist",
    "列为候选项目",
    "通过初筛 → 候选项目：责任单位、预算、建设内容、计划时间（工作人员）。",
    ShortlistIn,
)
_act("unlist", "撤出候选", "候选项目 → 通过初筛，票决结果录入之前（工作人员）。")
_act("evaluate", "录入满意度测评", "票决入选 → 已测评；满意票过全体应测评人数半数为满意，"
     "满意与基本满意合计过半数为基本满意，否则不满意（镇海规则）。", EvaluateIn)  # fmt: skip


@write_endpoint(
    router,
    "/projects/{int:project_id}/reports",
    ReportOut,
    status=201,
    operation_id="livelihood_projects_report",
    summary="报告实施进展",
    description="票决入选项目的责任单位（经办人、负责人）或工作人员报告进展。",
)
def livelihood_projects_report(request: ApiRequest, project_id: Id, payload: ReportIn):
    return Status(201, services.project_report(actor=request.auth, project_id=project_id, **payload.dict()))


@write_endpoint(
    router,
    "/years/{int:year}/vote",
    VoteRoundOut,
    status=201,
    operation_id="livelihood_vote_record",
    summary="录入票决结果",
    description="一次录入全部候选项目的票数（工作人员）。获全体代表过半数赞成的项目按得票排序入选，"
    "不超过名额；最后名次票数相等的待重新票决（再次调用本接口录入）；过半数不足名额的缺额。"
    "候选项目须多于名额（差额）。",
)
def livelihood_vote_record(request: ApiRequest, year: Year, payload: VoteIn):
    project_year = selectors.year_of(year)
    year_id = project_year.pk if project_year else 0
    counts = {c.project_id: (c.yes, c.no, c.abstain) for c in payload.counts}
    vote = services.vote_record(
        actor=request.auth, year_id=year_id, total_entitled=payload.total_entitled, counts=counts
    )
    return Status(201, vote)


def _year_id(year: int) -> int:
    project_year = selectors.year_of(year)
    return project_year.pk if project_year else 0


@read_endpoint(
    router,
    "/years/{int:year}/polls",
    list[ProjectPollOut],
    operation_id="livelihood_polls_list",
    summary="本年度的项目票决与满意度测评",
    description="经表决系统进行的项目票决（各轮）与满意度测评，及其选票上的项目（代表投票时使用）。",
)
def livelihood_polls_list(request: ApiRequest, year: Year):
    project_year = selectors.year_of(year)
    if project_year is None:
        return []
    return [*selectors.polls(project_year, "vote"), *selectors.polls(project_year, "evaluation")]


@write_endpoint(
    router,
    "/years/{int:year}/vote/open",
    ProjectPollOut,
    status=201,
    operation_id="livelihood_vote_open",
    summary="开始项目票决",
    description="工作人员在进行中的会议议程上开始无记名票决：一张选票包括全部候选项目（重新票决时为票数相等的项目），"
    "逐项赞成、反对、弃权，或按年度设置限选不超过名额的项目。代表在手机上或经表决接口投票；纸质选票经双人录入。",
)
def livelihood_vote_open(request: ApiRequest, year: Year, payload: PollOpenIn):
    link = services.vote_open(
        actor=request.auth, year_id=_year_id(year), item_id=payload.item_id, method=payload.method.value
    )
    return Status(201, link)


@write_endpoint(
    router,
    "/years/{int:year}/vote/close",
    VoteRoundOut,
    status=201,
    operation_id="livelihood_vote_close",
    summary="结束项目票决并计票",
    description="工作人员结束票决：选票打乱顺序重新存储并生成摘要；获全体代表过半数赞成的项目按得票排序入选，"
    "不超过名额；最后名次票数相等的待重新票决；不足名额的缺额。结果写入各项目。",
)
def livelihood_vote_close(request: ApiRequest, year: Year):
    return Status(201, services.vote_close(actor=request.auth, year_id=_year_id(year)))


@write_endpoint(
    router,
    "/years/{int:year}/evaluation/open",
    ProjectPollOut,
    status=201,
    operation_id="livelihood_evaluation_open",
    summary="开始满意度测评",
    description="工作人员开始无记名测评：一张测评票包括全部入选项目，每项满意、基本满意、不满意或弃权。",
)
def livelihood_evaluation_open(request: ApiRequest, year: Year, payload: PollOpenIn):
    link = services.evaluation_open(
        actor=request.auth, year_id=_year_id(year), item_id=payload.item_id, method=payload.method.value
    )
    return Status(201, link)


@write_endpoint(
    router,
    "/years/{int:year}/evaluation/close",
    list[ProjectOut],
    operation_id="livelihood_evaluation_close",
    summary="结束满意度测评并评定等次",
    description="工作人员结束测评：按年度的等次规则评定（默认镇海规则：满意票超过全体应参加测评人数半数为满意，"
    "满意与基本满意合计过半数为基本满意，否则不满意）；不满意的项目须重新报告。",
)
def livelihood_evaluation_close(request: ApiRequest, year: Year):
    return services.evaluation_close(actor=request.auth, year_id=_year_id(year))


# --- implementation (§4.5): milestones, reports with photos, the supervision group's inspections ---------


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


class ReportWithPhotosOut(ReportOut):
    photos: list[PhotoOut] = Field(default_factory=list)

    @staticmethod
    def resolve_photos(obj) -> list:
        return list(obj.photos.all())


class InspectionOut(Schema):
    id: int
    project_id: int
    project_title: str
    day: dt.date = Field(..., description="视察日期")
    findings: str = Field(..., description="视察情况")
    opinion: str = Field(..., description="意见建议")
    status: str = Field(..., description="open 待答复，answered 已答复")
    answer: str = ""
    answered_on: dt.date | None = None

    @staticmethod
    def resolve_project_title(obj) -> str:
        return obj.project.title


class InspectionIn(Schema):
    project_id: Id
    day: dt.date
    findings: str
    opinion: str


class AnswerIn(Schema):
    answer: str
    day: dt.date | None = Field(None, description="答复日期，默认今天")


class GroupIn(Schema):
    leader_id: Id = Field(..., description="组长（常委会领导，主任会议成员）的代表 id")
    member_ids: list[Id] = Field(default_factory=list, description="成员代表 id")


class GroupOut(Schema):
    year: int
    leader_id: int
    member_ids: list[int]

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.year.year

    @staticmethod
    def resolve_member_ids(obj) -> list[int]:
        return sorted(m.pk for m in obj.members.all())


@read_endpoint(
    router,
    "/projects/{int:project_id}/milestones",
    list[MilestoneOut],
    operation_id="livelihood_milestones_list",
    summary="实施节点",
    description="项目的实施节点，按计划日期排序，标明是否滞后。",
)
def livelihood_milestones_list(request: ApiRequest, project_id: Id):
    return selectors.milestones(selectors.project_detail(request.auth, project_id))


@write_endpoint(
    router,
    "/projects/{int:project_id}/milestones",
    MilestoneOut,
    status=201,
    operation_id="livelihood_milestones_add",
    summary="添加实施节点",
    description="票决入选项目的责任单位或工作人员添加节点（名称、计划完成日期）。",
)
def livelihood_milestones_add(request: ApiRequest, project_id: Id, payload: MilestoneIn):
    return Status(201, services.milestone_add(actor=request.auth, project_id=project_id, **payload.dict()))


@write_endpoint(
    router,
    "/projects/{int:project_id}/milestones/{int:milestone_id}/done",
    MilestoneOut,
    operation_id="livelihood_milestones_done",
    summary="节点完成",
    description="责任单位或工作人员标记节点完成（完成日期不能晚于今天）。",
)
def livelihood_milestones_done(
    request: ApiRequest, project_id: Id, milestone_id: Id, payload: MilestoneDoneIn
):
    return services.milestone_done(
        actor=request.auth, project_id=project_id, milestone_id=milestone_id, **payload.dict()
    )


@read_endpoint(
    router,
    "/projects/{int:project_id}/reports",
    list[ReportWithPhotosOut],
    operation_id="livelihood_reports_list",
    summary="实施进展（含照片）",
)
def livelihood_reports_list(request: ApiRequest, project_id: Id):
    project = selectors.project_detail(request.auth, project_id)
    return list(project.reports.prefetch_related("photos"))


@write_endpoint(
    router,
    "/projects/{int:project_id}/photo-reports",
    ReportWithPhotosOut,
    status=201,
    operation_id="livelihood_projects_report_photos",
    summary="报告实施进展并上传照片",
    description="multipart/form-data：text、percent 与 photos（可多个）。照片仅限 JPEG、PNG（按内容识别），"
    "每张不超过 8 MB，每次最多 6 张；保存前重新编码，清除 EXIF（含拍摄位置），并生成缩略图。",
)
def livelihood_projects_report_photos(
    request: ApiRequest,
    project_id: Id,
    text: Annotated[str, Form(..., min_length=1, max_length=5000)],
    percent: Annotated[int, Form(..., ge=0, le=100)],
    photos: File[list[UploadedFile]] = None,  # type: ignore[assignment]  # none: a report without photos
):
    data = [f.read() for f in (photos or [])[: rules.PHOTOS_PER_REPORT + 1]]
    report = services.project_report(
        actor=request.auth, project_id=project_id, text=text, percent=percent, photos_in=data
    )
    return Status(201, report)


@list_endpoint(
    router,
    "/inspections",
    InspectionOut,
    operation_id="livelihood_inspections_list",
    summary="监督视察记录",
    description="监督小组成员与工作人员、主任会议成员、审计：小组的全部记录；责任单位：本单位项目的记录。"
    "open=true 仅列待答复的。",
)
def livelihood_inspections_list(request: ApiRequest, year: Year | None = None, open: bool = False):
    project_year = selectors.year_of(year) if year else None
    return selectors.inspections(request.auth, year=project_year, open_only=open)


@write_endpoint(
    router,
    "/inspections",
    InspectionOut,
    status=201,
    operation_id="livelihood_inspections_record",
    summary="记录监督视察",
    description="监督小组成员或工作人员记录对票决入选项目的视察：日期、视察情况、意见建议。",
)
def livelihood_inspections_record(request: ApiRequest, payload: InspectionIn):
    return Status(201, services.inspection_record(actor=request.auth, **payload.dict()))


@write_endpoint(
    router,
    "/inspections/{int:inspection_id}/answer",
    InspectionOut,
    operation_id="livelihood_inspections_answer",
    summary="答复视察意见",
    description="待答复 → 已答复：项目责任单位（或工作人员录入书面答复）。",
)
def livelihood_inspections_answer(request: ApiRequest, inspection_id: Id, payload: AnswerIn):
    return services.inspection_answer(actor=request.auth, inspection_id=inspection_id, **payload.dict())


@write_endpoint(
    router,
    "/years/{int:year}/group",
    GroupOut,
    operation_id="livelihood_group_save",
    summary="设置监督小组",
    description="工作人员设置本年度监督小组：组长由常委会领导（现任主任会议成员）担任，成员为代表。",
)
def livelihood_group_save(request: ApiRequest, year: Year, payload: GroupIn):
    return services.group_save(actor=request.auth, year_id=_year_id(year), **payload.dict())
