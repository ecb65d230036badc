from django.urls import path

from renda.supervision import views
from renda.supervision.views import inquiries, inspections, interpellations, investigations, removals

app_name = "supervision"
urlpatterns = [
    path("", views.home, name="home"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="plan"),
    path("plans/<int:pk>/action/<str:action>/", views.plan_action, name="plan_action"),
    path("plans/<int:pk>/items/new/", views.item_new, name="item_new"),
    path("items/<int:pk>/", views.item_detail, name="item"),
    path("items/<int:pk>/action/<str:action>/", views.item_action, name="item_action"),
    path("items/<int:pk>/opinions.docx", views.opinions_docx, name="opinions_docx"),
    path("public/", views.public, name="public"),
    path("public/<int:pk>/", views.public_item, name="public_item"),
    path("ranking/", views.ranking, name="ranking"),
    path("ranking/export.xlsx", views.ranking_xlsx, name="ranking_xlsx"),
    path("ranking/bulletin.docx", views.ranking_docx, name="ranking_docx"),
    path("interpellations/", interpellations.index, name="interpellations"),
    path("interpellations/new/", interpellations.new, name="interpellation_new"),
    path("interpellations/sign/", interpellations.to_sign, name="interpellations_sign"),
    path("interpellations/<int:pk>/", interpellations.detail, name="interpellation"),
    path(
        "interpellations/<int:pk>/action/<str:action>/",
        interpellations.action,
        name="interpellation_action",
    ),
    path("interpellations/<int:pk>/notice.docx", interpellations.notice_docx, name="interpellation_notice"),
    path("items/<int:pk>/inspection/new/", inspections.new, name="inspection_new"),
    path("inspections/<int:pk>/", inspections.detail, name="inspection"),
    path("inspections/<int:pk>/action/<str:action>/", inspections.action, name="inspection_action"),
    path("inspections/<int:pk>/report.docx", inspections.report_docx, name="inspection_report_docx"),
    path("items/<int:pk>/inquiry/new/", inquiries.new, name="inquiry_new"),
    path("inquiries/<int:pk>/", inquiries.detail, name="inquiry"),
    path("inquiries/<int:pk>/action/<str:action>/", inquiries.action, name="inquiry_action"),
    path("investigations/", investigations.index, name="investigations"),
    path("investigations/new/", investigations.new, name="investigation_new"),
    path("investigations/sign/", investigations.to_sign, name="motions_sign"),
    path("investigations/<int:pk>/", investigations.detail, name="investigation"),
    path(
        "investigations/<int:pk>/action/<str:action>/",
        investigations.action,
        name="investigation_action",
    ),
    path("investigations/<int:pk>/report.docx", investigations.report_docx, name="investigation_report_docx"),
    path(
        "investigations/<int:pk>/evidence/<int:evidence_pk>/",
        investigations.evidence,
        name="investigation_evidence",
    ),
    path("removals/new/", investigations.removal_new, name="removal_new"),
    path("removals/<int:pk>/", removals.detail, name="removal"),
    path("removals/<int:pk>/action/<str:action>/", removals.action, name="removal_action"),
]
