from django.urls import path

from . import views

app_name = "schemes"
urlpatterns = [
    path("", views.scheme_list, name="list"),
    path("add/", views.scheme_edit, name="add"),
    path("<int:pk>/", views.scheme_detail, name="detail"),
    path("<int:pk>/change/", views.scheme_edit, name="change"),
    path("<int:pk>/host-agreements/", views.host_agreements, name="host_agreements"),
    path("host-agreements/<int:pk>/", views.host_agreement, name="host_agreement"),
    path("host-agreement/", views.host_agreement_template, name="host_agreement_template"),
    path("<int:scheme_pk>/cohorts/add/", views.cohort_edit, name="cohort_add"),
    path("<int:scheme_pk>/cohorts/<int:pk>/change/", views.cohort_edit, name="cohort_change"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/enrol/", views.enrol, name="enrol"),
    path("enrolments/<int:pk>/", views.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/leaving-reason/", views.leaving_reason_correct, name="leaving_reason_correct"),
    path("enrolments/<int:pk>/planning/", views.planning_needs, name="planning_needs"),
    path("enrolments/<int:pk>/pattern/", views.enrolment_pattern, name="enrolment_pattern"),
    path("enrolments/<int:pk>/pattern/remove/", views.enrolment_pattern_remove, name="enrolment_pattern_remove"),
    path("enrolments/<int:pk>/absences/add/", views.planned_absence_add, name="planned_absence_add"),
    path(
        "enrolments/<int:pk>/absences/<int:absence_pk>/delete/",
        views.planned_absence_delete,
        name="planned_absence_delete",
    ),
]
