from django.urls import path

from . import views

app_name = "outcomes"

urlpatterns = [
    path("jobs/", views.job_list, name="jobs"),
    path("jobs/add/", views.job_edit, name="job_add"),
    path("jobs/import/", views.job_import, name="job_import"),
    path("jobs/preferences/", views.preferences, name="preferences"),
    path("jobs/alerts/send/", views.job_alerts_run, name="job_alerts_run"),
    path("jobs/alerts/<int:pk>/", views.digest_detail, name="digest"),
    path("jobs/<int:pk>/", views.job_detail, name="job"),
    path("jobs/<int:pk>/edit/", views.job_edit, name="job_edit"),
    path("events/", views.event_list, name="events"),
    path("events/add/", views.event_edit, name="event_add"),
    path("events/<int:pk>/", views.event_detail, name="event"),
    path("events/<int:pk>/edit/", views.event_edit, name="event_edit"),
    path("enrolments/<int:pk>/destinations/", views.destinations, name="destinations"),
    path("reports/", views.report_list, name="reports"),
    path("reports/schemes/<int:pk>/", views.report_detail, name="report"),
    path("reports/schemes/<int:pk>/export.<str:fmt>", views.report_export, name="report_export"),
    path("reports/schemes/<int:pk>/levy-transfers/", views.levy_transfers, name="levy_transfers"),
]
