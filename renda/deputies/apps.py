from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeputiesConfig(AppConfig):
    name = "renda.deputies"
    label = "deputies"
    verbose_name = _("代表")

    def ready(self) -> None:
        from renda.core.actors import register_deputy_loader

        register_deputy_loader(_deputy_id_of)
        from renda.deputies import permissions  # noqa: F401  (registers DeputyPolicy)


def _deputy_id_of(user) -> int | None:
    """The Deputy record linked to the user's account (one per account: Deputy.user is one-to-one)."""
    from renda.deputies.models import Deputy

    return Deputy.objects.filter(user=user).values_list("pk", flat=True).first()
