from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DecisionsConfig(AppConfig):
    name = "renda.decisions"
    label = "decisions"
    verbose_name = _("重大事项决定")

    def ready(self) -> None:
        from renda.decisions import permissions  # noqa: F401  (registers the matter policy)
