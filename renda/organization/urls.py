from django.urls import path
from django.utils.translation import gettext_lazy as _

from renda.core.importing import ImportViews
from renda.organization import permissions, unit_io, views
from renda.organization.tasks import unit_import_task

# The handling units' import and export pages (renda/core/importing/views.py).
UNIT_IO = ImportViews(
    kind=unit_io.KIND,
    title=_("导入承办单位"),
    register="承办单位",
    namespace="organization",
    name_prefix="unit_",
    columns=unit_io.unit_columns,
    run=lambda job_id: unit_io.unit_import_run(job_id=job_id),
    task=unit_import_task,
    template_workbook=unit_io.unit_template,
    export_workbook=lambda request: unit_io.unit_export(actor=request.user),
    can_import=permissions.can_import_units,
    can_export=permissions.can_export_units,
)

app_name = "organization"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    *UNIT_IO.urls("units/"),
]
