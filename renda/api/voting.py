"""Votes and elections (表决与选举): polls, turnout, casting, the staff's console, paper entry, results.

Thin adapters over renda.voting.services and renda.voting.selectors: the same rules as the pages.
Casting is idempotent: a retry answers 200 with {"recorded": false} and adds nothing.
"""

import datetime as dt
from typing import Annotated

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.core.actors import as_actor
from renda.core.errors import ApplicationError
from renda.voting import permissions, selectors, services
from renda.voting.choices import PollStatus
from renda.voting.services.polls import MAX_SHARES

from .auth import ApiRequest
from .endpoints import WRITE, endpoint, list_endpoint
from .schemas import MAX_COUNT, Count, Id, display

SHARE_TEXT = 200  # one share as text, index-hex-k: ~70 characters for a 32-byte key

router = Router(tags=["表决与选举"])


class CandidateOut(Schema):
    id: int
    name: str = Field(..., description="候选人姓名")
    order: int


class PollOut(Schema):
    id: int
    session_id: int = Field(..., description="会议 id")
    item_id: int = Field(..., description="议程 id")
    kind: str = Field(
        ...,
        description="类别：motion 表决，election 选举，appointment 任免，list 清单票决，rating 满意度测评",
    )
    title: str
    order: int
    secret: bool = Field(..., description="无记名投票")
    method: str = Field(..., description="方式：electronic 电子表决，paper 纸质选票")
    status: str = Field(..., description="状态：draft 未开始，open 投票中，closed 已结束，published 已公布")
    status_label: str
    seats: int = Field(..., description="应选名额（选举）")
    post: str
    post_kind: str
    round: str = Field(..., description="轮次：regular，preliminary，revote 重新投票，another 另行选举")
    parent_id: int | None = Field(None, description="前一轮表决 id")
    total_entitled: int = Field(..., description="全体组成人员数（通过门槛的基数），开启时确定")
    present_at_open: int = Field(..., description="开启时出席人数")
    paper_issued: int | None = Field(None, description="发出纸质选票数")
    opened_at: dt.datetime | None
    closed_at: dt.datetime | None
    published_at: dt.datetime | None
    digest: str = Field("", description="选票集合的 SHA-256 摘要（结果可见时）")
    receipts: list[str] = Field(
        default_factory=list, description="表决公告：每张密封选票的回执（计票后；不含任何选择）"
    )
    candidates: list[CandidateOut]
    key_shares: list[str] = Field(
        default_factory=list,
        description="监票人保管密钥的选举：开始表决的答复中给出各监票人的密钥份额，只此一次，服务器不保存；"
        "其他任何答复中为空",
    )
    options: list[dict] = Field(
        default_factory=list, description='清单票决与测评的项目，[{"key", "label"}]，按选票顺序'
    )
    max_choices: int | None = Field(None, description="限选：赞成不得超过的项数")
    actions: list[str] = Field(..., description="当前用户此时可执行的操作（workflow 表）")

    @staticmethod
    def resolve_session_id(obj) -> int:
        return obj.item.session_id

    resolve_status_label = display("status")

    @staticmethod
    def resolve_candidates(obj) -> list:
        return [{"id": c.pk, "name": c.name, "order": c.order} for c in obj.candidates.all()]

    @staticmethod
    def resolve_digest(obj, context) -> str:
        return obj.digest if permissions.can_view_result(context["request"].auth, obj) else ""

    @staticmethod
    def resolve_receipts(obj) -> list[str]:
        return list(obj.receipts or ()) if obj.status in ("closed", "published") else []

    @staticmethod
    def resolve_key_shares(obj) -> list[str]:
        return list(getattr(obj, "key_shares", None) or ())

    @staticmethod
    def resolve_actions(obj, context) -> list[str]:
        return permissions.available_actions(context["request"].auth, obj)


class PollFilters(Schema):
    session: Id | None = Field(None, description="会议 id")
    status: PollStatus | None = Field(None, description="状态")


class TurnoutOut(Schema):
    voted: int = Field(..., description="已投票人数（纸质选票：已录入选票数）")
    total_entitled: int
    present_at_open: int


class CastIn(Schema):
    deputy_id: Id | None = Field(None, description="代表 id；代表本人投票时省略，工作人员代为录入时必填")
    payload: dict = Field(
        ...,
        description='表决：{"choice": "yes"|"no"|"abstain"}；'
        '选举：{"marks": {"候选人 id": "yes"|"no"|"abstain"}, "write_ins": ["另选他人姓名"]}；'
        '清单票决（民生实事项目）：{"options": {"项目 key": "yes"|"no"|"abstain"}}；'
        '满意度测评：{"options": {"项目 key": "satisfied"|"basic"|"unsatisfied"|"abstain"}}',
    )


class CastOut(Schema):
    recorded: bool = Field(..., description="true：本次已记录；false：该代表此前已投票（重试不重复计票）")
    receipt: str = Field(
        ...,
        description="无记名电子表决：密封选票的回执（指纹，如 K7QF-2MZD-X4PA-R9TB），计票后列入表决公告，"
        "代表可核对本人选票已计入；不含任何选择。记名表决或重试时为空",
    )


