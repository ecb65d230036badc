from django.urls import path

from renda.reports import proposals_views, views

app_name = "reports"
urlpatterns = [
    path("", views.home, name="home"),
    path("reports/proposals/", proposals_views.proposals_dashboard, name="proposals_dashboard"),
    path("reports/proposals/register.xlsx", proposals_views.proposals_xlsx, name="proposals_xlsx"),
    path("reports/proposals/report.docx", proposals_views.proposals_docx, name="proposals_docx"),
    path("notifications/", proposals_views.notifications, name="notifications"),
    path("notifications/read-all/", proposals_views.notifications_read_all, name="notifications_read_all"),
]
