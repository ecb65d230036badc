from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LivelihoodConfig(AppConfig):
    name = "renda.livelihood"
    label = "livelihood"
    verbose_name = _("民生实事")

    def ready(self) -> None:
        from renda.insight.sources import register_index_source
        from renda.livelihood import (
            permissions,  # noqa: F401  (registers the project policy)
            publiccache,
            selectors,
        )

        # Proposals in the collection, for insight's similar items (duplicates merged by the staff).
        register_index_source("livelihood", selectors.index_rows)
        # The public page's cached list follows every write of what it shows.
        publiccache.connect()
