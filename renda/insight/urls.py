from django.urls import path

from renda.insight import views

app_name = "insight"
urlpatterns = [
    path("topics/", views.topics, name="topics"),
    path("topics.xlsx", views.topics_xlsx, name="topics_xlsx"),
    path("topics/refresh/", views.topics_refresh, name="topics_refresh"),
    path("topics/refresh/<uuid:result_id>/", views.topics_refresh_status, name="topics_refresh_status"),
    path("routing/", views.routing, name="routing"),
    path("routing/train/", views.routing_train, name="routing_train"),
]
