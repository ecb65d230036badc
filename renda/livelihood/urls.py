from django.urls import path

from renda.livelihood import views

app_name = "livelihood"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("year/", views.year_settings, name="year"),
    path("year/<int:year>/vote/", views.vote_entry, name="vote"),
    path("year/<int:year>/poll/<str:purpose>/", views.poll_console, name="poll"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.project_action, name="action"),
    # public, no sign-in
    path("public/", views.public, name="public"),
    path("propose/", views.propose, name="propose"),
    path("track/", views.track, name="track"),
]
