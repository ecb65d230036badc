from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AppointmentsConfig(AppConfig):
    name = "renda.appointments"
    label = "appointments"
    verbose_name = _("人事任免")

    def ready(self) -> None:
        from renda.appointments import permissions  # noqa: F401  (registers the case policy)
