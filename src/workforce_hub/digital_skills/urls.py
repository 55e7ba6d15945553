from django.urls import path

from . import support_views, views

app_name = "digital_skills"
urlpatterns = [
    path("", views.home, name="home"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.question, name="question"),
    path("<int:pk>/questions/<str:code>/", views.question, name="question_item"),
    path("<int:pk>/results/", views.results, name="results"),
    path("needs/", views.needs, name="needs"),
    path("needs.csv", views.needs_csv, name="needs_csv"),
    path("needs.xlsx", views.needs_xlsx, name="needs_xlsx"),
    path("champions/", support_views.champions, name="champions"),
    path("champions/add/", support_views.champion_add, name="champion_add"),
    path("champions/me/", support_views.champion_home, name="champion_home"),
    path("champions/<int:pk>/ask/", support_views.skill_check_ask, name="skill_check_ask"),
    path("drop-ins/add/", support_views.drop_in_add, name="drop_in_add"),
    path("drop-ins/<int:pk>/book/", support_views.drop_in_book, name="drop_in_book"),
    path("bookings/<int:pk>/cancel/", support_views.booking_cancel, name="booking_cancel"),
    path("support/add/", support_views.contact_add, name="contact_add"),
    path("skill-checks/<int:pk>/", support_views.skill_check_confirm, name="skill_check_confirm"),
    path("maturity/", support_views.maturity, name="maturity"),
    path("maturity/<int:pk>/", support_views.maturity_detail, name="maturity_detail"),
    path("maturity/<int:pk>/actions/add/", support_views.action_add, name="action_add"),
    path("maturity/<int:pk>/submit/", support_views.maturity_submit, name="maturity_submit"),
    path("maturity/<int:pk>/review/", support_views.maturity_review, name="maturity_review"),
    path("maturity/scores/<int:pk>/", support_views.maturity_score, name="maturity_score"),
    path("maturity/actions/<int:pk>/done/", support_views.action_done, name="action_done"),
    path("quality-mark/", support_views.quality_levels, name="quality_levels"),
    path("resources/", support_views.resources, name="resources"),
    path("resources/add/", support_views.resource_edit, name="resource_add"),
    path("resources/<int:pk>/", support_views.resource_edit, name="resource_edit"),
    path("resources/<int:pk>/delete/", support_views.resource_delete, name="resource_delete"),
]
