from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "renda.supervision"
    label = "supervision"
    verbose_name = _("人大监督")

    def ready(self) -> None:
        from renda.supervision import permissions  # noqa: F401  (registers the plan and item policies)
