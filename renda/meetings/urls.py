from django.urls import path

from renda.meetings import views

app_name = "meetings"
urlpatterns = [
    path("", views.session_list, name="session_list"),
    path("new/", views.session_create, name="session_create"),
    path("<int:pk>/", views.session_detail, name="session_detail"),
    path("<int:pk>/attendance/", views.session_attendance, name="session_attendance"),
    path("<int:pk>/roll/", views.session_roll, name="session_roll"),
    path("<int:pk>/action/<str:action>/", views.session_action, name="session_action"),
    path("<int:pk>/roll/<int:deputy_id>/check-in/", views.check_in_for, name="check_in_for"),
    path("<int:pk>/roll/check-in/", views.check_in_batch, name="check_in_batch"),
    path("<int:pk>/roll/card/", views.check_in_card, name="check_in_card"),
    path("<int:pk>/leave/<int:leave_id>/decide/", views.leave_decide, name="leave_decide"),
    path("<int:pk>/items/", views.item_add, name="item_add"),
    path("<int:pk>/items/<int:item_id>/notes/", views.note_add, name="note_add"),
    path("<int:pk>/items/<int:item_id>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/documents/<int:document_id>/", views.document_download, name="document_download"),
    path("<int:pk>/check-in/", views.check_in, name="check_in"),
]
