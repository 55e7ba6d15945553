from django.urls import path

from . import views

app_name = "rotations"
urlpatterns = [
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_new, name="plan_new"),
    path("plans/<int:pk>/", views.plan_detail, name="run_detail"),
    path("plans/<int:pk>/progress/", views.plan_progress, name="run_progress"),
    path("plans/<int:pk>/rerun/", views.plan_rerun, name="run_rerun"),
    path("plans/<int:pk>/place/", views.plan_place, name="run_place"),
    path("plans/<int:pk>/retry/", views.plan_retry, name="run_retry"),
    path("plans/<int:pk>/publish/", views.plan_publish, name="run_publish"),
    path("plans/<int:pk>/<str:part>.json", views.plan_download, name="run_download"),
    path("cohorts/<int:pk>/calendar/", views.calendar_create, name="calendar_create"),
    path("cohorts/<int:pk>/replan/", views.replan, name="replan"),
    path("blocks/<int:pk>/change/", views.block_change, name="block_change"),
    path("schemes/<int:pk>/training/add/", views.training_unit_add, name="training_add"),
    path("training/<int:pk>/delete/", views.training_unit_delete, name="training_delete"),
    path("settings/<int:pk>/capacity/add/", views.capacity_add, name="capacity_add"),
    path("calendar/", views.my_calendar, name="my_calendar"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar_feed"),
]
