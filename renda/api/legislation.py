"""Local legislation (地方立法): drafts with their versions, due dates and vote, the article diff between two
versions, answering comments and recording the vote. The same rules as the pages (renda.legislation.workflow
through renda.legislation.permissions, and the services): a draft outside the caller's scope answers 404."""

import datetime as dt

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.core import spine
from renda.core.errors import NotFound
from renda.legislation import selectors, services
from renda.legislation.models import Draft

from .auth import ApiRequest
from .endpoints import detail, id_action, list_endpoint, read_endpoint, write_endpoint
from .schemas import MAX_COUNT, Id

router = Router(tags=["地方立法"])


class VersionOut(Schema):
    number: int
    label: str = Field(..., description="稿别：草案、草案修改稿、草案表决稿……")
    explanation_kind: str = Field(
        "", description="drafting 起草说明，revision 修改情况的汇报，result 审议结果的报告"
    )
    comment_opens_on: dt.date | None
    comment_closes_on: dt.date | None
    answers_published_on: dt.date | None


class DeadlineOut(Schema):
    name: str = Field(
        ..., description="comment 征求意见截止，approval 批准期限（四个月），filing 备案期限（三十日）"
    )
    due: dt.date = Field(..., description="按民法典第二百零一、二百零三条计算，节假日顺延")
    done: dt.date | None
    days_left: int


class DraftOut(Schema):
    id: int
    title: str
    status: str
    field: str
    drafting_body: str
    lead_committee: str
    votes_yes: int | None
    votes_no: int | None
    votes_abstain: int | None
    members_total: int | None = Field(None, description="常委会全体组成人员数（表决以其过半数通过）")
    submitted_on: dt.date | None
    approved_on: dt.date | None
    published_on: dt.date | None
    filed_on: dt.date | None


class DraftDetailOut(DraftOut):
    versions: list[VersionOut]
    deadlines: list[DeadlineOut]

    @staticmethod
    def resolve_versions(obj) -> list:
        return list(obj.versions.order_by("number"))

    @staticmethod
    def resolve_deadlines(obj) -> list:
        return selectors.deadlines(obj)


class ParagraphChangeOut(Schema):
    kind: str = Field(..., description="same, changed, added, removed, moved_in, moved_out")
    old: str
    new: str
    other: str = Field("", description="移动的款：来自或移至的条")


class ArticleChangeOut(Schema):
    kind: str = Field(..., description="unchanged, renumbered, changed, added, removed")
    old: str | None = Field(None, description="原稿条序，如“第五条”")
    new: str | None = Field(None, description="新稿条序")
    paragraphs: list[ParagraphChangeOut]

    @staticmethod
    def resolve_old(obj) -> str | None:
        return obj.old.label if obj.old else None

    @staticmethod
    def resolve_new(obj) -> str | None:
        return obj.new.label if obj.new else None


class DiffOut(Schema):
    old: int
    new: int
    summary: dict[str, int]
    changes: list[ArticleChangeOut]


class AnswerIn(Schema):
    answer: str = Field(..., description="adopted 采纳，partly 部分采纳，not_adopted 未采纳")
    reason: str = Field("", max_length=3000, description="部分采纳、未采纳的理由")


class CommentOut(Schema):
    id: int
    code: str
    article: int | None
    channel: str
    text: str
    answer: str
    reason: str
    answered_on: dt.date | None


class DraftVoteIn(Schema):
    yes: int = Field(..., ge=0, le=MAX_COUNT)
    no: int = Field(..., ge=0, le=MAX_COUNT)
    abstain: int = Field(..., ge=0, le=MAX_COUNT)
    members_total: int = Field(..., ge=1, le=MAX_COUNT, description="常委会全体组成人员数")
    voted_on: dt.date | None = None


@list_endpoint(
    router, "/drafts", DraftOut, operation_id="legislation_drafts_list", summary="法规草案列表",
    description="工作人员、主任会议成员、审计和代表可见全部法规草案。可按 status 筛选（逗号分隔）。",
)  # fmt: skip
def drafts_list(request: ApiRequest, status: str = ""):
    return selectors.draft_list(request.auth, status=[s for s in status.split(",") if s])


