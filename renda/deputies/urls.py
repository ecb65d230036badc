from django.urls import path
from django.utils.translation import gettext_lazy as _

from renda.core.importing import ImportViews
from renda.deputies import permissions, roster, views
from renda.deputies.tasks import roster_import_task

# The roster's import and export pages (renda/core/importing/views.py).
ROSTER_IO = ImportViews(
    kind=roster.KIND,
    title=_("导入代表名册"),
    register="代表名册",
    namespace="deputies",
    columns=roster.roster_columns,
    run=lambda job_id: roster.roster_import_run(job_id=job_id),
    task=roster_import_task,
    template_workbook=roster.roster_template,
    export_workbook=lambda request: roster.roster_export(actor=request.user, params=request.GET),
    can_import=permissions.can_import,
    can_export=permissions.can_export,
)

app_name = "deputies"
urlpatterns = [
    path("", views.deputy_list, name="list"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/profile/", views.deputy_profile, name="profile"),
    path("public/", views.public_directory, name="public"),
    *ROSTER_IO.urls(),
]
