from django.urls import path

from renda.deputies import io_views, views

app_name = "deputies"
urlpatterns = [
    path("", views.deputy_list, name="list"),
    path("<int:pk>/", views.deputy_detail, name="detail"),
    path("<int:pk>/profile/", views.deputy_profile, name="profile"),
    path("import/", io_views.roster_import, name="import"),
    path("import/<int:job_id>/", io_views.roster_import_job, name="import_job"),
    path("import/<int:job_id>/errors.xlsx", io_views.roster_import_errors, name="import_errors"),
    path("import/template.xlsx", io_views.roster_template, name="import_template"),
    path("export.xlsx", io_views.roster_export, name="export"),
]
