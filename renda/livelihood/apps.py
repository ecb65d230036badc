from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "renda.livelihood"
    label = "livelihood"
    verbose_name = _("民生实事")

    def ready(self) -> None:
        from renda.livelihood import permissions  # noqa: F401  (registers the project policy)
