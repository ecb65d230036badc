from django.urls import path

from renda.voting import views

app_name = "voting"
urlpatterns = [
    path("my/", views.my_polls, name="my_polls"),
    path("my/<int:poll_id>/vote/", views.my_vote, name="my_vote"),
    path("my/<int:poll_id>/check/", views.my_ballot_check, name="my_ballot_check"),
    path("session/<int:session_id>/", views.session_polls, name="session_polls"),
    path("session/<int:session_id>/results.xlsx", views.session_xlsx, name="session_xlsx"),
    path("<int:poll_id>/", views.poll_detail, name="poll_detail"),
    path("<int:poll_id>/actions/<str:action>/", views.poll_action, name="poll_action"),
    path("<int:poll_id>/screen/", views.screen, name="screen"),
    path("<int:poll_id>/paper/", views.paper, name="paper"),
    path("<int:poll_id>/assist/", views.assist, name="assist"),
    path("<int:poll_id>/result.docx", views.result_docx, name="result_docx"),
    path("<int:poll_id>/result.xlsx", views.result_xlsx, name="result_xlsx"),
    path("<int:poll_id>/ballots/", views.ballots_export, name="ballots_export"),
]
