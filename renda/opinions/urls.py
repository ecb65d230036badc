from django.urls import path

from renda.opinions import views

app_name = "opinions"
urlpatterns = [
    path("", views.opinion_list, name="list"),
    path("new/", views.opinion_new, name="new"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.opinion_detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.opinion_action, name="action"),
    path("<int:pk>/slip.docx", views.slip, name="slip"),
    # public, no sign-in
    path("submit/", views.submit, name="submit"),
    path("track/", views.track, name="track"),
    path("stations/", views.stations_public, name="stations"),
    path("stations/<int:pk>/", views.station_public, name="station"),
    path("duty/<int:deputy_id>/public/", views.duty_public, name="duty_public"),
    # reception days and the duty record
    path("receptions/", views.receptions, name="receptions"),
    path("receptions/<int:pk>/", views.reception_detail, name="reception"),
    path("duty/", views.duty_home, name="duty_home"),
    path("duty/<int:deputy_id>/", views.duty, name="duty"),
    path("duty/<int:deputy_id>/report.docx", views.duty_report, name="duty_report"),
    path("duty/activity/<int:pk>/<str:decision>/", views.duty_decide, name="duty_decide"),
    path("warning/", views.warning, name="warning"),
]
