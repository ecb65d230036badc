"""The audit-trail actions of reports and exports (registered with renda.core.events in apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "proposals_export": _("导出议案建议登记表"),
    "proposals_report": _("生成办理情况报告"),
}
FIELDS = {"total": _("总数")}
