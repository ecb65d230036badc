from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TargetsConfig(AppConfig):
    name = "renda.targets"
    label = "targets"
    verbose_name = _("目标督查")

    def ready(self) -> None:
        from renda.targets import permissions  # noqa: F401  (registers the target and order policies)
