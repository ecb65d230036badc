from django.urls import path

from renda.organization import io_views, views

app_name = "organization"
urlpatterns = [
    path("", views.overview, name="overview"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("units/import/", io_views.unit_import, name="unit_import"),
    path("units/import/<int:job_id>/", io_views.unit_import_job, name="unit_import_job"),
    path("units/import/<int:job_id>/errors.xlsx", io_views.unit_import_errors, name="unit_import_errors"),
    path("units/import/template.xlsx", io_views.unit_template, name="unit_import_template"),
    path("units/export.xlsx", io_views.unit_export, name="unit_export"),
]
