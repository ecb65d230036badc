"""The audit-trail actions of the demo (registered with renda.core.events in apps.ready)."""

from django.utils.translation import gettext_lazy as _

LABELS = {"seed_demo": _("生成演示数据")}
FIELDS = {"seed": _("随机种子")}
