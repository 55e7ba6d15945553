from django.urls import path

from . import views

app_name = "support"

urlpatterns = [
    path("enrolments/<int:pk>/", views.enrolment_support, name="enrolment"),
    path("enrolments/<int:pk>/exit/", views.exit_write, name="exit"),
    path("enrolments/<int:pk>/pastoral/", views.pastoral, name="pastoral"),
    path("enrolments/<int:pk>/pastoral/request/", views.pastoral_request, name="pastoral_request"),
    path("placements/<int:pk>/", views.placement_support, name="placement"),
    path("placements/<int:pk>/arrived/", views.placement_arrived, name="arrived"),
    path("placements/<int:pk>/appraisal/", views.appraisal_write, name="appraisal"),
    path("placements/<int:pk>/feedback/", views.feedback_write, name="feedback"),
    path("handovers/<int:pk>/", views.handover_detail, name="handover"),
]
