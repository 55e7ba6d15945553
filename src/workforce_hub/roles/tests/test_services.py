"""Role design services: the team-first flow from a need to a published profile, the rules for agreeing an
activity, versions, and who may do each step."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workforce_hub.programmes.models import Standard
from workforce_hub.roles import services
from workforce_hub.roles.models import Activity, Decision, RoleReview

pytestmark = pytest.mark.django_db


def _review(world: Any, **extra: Any) -> RoleReview:
    return services.review_create(
        actor=world.user("host_manager"),
        data={
            "title": "Ward 7",
            "organisations": [world.orgs["host"]],
            "teams": "Ward 7 nursing team",
            "need": "capacity",
            "need_statement": "Nurses spend time on routine observations.",
            "participants": [world.people["mentor"]],
            **extra,
        },
    )


def _agree_all(world: Any, review: RoleReview) -> None:
    manager = world.user("host_manager")
    for a in review.activities.all():
        if a.risk == "high":
            services.activity_decide(actor=manager, activity=a, decision=Decision.OUT_OF_SCOPE)
            continue
        services.activity_change(
            actor=manager, activity=a, data={"suits_support_role": "yes", "supervision": "indirect"}
        )
        services.activity_decide(actor=manager, activity=a, decision=Decision.IN_SCOPE)


def test_from_a_need_to_a_published_profile(world: Any) -> None:
    review = _review(world)
    made = services.activities_from_library(actor=world.user("mentor"), review=review, team_kind="Hospital ward")
    assert [a.name for a in made][:2] == ["Admission observations", "Cannulation"]
    again = services.activities_from_library(actor=world.user("mentor"), review=review, team_kind="Hospital ward")
    assert again == []  # nothing twice
    _agree_all(world, review)
    standard = Standard.objects.filter(code="ST0215").first()
    profile = services.profile_from_review(
        actor=world.user("host_manager"),
        review=review,
        data={
            "title": "Assistant practitioner, ward 7",
            "purpose": "Routine care so nurses can see the sickest patients.",
            "band": "Band 4",
            "training_route": "apprenticeship",
            "standard": standard,
            "competences_signed_off_by": "A registered nurse on the ward",
        },
    )
    in_scope = {line.activity for line in profile.scope.filter(in_scope=True)}
    out = {line.activity for line in profile.scope.filter(in_scope=False)}
    assert "Admission observations" in in_scope and {"Cannulation", "Medicines administration"} <= out
    assert profile.delegation.count() == len(in_scope)
    assert profile.competences.filter(criterion__isnull=False).exists() == (standard is not None)
    assert profile.organisation == world.orgs["host"]
    services.profile_publish(actor=world.user("host_manager"), profile=profile)
    with pytest.raises(ValidationError):  # published: a new version instead
        services.profile_change(actor=world.user("host_manager"), profile=profile, data={"band": "Band 5"})
    v2 = services.profile_new_version(actor=world.user("coordinator"), profile=profile)
    assert (v2.version, v2.previous, v2.published_at) == (2, profile, None)
    assert v2.scope.count() == profile.scope.count() and v2.delegation.count() == profile.delegation.count()
    services.profile_change(actor=world.user("coordinator"), profile=v2, data={"band": "Band 4 (senior)"})
    profile.refresh_from_db()
    assert profile.band == "Band 4"  # the published version stays as it was


def test_agreeing_an_activity_has_rules(world: Any) -> None:
    review = _review(world)
    manager = world.user("host_manager")
    activity = services.activity_add(actor=world.user("mentor"), review=review, data={"name": "Venepuncture"})
    with pytest.raises(ValidationError) as err:  # the team has not said a support role could do it
        services.activity_decide(actor=manager, activity=activity, decision=Decision.IN_SCOPE)
    assert set(err.value.message_dict) == {"decision", "supervision"}
    services.activity_change(
        actor=manager, activity=activity, data={"suits_support_role": "conditions", "supervision": "indirect"}
    )
    with pytest.raises(ValidationError) as err:
        services.activity_decide(actor=manager, activity=activity, decision=Decision.IN_SCOPE)
    assert set(err.value.message_dict) == {"conditions"}
    services.activity_decide(
        actor=manager, activity=activity, decision=Decision.IN_SCOPE, conditions="Adults with good veins only"
    )
    activity.refresh_from_db()
    assert activity.decided_by == world.people["host_manager"] and activity.decided_at is not None
    with pytest.raises(PermissionDenied):  # a participant comments but does not agree
        services.activity_decide(actor=world.user("mentor"), activity=activity, decision=Decision.OUT_OF_SCOPE)
    with pytest.raises(ValidationError):  # agreed: clear the decision before changing it
        services.activity_change(actor=world.user("mentor"), activity=activity, data={"risk": "high"})
    services.activity_decide(actor=manager, activity=activity, decision="")
    activity.refresh_from_db()
    assert activity.decided_by is None and not activity.decision
    with pytest.raises(ValidationError):  # twice in one review
        services.activity_add(actor=manager, review=review, data={"name": "venepuncture"})
    with pytest.raises(ValidationError):  # no personal details in the work's description
        services.comment_add(actor=world.user("mentor"), activity=activity, text="Mrs Smith, NHS 999 000 0018")
    services.comment_add(actor=world.user("mentor"), activity=activity, text="We would need a refresher each year.")


def test_a_profile_needs_every_activity_agreed_and_some_in_scope(world: Any) -> None:
    review = _review(world)
    manager = world.user("host_manager")
    activity = services.activity_add(actor=manager, review=review, data={"name": "Care planning"})
    data = {
        "title": "AP",
        "purpose": "x",
        "band": "Band 4",
        "training_route": "in_house",
        "competences_signed_off_by": "A nurse",
    }
    with pytest.raises(ValidationError, match="not agreed yet"):
        services.profile_from_review(actor=manager, review=review, data=data)
    services.activity_decide(actor=manager, activity=activity, decision=Decision.OUT_OF_SCOPE)
    with pytest.raises(ValidationError, match="No activity is in the role's scope"):
        services.profile_from_review(actor=manager, review=review, data=data)
    other = services.activity_add(actor=manager, review=review, data={"name": "Observations"})
    services.activity_change(actor=manager, activity=other, data={"suits_support_role": "yes", "supervision": "remote"})
    services.activity_decide(actor=manager, activity=other, decision=Decision.IN_SCOPE)
    with pytest.raises(ValidationError) as err:  # an apprenticeship needs its standard
        services.profile_from_review(actor=manager, review=review, data={**data, "training_route": "apprenticeship"})
    assert set(err.value.message_dict) == {"standard"}
    assert services.profile_from_review(actor=manager, review=review, data=data).scope.count() == 2


@pytest.mark.parametrize("key", ["mentor", "tutor", "apprentice", "partner_lead", "staff", "p2_coordinator"])
def test_who_may_not_start_a_review(world: Any, key: str) -> None:
    refused = ValidationError if key == "p2_coordinator" else PermissionDenied  # another partnership's organisation
    with pytest.raises(refused):
        services.review_create(
            actor=world.user(key),
            data={
                "title": "X",
                "organisations": [world.orgs["host"]],
                "teams": "X",
                "need": "capacity",
                "need_statement": "X",
            },
        )


def test_a_review_is_checked(world: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.review_create(
            actor=world.user("line_manager"),
            data={
                "title": " ",
                "organisations": [world.orgs["host"]],  # not the line manager's organisation
                "teams": "Team",
                "need": "capacity",
                "need_statement": "",
                "participants": [world.people["tutor"]],
            },
        )
    assert set(err.value.message_dict) == {"title", "need_statement", "organisations", "participants"}
    with pytest.raises(ValidationError) as err:
        _review(world, participants=[world.people["tutor"]])  # not in the review's organisations
    assert set(err.value.message_dict) == {"participants"}
    integrated = _review(world, organisations=[world.orgs["host"], world.orgs["employer"]])
    assert integrated.organisations.count() == 2
    assert Activity.objects.filter(review=integrated).count() == 0
