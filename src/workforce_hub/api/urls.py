from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from workforce_hub.digital_skills import api as digital_api
from workforce_hub.organisations import api as organisations_api
from workforce_hub.outcomes import api as outcomes_api
from workforce_hub.people import api as people_api
from workforce_hub.portfolios import api as portfolios_api
from workforce_hub.recruitment import api as recruitment_api
from workforce_hub.rotations import api as rotations_api
from workforce_hub.schemes import api as schemes_api

router = DefaultRouter()
router.register("organisations", organisations_api.OrganisationViewSet, basename="organisation")
router.register("sites", organisations_api.SiteViewSet, basename="site")
router.register("settings", organisations_api.SettingViewSet, basename="setting")
router.register("people", people_api.PersonViewSet, basename="person")
router.register("memberships", people_api.MembershipViewSet, basename="membership")
router.register("schemes", schemes_api.SchemeViewSet, basename="scheme")
router.register("cohorts", schemes_api.CohortViewSet, basename="cohort")
router.register("enrolments", schemes_api.EnrolmentViewSet, basename="enrolment")
router.register("cohort-blocks", rotations_api.CohortBlockViewSet, basename="cohort-block")
router.register("plan-runs", rotations_api.PlanRunViewSet, basename="plan-run")
router.register("placements", rotations_api.PlacementViewSet, basename="placement")
router.register("learning-records", portfolios_api.LearningRecordViewSet, basename="learning-record")
router.register("training-plans", portfolios_api.TrainingPlanViewSet, basename="training-plan")
router.register("otj-hours", portfolios_api.OffTheJobViewSet, basename="otj-hours")
router.register("evidence", portfolios_api.EvidenceViewSet, basename="evidence")
router.register("progress-reviews", portfolios_api.ProgressReviewViewSet, basename="progress-review")
router.register("digital-assessments", digital_api.AssessmentViewSet, basename="digital-assessment")
router.register("applications", recruitment_api.ApplicationViewSet, basename="application")
router.register("job-vacancies", outcomes_api.JobViewSet, basename="job-vacancy")
router.register("destinations", outcomes_api.DestinationViewSet, basename="destination")

urlpatterns = [
    path("v1/digital-skills/needs/", digital_api.needs_analysis, name="digital_needs"),
    path("v1/scheme-reports/<int:pk>/", outcomes_api.scheme_report, name="scheme_report"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
