from django.contrib import admin
from django.urls import include, path

from workforce_hub.core import health
from workforce_hub.core import views as core_views
from workforce_hub.home import views as home_views

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("", home_views.home, name="home"),
    path("home/attention/hide/", home_views.attention_hide, name="attention_hide"),
    path("home/<str:role>/", home_views.role_home, name="role_home"),
    path("accounts/", include("allauth.urls")),
    path("organisations/", include("workforce_hub.organisations.urls")),
    path("people/", include("workforce_hub.people.urls")),
    path("schemes/", include("workforce_hub.schemes.urls")),
    path("rotations/", include("workforce_hub.rotations.urls")),
    path("programmes/", include("workforce_hub.programmes.urls")),
    path("learning/", include("workforce_hub.portfolios.urls")),
    path("digital-skills/", include("workforce_hub.digital_skills.urls")),
    path("digital-skills/", include("workforce_hub.digital_champions.urls")),
    path("", include("workforce_hub.recruitment.urls")),
    path("support/", include("workforce_hub.support.urls")),
    path("readiness/", include("workforce_hub.readiness.urls")),
    path("monitoring/", include("workforce_hub.monitoring.urls")),
    path("roles/", include("workforce_hub.roles.urls")),
    path("passport/", include("workforce_hub.passport.urls")),
    path("scheduled-jobs/", include("workforce_hub.schedule.urls")),
    path("outcomes/", include("workforce_hub.outcomes.urls")),
    path("api-tokens/", include("workforce_hub.accounts.urls")),
    path("audit/", core_views.audit_log, name="audit_log"),
    path("privacy/", core_views.privacy_register, name="privacy_register"),
    path("api/", include("workforce_hub.api.urls")),
    path("django-admin/", admin.site.urls),
]

handler403 = "workforce_hub.core.views.error_403"
handler404 = "workforce_hub.core.views.error_404"
handler500 = "workforce_hub.core.views.error_500"
