"""The audit-trail actions of the deputies' register (registered with renda.core.events in apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "deputy_status_change": _("代表资格变动"),
    "deputy_update": _("修改代表信息"),
    "roster_export": _("导出代表名册"),
    "roster_import": _("导入代表名册"),
}
REFS = {"deputy": "deputies.Deputy", "nominators": "deputies.Deputy"}
FIELDS = {
    "effective_date": _("生效日期"),
    "filters": _("筛选条件"),
    "reason": _("原因"),
    "rows": _("行数"),
    "deputy": _("代表"),
    "nominators": _("提名代表"),
}
