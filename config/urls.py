from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path

from renda.api.api import api

urlpatterns: list[URLPattern | URLResolver] = [
    path("", include("renda.reports.urls")),
    path("", include("renda.core.urls")),
    path("accounts/", include("renda.accounts.urls")),
    path("org/", include("renda.organization.urls")),
    path("deputies/", include("renda.deputies.urls")),
    path("meetings/", include("renda.meetings.urls")),
    path("voting/", include("renda.voting.urls")),
    path("insight/", include("renda.insight.urls")),
    path("proposals/", include("renda.proposals.urls")),
    path("livelihood/", include("renda.livelihood.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("api/", api.urls),
    path("opinions/", include("renda.opinions.urls")),
    path("targets/", include("renda.targets.urls")),
    path("procedures/", include("renda.procedures.urls")),
    path("supervision/", include("renda.supervision.urls")),
    path("legislation/", include("renda.legislation.urls")),
    path("decisions/", include("renda.decisions.urls")),
    path("appointments/", include("renda.appointments.urls")),
]
handler403 = "renda.core.errors_views.permission_denied"
handler404 = "renda.core.errors_views.page_not_found"
handler500 = "renda.core.errors_views.server_error"

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
