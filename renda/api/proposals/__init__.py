"""Motions and suggestions (议案建议): the list and an item, scoped as the pages are, and one endpoint for
every step of the workflow (renda.proposals.services), so that other systems (a unit's OA, a deputy's app)
do what the pages do, under the same rules.

A unit's account sees only the items assigned to its units; a deputy their own items and published
replies; staff, leaders and auditors everything submitted. An item outside the scope answers 404. The
request and response bodies are in .schemas.
"""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import File, Query, Router, Status

from renda.core.prefetch import rows
from renda.proposals import permissions, selectors, services
from renda.proposals.models import ExtensionRequest, Reply, ReturnRequest

from ..auth import ApiRequest
from ..endpoints import endpoint, list_endpoint, read_endpoint, write_endpoint
from ..schemas import Id, NonEmptyFile
from .schemas import (
    AssignIn,
    BatchIn,
    BatchOut,
    ConsultationIn,
    CosignIn,
    CountOut,
    DecideIn,
    DraftIn,
    DraftUpdateIn,
    ExtensionIn,
    FollowUpIn,
    IdOut,
    InviteIn,
    KeyIn,
    ListFilters,
    MergeIn,
    MotionDeadlineIn,
    MotionDecisionIn,
    NoteIn,
    ProposalDetailOut,
    ProposalOut,
    PublishIn,
    RatingIn,
    ReplyIn,
    ReplyOut,
    ReturnDecideIn,
    ReturnIn,
    ReviewIn,
    RolloverIn,
    SendBackIn,
    SettingsIn,
    SettingsOut,
    SimilarIn,
    SimilarOut,
    TextIn,
    TimelineOut,
    TopicIn,
    UrgeIn,
)

router = Router(tags=["议案建议"])


# --- reads ---------------------------------------------------------------------------------------------


@list_endpoint(
    router,
    "",
    ProposalOut,
    operation_id="proposals_list",
    summary="议案建议列表",
    description="按用户的数据范围：承办单位只见交办给本单位的，代表只见本人领衔或联名的及公开答复的。"
    "默认按答复期限从近到远排序。",
)
def proposals_list(request: ApiRequest, filters: Query[ListFilters]):
    params = {k: v for k, v in filters.dict().items() if v is not None}
    for k in ("overdue", "unsatisfied", "key"):
        if k in params:
            params[k] = "1" if params[k] else ""
    return selectors.proposal_list(user=request.auth, params=params, brief=True)


class _DetailAdapter(ProposalDetailOut):
    """An item with what the reader may see of it: co-signers, replies (the page's rule:
    selectors.visible_replies) and the actions open to them now."""

    @staticmethod
    def resolve_cosigners(obj, context):
        return rows(obj, "cosigners")  # prefetched by proposal_for_view

    @staticmethod
    def resolve_replies(obj, context):
        return selectors.visible_replies(user=context["request"].auth, proposal=obj)

    @staticmethod
    def resolve_actions(obj, context):
        return permissions.available_actions(context["request"].auth, obj)


@endpoint(
    router,
    "post",
    "/similar",
    SimilarOut,
    errors=(400, 401),
    operation_id="proposals_similar",
    summary="相似议案建议",
    description="与给出的标题和内容最相似的已提交议案建议：调用者有权查看的列出编号、标题、年份和相似度；"
    "其余只给件数（hidden），不透露其编号、内容、年份或相似度。",
)
def proposals_similar(request: ApiRequest, payload: SimilarIn):
    text = "\n".join(x for x in (payload.title.strip(), payload.content.strip()) if x)
    panel = selectors.similar_for(request.auth, text, exclude_pk=payload.exclude)
    items = [
        {
            "id": r["pk"],
            "kind": r["p"]["kind"],
            "number": r["p"]["number"],
            "title": r["title"],
            "year": r["year"],
            "score": round(float(r["score"]), 4),
            "exact": bool(r["exact"]),
            "near": bool(r["near"]),
        }
        for r in panel.rows
    ]
    return {"items": items, "hidden": panel.hidden}


@read_endpoint(
    router,
    "/{int:proposal_id}",
    _DetailAdapter,
    operation_id="proposals_get",
    summary="议案建议详情",
    description="内容、联名代表、已签发的答复，以及当前用户可以执行的操作（actions）。",
)
def proposals_get(request: ApiRequest, proposal_id: Id):
    return selectors.proposal_for_view(user=request.auth, pk=proposal_id)


