from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegislationConfig(AppConfig):
    name = "renda.legislation"
    label = "legislation"
    verbose_name = _("地方立法")

    def ready(self) -> None:
        from renda.legislation import permissions  # noqa: F401  (registers the draft policy)
