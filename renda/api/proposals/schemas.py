"""The proposals API's request and response bodies (renda.api.proposals)."""

import datetime as dt
from typing import Any, Literal

from django.utils.translation import gettext as _
from ninja import Field, Schema

from renda.core.prefetch import rows
from renda.proposals import rules
from renda.proposals.choices import number_label

from ..schemas import MAX_COUNT, Count, Id, Ref, Year, display, ref


class UnitPartOut(Schema):
    unit_id: int
    unit_name: str
    role: str = Field(..., description="承办方式代码：lead 主办，co 会办，split 分办")
    assigned_on: dt.date

    @staticmethod
    def resolve_unit_name(obj) -> str:
        return obj.unit.name


class ProposalOut(Schema):
    id: int
    kind: str = Field(..., description="类别代码：suggestion 建议，motion 议案")
    kind_label: str
    status: str = Field(
        ...,
        description="状态代码：draft 草稿，cosigning 待附议，submitted 已提交，returned 已退回，"
        "letter 转为代表来信，on_agenda 列入会议议程，to_committee 交专门委员会审议，"
        "not_on_agenda 不列入会议议程，accepted 已受理，"
        "assigned 已交办，replied 已答复，rehandling 重新办理，follow_up 跟踪办理，closed 已办结，"
        "withdrawn 已撤回，merged 已并案",
    )
    status_label: str
    number: int | None = Field(None, description="编号（按届、按类别）")
    number_label: str = Field("", description="如“第0123号”")
    motion_number: int | None = Field(None, description="由议案转为建议时的原议案编号")
    title: str
    lead_deputy: Ref | None = Field(None, description="领衔代表")
    delegation: Ref | None = Field(None, description="代表团")
    topic: Ref | None = Field(None, description="类别")
    submitted_at: dt.datetime | None = None
    assigned_at: dt.date | None = Field(None, description="交办日期")
    due_date: dt.date | None = Field(None, description="答复期限（由交办日期按法定时限计算）")
    is_overdue: bool = Field(False, description="是否超期（由期限与今天推算，不可手工设置）")
    days_left: int | None = Field(None, description="距期限天数（超期为负）")
    result_category: str = Field("", description="办理结果分类（A/B/C/D 或 甲/乙/丙）")
    key_supervision: bool = Field(False, description="重点督办")
    units: list[UnitPartOut] = Field(default_factory=list, description="承办单位（有效交办）")

    resolve_kind_label = display("kind")
    resolve_status_label = display("status")

    @staticmethod
    def resolve_number_label(obj) -> str:
        return number_label(obj.number, obj.kind)

    resolve_lead_deputy = ref("lead_deputy")
    resolve_delegation = ref("delegation")
    resolve_topic = ref("topic")

    @staticmethod
    def resolve_units(obj):
        return [a for a in rows(obj, "assignments") if a.is_active]


class CosignerOut(Schema):
    deputy_id: int
    name: str
    status: str = Field(..., description="invited 待确认，confirmed 已确认，declined 已拒绝")

    @staticmethod
    def resolve_name(obj) -> str:
        return obj.deputy.name


class ReplyOut(Schema):
    id: int
    unit_id: int
    round: int = Field(..., description="轮次（重新办理后为 2、3 …）")
    text: str
    category: str
    promised_date: dt.date | None = None
    explanation: str = ""
    status: str = Field(..., description="draft 草稿，signed 已签发")
    signed_at: dt.datetime | None = None


class ProposalDetailOut(ProposalOut):
    content: str = ""
    cause: str = Field("", description="案由（议案）")
    basis: str = Field("", description="案据（议案）")
    plan: str = Field("", description="方案（议案）")
    wide_ranging: bool = False
    extended_months: int = 0
    replied_at: dt.date | None = None
    promised_date: dt.date | None = None
    merged_into_id: int | None = Field(None, description="并入的主办建议")
    cosigners: list[CosignerOut] = Field(default_factory=list)
    replies: list[ReplyOut] = Field(
        default_factory=list,
        description="已签发的答复；工作人员等可见全部草稿，承办单位另可见本单位草稿（与页面相同）",
    )
    actions: list[str] = Field(default_factory=list, description="当前用户可以执行的操作")


