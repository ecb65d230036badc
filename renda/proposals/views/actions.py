"""The item page's actions: what each button is called, which form it opens and which service it calls.

The buttons drawn come from `permissions.available_actions(user, proposal)`; an action posted that is not
among them answers 403, so the page never offers what the service would refuse.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from renda.proposals import forms as f
from renda.proposals import rules, selectors, services


@dataclass(frozen=True)
class Action:
    label: str
    form: type | None
    call: object  # (user, proposal, cleaned_data) -> object
    done: str
    style: str = "primary"
    confirm: str = ""


def _reply_categories(proposal):
    scheme = selectors.settings_for(proposal.term_id).category_scheme
    return [
        rules.Category(c.code, _(c.label), c.needs_promised_date, c.needs_explanation)
        for c in rules.CATEGORY_SCHEMES.get(scheme, rules.CATEGORY_SCHEMES["abcd"])
    ]


ACTIONS: dict[str, Action] = {
    "invite_cosigners": Action(
        gettext_lazy("邀请附议代表"),
        f.InviteForm,
        lambda u, p, d: services.cosigners_invite(actor=u, proposal_id=p.pk, deputy_ids=d["deputy_ids"]),
        gettext_lazy("已发出附议邀请，等待代表确认"),
        "outline-primary",
    ),
    "cosign": Action(
        gettext_lazy("确认附议"),
        None,
        lambda u, p, d: services.cosign_respond(actor=u, proposal_id=p.pk, accept=True),
        gettext_lazy("已确认附议"),
        "success",
    ),
    "decline_cosign": Action(
        gettext_lazy("拒绝附议"),
        None,
        lambda u, p, d: services.cosign_respond(actor=u, proposal_id=p.pk, accept=False),
        gettext_lazy("已拒绝附议"),
        "outline-danger",
    ),
    "submit": Action(
        gettext_lazy("提交"),
        None,
        lambda u, p, d: services.proposal_submit(actor=u, proposal_id=p.pk),
        gettext_lazy("已提交"),
        "success",
        gettext_lazy("提交后不能再修改，确定提交吗？"),
    ),
    "publish": Action(
        gettext_lazy("公开答复"),
        None,
        lambda u, p, d: services.proposal_publish(actor=u, proposal_id=p.pk, public=not p.is_public),
        gettext_lazy("已更新答复公开状态"),
        "outline-secondary",
    ),
    "withdraw": Action(
        gettext_lazy("撤回"),
        f.WithdrawForm,
        lambda u, p, d: services.proposal_withdraw(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已撤回"),
        "outline-danger",
        gettext_lazy("确定撤回吗？"),
    ),
    "consent_withdraw": Action(
        gettext_lazy("同意撤回"),
        None,
        lambda u, p, d: services.withdraw_consent(actor=u, proposal_id=p.pk),
        gettext_lazy("已同意撤回"),
        "outline-danger",
    ),
    "review_accept": Action(
        gettext_lazy("受理"),
        f.NoteForm,
        lambda u, p, d: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="accept", note=d["note"]
        ),
        gettext_lazy("已受理"),
        "success",
    ),
    "review_return": Action(
        gettext_lazy("退回"),
        f.ReviewReturnForm,
        lambda u, p, d: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="return", reason=d["reason"], note=d["note"]
        ),
        gettext_lazy("已退回代表"),
        "outline-danger",
    ),
    "review_letter": Action(
        gettext_lazy("转为代表来信"),
        f.NoteForm,
        lambda u, p, d: services.proposal_review(
            actor=u, proposal_id=p.pk, decision="letter", note=d["note"]
        ),
        gettext_lazy("已转为代表来信"),
        "outline-secondary",
    ),
    "motion_decide": Action(
        gettext_lazy("记录主席团决定"),
        f.MotionDecideForm,
        lambda u, p, d: services.motion_decide(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已记录主席团决定"),
    ),
    "merge": Action(
        gettext_lazy("并案"),
        f.MergeForm,
        lambda u, p, d: services.proposal_merge(
            actor=u,
            proposal_id=p.pk,
            into_id=selectors.proposal_id_by_number(
                user=u, term_id=p.term_id, kind=p.kind, number=d["into_number"]
            ),
        ),
        gettext_lazy("已并案"),
        "outline-secondary",
    ),
    "assign": Action(
        gettext_lazy("交办"),
        f.AssignForm,
        lambda u, p, d: services.proposal_assign(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已交办"),
    ),
    "request_return": Action(
        gettext_lazy("申请退回"),
        f.ReturnRequestForm,
        lambda u, p, d: services.return_request(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交退回申请，等待审批"),
        "outline-danger",
    ),
    "decide_return": Action(
        gettext_lazy("审批退回申请"),
        f.ReturnDecideForm,
        lambda u, p, d: services.return_decide(actor=u, **_own_request(p, "return", d)),
        gettext_lazy("已审批退回申请"),
    ),
    "request_extension": Action(
        gettext_lazy("申请延期"),
        f.ExtensionRequestForm,
        lambda u, p, d: services.extension_request(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交延期申请，等待审批"),
        "outline-warning",
    ),
    "decide_extension": Action(
        gettext_lazy("审批延期申请"),
        f.ExtensionDecideForm,
        lambda u, p, d: services.extension_decide(actor=u, **_own_request(p, "extension", d)),
        gettext_lazy("已审批延期申请"),
    ),
    "co_opinion": Action(
        gettext_lazy("提交会办意见"),
        f.CoOpinionForm,
        lambda u, p, d: services.co_opinion_submit(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交会办意见"),
    ),
    "consult": Action(
        gettext_lazy("记录沟通情况"),
        f.ConsultationForm,
        lambda u, p, d: services.consultation_record(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已记录沟通情况"),
        "outline-primary",
    ),
    "draft_reply": Action(
        gettext_lazy("拟写答复"),
        f.ReplyForm,
        lambda u, p, d: services.reply_draft(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("答复已拟稿，等待单位负责人签发"),
    ),
    "sign_reply": Action(
        gettext_lazy("签发答复"),
        f.SignForm,
        lambda u, p, d: services.reply_sign(actor=u, reply_id=_own_reply(p, d["reply_id"])),
        gettext_lazy("答复已签发"),
        "success",
    ),
    "rate": Action(
        gettext_lazy("满意度测评"),
        f.RatingForm,
        lambda u, p, d: services.rating_submit(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已提交测评意见"),
    ),
    "follow_up": Action(
        gettext_lazy("报告跟踪办理情况"),
        f.FollowUpForm,
        lambda u, p, d: services.follow_up_report(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已报告跟踪办理情况"),
        "outline-primary",
    ),
    "set_topic": Action(
        gettext_lazy("设置类别"),
        f.TopicForm,
        lambda u, p, d: services.proposal_set_topic(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已设置类别"),
        "outline-secondary",
    ),
    "mark_key": Action(
        gettext_lazy("列为重点督办"),
        f.KeySupervisionForm,
        lambda u, p, d: services.key_supervision_mark(actor=u, proposal_id=p.pk, **d),
        gettext_lazy("已列为重点督办"),
        "outline-danger",
    ),
}


def _own_request(proposal, kind: str, data: dict) -> dict:
    """A request id posted for this item: one of another item's requests answers 404."""
    model = proposal.extension_requests if kind == "extension" else None
    if model is None:
        from renda.proposals.models import ReturnRequest

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


def _form_for(action: str, proposal, data=None, files=None):
    spec = ACTIONS[action]
    if spec.form is None:
        return None
    kwargs = {}
    if spec.form is f.InviteForm:
        kwargs["proposal"] = proposal
    if spec.form is f.ReplyForm:
        kwargs["categories"] = _reply_categories(proposal)
    if spec.form is f.TopicForm:
        kwargs["initial"] = {"topic_id": proposal.topic_id}
    return spec.form(data, files, prefix=action, **kwargs)
