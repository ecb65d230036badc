"""The request and response bodies of the government procedures' API (renda.api.procedures)."""

import datetime as dt

from ninja import Field, Schema

from renda.procedures import selectors

from ..schemas import Id


class StepOut(Schema):
    step: str = Field(
        ...,
        description="participation 公众参与，expert 专家论证，risk 风险评估，legality 合法性审查，"
        "meeting 集体讨论决定",
    )
    state: str = Field(
        ..., description="done 已完成，exempt 依法免予，revise 应当修改，unlawful 不合法，空：尚未进行"
    )
    basis: str = Field("", description="免予时记录的法律依据")
    hearing_held: bool = Field(False, description="公众参与时举行了听证会")


class DecisionOut(Schema):
    id: int
    catalogue_id: int = Field(..., description="决策事项目录 id")
    year: int = Field(..., description="目录年度")
    number: int
    title: str
    lead_unit_id: int = Field(..., description="决策承办单位 id")
    review_unit_id: int = Field(..., description="合法性审查单位 id")
    planned_decision: dt.date
    status: str = Field(
        ...,
        description="preparing 草案形成中，reviewing 合法性审查中，returned 退回修改，ready 待集体讨论，"
        "decided 已决定，dropped 未予通过，published 已公布，evaluated 已评估",
    )
    comment_opens: dt.date | None
    comment_closes: dt.date | None
    published_on: dt.date | None

    @staticmethod
    def resolve_year(obj) -> int:
        return obj.catalogue.year


class DecisionCommentOut(Schema):
    id: int = Field(..., description="意见 id（答复时使用）")
    decision_id: int
    author: str = Field(..., description="署名（可为空）")
    text: str
    submitted_at: dt.datetime
    answer: str = Field(..., description="答复（采纳情况）；空：尚未答复")
    answered_at: dt.datetime | None


class DecisionTrackingOut(Schema):
    day: dt.date
    note: str


class DecisionDetailOut(DecisionOut):
    steps: list[StepOut]
    draft_text: str = Field(..., description="征求意见稿")
    shortened_reason: str = Field(..., description="征求意见期限少于 30 日的理由")
    comments: list[DecisionCommentOut] = Field(..., description="公众对征求意见稿提出的意见及答复")
    publication_ref: str = Field(..., description="公布载体")
    tracking: list[DecisionTrackingOut] = Field(..., description="决策执行情况")
    evaluation: str = Field(..., description="决策后评估结论")
    evaluated_on: dt.date | None

    @staticmethod
    def resolve_comments(obj) -> list:
        return list(obj.comments.all())

    @staticmethod
    def resolve_tracking(obj) -> list:
        return list(obj.tracking.all())

    @staticmethod
    def resolve_steps(obj) -> list[dict]:
        return [
            {
                "step": c.step.value,
                "state": c.state,
                "basis": c.record.basis if c.record and c.record.exempt else "",
                "hearing_held": bool(c.record and c.record.hearing_held),
            }
            for c in selectors.step_cells(obj)
        ]


class ExemptIn(Schema):
    step: str = Field(
        ..., max_length=16, description="participation、expert 或 risk（合法性审查、集体讨论不可免予）"
    )
    basis: str = Field(..., max_length=500, description="法律依据：法律名称和条款")


class LegalityIn(Schema):
    conclusion: str = Field(..., max_length=8, description="lawful 合法，revise 应当修改，unlawful 不合法")
    summary: str = Field(..., max_length=20000)


class FileOut(Schema):
    id: int
    kind: str
    note: str
    file_name: str
    sm3: str = Field(..., description="上传时计算的 SM3 指纹")
    av_ref: str
    changed: bool = Field(..., description="现存文件的 SM3 与上传时不符（文件被改动或缺失）")


class CaseOut(Schema):
    id: int
    number: str
    title: str
    unit_id: int
    status: str = Field(
        ..., description="open 办理中，proposed 拟作决定，issued 已作出决定，published 已公示"
    )
    category: str
    major: bool = Field(..., description="重大执法决定（须经法制审核）")
    issued_on: dt.date | None
    published_on: dt.date | None


class OfficerOut(Schema):
    id: int = Field(..., description="执法人员 id（立案时使用）")
    unit_id: int = Field(..., description="执法主体 id")
    name: str
    certificate: str = Field(..., description="执法证号")


class CaseDetailOut(CaseOut):
    files: list[FileOut]
    officers: list[OfficerOut] = Field(..., description="承办的执法人员")

    @staticmethod
    def resolve_officers(obj) -> list:
        return list(obj.officers.all())

    @staticmethod
    def resolve_files(obj) -> list[dict]:
        return [
            {
                "id": c.entry.pk,
                "kind": c.entry.kind,
                "note": c.entry.note,
                "file_name": c.entry.file_name,
                "sm3": c.entry.sm3,
                "av_ref": c.entry.av_ref,
                "changed": c.changed,
            }
            for c in selectors.record_checked(obj)
        ]


class UnitStatsOut(Schema):
    unit: str
    cases: int
    major: int
    reviewed: int = Field(..., description="经法制审核通过的重大执法决定")
    issued: int
    published: int
    late: int = Field(..., description="逾期公示（含逾期未公示）")


