from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "renda.proposals"
    label = "proposals"
    verbose_name = _("议案建议")
