from django.urls import path

from renda.decisions import views

app_name = "decisions"
urlpatterns = [
    path("", views.matter_list, name="list"),
    path("new/", views.matter_new, name="new"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("<int:pk>/", views.matter_detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.matter_action, name="action"),
    path("<int:pk>/decision.docx", views.matter_docx, name="docx"),
    # public, no sign-in
    path("public/", views.public_list, name="public"),
    path("public/<int:pk>/", views.public_detail, name="public_detail"),
    path("public/<int:pk>/decision.docx", views.public_docx, name="public_docx"),
]
