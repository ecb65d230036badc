from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpinionsConfig(AppConfig):
    name = "renda.opinions"
    label = "opinions"
    verbose_name = _("社情民意")

    def ready(self) -> None:
        from renda.insight.sources import register_topic_source
        from renda.opinions import permissions  # noqa: F401  (registers the opinion policy)
        from renda.opinions.selectors import topic_texts_since

        # hot topics (and the early warning) cluster opinions with the suggestions
        register_topic_source("opinion", topic_texts_since, label=_("社情民意"))
