from django.urls import path

from renda.appointments import views

app_name = "appointments"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_new, name="new"),
    path("<int:pk>/", views.case_detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.case_action, name="action"),
    path("<int:pk>/certificate/<int:person_id>.docx", views.certificate_docx, name="certificate"),
    path("register.xlsx", views.register_xlsx, name="register_xlsx"),
    path("holders/", views.holders, name="holders"),
    path("holders.xlsx", views.holders_xlsx, name="holders_xlsx"),
    path("settings/", views.settings_page, name="settings"),
    # public, no sign-in
    path("public/", views.public_register, name="public"),
]
