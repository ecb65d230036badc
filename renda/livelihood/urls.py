from django.urls import path

from renda.livelihood import views

app_name = "livelihood"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.project_new, name="new"),
    path("year/", views.year_settings, name="year"),
    path("year/<int:year>/vote/", views.vote_entry, name="vote"),
    path("year/<int:year>/review/", views.review, name="review"),
    path("year/<int:year>/poll/<str:purpose>/", views.poll_console, name="poll"),
    path("export.xlsx", views.export, name="export"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.project_action, name="action"),
    path("<int:pk>/milestones/<int:milestone_id>/done/", views.milestone_done, name="milestone_done"),
    path("year/<int:year>/notice/<str:kind>.docx", views.notice, name="notice"),
    path("year/<int:year>/group/", views.group, name="group"),
    path("inspections/", views.inspections, name="inspections"),
    path("inspections/<int:pk>/answer/", views.inspection_answer, name="inspection_answer"),
    path("photos/<int:pk>/<str:size>/", views.photo, name="photo"),
    # public, no sign-in
    path("public/", views.public, name="public"),
    path("propose/", views.propose, name="propose"),
    path("track/", views.track, name="track"),
]
