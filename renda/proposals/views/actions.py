"""The item page's actions: what each button is called, which form it opens and which service it calls.

One registry, core's ActionMenu of ActionSpec: the buttons drawn are `MENU.buttons(actor, proposal)`, i.e.
spine.available_actions — exactly what the services accept —, and `MENU.handle` is the one POST handler (an
action not available answers 403, a refusal shows on the form or as a message).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.core.pages import ActionMenu, ActionSpec
from renda.proposals import forms as f
from renda.proposals import rules, selectors, services
from renda.proposals.models import ReturnRequest


def _reply_categories(proposal):
    scheme = selectors.settings_for(proposal.term_id).category_scheme
    return [
        rules.Category(c.code, _(c.label), c.needs_promised_date, c.needs_explanation)
        for c in rules.CATEGORY_SCHEMES.get(scheme, rules.CATEGORY_SCHEMES["abcd"])
    ]


def _on_item(service, **fixed):
    """The call of `service` on the item the page loaded through the actor's scope (the service's one read of
    it is then its lock), with `fixed` arguments and the form's data."""
    return lambda actor, proposal, data: service(actor=actor, proposal_id=proposal, **fixed, **data)


def _spec(label, call, done, form=None, **extra) -> ActionSpec:
    return ActionSpec(label=label, call=call, done=done, form=form, **extra)


