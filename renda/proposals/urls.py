from django.urls import path

from renda.proposals import views

app_name = "proposals"
urlpatterns = [
    path("", views.proposal_list, name="list"),
    path("review/", views.proposal_list, {"preset": "review"}, name="review"),
    path("review/accept/", views.review_accept_batch, name="review_accept_batch"),
    path("overdue/", views.proposal_list, {"preset": "overdue"}, name="overdue"),
    path("due-soon/", views.proposal_list, {"preset": "due_soon"}, name="due_soon"),
    path("unsatisfied/", views.proposal_list, {"preset": "unsatisfied"}, name="unsatisfied"),
    path("filter/units/", views.unit_filter_options, name="unit_options"),
    path("cosign/", views.cosign_inbox, name="cosign_inbox"),
    path("requests/", views.request_list, name="requests"),
    path("motion-deadlines/", views.motion_deadlines, name="motion_deadlines"),
    path("settings/", views.proposal_settings, name="settings"),
    path("new/", views.proposal_create, name="create"),
    path("similar/", views.similar_draft, name="similar"),
    path("public/", views.public_replies, name="public"),
    path("public/<int:pk>/", views.public_reply_detail, name="public_detail"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/attachments/", views.attachment_add, name="attachment_add"),
    path("<int:pk>/attachments/<int:attachment_id>/", views.attachment_download, name="attachment"),
    path("<int:pk>/replies/<int:reply_id>/letter/", views.reply_letter, name="reply_letter"),
    path("<int:pk>/deputies/", views.deputy_search, name="deputy_search"),
    path("<int:pk>/act/<str:action>/", views.proposal_action, name="act"),
    path("<int:pk>/routing/", views.routing_proposal, name="routing"),
    path("<int:pk>/topic/", views.topic_set, name="topic_set"),
    path("<int:pk>/similar/", views.similar_for_item, name="similar_item"),
]
