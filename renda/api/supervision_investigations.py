"""Investigations of a specific question (特定问题调查, 监督法 第七章) and removal motions (撤职案): proposals
and motions signed by one fifth or more of the standing committee's members, the standing committee's vote
(more than half of ALL members), the committee of investigation, its hearings, report and resolution; a
passed removal ends the tenure in the register of office holders. The same rules as the pages
(renda.supervision.workflow through its policies, and the services): outside the caller's scope, 404."""

import datetime as dt
from typing import Annotated

from ninja import Field, File, Form, Router, Schema

from renda.supervision import selectors_investigations as selectors
from renda.supervision.models import Investigation, RemovalMotion
from renda.supervision.services import investigations as services
from renda.supervision.services import removals as removal_services

from .auth import ApiRequest
from .endpoints import detail, id_action, write_endpoint
from .schemas import Count, Id, NonEmptyFile
from .supervision import returning, signing_list

router = Router(tags=["人大监督"])

SIGNING = "draft 草稿，signing 征集联名，lapsed 联名不足，withdrawn 已撤回，scheduled 已列入会议议程"


class MotionFields(Schema):
    id: int
    title: str = Field(..., description="案由")
    reasons: str = Field(..., description="理由")
    by_council: bool = Field(..., description="主任会议提出（无须联名）")
    lead_id: int | None = Field(None, description="领衔的组成人员（代表）id")
    sign_deadline: dt.datetime | None
    members_total: int = Field(..., description="征集联名时的常务委员会组成人员数")
    signers_needed: int = Field(..., description="五分之一以上（向上取整）")
    signed: int = Field(..., description="截止时间前已联名的人数（含领衔人）")
    meeting_id: int | None = Field(None, description="审议的常务委员会会议 id")
    poll_id: int | None = Field(None, description="会议表决的电子表决 id（表决模块；未付电子表决的为空）")
    vote_members: int | None
    vote_yes: int | None
    vote_no: int | None
    vote_abstain: int | None
    decided_on: dt.date | None

    @staticmethod
    def resolve_signed(obj) -> int:
        return selectors.signature_count(obj).signed


class InvestigationMemberOut(Schema):
    deputy_id: int | None = Field(None, description="组成人员（代表）id；专家为空")
    name: str
    role: str = Field(..., description="chair 主任委员，vice_chair 副主任委员，member 委员，expert 专家")


class InvestigationHearingOut(Schema):
    held_on: dt.date
    witnesses: str
    summary: str


class InvestigationEvidenceOut(Schema):
    id: int
    title: str = Field(..., description="材料名称")
    file_name: str
    created_at: dt.datetime


class InvestigationOut(MotionFields):
    status: str = Field(
        ...,
        description=f"{SIGNING}，proposed 已提出，established 决定组织调查委员会，not_established 未通过，"
        "investigating 调查中，reported 已提出调查报告，report_scheduled 调查报告已列入会议议程，"
        "resolved 已作出决议，published 已公开",
    )
    established_on: dt.date | None
    members: list[InvestigationMemberOut]
    hearings: list[InvestigationHearingOut]
    report_text: str
    reported_on: dt.date | None
    resolution_text: str
    resolution_passed: bool | None
    res_poll_id: int | None = Field(None, description="决议的电子表决 id（表决模块）")
    resolved_on: dt.date | None
    published_on: dt.date | None
    evidence: list[InvestigationEvidenceOut] = Field(
        ..., description="证据材料（文件在页面 /supervision/investigations/{id}/evidence/{证据 id}/ 下载）"
    )

    @staticmethod
    def resolve_evidence(obj) -> list:
        return list(obj.evidence.order_by("id"))

    @staticmethod
    def resolve_members(obj) -> list:
        return list(obj.members.order_by("id"))

    @staticmethod
    def resolve_hearings(obj) -> list:
        return list(obj.hearings.order_by("held_on", "id"))


class RemovalOut(MotionFields):
    status: str = Field(
        ..., description=f"{SIGNING}，filed 已提出，removed 表决通过、撤销职务，not_removed 未通过"
    )
    holder_id: int = Field(..., description="任职名册中被提请撤职人员的任命记录 id（人事任免）")
    holder_name: str
    post: str
    case_id: int | None = Field(None, description="提请表决的任免案 id（人事任免）")


class InvestigationCreateIn(Schema):
    title: str = Field(..., max_length=200, description="案由")
    reasons: str = Field(..., max_length=20000, description="调查的特定问题和理由")
    by_council: bool = Field(False, description="true：登记主任会议的提议（主任会议成员或工作人员）")


class RemovalCreateIn(Schema):
    holder_id: Id = Field(..., description="任职名册中在任人员的任命记录 id")
    reasons: str = Field(..., max_length=20000, description="撤职理由")
    by_council: bool = Field(False, description="true：登记主任会议提出的撤职案")


