from django.urls import path

from renda.reports import views

app_name = "reports"
urlpatterns = [path("", views.home, name="home")]
