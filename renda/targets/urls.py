from django.urls import path

from renda.targets import views

app_name = "targets"
urlpatterns = [
    path("", views.tree, name="tree"),
    path("import/", views.import_page, name="import"),
    path("year/", views.year_settings, name="year"),
    path("export.xlsx", views.export, name="export"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/bulletin.docx", views.bulletin, name="bulletin"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("orders/", views.order_list, name="orders"),
    path("orders/<int:pk>/answer/", views.order_answer, name="order_answer"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.action, name="action"),
    path("reports/<int:pk>/evidence/", views.evidence, name="evidence"),
    path("units/<int:pk>/", views.unit, name="unit"),
]
