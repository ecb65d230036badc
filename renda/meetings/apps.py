from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "renda.meetings"
    label = "meetings"
    verbose_name = _("会议")

    def ready(self) -> None:
        from renda.meetings import permissions  # noqa: F401  (registers the sessions' policies)