MENU = ActionMenu(
    {
        "invite_cosigners": ActionSpec(
            label=gettext_lazy("邀请附议代表"),
            call=lambda u, p, d: services.cosigners_invite(
                actor=u, proposal_id=p, deputy_ids=d["deputy_ids"]
            ),
            done=gettext_lazy("已发出附议邀请，等待代表确认"),
            form=f.InviteForm,
            style="outline-primary",
            form_kwargs=lambda p: {"proposal": p},
        ),
        "cosign": _spec(
            gettext_lazy("确认附议"),
            _on_item(services.cosign_respond, accept=True),
            gettext_lazy("已确认附议"),
            style="success",
        ),
        "decline_cosign": _spec(
            gettext_lazy("拒绝附议"),
            _on_item(services.cosign_respond, accept=False),
            gettext_lazy("已拒绝附议"),
            style="outline-danger",
        ),
        "submit": _spec(
            gettext_lazy("提交"),
            _on_item(services.proposal_submit),
            gettext_lazy("已提交"),
            style="success",
            confirm=gettext_lazy("提交后不能再修改，确定提交吗？"),
        ),
        "publish": ActionSpec(
            label=gettext_lazy("公开答复"),
            call=lambda u, p, d: services.proposal_publish(actor=u, proposal_id=p, public=not p.is_public),
            done=gettext_lazy("已更新答复公开状态"),
            style="outline-secondary",
        ),
        "withdraw": _spec(
            gettext_lazy("撤回"),
            _on_item(services.proposal_withdraw),
            gettext_lazy("已撤回"),
            form=f.WithdrawForm,
            style="outline-danger",
            confirm=gettext_lazy("确定撤回吗？"),
        ),
        "consent_withdraw": _spec(
            gettext_lazy("同意撤回"),
            _on_item(services.withdraw_consent),
            gettext_lazy("已同意撤回"),
            style="outline-danger",
        ),
        "review_accept": _spec(
            gettext_lazy("受理"),
            _on_item(services.proposal_review, decision="accept"),
            gettext_lazy("已受理"),
            form=f.NoteForm,
            style="success",
        ),
        "review_return": _spec(
            gettext_lazy("退回"),
            _on_item(services.proposal_review, decision="return"),
            gettext_lazy("已退回代表"),
            form=f.ReviewReturnForm,
            style="outline-danger",
        ),
        "review_letter": _spec(
            gettext_lazy("转为代表来信"),
            _on_item(services.proposal_review, decision="letter"),
            gettext_lazy("已转为代表来信"),
            form=f.NoteForm,
            style="outline-secondary",
        ),
        "motion_decide": _spec(
            gettext_lazy("记录主席团决定"),
            _on_item(services.motion_decide),
            gettext_lazy("已记录主席团决定"),
            form=f.MotionDecideForm,
        ),
        "merge": ActionSpec(
            label=gettext_lazy("并案"),
            call=lambda u, p, d: services.proposal_merge(
                actor=u,
                proposal_id=p,
                into_id=selectors.proposal_id_by_number(
                    user=u, term_id=p.term_id, kind=p.kind, number=d["into_number"]
                ),
            ),
            done=gettext_lazy("已并案"),
            form=f.MergeForm,
            style="outline-secondary",
        ),
        "assign": _spec(
            gettext_lazy("交办"),
            _on_item(services.proposal_assign),
            gettext_lazy("已交办"),
            form=f.AssignForm,
        ),
        "request_return": _spec(
            gettext_lazy("申请退回"),
            _on_item(services.return_request),
            gettext_lazy("已提交退回申请，等待审批"),
            form=f.ReturnRequestForm,
            style="outline-danger",
        ),
        "decide_return": ActionSpec(
            label=gettext_lazy("审批退回申请"),
            call=lambda u, p, d: services.return_decide(actor=u, **_own_request(p, "return", d)),
            done=gettext_lazy("已审批退回申请"),
            form=f.ReturnDecideForm,
        ),
        "request_extension": _spec(
            gettext_lazy("申请延期"),
            _on_item(services.extension_request),
            gettext_lazy("已提交延期申请，等待审批"),
            form=f.ExtensionRequestForm,
            style="outline-warning",
        ),
        "decide_extension": ActionSpec(
            label=gettext_lazy("审批延期申请"),
            call=lambda u, p, d: services.extension_decide(actor=u, **_own_request(p, "extension", d)),
            done=gettext_lazy("已审批延期申请"),
            form=f.ExtensionDecideForm,
        ),
        "co_opinion": _spec(
            gettext_lazy("提交会办意见"),
            _on_item(services.co_opinion_submit),
            gettext_lazy("已提交会办意见"),
            form=f.CoOpinionForm,
        ),
        "consult": _spec(
            gettext_lazy("记录沟通情况"),
            _on_item(services.consultation_record),
            gettext_lazy("已记录沟通情况"),
            form=f.ConsultationForm,
            style="outline-primary",
        ),
        "draft_reply": _spec(
            gettext_lazy("拟写答复"),
            _on_item(services.reply_draft),
            gettext_lazy("答复已拟稿，等待单位负责人签发"),
            form=f.ReplyForm,
            form_kwargs=lambda p: {"categories": _reply_categories(p)},
        ),
        "sign_reply": ActionSpec(
            label=gettext_lazy("签发答复"),
            call=lambda u, p, d: services.reply_sign(actor=u, reply_id=_own_reply(p, d["reply_id"])),
            done=gettext_lazy("答复已签发"),
            form=f.SignForm,
            style="success",
            confirm=gettext_lazy("签发后答复即正式送达代表，不能再修改。确定签发吗？"),
        ),
        "urge": ActionSpec(
            label=gettext_lazy("催办"),
            call=lambda u, p, d: services.proposal_urge(actor=u, proposal_id=p.pk, note=d.get("note", "")),
            done=gettext_lazy("已催办，承办单位已收到通知"),
            form=f.UrgeForm,
            style="outline-danger",
        ),
        "send_back_reply": ActionSpec(
            label=gettext_lazy("退回修改"),
            call=lambda u, p, d: services.reply_send_back(
                actor=u, reply_id=_own_reply(p, d["reply_id"]), reason=d["reason"]
            ),
            done=gettext_lazy("答复已退回经办人修改"),
            form=f.SendBackForm,
            style="outline-warning",
        ),
        "rate": _spec(
            gettext_lazy("满意度测评"),
            _on_item(services.rating_submit),
            gettext_lazy("已提交测评意见"),
            form=f.RatingForm,
        ),
        "follow_up": _spec(
            gettext_lazy("报告跟踪办理情况"),
            _on_item(services.follow_up_report),
            gettext_lazy("已报告跟踪办理情况"),
            form=f.FollowUpForm,
            style="outline-primary",
        ),
        "set_topic": _spec(
            gettext_lazy("设置类别"),
            _on_item(services.proposal_set_topic),
            gettext_lazy("已设置类别"),
            form=f.TopicForm,
            style="outline-secondary",
            form_kwargs=lambda p: {"initial": {"topic_id": p.topic_id}},
        ),
        "mark_key": _spec(
            gettext_lazy("列为重点督办"),
            _on_item(services.key_supervision_mark),
            gettext_lazy("已列为重点督办"),
            form=f.KeySupervisionForm,
            style="outline-danger",
        ),
    }
)
# the registry by name (tests and the item page read the specs)
ACTIONS = MENU.specs


def _own_request(proposal, kind: str, data: dict) -> dict:
    """A request id posted for this item: one of another item's requests answers 404."""
    model = proposal.extension_requests if kind == "extension" else None
    if model is None:
        ok = ReturnRequest.objects.filter(pk=data["request_id"], assignment__proposal=proposal).exists()
    else:
        ok = model.filter(pk=data["request_id"]).exists()
    if not ok:
        raise Http404
    return {k: v for k, v in data.items()}


def _own_reply(proposal, reply_id: int) -> int:
    if not proposal.replies.filter(pk=reply_id).exists():
        raise Http404
    return reply_id
