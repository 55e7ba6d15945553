from django.urls import path

from . import views

app_name = "readiness"

urlpatterns = [
    path("placements/<int:pk>/", views.placement, name="placement"),
    path("placements/<int:pk>/agreement/", views.agreement, name="agreement"),
    path("placements/<int:pk>/agreement/change/", views.agreement_edit, name="agreement_edit"),
    path("not-ready/", views.not_ready, name="not_ready"),
    path("checklists/", views.templates, name="templates"),
    path("checklists/add/", views.template_edit, name="template_add"),
    path("checklists/<int:pk>/change/", views.template_edit, name="template_edit"),
    path("checklists/<int:pk>/delete/", views.template_delete, name="template_delete"),
]
