from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework.routers import DefaultRouter

from workforce_hub.digital_champions import api as champions_api
from workforce_hub.digital_skills import api as digital_api
from workforce_hub.monitoring import api as monitoring_api
from workforce_hub.organisations import api as organisations_api
from workforce_hub.outcomes import api as outcomes_api
from workforce_hub.passport import api as passport_api
from workforce_hub.people import api as people_api
from workforce_hub.portfolios import api as portfolios_api
from workforce_hub.programmes import api as programmes_api
from workforce_hub.readiness import api as readiness_api
from workforce_hub.recruitment import api as recruitment_api
from workforce_hub.roles import api as roles_api
from workforce_hub.rotations import api as rotations_api
from workforce_hub.schedule import api as schedule_api
from workforce_hub.schemes import api as schemes_api
from workforce_hub.support import api as support_api

router = DefaultRouter()
router.register("organisations", organisations_api.OrganisationViewSet, basename="organisation")
router.register("sites", organisations_api.SiteViewSet, basename="site")
router.register("settings", organisations_api.SettingViewSet, basename="setting")
router.register("people", people_api.PersonViewSet, basename="person")
router.register("memberships", people_api.MembershipViewSet, basename="membership")
router.register("schemes", schemes_api.SchemeViewSet, basename="scheme")
router.register("cohorts", schemes_api.CohortViewSet, basename="cohort")
router.register("enrolments", schemes_api.EnrolmentViewSet, basename="enrolment")
router.register("planned-absences", schemes_api.PlannedAbsenceViewSet, basename="planned-absence")
router.register("enrolment-patterns", schemes_api.EnrolmentPatternViewSet, basename="enrolment-pattern")
router.register(
    "host-agreement-templates", schemes_api.HostAgreementTemplateViewSet, basename="host-agreement-template"
)
router.register("host-agreements", schemes_api.HostAgreementViewSet, basename="host-agreement")
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
router.register("careers-events", outcomes_api.CareersEventViewSet, basename="careers-event")
router.register("levy-transfers", outcomes_api.LevyTransferViewSet, basename="levy-transfer")
router.register("pre-arrival-tasks", readiness_api.PreArrivalTaskViewSet, basename="pre-arrival-task")
router.register("placement-agreements", readiness_api.PlacementAgreementViewSet, basename="placement-agreement")
router.register("checklist-templates", readiness_api.ChecklistTemplateViewSet, basename="checklist-template")
router.register("induction-items", readiness_api.InductionItemViewSet, basename="induction-item")
router.register("glossary-terms", readiness_api.GlossaryTermViewSet, basename="glossary-term")
router.register("faq-entries", readiness_api.FaqEntryViewSet, basename="faq-entry")
router.register("briefings", readiness_api.BriefingViewSet, basename="briefing")
router.register("logic-models", monitoring_api.LogicModelViewSet, basename="logic-model")
router.register("logic-model-items", monitoring_api.ItemViewSet, basename="logic-model-item")
router.register("indicators", monitoring_api.IndicatorViewSet, basename="indicator")
router.register("item-ratings", monitoring_api.ItemRatingViewSet, basename="item-rating")
router.register("manual-values", monitoring_api.ManualValueViewSet, basename="manual-value")
router.register("role-reviews", roles_api.RoleReviewViewSet, basename="role-review")
router.register("review-activities", roles_api.ActivityViewSet, basename="review-activity")
router.register("activity-comments", roles_api.CommentViewSet, basename="activity-comment")
router.register("role-profiles", roles_api.RoleProfileViewSet, basename="role-profile")
router.register("training-requests", roles_api.TrainingRequestViewSet, basename="training-request")
router.register("agreement-templates", roles_api.AgreementTemplateViewSet, basename="agreement-template")
router.register("training-agreements", roles_api.TrainingAgreementViewSet, basename="training-agreement")
router.register("staff-absences", roles_api.StaffAbsenceViewSet, basename="staff-absence")
router.register("competence-checks", roles_api.CompetenceCheckViewSet, basename="competence-check")
router.register("scheduled-jobs", schedule_api.ScheduledJobViewSet, basename="scheduled-job")
router.register("standards", programmes_api.StandardViewSet, basename="standard")
router.register("qualifications", programmes_api.QualificationViewSet, basename="qualification")
router.register("funding-rule-sets", programmes_api.FundingRuleSetViewSet, basename="funding-rule-set")
router.register("testimonials", portfolios_api.TestimonialViewSet, basename="testimonial")
router.register("expected-learning", portfolios_api.ExpectedLearningViewSet, basename="expected-learning")
router.register("unit-achievements", portfolios_api.UnitAchievementViewSet, basename="unit-achievement")
router.register("prior-qualifications", portfolios_api.PriorQualificationViewSet, basename="prior-qualification")
router.register("handovers", support_api.HandoverViewSet, basename="handover")
router.register("appraisals", support_api.AppraisalViewSet, basename="appraisal")
router.register("placement-feedback", support_api.FeedbackViewSet, basename="placement-feedback")
router.register("exit-questionnaires", support_api.ExitViewSet, basename="exit-questionnaire")
router.register("vacancies", recruitment_api.VacancyViewSet, basename="vacancy")
router.register("digital-champions", champions_api.ChampionViewSet, basename="digital-champion")
router.register("drop-ins", champions_api.DropInViewSet, basename="drop-in")
router.register("support-contacts", champions_api.SupportContactViewSet, basename="support-contact")
router.register("skill-checks", champions_api.SkillCheckViewSet, basename="skill-check")
router.register("practice-maturity", champions_api.MaturityViewSet, basename="practice-maturity")
router.register("quality-marks", champions_api.QualityMarkViewSet, basename="quality-mark")
router.register("learning-resources", digital_api.LearningResourceViewSet, basename="learning-resource")
router.register("quality-mark-levels", champions_api.QualityMarkLevelViewSet, basename="quality-mark-level")
router.register("training-topics", passport_api.TrainingTopicViewSet, basename="training-topic")
router.register("required-training", passport_api.RequiredTrainingViewSet, basename="required-training")
router.register("credentials", passport_api.CredentialViewSet, basename="credential")
router.register("training-records", passport_api.TrainingRecordViewSet, basename="training-record")
router.register("training-assignments", passport_api.TrainingAssignmentViewSet, basename="training-assignment")
router.register("imported-credentials", passport_api.ImportedCredentialViewSet, basename="imported-credential")
router.register("share-links", passport_api.ShareLinkViewSet, basename="share-link")
router.register("signing-keys", passport_api.SigningKeyViewSet, basename="signing-key")
router.register("training-units", rotations_api.TrainingUnitViewSet, basename="training-unit")
router.register("capacity-changes", rotations_api.CapacityChangeViewSet, basename="capacity-change")

urlpatterns = [
    path("v1/digital-skills/needs/", digital_api.needs_analysis, name="digital_needs"),
    path("v1/scheme-reports/<int:pk>/", outcomes_api.scheme_report, name="scheme_report"),
    path("v1/placements/<int:pk>/arrived/", support_api.placement_arrived, name="placement_arrived"),
    path("v1/job-alerts/send/", outcomes_api.job_alerts_send, name="job_alerts_send"),
    path("v1/job-preferences/mine/", outcomes_api.my_job_preferences, name="my_job_preferences"),
    path("v1/public/credentials/<uuid:public_id>/", passport_api.public_credential, name="public_credential"),
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
]
