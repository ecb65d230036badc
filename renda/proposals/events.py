"""The events of motions and suggestions: each Event action the services record, with its label (the
timeline and the audit log show the label, never the code)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from renda.proposals.choices import AssignmentRole

LABELS = {
    "proposal_create": gettext_lazy("起草"),
    "proposal_update": gettext_lazy("修改草稿"),
    "proposal_attach": gettext_lazy("上传附件"),
    "proposal_attachment": gettext_lazy("附件"),
    "proposal_invite_cosigners": gettext_lazy("邀请附议代表"),
    "proposal_cosign": gettext_lazy("代表确认附议"),
    "proposal_decline_cosign": gettext_lazy("代表拒绝附议"),
    "proposal_submit": gettext_lazy("提交"),
    "proposal_consent_withdraw": gettext_lazy("附议代表同意撤回"),
    "proposal_withdraw": gettext_lazy("撤回"),
    "proposal_review_accept": gettext_lazy("审查受理"),
    "proposal_review_return": gettext_lazy("审查退回"),
    "proposal_review_letter": gettext_lazy("转为代表来信"),
    "motion_decide": gettext_lazy("主席团决定"),
    "proposal_merge": gettext_lazy("并案"),
    "proposal_merged_in": gettext_lazy("其他议案建议并入本件"),
    "proposal_assign": gettext_lazy("交办"),
    "proposal_return_request": gettext_lazy("承办单位申请退回"),
    "proposal_return_decide": gettext_lazy("审批退回申请"),
    "proposal_extension_request": gettext_lazy("承办单位申请延期"),
    "proposal_extension_decide": gettext_lazy("审批延期申请"),
    "proposal_co_opinion": gettext_lazy("会办单位提出会办意见"),
    "proposal_consult": gettext_lazy("与代表沟通"),
    "proposal_reply_draft": gettext_lazy("拟写答复"),
    "proposal_reply_sign": gettext_lazy("签发答复"),
    "proposal_rate": gettext_lazy("满意度测评"),
    "proposal_follow_up": gettext_lazy("跟踪办理报告"),
    "proposal_mark_key": gettext_lazy("列为重点督办"),
    "proposal_publish": gettext_lazy("答复公开设置"),
    "proposal_rollover": gettext_lazy("结转下一年度"),
    "proposal_set_topic": gettext_lazy("设置类别"),
    "proposal_settings_update": gettext_lazy("修改议案建议设置"),
    "motion_deadline_set": gettext_lazy("设定议案截止时间"),
}
REFS = {"merged": "proposals.Proposal", "reply": "proposals.Reply"}
FIELDS = {
    "merged": gettext_lazy("并入的议案建议"),
    "reply": gettext_lazy("答复"),
    "attachment": gettext_lazy("附件"),
    "category": gettext_lazy("类别"),
    "deadline": gettext_lazy("截止时间"),
    "held_on": gettext_lazy("日期"),
    "invited": gettext_lazy("邀请"),
    "months": gettext_lazy("延期月数"),
    "name": gettext_lazy("名称"),
}
VALUES = {"role": dict(AssignmentRole.choices)}
