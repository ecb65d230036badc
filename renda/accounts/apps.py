from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renda.accounts"
    label = "accounts"
    verbose_name = _("账户与角色")

    def ready(self) -> None:
        from renda.accounts.audit import unit_choices, unit_query
        from renda.core import events

        events.register_scope("unit", _("单位"), unit_choices, unit_query)
