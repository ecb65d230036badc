"""The audit-trail actions of the handling units' register (registered with renda.core.events in
apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {
    "unit_create": _("新增承办单位"),
    "unit_update": _("修改承办单位"),
    "unit_import": _("导入承办单位"),
    "unit_export": _("导出承办单位"),
}
REFS = {
    "unit": "organization.HandlingUnit",
    "suggested_unit": "organization.HandlingUnit",
    "lead_units": "organization.HandlingUnit",
    "co_units": "organization.HandlingUnit",
    "units": "organization.HandlingUnit",
    "term": "organization.Term",
    "delegation": "organization.Delegation",
}
FIELDS = {
    "unit": _("承办单位"),
    "suggested_unit": _("建议改交单位"),
    "lead_units": _("主办单位"),
    "co_units": _("会办单位"),
    "units": _("单位"),
    "term": _("届次"),
    "delegation": _("代表团"),
    "created": _("新增"),
    "updated": _("更新"),
    "unchanged": _("未变"),
}