class CloseIn(Schema):
    shares: list[Annotated[str, Field(min_length=1, max_length=SHARE_TEXT)]] = Field(
        ...,
        max_length=MAX_SHARES,
        description="至少 k 位监票人的密钥份额（开始表决时各自抄录的文本）；"
        "不足 k 份或有误时拒绝（409 shares_insufficient），选票保持密封",
    )


class IssueIn(Schema):
    issued: int = Field(..., ge=0, le=MAX_COUNT, description="发出选票数")


class PaperEntryIn(Schema):
    sheet: int = Field(..., ge=1, le=MAX_COUNT, description="选票编号")
    payload: dict


class SettleIn(Schema):
    payload: dict


class SheetOut(Schema):
    sheet: int
    status: str = Field(
        ..., description="pending 待第二人录入，matched 两人一致，mismatch 两人不一致，settled 已裁定"
    )


class BallotsOut(Schema):
    digest: str = Field(..., description="已公布的摘要：rules.ballot_digest(ballots) 应与之相等")
    ballots: list[dict] = Field(..., description="规范化选票（候选人以姓名表示），随机顺序")


def _poll(request: ApiRequest, poll_id: Id):
    """The poll inside the caller's scope (outside it: 404), read afresh."""
    return selectors.poll_for_view(user=request.auth, pk=poll_id)


def _route(method: str, path: str, operation_id: str, summary: str, description: str, response=PollOut):
    """One endpoint on a poll: `/polls/{poll_id}<path>`, operation id `voting_<operation_id>`, the shared
    error responses (400 bad input, 401, 403, 404 outside the caller's scope, 409 wrong state)."""
    return endpoint(
        router,
        method,
        f"/polls/{{int:poll_id}}{path}",
        response,
        errors=WRITE,
        operation_id=f"voting_{operation_id}",
        summary=summary,
        description=description,
    )


def _on_poll(request: ApiRequest, poll_id: Id, service, **kwargs):
    """Call a service on a poll inside the caller's scope (404 outside it); answer the poll read afresh."""
    poll = _poll(request, poll_id)
    service(actor=request.auth, poll_id=poll.pk, **kwargs)
    return _poll(request, poll_id)


@list_endpoint(
    router,
    "/polls",
    PollOut,
    operation_id="voting_polls_list",
    summary="表决事项列表",
    description="所有已登录用户可查看表决事项、状态与投票人数；结果摘要仅在结果可见时给出。",
)
def polls_list(request: ApiRequest, filters: Query[PollFilters]):
    qs = selectors.polls_for(request.auth).prefetch_related("candidates")
    if filters.session:
        qs = qs.filter(item__session_id=filters.session)
    if filters.status:
        qs = qs.filter(status=filters.status.value)
    return qs


@_route("get", "", "polls_get", "表决事项详情", "含候选人与当前用户可执行的操作。")
def polls_get(request: ApiRequest, poll_id: Id):
    return _poll(request, poll_id)


@_route(
    "get",
    "/turnout",
    "polls_turnout",
    "投票人数",
    "已投票人数、全体组成人员数、开启时出席人数（投影页实时刷新用）。",
    TurnoutOut,
)
def polls_turnout(request: ApiRequest, poll_id: Id):
    return selectors.turnout(_poll(request, poll_id))


def _result_poll(request: ApiRequest, poll_id: Id, not_yet: str):
    """A poll whose result the caller may read: 409 before the close, 403 while closed and unpublished."""
    poll = _poll(request, poll_id)
    if poll.status not in (PollStatus.CLOSED, PollStatus.PUBLISHED):
        raise ApplicationError(not_yet, code="wrong_state", status=409)
    if not permissions.can_view_result(request.auth, poll):
        raise PermissionDenied(_("结果尚未公布"))
    return poll


@_route(
    "get",
    "/result",
    "polls_result",
    "表决结果",
    "已公布的结果所有人可见；已结束未公布的结果仅工作人员可见（403）；未结束的表决返回 409。",
    dict,
)
def polls_result(request: ApiRequest, poll_id: Id):
    return selectors.result_for_display(_result_poll(request, poll_id, _("表决尚未结束")))


@_route(
    "get",
    "/ballots",
    "polls_ballots",
    "导出选票（核验用）",
    "表决结束后导出全部规范化选票（随机顺序），任何人可据此重新计票并验证摘要："
    "sha256(json.dumps(sorted(规范化选票), ensure_ascii=False, separators=(',', ':')))。"
    "已公布的表决所有人可导出；已结束未公布的仅工作人员可导出。",
    BallotsOut,
)
def polls_ballots(request: ApiRequest, poll_id: Id):
    poll = _result_poll(request, poll_id, _("表决结束后才能导出选票"))
    return {"digest": poll.digest, "ballots": selectors.ballots_export(poll)}


