from django.urls import path

from . import views

app_name = "portfolios"

urlpatterns = [
    path("", views.record_list, name="list"),
    path("set-up/<int:enrolment_pk>/", views.record_setup, name="setup"),
    path("<int:pk>/", views.record, name="record"),
    path("<int:pk>/change/", views.record_edit, name="record_edit"),
    path("<int:pk>/plan/", views.plan, name="plan"),
    path("<int:pk>/plan/change/", views.plan_edit, name="plan_edit"),
    path("plans/<int:pk>/sign/", views.plan_sign, name="plan_sign"),
    path("<int:pk>/hours/", views.hours, name="hours"),
    path("hours/<int:pk>/review/", views.hours_review, name="hours_review"),
    path("<int:pk>/evidence/", views.evidence_list, name="evidence_list"),
    path("<int:pk>/evidence/new/", views.evidence_new, name="evidence_new"),
    path("<int:pk>/coverage/", views.coverage, name="coverage"),
    path("evidence/<int:pk>/", views.evidence, name="evidence"),
    path("evidence/<int:pk>/file/", views.evidence_download, name="evidence_download"),
    path("evidence/<int:pk>/replace/", views.evidence_replace, name="evidence_replace"),
    path("evidence/<int:pk>/<slug:action>/", views.evidence_action, name="evidence_action"),
    path("<int:pk>/testimonials/", views.testimonials, name="testimonials"),
    path("testimonials/<int:pk>/", views.testimonial, name="testimonial"),
    path("placements/<int:pk>/expected/", views.expected, name="expected"),
    path("placements/<int:pk>/expected/change/", views.expected_edit, name="expected_edit"),
    path("reviews/<int:pk>/", views.review, name="review"),
    path("reviews/<int:pk>/sign/", views.review_sign, name="review_sign"),
    path("<int:pk>/qualifications/", views.qualifications, name="qualifications"),
    path("<int:pk>/qualifications/held-before/", views.prior_qualification, name="prior_qualification"),
    path("<int:pk>/employer-confirm/", views.employer_confirm, name="employer_confirm"),
    path("<int:pk>/gateway/", views.gateway_pass, name="gateway_pass"),
]
