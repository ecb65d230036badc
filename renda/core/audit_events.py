"""The audit-trail actions of core itself (registered with renda.core.events in CoreConfig.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {"audit_export": _("导出审计日志")}
FIELDS = {"file": _("文件"), "filters": _("筛选条件"), "rows": _("行数")}
