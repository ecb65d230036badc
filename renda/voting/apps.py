from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VotingConfig(AppConfig):
    name = "renda.voting"
    label = "voting"
    verbose_name = _("表决与选举")

    def ready(self) -> None:
        from renda.voting import permissions  # noqa: F401  (registers the poll's policy on the spine)