@read_endpoint(
    router,
    "/{int:proposal_id}/timeline",
    list[TimelineOut],
    operation_id="proposals_timeline",
    summary="办理过程",
    description="每一步：谁、何时、做了什么、说明。",
)
def proposals_timeline(request: ApiRequest, proposal_id: Id):
    p = selectors.proposal_for_view(user=request.auth, pk=proposal_id)
    return [
        {
            "at": e["at"],
            "action": e["action"],
            "actor": str(e["actor"]) if e["actor"] else "",
            "comment": e["comment"],
            "changes": e["changes"],
        }
        for e in selectors.timeline(p)
    ]


# --- writes: one per service ---------------------------------------------------------------------------


def _post(path: str, op: str, summary: str, description: str = "", out=ProposalOut, status: int = 200):
    return write_endpoint(
        router, path, out, status=status, operation_id=op, summary=summary, description=description
    )


def _create(path: str, op: str, summary: str, description: str = ""):
    """An endpoint that records something new about an item: 201 with the new record's id."""
    return _post(path, op, summary, description, out=IdOut, status=201)


def _created(obj) -> Status:
    return Status(201, {"id": obj.pk})


def _fresh(request, proposal_id: Id):
    return selectors.proposal_for_view(user=request.auth, pk=proposal_id)


def _step(service, schema, path: str, op: str, summary: str, description: str = "", created: bool = False):
    """A step on an item: POST `path` calls `service(actor, proposal_id, **payload)` (the body's fields are
    the service's arguments) and answers the item read afresh, or, when the step records something new about
    it (`created`), 201 with the new record's id."""
    route = (_create if created else _post)(path, op, summary, description)

    def answer(request, proposal_id: Id, data: dict):
        result = service(actor=request.auth, proposal_id=proposal_id, **data)
        return _created(result) if created else _fresh(request, proposal_id)

    if schema is None:

        def plain(request: ApiRequest, proposal_id: Id):
            return answer(request, proposal_id, {})

        route(plain)
        return

    def with_body(request: ApiRequest, proposal_id: Id, payload: schema):
        return answer(request, proposal_id, payload.dict())

    route(with_body)


@_post(
    "", "proposals_create", "起草", "代表起草建议或议案（本人为领衔代表）；工作人员可代代表录入。", status=201
)
def proposals_create(request: ApiRequest, payload: DraftIn):
    p = services.proposal_create_draft(actor=request.auth, **payload.dict())
    return Status(201, _fresh(request, p.pk))


@_post("/{int:proposal_id}/draft", "proposals_save_draft", "修改草稿", "只修改提交的字段。")
def proposals_save_draft(request: ApiRequest, proposal_id: Id, payload: DraftUpdateIn):
    fields = payload.dict(exclude_unset=True)
    services.proposal_update_draft(actor=request.auth, proposal_id=proposal_id, **fields)
    return _fresh(request, proposal_id)


@_create(
    "/{int:proposal_id}/attachments",
    "proposals_attach",
    "上传附件",
    "允许 pdf、docx、doc、ofd、jpg、png、xlsx，大小不超过设置的上限。",
)
def proposals_attach(request: ApiRequest, proposal_id: Id, file: File[NonEmptyFile]):
    return _created(services.attachment_add(actor=request.auth, proposal_id=proposal_id, file=file))


_step(
    services.cosigners_invite,
    InviteIn,
    "/{int:proposal_id}/cosigners",
    "proposals_invite_cosigners",
    "邀请联名代表",
)

_step(
    services.cosign_respond,
    CosignIn,
    "/{int:proposal_id}/cosign",
    "proposals_cosign",
    "确认或拒绝联名",
    "受邀代表本人操作。",
)

_step(
    services.proposal_submit,
    None,
    "/{int:proposal_id}/submit",
    "proposals_submit",
    "提交",
    "受邀联名代表须全部确认或谢绝联名；议案须有案由、案据、方案，联名人数达到法定人数，并在截止时间前提交。",
)

_step(
    services.withdraw_consent,
    None,
    "/{int:proposal_id}/withdraw-consent",
    "proposals_consent_withdraw",
    "联名代表同意撤回",
)

_step(
    services.proposal_withdraw,
    NoteIn,
    "/{int:proposal_id}/withdraw",
    "proposals_withdraw",
    "撤回",
    "联名建议须全体联名代表同意；议案须经主席团同意，由工作人员登记（note 填写同意情况）。",
)

