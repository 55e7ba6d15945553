from django.urls import path

from . import views

app_name = "schedule"

urlpatterns = [
    path("", views.jobs, name="jobs"),
    path("<str:name>/run/", views.run_now, name="run_now"),
]