detail(
    router,
    "/drafts/{int:draft_id}",
    DraftDetailOut,
    Draft,
    operation_id="legislation_drafts_get",
    summary="法规草案详情",
)


@read_endpoint(
    router, "/drafts/{int:draft_id}/diff", DiffOut, operation_id="legislation_drafts_diff",
    summary="稿本逐条对照",
    description="两稿按条对照：新增、修改、删除、仅条序变化，以及移至他条的款。"
    "from、to 为稿本序号（默认最后两稿）。",
)  # fmt: skip
def drafts_diff(
    request: ApiRequest,
    draft_id: Id,
    old: int = Query(0, alias="from", ge=0, le=MAX_COUNT),
    new: int = Query(0, alias="to", ge=0, le=MAX_COUNT),
):
    draft = spine.get_visible(Draft, request.auth, draft_id)
    last = draft.versions.order_by("-number").values_list("number", flat=True).first() or 1
    new = new or last
    old = old or new - 1
    a, b, diff = selectors.diff(draft, old, new)
    return {"old": a.number, "new": b.number, "summary": diff.summary, "changes": diff.changes}


id_action(
    router,
    "/comments/{int:comment_id}/answer",
    CommentOut,
    services.comment_answer,
    AnswerIn,
    operation_id="legislation_comments_answer",
    summary="答复意见",
    description="牵头委员会（由工作人员录入）答复一条意见；部分采纳、未采纳须说明理由。",
)


id_action(
    router,
    "/drafts/{int:draft_id}/vote",
    DraftOut,
    services.draft_vote,
    DraftVoteIn,
    operation_id="legislation_drafts_vote",
    summary="登记表决结果",
    description="常委会表决结果：赞成票超过全体组成人员的半数为通过（不是出席人员的半数）。",
)


class CommentClusterOut(Schema):
    version: int = Field(..., description="稿本序号")
    article: int | None = Field(None, description="条（空为整体意见）")
    keywords: list[str] = Field(..., description="该类多数意见都提到的词")
    pending: int = Field(..., description="其中待答复的意见数")
    comments: list[CommentOut] = Field(..., description="同类意见，最具代表性的在前")

    @staticmethod
    def resolve_version(obj) -> int:
        return obj.version.number


class ClusterAnswerIn(AnswerIn):
    comment_ids: list[Id] = Field(..., min_length=1, max_length=5000, description="一类意见的 id")


@read_endpoint(
    router, "/drafts/{int:draft_id}/comment-clusters", list[CommentClusterOut],
    operation_id="legislation_drafts_comment_clusters", summary="相似意见归类",
    description="同一稿本、同一条的意见按内容相似程度归类（平均链接，词向量余弦），大类在前；"
    "pending=true 只列有待答复意见的类。",
)  # fmt: skip
def drafts_comment_clusters(request: ApiRequest, draft_id: Id, version: int = Query(0, ge=0, le=MAX_COUNT),
                            pending: bool = False):  # fmt: skip
    draft = spine.get_visible(Draft, request.auth, draft_id)
    return selectors.comment_clusters(draft, version_number=version or None, pending=pending)


@write_endpoint(
    router, "/drafts/{int:draft_id}/comments/answer", int, operation_id="legislation_drafts_comments_answer",
    summary="一并答复一类意见",
    description="对一类相似意见一并答复（同一答复适用于每一条，逐条记入审计）；返回答复的条数。",
)  # fmt: skip
def drafts_comments_answer(request: ApiRequest, draft_id: Id, payload: ClusterAnswerIn) -> int:
    draft = spine.get_visible(Draft, request.auth, draft_id)
    ids = selectors.comment_ids_of(draft, payload.comment_ids)
    if len(ids) != len(set(payload.comment_ids)):
        raise NotFound(_("未找到该意见"))
    return services.comments_answer(
        actor=request.auth, comment_ids=ids, answer=payload.answer, reason=payload.reason
    )