_step(
    services.proposal_review,
    ReviewIn,
    "/{int:proposal_id}/review",
    "proposals_review",
    "审查",
    "受理、退回（须选择原因）或转为代表来信。",
)


@_post(
    "/review/accept-batch",
    "proposals_review_accept_batch",
    "批量受理",
    "工作人员从待审查队列中批量受理建议：逐件审查受理，每件单独成败；未能受理的件（已被他人处理、"
    "议案、无权限等）在结果中说明原因且未作任何修改。",
    out=BatchOut,
)
def proposals_review_accept_batch(request: ApiRequest, payload: BatchIn):
    results = services.proposal_review_accept_many(actor=request.auth, proposal_ids=payload.proposal_ids)
    done = sum(r.ok for r in results)
    return {"done": done, "failed": len(results) - done, "results": [asdict(r) for r in results]}


_step(
    services.motion_decide,
    MotionDecisionIn,
    "/{int:proposal_id}/motion-decision",
    "proposals_motion_decide",
    "登记主席团决定",
    "列入议程、先交专门委员会审议、不列入议程或转为建议（转为建议后保留原议案编号，另编建议编号）。",
)

_step(
    services.proposal_merge,
    MergeIn,
    "/{int:proposal_id}/merge",
    "proposals_merge",
    "并案",
    "并入后随主办建议办理和答复，每位代表都得到答复。",
)

_step(
    services.proposal_assign,
    AssignIn,
    "/{int:proposal_id}/assign",
    "proposals_assign",
    "交办",
    "一个主办单位，或多个分办单位，另可有会办单位。答复期限：交办之日起三个月，涉及面广、难度大的六个月。"
    "两人同时交办时，后者得到 409“已被他人交办”。",
)

_step(
    services.return_request,
    ReturnIn,
    "/{int:proposal_id}/return-request",
    "proposals_request_return",
    "申请退回",
    "承办单位在交办后七个工作日内申请。",
    created=True,
)


def _scoped_request(request, model, request_id: Id, proposal_attr: str):
    obj = get_object_or_404(model.objects.all(), pk=request_id)
    selectors.proposal_for_view(user=request.auth, pk=getattr(obj, proposal_attr))
    return obj


@_post("/return-requests/{int:request_id}/decide", "proposals_decide_return", "审批退回申请")
def proposals_decide_return(request: ApiRequest, request_id: Id, payload: ReturnDecideIn):
    req = get_object_or_404(ReturnRequest.objects.select_related("assignment"), pk=request_id)
    selectors.proposal_for_view(user=request.auth, pk=req.assignment.proposal_id)
    services.return_decide(actor=request.auth, request_id=request_id, **payload.dict())
    return _fresh(request, req.assignment.proposal_id)


_step(
    services.extension_request,
    ExtensionIn,
    "/{int:proposal_id}/extension-request",
    "proposals_request_extension",
    "申请延期",
    "主办单位申请；累计不超过三个月（设置）。",
    created=True,
)


@_post("/extension-requests/{int:request_id}/decide", "proposals_decide_extension", "审批延期申请")
def proposals_decide_extension(request: ApiRequest, request_id: Id, payload: DecideIn):
    req = _scoped_request(request, ExtensionRequest, request_id, "proposal_id")
    services.extension_decide(actor=request.auth, request_id=request_id, approve=payload.approve)
    return _fresh(request, req.proposal_id)


_step(
    services.co_opinion_submit,
    TextIn,
    "/{int:proposal_id}/co-opinion",
    "proposals_co_opinion",
    "会办意见",
    created=True,
)

_step(
    services.consultation_record,
    ConsultationIn,
    "/{int:proposal_id}/consultations",
    "proposals_consult",
    "沟通记录",
    "答复前与代表沟通：方式、日期、参加人员。",
    created=True,
)


@_post(
    "/{int:proposal_id}/replies",
    "proposals_draft_reply",
    "拟稿答复",
    "主办（分办）单位拟写本轮答复；签发前可重新提交覆盖草稿。",
    out=ReplyOut,
    status=201,
)
def proposals_draft_reply(request: ApiRequest, proposal_id: Id, payload: ReplyIn):
    reply = services.reply_draft(actor=request.auth, proposal_id=proposal_id, **payload.dict())
    return Status(201, reply)


