from django.urls import path

from . import views

app_name = "roles"

urlpatterns = [
    path("", views.review_list, name="reviews"),
    path("reviews/add/", views.review_add, name="review_add"),
    path("reviews/<int:pk>/", views.review_detail, name="review"),
    path("reviews/<int:pk>/change/", views.review_edit, name="review_edit"),
    path("reviews/<int:pk>/activities/", views.workshop, name="workshop"),
    path("reviews/<int:pk>/profile/", views.profile_add, name="profile_add"),
    path("activities/<int:pk>/", views.activity_detail, name="activity"),
    path("profiles/compare/", views.profile_compare, name="compare"),
    path("training/", views.request_list, name="requests"),
    path("training/add/", views.request_add, name="request_add"),
    path("training/<int:pk>/", views.request_detail, name="request"),
    path("training/<int:pk>/change/", views.request_edit, name="request_edit"),
    path("agreement-templates/add/", views.template_add, name="template_add"),
    path("agreement-templates/<int:pk>/new-version/", views.template_add, name="template_version"),
    path("agreements/<int:pk>/", views.agreement_detail, name="agreement"),
    path("competence-checks/", views.check_list, name="checks"),
    path("competence-checks/<int:pk>/", views.check_detail, name="check"),
    path("profiles/<int:pk>/", views.profile_detail, name="profile"),
    path("profiles/<int:pk>/change/", views.profile_edit, name="profile_edit"),
    path("profiles/<int:pk>/<str:action>/", views.profile_action, name="profile_action"),
    path("profiles/<int:pk>/job-description.<str:fmt>", views.profile_export, name="profile_export"),
]
