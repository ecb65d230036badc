"""The audit-trail actions of votes and elections (registered with renda.core.events in apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "poll_create": _("创建表决"),
    "candidate_add": _("添加候选人"),
    "poll_open": _("开始表决"),
    "ballot_cast": _("投票"),
    "paper_issue": _("发放纸质票"),
    "paper_entry": _("录入纸质票"),
    "paper_settle": _("核定纸质票"),
    "poll_close": _("结束表决"),
    "poll_publish": _("公布表决结果"),
    "poll_followup": _("另行选举"),
}
REFS = {"parent": "voting.Poll"}
FIELDS = {
    "ballot": _("选票"),
    "candidate": _("候选人"),
    "candidates": _("候选人"),
    "digest": _("摘要"),
    "nomination": _("提名方式"),
    "paper_issued": _("发放纸质票数"),
    "parent": _("原表决"),
    "present_at_open": _("开始时出席人数"),
    "result": _("结果"),
    "round": _("轮次"),
    "seats": _("应选名额"),
    "secret": _("无记名"),
    "sheet": _("票单"),
    "source": _("来源"),
    "total_entitled": _("应投票人数"),
}
