"""The events of livelihood projects: each Event action the services record, with its label (the project's
timeline shows the label, never the code; English in locale/en)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

LABELS = {
    "livelihood_year": gettext_lazy("设置民生实事年度"),
    "livelihood_collect": gettext_lazy("征集项目建议"),
    "livelihood_accept": gettext_lazy("通过初筛"),
    "livelihood_reject": gettext_lazy("初筛未采纳"),
    "livelihood_shortlist": gettext_lazy("列为候选项目"),
    "livelihood_unlist": gettext_lazy("撤出候选项目"),
    "livelihood_vote": gettext_lazy("录入票决结果"),
    "livelihood_report": gettext_lazy("报告实施进展"),
    "livelihood_evaluate": gettext_lazy("录入满意度测评"),
}
