from django.urls import path

from renda.legislation import views

app_name = "legislation"
urlpatterns = [
    path("", views.draft_list, name="list"),
    path("new/", views.draft_new, name="new"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.draft_detail, name="detail"),
    path("<int:pk>/action/<str:action>/", views.draft_action, name="action"),
    path("<int:pk>/v/<int:number>/", views.version_detail, name="version"),
    path("<int:pk>/v/<int:number>/draft.docx", views.version_docx, name="version_docx"),
    path("<int:pk>/announcement.docx", views.announcement_docx, name="announcement_docx"),
    path("<int:pk>/diff/", views.version_diff, name="diff"),
    path("<int:pk>/comments/", views.comment_list, name="comments"),
    path("<int:pk>/comments/clusters/", views.comment_clusters, name="clusters"),
    path("<int:pk>/comments/answer/", views.comment_answer, name="answer"),
    path("<int:pk>/comments/record/", views.comment_record, name="record"),
    # public, no sign-in
    path("public/", views.public_index, name="public"),
    path("public/<int:pk>/", views.public_version, name="public_version"),
    path("public/<int:pk>/draft.docx", views.public_version_docx, name="public_version_docx"),
    path("public/track/", views.track, name="track"),
]
