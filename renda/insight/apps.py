from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InsightConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "renda.insight"
    label = "insight"
    verbose_name = _("智能分析")

    def ready(self) -> None:
        # an import (the roster, the units, any history that arrives in bulk) rebuilds what insight derives
        from renda.core.importing.jobs import register_import_done
        from renda.insight.tasks import rebuild_after_import

        register_import_done(rebuild_after_import)