class TimelineOut(Schema):
    at: dt.datetime
    action: str
    actor: str = ""
    comment: str = ""
    changes: dict = Field(default_factory=dict)


class ListFilters(Schema):
    kind: str | None = Field(None, description="suggestion | motion")
    status: str | None = Field(None, description="状态代码，可用逗号分隔多个")
    unit: Id | None = Field(None, description="承办单位 id")
    delegation: Id | None = None
    topic: Id | None = None
    term: Id | None = None
    year: Year | None = Field(None, description="提交年度")
    overdue: bool | None = Field(None, description="只看超期")
    due_soon: Count | None = Field(None, description="只看 N 天内到期")
    unsatisfied: bool | None = Field(None, description="只看有不满意测评的")
    key: bool | None = Field(None, description="只看重点督办")
    q: str | None = Field(None, description="标题关键词或编号")
    sort: str | None = Field(None, description="due（默认，期限近的在前）| -submitted | number")


class DraftIn(Schema):
    kind: str = Field("suggestion", description="suggestion | motion")
    title: str
    content: str = ""
    cause: str = ""
    basis: str = ""
    plan: str = ""
    topic_id: Id | None = None
    session_id: Id | None = None
    lead_deputy_id: Id | None = Field(None, description="工作人员代代表录入时指定领衔代表")


class DraftUpdateIn(Schema):
    title: str | None = None
    content: str | None = None
    cause: str | None = None
    basis: str | None = None
    plan: str | None = None
    topic_id: Id | None = None
    session_id: Id | None = None


class InviteIn(Schema):
    deputy_ids: list[Id] = Field(..., description="邀请联名的代表 id")


class CosignIn(Schema):
    accept: bool = Field(True, description="true 确认联名，false 拒绝")


class NoteIn(Schema):
    note: str = Field("", description="说明（议案撤回时填写主席团同意的情况）")


class ReviewIn(Schema):
    decision: Literal["accept", "return", "letter"] = Field(
        ..., description="accept 受理 | return 退回 | letter 转为代表来信"
    )
    reason: str = Field("", description="退回原因代码（decision=return 时必填）")
    note: str = ""


class MotionDecisionIn(Schema):
    decision: Literal["on_agenda", "to_committee", "not_on_agenda", "to_suggestion"] = Field(
        ..., description="on_agenda | to_committee | not_on_agenda | to_suggestion"
    )
    note: str = ""


class MergeIn(Schema):
    into_id: Id = Field(..., description="并入的主办建议 id")


class AssignIn(Schema):
    lead_unit_ids: list[Id] = Field(..., description="主办单位；多个即分办")
    co_unit_ids: list[Id] = Field(default_factory=list, description="会办单位")
    wide_ranging: bool = Field(False, description="涉及面广、办理难度大（答复期限六个月）")


class ReturnIn(Schema):
    reason: str
    suggested_unit_id: Id | None = None


class DecideIn(Schema):
    approve: bool


class ReturnDecideIn(DecideIn):
    new_unit_id: Id | None = Field(None, description="同意退回主办单位时必填：新的承办单位")


class ExtensionIn(Schema):
    months: int = Field(..., ge=1, le=MAX_COUNT, description="延期月数（累计不超过设置的上限，默认3个月）")
    reason: str


class TextIn(Schema):
    text: str


class ConsultationIn(Schema):
    method: str = Field(..., description="face | visit | meeting | phone | online")
    held_on: dt.date
    participants: str
    notes: str = ""


class ReplyIn(Schema):
    text: str
    category: str = Field(..., description="办理结果分类代码")
    promised_date: dt.date | None = Field(None, description="承诺解决时限（B/C 类必填）")
    explanation: str = Field("", description="说明（D 类必填）")


class RatingIn(Schema):
    attitude: str = Field(..., description="satisfied | basically | unsatisfied")
    result: str = Field(..., description="satisfied | basically | unsatisfied")
    reason: str = Field("", description="不满意时必填")


class FollowUpIn(Schema):
    text: str
    done: bool = False


class KeyIn(Schema):
    committee_id: Id
    leading_official: str = ""


class PublishIn(Schema):
    public: bool = True


class SendBackIn(Schema):
    reason: str


class UrgeIn(Schema):
    note: str = ""


class MotionDeadlineIn(Schema):
    session_id: Id
    deadline: dt.datetime