class MotionOpenIn(Schema):
    deadline: dt.datetime = Field(..., description="联名截止时间（带时区）")


class MotionMeetingIn(Schema):
    meeting_id: Id = Field(..., description="本届常务委员会会议 id")


class MotionVoteIn(Schema):
    members: Count = Field(..., description="常务委员会组成人员总数（通过须超过其半数）")
    yes: Count
    no: Count
    abstain: Count


class MotionVoteOpenIn(Schema):
    method: str = Field("electronic", max_length=12, description="electronic 电子表决，paper 纸质表决")


class InvestigationResolutionVoteOpenIn(MotionVoteOpenIn):
    text: str = Field(..., max_length=20000, description="决议（草案）")


class InvestigationResolveIn(MotionVoteIn):
    text: str = Field(..., max_length=20000, description="决议")


class InvestigationMemberIn(Schema):
    role: str = Field(..., max_length=12, description="chair，vice_chair，member，expert")
    deputy_id: Id | None = Field(None, description="组成人员（代表）id；专家不填")
    name: str = Field("", max_length=50, description="专家姓名")
    affiliation: str = Field("", max_length=100)


class InvestigationConflictIn(Schema):
    deputy_id: Id
    reason: str = Field(..., max_length=500, description="与调查的问题的利害关系")


class InvestigationOwnInterestIn(Schema):
    reason: str = Field(..., max_length=500, description="本人与调查的问题的利害关系")


class InvestigationHearingIn(Schema):
    held_on: dt.date
    witnesses: str = Field(..., max_length=500, description="提供材料、接受询问的单位和人员")
    summary: str = Field(..., max_length=20000)


class InvestigationReportIn(Schema):
    text: str = Field(..., max_length=50000, description="调查报告")


# --- investigations -----------------------------------------------------------------------------------


def _motion_endpoints(
    model, out, create_in, create, plural: str, key: str, *, listed: dict, got: dict, created: dict
):
    """A kind of motion's list (to_sign=true: awaiting the caller's signature), detail and creation (each
    one's summary and description), and `action(path, service, schema, op, summary, description="")`: one
    POST per step on `/<plural>/{id}/<path>`."""
    base, select = f"/{plural}", f"supervision_{plural}"
    signing_list(
        router, base, out, getattr(selectors, plural), getattr(selectors, f"{plural}_to_sign"),
        operation_id=f"{select}_list", **listed,
    )  # fmt: skip
    detail(router, f"{base}/{{int:{key}}}", out, model, operation_id=f"{select}_get", **got)
    id_action(
        router, base, out, create, create_in, status=201, operation_id=f"{select}_create", **created
    )  # fmt: skip

    def action(path: str, service, schema, op: str, summary: str, description: str = "") -> None:
        id_action(
            router, f"{base}/{{int:{key}}}/{path}", out, service, schema,
            operation_id=f"{select}_{op}", summary=summary, description=description or summary,
        )  # fmt: skip

    return action


_inv = _motion_endpoints(
    Investigation,
    InvestigationOut,
    InvestigationCreateIn,
    services.investigation_create,
    "investigations",
    "investigation_id",
    listed={
        "summary": "特定问题调查列表",
        "description": "调用者可见的特定问题调查（工作人员、主任会议成员、审计：全部；"
        "本届常务委员会组成人员：草稿以外的全部；调查委员会成员：本委员会的；其他：已公开的）。"
        "to_sign=true 只列待调用者联名的。",
    },
    got={"summary": "特定问题调查详情"},
    created={
        "summary": "提议组织特定问题调查委员会",
        "description": "本届常务委员会组成人员起草提议（须五分之一以上组成人员联名），或登记主任会议的提议。",
    },
)


def _returning(service):
    """A service that answers a row of the investigation: answer the investigation itself."""
    return returning(Investigation, "investigation_id", service)