class MeetingIn(Schema):
    meeting_name: str = Field(..., max_length=200, description="会议名称（如政府常务会议）")
    meeting_date: dt.date
    speakers: str = Field(..., max_length=20000, description="发言情况：谁发言、意见")
    conclusion: str = Field(..., max_length=20000, description="行政首长的决定")
    adopted: bool = Field(..., description="true 作出决定；false 未予通过")


class CaseReviewIn(Schema):
    passed: bool = Field(..., description="审核是否通过")
    opinion: str = Field(..., max_length=20000, description="法制审核意见")


class RaisedOut(Schema):
    id: int
    kind: str = Field(..., description="item 列入年度监督计划；opinion 提出审议意见")
    decision_id: int | None = Field(None, description="所提请的重大行政决策")
    unit_id: int | None = Field(None, description="所提请的执法主体（行政执法情况）")
    item_id: int = Field(..., description="监督事项 id（见 /api/supervision/items）")
    opinion_id: int | None = Field(None, description="审议意见 id")
    raised_on: dt.date


class RaiseItemIn(Schema):
    decision_id: Id | None = Field(None, description="重大行政决策 id（与 unit_id 二选一）")
    unit_id: Id | None = Field(None, description="执法主体 id（与 decision_id 二选一）")
    plan_id: Id = Field(..., description="年度监督工作计划 id")
    planned_month: int = Field(..., ge=1, le=12, description="计划月份")
    title: str = Field("", max_length=200, description="监督事项；不填则按决策或执法主体生成")


class RaiseOpinionIn(Schema):
    decision_id: Id | None = Field(None, description="重大行政决策 id（与 unit_id 二选一）")
    unit_id: Id | None = Field(None, description="执法主体 id（与 decision_id 二选一）")
    item_id: Id = Field(..., description="听取同一机关报告、正在审议的监督事项 id")
    speaker: str = Field(..., max_length=50, description="提出人")
    text: str = Field(..., max_length=4000, description="审议意见；其后自动附上程序情况")


class DraftOpenIn(Schema):
    draft_text: str = Field(..., max_length=20000, description="征求意见稿")
    comment_opens: dt.date = Field(..., description="征求意见开始日期（不早于今天）")
    comment_closes: dt.date = Field(..., description="征求意见截止日期")
    shortened_reason: str = Field(
        "", max_length=500, description="期限少于 30 日时必须说明的理由（条例第15条）"
    )


class CommentAnswerIn(Schema):
    answer: str = Field(..., max_length=5000, description="答复（采纳情况）")


class ParticipationIn(Schema):
    summary: str = Field(..., max_length=20000, description="意见采纳情况")
    hearing_held: bool = Field(False, description="举行了听证会")


class ExpertIn(Schema):
    participants: str = Field(..., max_length=2000, description="参与论证的专家或机构")
    summary: str = Field(..., max_length=20000, description="论证意见")


class RiskIn(Schema):
    rating: str = Field(
        ..., max_length=8, description="low 低风险，medium 中风险（可控），high 高风险（不可控）"
    )
    summary: str = Field(..., max_length=20000, description="评估结论")
    measures: str = Field(..., max_length=20000, description="风险防范措施")


class DecisionPublishIn(Schema):
    publication_ref: str = Field(..., max_length=200, description="公布载体，例如：市政府公报 2026 年第 5 期")


class DecisionTrackIn(Schema):
    note: str = Field(..., max_length=20000, description="执行情况")


class DecisionEvaluateIn(Schema):
    evaluation: str = Field(..., max_length=20000, description="评估结论")


class CaseProposeIn(Schema):
    category: str = Field(
        ...,
        max_length=16,
        description="决定类别：warning、fine、large_fine、confiscate、suspend、revoke 等；"
        "是否重大执法决定按设置的类别确定",
    )
    decision_text: str = Field(..., max_length=20000, description="拟作决定")


class OfficerIn(Schema):
    unit_id: Id = Field(..., description="执法主体 id（本单位）")
    name: str = Field(..., max_length=50, description="姓名")
    certificate: str = Field(..., max_length=40, description="执法证号")


class CaseOpenIn(Schema):
    unit_id: Id = Field(..., description="执法主体 id（本单位）")
    review_unit_id: Id = Field(..., description="法制审核机构 id")
    number: str = Field(..., max_length=60, description="案号")
    title: str = Field(..., max_length=200, description="案由")
    party: str = Field(..., max_length=100, description="当事人")
    basis: str = Field(..., max_length=500, description="执法依据")
    officer_ids: list[Id] = Field(
        ..., max_length=50, description="执法人员 id，至少两人，须持有本单位执法证件（行政处罚法第42条）"
    )


class CatalogueOut(Schema):
    id: int
    year: int
    title: str
    office_id: int = Field(..., description="编制单位（政府办公室）id")
    status: str = Field(..., description="draft 编制中，published 已公布")
    published_on: dt.date | None


class CatalogueIn(Schema):
    year: int = Field(..., ge=2000, le=2100, description="年度")
    title: str = Field(..., max_length=200, description="标题")
    office_id: Id = Field(..., description="编制单位 id（本单位）")


class DecisionAddIn(Schema):
    title: str = Field(..., max_length=200, description="决策事项")
    summary: str = Field("", max_length=20000, description="主要内容")
    lead_unit_id: Id = Field(..., description="决策承办单位 id")
    review_unit_id: Id = Field(..., description="合法性审查单位 id（不能是决策承办单位本身）")
    planned_decision: dt.date = Field(..., description="计划决策时间（在目录年度内）")
