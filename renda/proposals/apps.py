from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "renda.proposals"
    label = "proposals"
    verbose_name = _("议案建议")

    def ready(self) -> None:
        # Routing (renda.insight) learns from handled items; insight never imports proposals (layers).
        from renda.insight.sources import register_training_source
        from renda.proposals.selectors import training_by_topic, training_by_unit

        register_training_source("category", training_by_topic)
        register_training_source("unit", training_by_unit)
