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
    path("induction/", views.my_induction, name="my_induction"),
    path("schemes/<int:pk>/induction/", views.scheme_induction, name="scheme_induction"),
    path("schemes/<int:pk>/briefing/", views.briefing_edit, name="briefing_edit"),
    path("placements/<int:pk>/briefing/", views.briefing, name="briefing"),
    path("glossary/", views.glossary, name="glossary"),
    path("glossary/add/", views.glossary_edit, name="glossary_add"),
    path("glossary/<int:pk>/change/", views.glossary_edit, name="glossary_edit"),
    path("faq/", views.faq, name="faq"),
    path("faq/add/", views.faq_edit, name="faq_add"),
    path("faq/<int:pk>/change/", views.faq_edit, name="faq_edit"),
]
