from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProposalsConfig(AppConfig):
    name = "renda.proposals"
    label = "proposals"
    verbose_name = _("议案建议")

    def ready(self) -> None:
        # Routing (renda.insight) learns from handled items and hot topics cluster the submitted ones;
        # insight never imports proposals (layers).
        from renda.insight.sources import (
            register_index_source,
            register_label_source,
            register_topic_source,
            register_training_source,
        )
        from renda.proposals import permissions  # noqa: F401  (registers ProposalPolicy on the spine)
        from renda.proposals.selectors import (
            index_texts,
            topic_texts_since,
            training_by_topic,
            training_by_unit,
            unit_names,
        )
        from renda.proposals.services._common import INDEX_SOURCE

        register_training_source("category", training_by_topic)
        register_training_source("unit", training_by_unit)
        register_label_source("unit", unit_names)
        register_index_source(INDEX_SOURCE, index_texts)
        register_topic_source("proposal", topic_texts_since, label=_("建议和议案"))