@_post(
    "/replies/{int:reply_id}/sign",
    "proposals_sign_reply",
    "签发答复",
    "本单位负责人签发；各主办单位均签发后建议即为已答复。",
    out=ReplyOut,
)
def proposals_sign_reply(request: ApiRequest, reply_id: Id):
    _scoped_request(request, Reply, reply_id, "proposal_id")
    return services.reply_sign(actor=request.auth, reply_id=reply_id)


@_post(
    "/replies/{int:reply_id}/send-back",
    "proposals_send_back_reply",
    "退回答复修改",
    "本单位负责人将答复草稿退回经办人修改，须说明理由。",
    out=ReplyOut,
)
def proposals_send_back_reply(request: ApiRequest, reply_id: Id, payload: SendBackIn):
    _scoped_request(request, Reply, reply_id, "proposal_id")
    return services.reply_send_back(actor=request.auth, reply_id=reply_id, reason=payload.reason)


_step(
    services.proposal_urge,
    UrgeIn,
    "/{int:proposal_id}/urge",
    "proposals_urge",
    "催办",
    "工作人员对逾期未答复件催办，通知主办单位。",
)

_step(
    services.rating_submit,
    RatingIn,
    "/{int:proposal_id}/rating",
    "proposals_rate",
    "满意度测评",
    "办理态度与办理结果分别测评；不满意须说明理由，建议退回重新办理（一个月内重新答复）。",
    created=True,
)

_step(
    services.follow_up_report,
    FollowUpIn,
    "/{int:proposal_id}/follow-up",
    "proposals_follow_up",
    "跟踪办理报告",
    "承诺事项的进展；全部完成后办结。",
)

_step(
    services.key_supervision_mark,
    KeyIn,
    "/{int:proposal_id}/key-supervision",
    "proposals_mark_key",
    "列为重点督办",
    "主任会议成员操作。",
)

_step(services.proposal_publish, PublishIn, "/{int:proposal_id}/publish", "proposals_publish", "公开答复")


@_post("/motion-deadlines", "proposals_set_motion_deadline", "设置议案截止时间", "按次会议设置。", out=IdOut)
def proposals_set_motion_deadline(request: ApiRequest, payload: MotionDeadlineIn):
    w = services.motion_deadline_set(
        actor=request.auth, session_id=payload.session_id, deadline=payload.deadline
    )
    return {"id": w.pk}


@_post("/follow-up-rollover", "proposals_follow_up_rollover", "跟踪事项结转下年", out=CountOut)
def proposals_follow_up_rollover(request: ApiRequest, payload: RolloverIn):
    return {"count": services.follow_up_rollover(actor=request.auth, year=payload.year)}


# --- an item's category, the term's settings --------------------------------------------------------------


_step(
    services.proposal_set_topic,
    TopicIn,
    "/{int:proposal_id}/topic",
    "proposals_set_topic",
    "设置类别",
    "工作人员在审查、交办阶段设置或修改类别（建议：已提交、已受理、已交办；议案：主席团决定前），包括采纳分办建议提出的类别。与当前类别相同则不作修改并返回错误。",
)


def _settings_term(term_id: int | None):
    term = selectors.settings_term(term_id)
    if term is None:
        raise Http404
    return term


@read_endpoint(
    router,
    "/settings",
    SettingsOut,
    errors=(401, 403, 404),
    operation_id="proposals_settings_get",
    summary="议案建议设置",
    description="某届（默认本届）的办理结果分类方案、各项时限和议案联名人数；工作人员和系统管理员可用。",
)
def proposals_settings_get(request: ApiRequest, term: Id | None = None):
    if not permissions.can_edit_settings(request.auth):
        raise PermissionDenied(_("只有工作人员可以查看议案建议设置"))
    return selectors.settings_for(_settings_term(term).pk)


@_post(
    "/settings",
    "proposals_settings_update",
    "修改议案建议设置",
    "只修改提交的字段；所有问题一次列出（errors，每个字段一条），有问题时不作任何修改。"
    "涉及面广、难度大的答复时限不得少于一般答复时限；议案最少联名人数 2–30；"
    "本届已有按另一方案分类的答复时不能改变分类方案。",
    out=SettingsOut,
)
def proposals_settings_update(request: ApiRequest, payload: SettingsIn):
    fields = {k: v for k, v in payload.dict(exclude_unset=True).items() if k != "term_id"}
    if not permissions.can_edit_settings(request.auth):  # before telling whether the term exists
        raise PermissionDenied(_("只有工作人员可以修改议案建议设置"))
    term = _settings_term(payload.term_id)
    return services.proposal_settings_update(actor=request.auth, term_id=term.pk, **fields)
