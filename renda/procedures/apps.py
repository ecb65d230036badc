from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProceduresConfig(AppConfig):
    name = "renda.procedures"
    label = "procedures"
    verbose_name = _("依法行政程序")

    def ready(self) -> None:
        from renda.procedures import permissions  # noqa: F401  (registers the decision and case policies)