class RolloverIn(Schema):
    year: Year


class BatchIn(Schema):
    proposal_ids: list[Id] = Field(
        ..., min_length=1, max_length=200, description="所选事项的 id（一次最多 200 件）"
    )


class BatchItemOut(Schema):
    proposal_id: int
    ok: bool = Field(..., description="是否已办理；否则 code、message 说明原因，该件未作任何修改")
    title: str = ""
    code: str = ""
    message: str = ""


class BatchOut(Schema):
    done: int = Field(..., description="成功件数")
    failed: int = Field(..., description="未成功件数")
    results: list[BatchItemOut]


class IdOut(Schema):
    id: int


class CountOut(Schema):
    count: int


class TopicIn(Schema):
    topic_id: Id = Field(..., description="类别 id（有效的类别）")
    routing_version: Count | None = Field(
        None, description="采纳分办建议时：提出该类别的模型版本（记入办理过程）"
    )


class CategoryOut(Schema):
    code: str
    label: str


class SettingsOut(Schema):
    term_id: int
    category_scheme: str = Field(
        ..., description="办理结果分类方案：abcd 四类（A/B/C/D），three 三类（甲/乙/丙）"
    )
    categories: list[CategoryOut] = Field(default_factory=list, description="该方案的分类")
    co_handler_label: str = Field(..., description="会办单位称谓（会办/协办）")
    review_workdays: int = Field(..., description="闭会期间交办时限（工作日）")
    return_request_workdays: int = Field(..., description="申请退回时限（工作日）")
    co_opinion_months: int = Field(..., description="会办意见时限（月）")
    reply_months: int = Field(..., description="答复时限（月）")
    reply_months_hard: int = Field(..., description="涉及面广、难度大的答复时限（月）")
    extension_max_months: int = Field(..., description="延期上限（月）")
    rehandle_months: int = Field(..., description="重新办理时限（月）")
    due_soon_days: int = Field(..., description="临期提醒（天）")
    motion_min_cosigners: int = Field(..., description="议案最少联名人数（含领衔）")
    delegation_may_table_motion: bool
    cosigners_rate: bool = Field(..., description="附议代表也参加满意度测评")

    @staticmethod
    def resolve_categories(obj):
        return [
            {"code": c.code, "label": _(c.label)} for c in rules.CATEGORY_SCHEMES.get(obj.category_scheme, ())
        ]


def _setting(name: str) -> Any:
    """A setting's number (optional), bounded in the schema as rules.SETTINGS_BOUNDS bounds it."""
    low, high = rules.SETTINGS_BOUNDS[name]
    return Field(None, ge=low, le=high)


class SettingsIn(Schema):
    term_id: Id | None = Field(None, description="届 id（默认本届）")
    category_scheme: Literal["abcd", "three"] | None = Field(
        None, description="abcd | three；本届已有答复时不能改用另一方案"
    )
    co_handler_label: str | None = None
    review_workdays: int | None = _setting("review_workdays")
    return_request_workdays: int | None = _setting("return_request_workdays")
    co_opinion_months: int | None = _setting("co_opinion_months")
    reply_months: int | None = _setting("reply_months")
    reply_months_hard: int | None = _setting("reply_months_hard")
    extension_max_months: int | None = _setting("extension_max_months")
    rehandle_months: int | None = _setting("rehandle_months")
    due_soon_days: int | None = _setting("due_soon_days")
    motion_min_cosigners: int | None = _setting("motion_min_cosigners")
    delegation_may_table_motion: bool | None = None
    cosigners_rate: bool | None = None


class SimilarIn(Schema):
    """A draft's text so far (the drafting page's similar-items panel)."""

    title: str = Field("", max_length=200)
    content: str = Field("", max_length=20000)
    exclude: int | None = Field(None, ge=1, le=2_147_483_647, description="编辑中的议案建议本身（不列出）")


class SimilarItemOut(Schema):
    id: int
    kind: str
    number: int | None
    title: str
    year: int | None
    score: float
    exact: bool
    near: bool


class SimilarOut(Schema):
    items: list[SimilarItemOut] = Field(description="调用者有权查看的相似议案建议，最相似的在前")
    hidden: int = Field(
        description="调用者无权查看的相似议案建议件数（只给件数，不给编号、内容、年份或相似度）"
    )
