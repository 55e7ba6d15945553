"""An assistant-practitioner role designed team-first (seed 003): the community nursing team of Derwent Community
Health Services reviews its activities from the shared list, agrees each (in scope with conditions and supervision,
or out of scope), and publishes a profile on the level 5 apprenticeship; the acute trust's ward did the same
earlier, and there the role may cannulate — the comparison page shows the difference."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from workforce_hub.core.access import Actor
from workforce_hub.people.models import Person
from workforce_hub.programmes.models import Standard
from workforce_hub.roles import services
from workforce_hub.roles.models import Decision, RoleReview

from .logins import login_of

if TYPE_CHECKING:
    from .partnership import DemoBuilder

#: activity → (could a support role do it, supervision, conditions, training, decision)
COMMUNITY: dict[str, tuple[str, str, str, str, str]] = {
    "Wound care and dressings for healed or healing wounds": (
        "conditions",
        "remote",
        "Healing wounds on a plan set by a registered nurse; re-assessed by a registered nurse every third visit",
        "Wound care module and three observed dressings",
        Decision.IN_SCOPE,
    ),
    "Taking blood samples at home": ("yes", "remote", "", "Venepuncture course", Decision.IN_SCOPE),
    "Insulin administration for stable patients": (
        "conditions",
        "remote",
        "Stable patients on an unchanged dose only",
        "Insulin competence, signed off yearly",
        Decision.IN_SCOPE,
    ),
    "Catheter care": ("yes", "indirect", "", "Catheter care module", Decision.IN_SCOPE),
    "Falls prevention checks and advice": ("yes", "remote", "", "", Decision.IN_SCOPE),
    "Observations and recording vital signs": ("yes", "remote", "", "", Decision.IN_SCOPE),
    "Leg ulcer assessment and compression bandaging": ("no", "", "", "", Decision.OUT_OF_SCOPE),
    "Care planning and reassessment": ("no", "", "", "", Decision.OUT_OF_SCOPE),
    "Cannulation": ("no", "", "", "", Decision.OUT_OF_SCOPE),
}

WARD: dict[str, tuple[str, str, str, str, str]] = {
    "Admission observations": ("yes", "indirect", "", "", Decision.IN_SCOPE),
    "Cannulation": (
        "conditions",
        "indirect",
        "Adults with visible veins; two failed attempts go to a nurse",
        "Cannulation course",
        Decision.IN_SCOPE,
    ),
    "Venepuncture": ("yes", "indirect", "", "Venepuncture course", Decision.IN_SCOPE),
    "Pressure area care": ("yes", "indirect", "", "", Decision.IN_SCOPE),
    "Discharge planning support": (
        "conditions",
        "indirect",
        "With the ward's discharge checklist",
        "",
        Decision.IN_SCOPE,
    ),
    "Medicines administration": ("no", "", "", "", Decision.OUT_OF_SCOPE),
}


def _review(
    actor: Actor,
    builder: DemoBuilder,
    org: str,
    title: str,
    teams: str,
    need: str,
    statement: str,
    measures: str,
    kind: str,
    plan: dict[str, tuple[str, str, str, str, str]],
    participants: list[Any],
) -> RoleReview:
    review = services.review_create(
        actor=actor,
        data={
            "title": title,
            "organisations": [builder.orgs[org]],
            "teams": teams,
            "need": need,
            "need_statement": statement,
            "measures": measures,
            "participants": participants,
        },
    )
    services.activities_from_library(actor=actor, review=review, team_kind=kind)
    for name in plan:
        if not review.activities.filter(name=name).exists():
            services.activity_add(
                actor=actor,
                review=review,
                data={"name": name, "done_now_by": "Registered nurse, band 5", "risk": "high"},
            )
    for activity in review.activities.all():
        suits, supervision, conditions, training, decision = plan[activity.name]
        services.activity_change(
            actor=actor,
            activity=activity,
            data={"suits_support_role": suits, "supervision": supervision, "training": training, "frequency": "daily"},
        )
        services.activity_decide(actor=actor, activity=activity, decision=decision, conditions=conditions)
    return review


def load(builder: DemoBuilder) -> None:
    standard = Standard.objects.filter(code="ST0215", is_current=True).first()
    ward_manager = login_of(builder.people["host_trust"])
    ward = _review(
        ward_manager,
        builder,
        "trust",
        "Ward 7 (acute medicine), Derwent Royal",
        "Ward 7 nursing team",
        "capacity",
        "Registered nurses spend much of each shift on routine clinical tasks, and discharges wait for them.",
        "Time registered nurses spend on routine tasks\nDischarges before noon",
        "Hospital ward",
        WARD,
        [builder.people["mentor_trust"]],
    )
    ward_profile = services.profile_from_review(
        actor=ward_manager,
        review=ward,
        data={
            "title": "Assistant practitioner, acute medicine",
            "purpose": "Takes on routine clinical care on the ward so that registered nurses can care for the most unwell patients and discharges are not held up.",
            "band": "Band 4",
            "training_route": "apprenticeship",
            "standard": standard,
            "competences_signed_off_by": "A registered nurse on the ward",
        },
    )
    services.profile_publish(actor=ward_manager, profile=ward_profile)

    coordinator = login_of(builder.people["coordinator"])
    community = _review(
        coordinator,
        builder,
        "community",
        "Community nursing team, Derwent North",
        "District nursing, Derwent North",
        "waiting_list",
        "Registered nurses' visits are taken up with dressings, bloods and insulin for stable patients, and new referrals wait over a week for a first visit.",
        "Days from referral to first visit\nVisits a registered nurse makes each week",
        "Community nursing",
        COMMUNITY,
        [builder.people["host_community"]],
    )
    profile = services.profile_from_review(
        actor=coordinator,
        review=community,
        data={
            "title": "Assistant practitioner, community nursing",
            "purpose": "Visits stable patients at home for the routine care a registered nurse has planned, so that registered nurses can see new referrals and complex patients sooner.",
            "band": "Band 4",
            "training_route": "apprenticeship",
            "standard": standard,
            "competences_signed_off_by": "A registered nurse in the team",
        },
    )
    services.profile_publish(actor=coordinator, profile=profile)


def _staff(builder: DemoBuilder, given: str, family: str, org: str, job_title: str) -> Person:
    """A member of staff without a login (their part in the demo is done for them, as history)."""
    from workforce_hub.core.roles import Role
    from workforce_hub.organisations.models import Membership

    person, _ = Person.objects.get_or_create(
        partnership=builder.partnership,
        email=f"{given}.{family}@derwent-community.example".lower(),
        defaults={"given_name": given, "family_name": family},
    )
    Membership.objects.get_or_create(
        person=person, organisation=builder.orgs[org], role=Role.STAFF, defaults={"job_title": job_title}
    )
    return person


def load_training(builder: DemoBuilder, today: date) -> None:
    """The gate, an agreement and a competence check (seed 003): the ward's request is blocked because no post is
    guaranteed at the end; the community team's was blocked for the same reason until the trust guaranteed the post,
    then approved; its learner's agreement is signed by all three; a nurse back from eight months away is half way
    through her competence check."""
    from datetime import timedelta
    from decimal import Decimal

    from django.utils import timezone

    from workforce_hub.roles.models import RoleProfile, TrainingAgreement

    coordinator = login_of(builder.people["coordinator"])
    ward_manager = login_of(builder.people["host_trust"])
    community_ap = RoleProfile.objects.get(title="Assistant practitioner, community nursing")
    ward_ap = RoleProfile.objects.get(title="Assistant practitioner, acute medicine")
    template = services.template_save(
        actor=coordinator,
        data={
            "name": "Assistant practitioner training agreement",
            "employer_funds": "The employer pays what the levy does not, keeps the learner's pay and releases them "
            "for study as agreed, with a mentor who knows the role.",
            "learner_commits": "The learner attends, completes the work on time, and stays in the post the training "
            "leads to after completing, or repays part of the cost as below.",
            "repayment": [[12, 100], [24, 50]],
        },
    )
    gate = {
        "workforce_plan_ref": "Workforce plan 2026-27",
        "sponsor": "Chief nurse",
        "study_hours_a_week": Decimal("7.5"),
    }
    services.request_create(
        actor=ward_manager,
        data={
            "organisation": builder.orgs["trust"],
            "profile": ward_ap,
            "places": 2,
            **gate,
            "skill_mix": "Two band 4 posts beside the band 5s on each shift.",
            "post_guaranteed": False,
        },
    )
    learner = _staff(builder, "Amira", "Hassan", "community", "Healthcare assistant, band 3")
    request = services.request_create(
        actor=coordinator,
        data={
            "organisation": builder.orgs["community"],
            "profile": community_ap,
            "learner": learner,
            **gate,
            "skill_mix": "A band 4 post in each locality team, taking routine visits from band 5 nurses.",
        },
    )
    services.request_change(
        actor=coordinator,
        request=request,
        data={
            "post_guaranteed": True,
            "post_evidence": "Establishment change DCHS/2026/41: band 4 post, Derwent North",
        },
    )
    services.request_decide(actor=coordinator, request=request, approve=True)
    agreement = services.agreement_create(
        actor=coordinator, request=request, template=template, learner=learner, provider=builder.orgs["college"]
    )
    signed = timezone.now() - timedelta(days=3)
    TrainingAgreement.objects.filter(pk=agreement.pk).update(
        learner_signed_at=signed,
        employer_signed_at=signed,
        employer_signed_by=builder.people["host_community"],
        provider_signed_at=signed,
        provider_signed_by=builder.people["tutor_college"],
    )

    nurse = _staff(builder, "Beth", "Morgan", "community", "Assistant practitioner, community nursing")
    services.absence_record(
        actor=coordinator,
        data={
            "person": nurse,
            "organisation": builder.orgs["community"],
            "started_on": today - timedelta(days=262),
            "returned_on": today - timedelta(days=21),
        },
    )
    check = services.check_start(
        actor=coordinator, person=nurse, organisation=builder.orgs["community"], profile=community_ap, reason="returned"
    )
    items = list(check.items.all())
    for item in items[: len(items) // 2]:
        services.check_item_sign(actor=coordinator, item=item, outcome="observed")
    if len(items) > 1:
        services.check_item_sign(
            actor=coordinator, item=items[-1], outcome="needs_training", plan="Refresher session with the team's nurse"
        )