@_route(
    "post",
    "/cast",
    "polls_cast",
    "投票",
    "代表本人投票（须在会议名单上并已签到），或工作人员代为录入（填写 deputy_id；仅限记名表决，"
    "无记名电子表决只能由代表本人投票）。无记名电子表决的选票在写入前即密封，答复含回执。"
    "幂等：同一代表重复提交返回 recorded=false，不重复计票。表决未开启或已结束返回 409。",
    CastOut,
)
def polls_cast(request: ApiRequest, poll_id: Id, body: CastIn):
    # The hot path of a vote (3,000 phones at once, bench/voting.py): no separate read of the poll here — the
    # service reads it in the caller's scope (404 outside it) with the caller's own roll line, checks it by
    # the table (spine.require) and only then locks it.
    # Without deputy_id the ballot is the caller's own: the service finds their deputy record in the poll's
    # query (reading actor.deputy_id here would cost a query of its own on every cast).
    recorded, receipt = services.ballot_cast_receipt(
        actor=as_actor(request.auth), poll_id=poll_id, deputy_id=body.deputy_id, payload=body.payload
    )
    return {"recorded": recorded, "receipt": receipt}


def _transition(name: str, summary: str, description: str, service):
    def handler(request: ApiRequest, poll_id: Id):
        return _on_poll(request, poll_id, service)

    handler.__name__ = f"polls_{name}"
    return _route("post", f"/{name}", f"polls_{name}", summary, description)(handler)


@_route(
    "post",
    "/open",
    "polls_open",
    "开始表决",
    "仅工作人员。会议须进行中且达到法定人数；选举的候选人人数须符合差额规定。"
    "监票人保管密钥的选举：答复的 key_shares 即各监票人的密钥份额，只给出这一次。",
)
def polls_open(request: ApiRequest, poll_id: Id):
    poll = _poll(request, poll_id)
    opened = services.poll_open(actor=request.auth, poll_id=poll.pk)
    poll = _poll(request, poll_id)
    poll.key_shares = list(getattr(opened, "key_shares", None) or ())
    return poll


polls_close = _transition(
    "close",
    "结束表决并计票",
    "仅工作人员。无记名选票开启密封、打乱顺序重新存储；按规则计票并生成摘要。纸质选票须全部完成双人录入。"
    "监票人保管密钥的选举用 /close/shares 提交密钥份额（此处不带份额：409 shares_insufficient）。",
    services.poll_close,
)


@_route(
    "post",
    "/close/shares",
    "polls_close_shares",
    "以监票人密钥份额结束选举并计票",
    "仅工作人员。监票人保管密钥的选举：请求体 shares 提交至少 k 位监票人的密钥份额，开启密封选票、计票。"
    "份额不足、重复或有误返回 409 shares_insufficient，表决不变，选票保持密封。",
)
def polls_close_shares(request: ApiRequest, poll_id: Id, body: CloseIn):
    return _on_poll(request, poll_id, services.poll_close, shares=body.shares)


polls_publish = _transition(
    "publish", "公布结果", "仅工作人员。结果与摘要对所有人公开。", services.poll_publish
)


@_route("post", "/paper/issue", "paper_issue", "登记发出选票数", "仅工作人员；纸质选票表决。")
def paper_issue(request: ApiRequest, poll_id: Id, body: IssueIn):
    return _on_poll(request, poll_id, services.paper_issue, issued=body.issued)


@_route(
    "post",
    "/paper/entries",
    "paper_entry",
    "录入纸质选票",
    "仅工作人员。每张选票由两名工作人员分别录入：一致则计入，不一致须裁定。",
    SheetOut,
)
def paper_entry(request: ApiRequest, poll_id: Id, body: PaperEntryIn):
    poll = _poll(request, poll_id)
    return services.paper_entry_submit(
        actor=request.auth, poll_id=poll.pk, sheet=body.sheet, payload=body.payload
    )


@_route(
    "post",
    "/paper/sheets/{int:sheet}/settle",
    "paper_settle",
    "裁定不一致的纸质选票",
    "仅工作人员。按纸质原票确定内容后计入。",
    SheetOut,
)
def paper_settle(request: ApiRequest, poll_id: Id, sheet: Count, body: SettleIn):
    poll = _poll(request, poll_id)
    return services.paper_sheet_settle(actor=request.auth, poll_id=poll.pk, sheet=sheet, payload=body.payload)


@_route(
    "get",
    "/paper",
    "paper_status",
    "纸质选票录入情况",
    "仅工作人员。发出与收回数，各状态选票数，以及两人录入不一致的选票。",
    dict,
)
def paper_status(request: ApiRequest, poll_id: Id):
    poll = _poll(request, poll_id)
    if not permissions.can_manage(request.auth):
        raise PermissionDenied(_("只有人大工作人员可以查看纸质选票录入"))
    mismatches = [
        {
            "sheet": s.sheet,
            "entries": [{"clerk": e.clerk.get_username(), "payload": e.payload} for e in s.entries],
        }
        for s in selectors.paper_mismatches(poll)
    ]
    return {**selectors.paper_status(poll), "mismatches": mismatches}
