"""The digital champions' pages keep the addresses they had under /digital-skills/ (ADR 0029)."""

from django.urls import path

from .views import champions, maturity

app_name = "digital_champions"
urlpatterns = [
    path("champions/", champions.champions, name="champions"),
    path("champions/add/", champions.champion_add, name="champion_add"),
    path("champions/me/", champions.champion_home, name="champion_home"),
    path("champions/<int:pk>/ask/", champions.skill_check_ask, name="skill_check_ask"),
    path("drop-ins/add/", champions.drop_in_add, name="drop_in_add"),
    path("drop-ins/<int:pk>/book/", champions.drop_in_book, name="drop_in_book"),
    path("bookings/<int:pk>/cancel/", champions.booking_cancel, name="booking_cancel"),
    path("support/add/", champions.contact_add, name="contact_add"),
    path("skill-checks/<int:pk>/", champions.skill_check_confirm, name="skill_check_confirm"),
    path("maturity/", maturity.maturity, name="maturity"),
    path("maturity/<int:pk>/", maturity.maturity_detail, name="maturity_detail"),
    path("maturity/<int:pk>/actions/add/", maturity.action_add, name="action_add"),
    path("maturity/<int:pk>/submit/", maturity.maturity_submit, name="maturity_submit"),
    path("maturity/<int:pk>/review/", maturity.maturity_review, name="maturity_review"),
    path("maturity/scores/<int:pk>/", maturity.maturity_score, name="maturity_score"),
    path("maturity/actions/<int:pk>/done/", maturity.action_done, name="action_done"),
    path("quality-mark/", maturity.quality_levels, name="quality_levels"),
]
