from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrganizationConfig(AppConfig):
    name = "renda.organization"
    label = "organization"
    verbose_name = _("组织机构")

    def ready(self) -> None:
        from renda.organization import permissions  # noqa: F401  (registers the scope policies)
