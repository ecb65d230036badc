"""Livelihood projects (民生实事项目): list and read, propose, screen, shortlist, record the vote, report
progress, record the evaluation; open and close the session's project vote and the year-end evaluation
through the voting engine (deputies cast through the voting API: POST /api/voting/polls/{id}/cast with
{"payload": {"options": {"<project id>": mark}}}).

The same rules as the pages (the table of renda.livelihood.workflow through renda.livelihood.permissions,
and the services): a project outside the caller's scope answers 404; the proposer's personal data is
returned to staff only (masked for leaders and auditors).
"""

from typing import Annotated

from ninja import File, Form, Router, Status
from ninja.files import UploadedFile

from renda.livelihood import rules, selectors, services
from renda.livelihood.models import ProjectStatus

from ..action_routes import named_actions
from ..auth import ApiRequest
from ..endpoints import id_action, list_endpoint, read_endpoint, write_endpoint
from ..schemas import Id, Year
from .schemas import (
    DelegationNoteIn,
    DelegationNoteOut,
    EvaluateIn,
    GroupIn,
    GroupOut,
    InspectionAnswerIn,
    InspectionIn,
    InspectionOut,
    MilestoneDoneIn,
    MilestoneIn,
    MilestoneOut,
    PollOpenIn,
    ProgressReportIn,
    ProgressReportOut,
    ProjectMergeIn,
    ProjectNoteIn,
    ProjectOut,
    ProjectPollOut,
    ProposeIn,
    RejectIn,
    ReportWithPhotosOut,
    ReviewOut,
    ShortlistIn,
    ShortlistReviewIn,
    VoteIn,
    VoteRoundOut,
)

router = Router(tags=["民生实事"])


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


id_action(
    router,
    "/projects",
    ProjectOut,
    services.project_collect,
    ProposeIn,
    status=201,
    operation_id="livelihood_projects_propose",
    summary="提出项目建议（征集）",
    description="代表以本人名义、承办单位以本单位名义提出；工作人员可录入纸质建议并选择来源。群众请使用公开征集页面。",
)


# one POST /projects/{id}/<name> per action of the table, calling services.project_<name>
_act = named_actions(
    router,
    "/projects/{int:project_id}",
    ProjectOut,
    lambda name: getattr(services, f"project_{name}"),
    "livelihood_projects_",
)


_act("accept", "通过初筛", "已征集 → 通过初筛（工作人员）。", ProjectNoteIn)
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


id_action(
    router,
    "/projects/{int:project_id}/reports",
    ProgressReportOut,
    services.project_report,
    ProgressReportIn,
    status=201,
    operation_id="livelihood_projects_report",
    summary="报告实施进展",
    description="票决入选项目的责任单位（经办人、负责人）或工作人员报告进展。",
)


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
    counts = {c.project_id: (c.yes, c.no, c.abstain) for c in payload.counts}
    vote = services.vote_record(
        actor=request.auth, year_id=_year_id(year), total_entitled=payload.total_entitled, counts=counts
    )
    return Status(201, vote)


def _year_id(year: int) -> int:
    project_year = selectors.year_of(year)
    return project_year.pk if project_year else 0


def _poll_open(service, request: ApiRequest, year: int, payload: PollOpenIn) -> Status:
    """Open the year's project vote or evaluation (services.vote_open, evaluation_open) on an agenda item."""
    link = service(
        actor=request.auth, year_id=_year_id(year), item_id=payload.item_id, method=payload.method.value
    )
    return Status(201, link)


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
    return _poll_open(services.vote_open, request, year, payload)


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
    return _poll_open(services.evaluation_open, request, year, payload)


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


id_action(
    router,
    "/projects/{int:project_id}/milestones",
    MilestoneOut,
    services.milestone_add,
    MilestoneIn,
    status=201,
    operation_id="livelihood_milestones_add",
    summary="添加实施节点",
    description="票决入选项目的责任单位或工作人员添加节点（名称、计划完成日期）。",
)


id_action(
    router,
    "/projects/{int:project_id}/milestones/{int:milestone_id}/done",
    MilestoneOut,
    services.milestone_done,
    MilestoneDoneIn,
    operation_id="livelihood_milestones_done",
    summary="节点完成",
    description="责任单位或工作人员标记节点完成（完成日期不能晚于今天）。",
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


id_action(
    router,
    "/inspections",
    InspectionOut,
    services.inspection_record,
    InspectionIn,
    status=201,
    operation_id="livelihood_inspections_record",
    summary="记录监督视察",
    description="监督小组成员或工作人员记录对票决入选项目的视察：日期、视察情况、意见建议。",
)
id_action(
    router,
    "/inspections/{int:inspection_id}/answer",
    InspectionOut,
    services.inspection_answer,
    InspectionAnswerIn,
    operation_id="livelihood_inspections_answer",
    summary="答复视察意见",
    description="待答复 → 已答复：项目责任单位（或工作人员录入书面答复）。",
)


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


# --- duplicates merged; the council's review of the shortlist; the delegations' notes (§4.1, §4.2) -------


_act("merge", "合并重复的项目建议", "已征集或通过初筛 → 已合并：并入同一年度相似的项目建议（工作人员），"
     "保留关联；建议人按查询码可见合并到的项目。", ProjectMergeIn)  # fmt: skip

id_action(
    router,
    "/projects/{int:project_id}/delegation-notes",
    DelegationNoteOut,
    services.delegation_note_add,
    DelegationNoteIn,
    status=201,
    operation_id="livelihood_delegation_notes_add",
    summary="录入代表团讨论意见",
    description="候选项目的代表团讨论意见：工作人员录入任一代表团的，在任代表录入本代表团的。",
)


@read_endpoint(
    router,
    "/years/{int:year}/reviews",
    list[ReviewOut],
    operation_id="livelihood_reviews_list",
    summary="候选项目审议记录",
    description="主任会议或常委会会议对候选项目的审议（提请代表大会票决前）。",
)
def livelihood_reviews_list(request: ApiRequest, year: Year):
    project_year = selectors.year_of(year)
    return selectors.reviews(project_year) if project_year else []


@write_endpoint(
    router,
    "/years/{int:year}/reviews",
    ReviewOut,
    status=201,
    operation_id="livelihood_reviews_record",
    summary="录入候选项目审议意见",
    description="工作人员录入主任会议或常委会会议对本年度全部候选项目的审议：会议、日期（不晚于今天）、"
    "审议意见；提出调整意见时须写明说明。",
)
def livelihood_reviews_record(request: ApiRequest, year: Year, payload: ShortlistReviewIn):
    review = services.shortlist_review(actor=request.auth, year_id=_year_id(year), **payload.dict())
    return Status(201, review)
