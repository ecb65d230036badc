from django.urls import path

from renda.procedures import views

app_name = "procedures"
urlpatterns = [
    path("", views.index, name="index"),
    path("catalogues/<int:pk>/decisions/", views.decision_add, name="decision_add"),
    path("catalogues/<int:pk>/publish/", views.catalogue_publish, name="catalogue_publish"),
    path("decisions/<int:pk>/", views.decision, name="decision"),
    path("decisions/<int:pk>/action/<str:action>/", views.decision_action, name="decision_action"),
    path("decisions/<int:pk>/comments/<int:comment>/answer/", views.comment_answer, name="comment_answer"),
    path("public/", views.public_catalogue, name="public_catalogue"),
    path("public/<int:pk>/", views.public_decision, name="public_decision"),
    path("enforcement/", views.cases, name="cases"),
    path("enforcement/notice/", views.notice, name="notice"),
    path("enforcement/<int:pk>/", views.case, name="case"),
    path("enforcement/<int:pk>/action/<str:action>/", views.case_action, name="case_action"),
    path("congress/", views.congress, name="congress"),
    path("enforcement/settings/", views.settings_page, name="settings"),
    path("decisions/<int:pk>/record.docx", views.decision_docx, name="decision_docx"),
    path("catalogues/<int:pk>/catalogue.xlsx", views.catalogue_xlsx, name="catalogue_xlsx"),
    path("enforcement/register.xlsx", views.cases_xlsx, name="cases_xlsx"),
    path("congress/decisions/<int:pk>/", views.congress_decision, name="congress_decision"),
    path("congress/enforcement/<int:pk>/", views.congress_enforcement, name="congress_enforcement"),
]
