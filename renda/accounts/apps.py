from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "renda.accounts"
    label = "accounts"
    verbose_name = _("账户与角色")

    def ready(self) -> None:
        from renda.core import events

        events.register_app("renda.accounts.events")
        from renda.accounts.events import unit_choices, unit_query

        events.register_scope("unit", _("单位"), unit_choices, unit_query)