_inv(
    "open",
    services.investigation_open,
    MotionOpenIn,
    "open",
    "征集联名",
    "领衔人向本届常务委员会组成人员征集联名。",
)
_inv(
    "sign",
    _returning(services.investigation_sign),
    None,
    "sign",
    "联名",
    "组成人员在截止时间前以本人账号联名。",
)
_inv("file", services.investigation_file, None, "file", "提出（联名达到五分之一以上）")
_inv("schedule", services.investigation_schedule, MotionMeetingIn, "schedule", "列入常务委员会会议议程")
_inv(
    "decide",
    services.investigation_decide,
    MotionVoteIn,
    "decide",
    "录入表决结果",
    "赞成超过全体组成人员半数的，组织调查委员会。",
)
_inv(
    "open-vote",
    services.investigation_vote_open,
    MotionVoteOpenIn,
    "open_vote",
    "开始电子表决",
    "在议程上建立并开始一项表决（会议须已开始且出席人数过半）；组成人员在表决模块投票。",
)
_inv(
    "close-vote",
    services.investigation_vote_close,
    None,
    "close_vote",
    "结束电子表决并计票",
    "赞成超过全体组成人员半数的，组织调查委员会；表决无效的，仍在议程上，可重新表决。",
)
_inv(
    "conflicts",
    _returning(services.investigation_declare_conflict),
    InvestigationConflictIn,
    "conflict",
    "登记利害关系",
)
_inv(
    "own-interest",
    _returning(services.investigation_declare_own_interest),
    InvestigationOwnInterestIn,
    "declare_own_interest",
    "申报本人利害关系",
    "本届常务委员会组成人员申报本人与调查的问题有利害关系（此后不得担任调查委员会成员）。",
)
_inv(
    "members",
    _returning(services.investigation_add_member),
    InvestigationMemberIn,
    "add_member",
    "确定调查委员会成员",
    "主任委员、副主任委员、委员须为本届常务委员会组成人员，申报有利害关系的不得担任；可以邀请专家。",
)
_inv("start", services.investigation_start, None, "start", "开始调查")
_inv(
    "hearings",
    _returning(services.investigation_record_hearing),
    InvestigationHearingIn,
    "hearing",
    "记录调查情况",
)


@write_endpoint(
    router,
    "/investigations/{int:investigation_id}/evidence",
    InvestigationOut,
    operation_id="supervision_investigations_evidence",
    summary="上传证据材料",
    description="multipart/form-data：title 材料名称，file 文件（pdf、docx、doc、ofd、xlsx、jpg、png，"
    "按内容识别，大小不超过设置的上限）。调查中由人大工作人员上传；只有能看到该调查的人可以下载。",
)
def supervision_investigations_evidence(
    request: ApiRequest,
    investigation_id: Id,
    title: Annotated[str, Form(..., max_length=200)],
    file: File[NonEmptyFile],
):
    return _returning(services.investigation_add_evidence)(
        actor=request.auth, investigation_id=investigation_id, title=title, file=file
    )


_inv("report", services.investigation_report, InvestigationReportIn, "report", "提出调查报告")
_inv(
    "schedule-report",
    services.investigation_schedule_report,
    MotionMeetingIn,
    "schedule_report",
    "调查报告列入会议议程",
)
_inv("resolve", services.investigation_resolve, InvestigationResolveIn, "resolve", "录入决议和表决结果")
_inv(
    "open-resolution-vote",
    services.investigation_resolution_vote_open,
    InvestigationResolutionVoteOpenIn,
    "open_resolution_vote",
    "决议草案付电子表决",
)
_inv(
    "close-resolution-vote",
    services.investigation_resolution_vote_close,
    None,
    "close_resolution_vote",
    "结束决议表决并计票",
    "赞成超过全体组成人员半数的，决议通过。",
)
_inv("publish", services.investigation_publish, None, "publish", "公开调查报告和决议")


# --- removal motions ------------------------------------------------------------------------------------


_rem = _motion_endpoints(
    RemovalMotion,
    RemovalOut,
    RemovalCreateIn,
    removal_services.removal_create,
    "removals",
    "removal_id",
    listed={
        "summary": "撤职案列表",
        "description": "调用者可见的撤职案（工作人员、主任会议成员、审计：全部；"
        "本届常务委员会组成人员：草稿以外的全部及本人领衔的）。to_sign=true 只列待调用者联名的。",
    },
    got={"summary": "撤职案详情"},
    created={
        "summary": "提出撤职案",
        "description": "本届常务委员会组成人员起草撤职案（须五分之一以上组成人员联名），"
        "或登记主任会议提出的撤职案；被提请撤职人员须为任职名册中的在任人员。",
    },
)


_rem("open", removal_services.removal_open, MotionOpenIn, "open", "征集联名")
_rem("sign", returning(RemovalMotion, "removal_id", removal_services.removal_sign), None, "sign", "联名")
_rem("file", removal_services.removal_file, None, "file", "提出（联名达到五分之一以上）")
_rem("schedule", removal_services.removal_schedule, MotionMeetingIn, "schedule", "列入常务委员会会议议程",
     "主任会议决定提请常务委员会会议审议：经人事任免的任免案列入会议议程。")  # fmt: skip
_rem("decide", removal_services.removal_decide, MotionVoteIn, "decide", "录入表决结果",
     "赞成超过全体组成人员半数的，撤销职务，任职名册中的任职随之终止。")  # fmt: skip
_rem("open-vote", removal_services.removal_vote_open, None, "open_vote", "开始电子表决",
     "任免案的表决（人事任免）在会议上开始；组成人员在表决模块投票。")  # fmt: skip
_rem("close-vote", removal_services.removal_vote_close, None, "close_vote", "结束电子表决并计票",
     "赞成超过全体组成人员半数的，撤销职务，任职名册中的任职随之终止。")  # fmt: skip
