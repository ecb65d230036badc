from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "renda.insight"
    label = "insight"
    verbose_name = _("智能分析")
