"""The funding gate, training agreements (versions and signatures) and competence checks (triggers at their
boundaries, who signs off), through the services, the pages and the API."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workforce_hub.organisations.models import Membership
from workforce_hub.roles import selectors, services
from workforce_hub.roles.models import CheckSettings, RoleProfile, TrainingRequest
from workforce_hub.roles.tests.factories import RoleProfileFactory, ScopeLineFactory

pytestmark = pytest.mark.django_db


def today() -> date:
    """Today when the test runs (not when the module was imported: a run across midnight would disagree)."""
    return timezone.localdate()


def _profile(world: Any) -> RoleProfile:
    profile = RoleProfileFactory(partnership=world.p1, organisation=world.orgs["host"], published_at=timezone.now())
    ScopeLineFactory(profile=profile, activity="Observations")
    profile.competences.create(local="Carries out observations safely")
    profile.competences.create(local="Escalates a deteriorating patient")
    return profile


def _request(world: Any, **extra: Any) -> TrainingRequest:
    return services.request_create(
        actor=world.user("host_manager"),
        data={
            "organisation": world.orgs["host"],
            "profile": _profile(world),
            "learner": world.people["mentor"],
            **extra,
        },
    )


GATE_MET = {
    "workforce_plan_ref": "Workforce plan 2026-27, line 14",
    "skill_mix": "One band 5 vacancy becomes two band 4 posts.",
    "sponsor": "Dr A Chief, chief nurse",
    "study_hours_a_week": Decimal("7.5"),
    "post_guaranteed": True,
    "post_evidence": "Establishment change 2026/41",
}


@pytest.mark.parametrize("missing", list(GATE_MET))
def test_the_gate_blocks_until_every_part_is_met(world: Any, missing: str) -> None:
    blank = {"study_hours_a_week": None, "post_guaranteed": False}.get(missing, "")
    training = _request(world, **{**GATE_MET, missing: blank})
    unmet = [g.name for g in selectors.gate(training) if not g.met]
    assert len(unmet) == 1, unmet
    with pytest.raises(ValidationError, match="Not yet"):
        services.request_decide(actor=world.user("coordinator"), request=training, approve=True)


def test_a_post_said_but_not_shown_does_not_pass(world: Any) -> None:
    training = _request(world, **{**GATE_MET, "post_evidence": ""})
    post = selectors.gate(training)[-1]
    assert not post.met and post.evidence == "Said, but nothing shows it"


def test_approval_refusal_and_who_decides(world: Any) -> None:
    training = _request(world, **{**GATE_MET, "post_guaranteed": False, "post_evidence": ""})
    with pytest.raises(PermissionDenied):
        services.request_decide(actor=world.user("host_manager"), request=training, approve=False, note="x")
    with pytest.raises(ValidationError) as err:  # refusing needs the reason
        services.request_decide(actor=world.user("admin"), request=training, approve=False)
    assert "note" in err.value.message_dict
    services.request_change(
        actor=world.user("host_manager"),
        request=training,
        data={"post_guaranteed": True, "post_evidence": "Establishment change 2026/41"},
    )
    decided = services.request_decide(actor=world.user("coordinator"), request=training, approve=True)
    assert decided.status == "approved" and decided.decided_by == world.people["coordinator"]
    with pytest.raises(ValidationError):  # decided: no more changes
        services.request_change(actor=world.user("host_manager"), request=training, data={"places": 2})
    with pytest.raises(ValidationError):  # a draft profile is not a job description
        draft = RoleProfileFactory(partnership=world.p1, organisation=world.orgs["host"])
        services.request_create(
            actor=world.user("host_manager"), data={"organisation": world.orgs["host"], "profile": draft}
        )
    with pytest.raises(PermissionDenied):  # not an organisation the line manager manages
        services.request_create(
            actor=world.user("line_manager"), data={"organisation": world.orgs["host"], "profile": _profile(world)}
        )


def test_agreements_are_signed_and_a_change_is_signed_again(world: Any) -> None:
    training = _request(world, **GATE_MET)
    services.request_decide(actor=world.user("coordinator"), request=training, approve=True)
    template = services.template_save(
        actor=world.user("coordinator"),
        data={
            "name": "AP training",
            "employer_funds": "Fees and 7.5 hours a week.",
            "learner_commits": "Attend and complete.",
            "repayment": [["12", "100"], ["24", "50"]],
        },
    )
    with pytest.raises(ValidationError):
        services.template_save(
            actor=world.user("coordinator"),
            data={"name": "Bad", "employer_funds": "x", "learner_commits": "y", "repayment": [[24, 50], [12, 100]]},
        )
    agreement = services.agreement_create(
        actor=world.user("host_manager"),
        request=training,
        template=template,
        learner=world.people["mentor"],
        provider=world.orgs["provider"],
    )
    assert agreement.study_hours_a_week == Decimal("7.5") and agreement.repayment == [[12, 100], [24, 50]]
    completed = date(2026, 1, 31)
    assert [
        selectors.repayment_percent(agreement, completed, d)
        for d in (date(2027, 1, 30), date(2027, 1, 31), date(2028, 1, 31))
    ] == [100, 50, 0]
    services.agreement_sign(actor=world.user("mentor"), agreement=agreement)
    services.agreement_sign(actor=world.user("host_manager"), agreement=agreement)
    assert not agreement.is_signed  # the provider has not signed
    with pytest.raises(PermissionDenied):
        services.agreement_sign(actor=world.user("other_tutor"), agreement=agreement)  # another provider
    services.agreement_sign(actor=world.user("tutor"), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.is_signed
    v2 = services.agreement_change(
        actor=world.user("host_manager"), agreement=agreement, data={"study_hours_a_week": Decimal("6")}
    )
    assert (v2.version, v2.previous_id, v2.learner_signed_at, v2.is_signed) == (2, agreement.pk, None, False)
    agreement.refresh_from_db()
    assert agreement.is_signed and not agreement.is_current  # the old one stays as it was
    with pytest.raises(ValidationError):
        services.agreement_sign(actor=world.user("mentor"), agreement=agreement)
    newer = services.template_save(actor=world.user("coordinator"), data={"repayment": [[6, 100]]}, replaces=template)
    template.refresh_from_db()
    assert (newer.version, newer.employer_funds, template.is_current) == (2, template.employer_funds, False)


def test_who_needs_a_competence_check(world: Any) -> None:
    profile = _profile(world)
    mentor, host = world.people["mentor"], world.orgs["host"]
    manager = world.user("host_manager")

    def needs() -> list[tuple[str, str]]:
        return [(n.person.display_name, n.reason) for n in selectors.needs_check(manager, today())]

    assert needs() == []
    absence = services.absence_record(
        actor=manager,
        data={
            "person": mentor,
            "organisation": host,
            "started_on": today() - timedelta(days=200),
            "returned_on": today() - timedelta(days=19),
        },
    )  # 181 days: one short of six months
    assert needs() == []
    absence.started_on -= timedelta(days=1)
    absence.save()
    assert needs() == [(mentor.display_name, "returned")]  # 182 days
    CheckSettings.objects.create(organisation=host, absence_days=365)
    assert needs() == []  # the organisation's own threshold
    CheckSettings.objects.filter(organisation=host).update(absence_days=90)
    assert needs() == [(mentor.display_name, "returned")]
    assert selectors.needs_check(world.user("other_host"), today()) == []  # not their organisation
    Membership.objects.filter(person=world.people["host_manager"], organisation=host).update(
        starts_on=today() - timedelta(days=10), job_title=profile.title
    )
    assert sorted(needs()) == sorted(
        [(mentor.display_name, "returned"), (world.people["host_manager"].display_name, "joined")]
    )
    check = services.check_start(actor=manager, person=mentor, organisation=host, profile=profile, reason="returned")
    assert [n for n in needs() if n[1] == "returned"] == []  # checked since the return
    items = list(check.items.all())
    assert [i.competence for i in items] == ["Carries out observations safely", "Escalates a deteriorating patient"]
    with pytest.raises(PermissionDenied):  # nobody signs their own
        services.check_item_sign(actor=world.user("mentor"), item=items[0], outcome="observed")
    with pytest.raises(ValidationError):
        services.check_item_sign(actor=manager, item=items[1], outcome="needs_training")
    services.check_item_sign(actor=manager, item=items[0], outcome="observed")
    services.check_item_sign(actor=manager, item=items[1], outcome="needs_training", plan="Deterioration course in May")
    assert selectors.check_progress(check) == (2, 2)
    with pytest.raises(PermissionDenied):
        services.absence_record(
            actor=world.user("mentor"), data={"person": mentor, "organisation": host, "started_on": today()}
        )


def test_pages_and_api(world: Any, login: Any) -> None:
    training = _request(world, **{**GATE_MET, "post_guaranteed": False, "post_evidence": ""})
    page = login("host_manager").get(f"/roles/training/{training.pk}/").content.decode()
    assert "A post guaranteed on completion" in page and "Not met" in page and "Record the decision" not in page
    assert login("apprentice").get(f"/roles/training/{training.pk}/").status_code == 404
    assert login("mentor").get(f"/roles/training/{training.pk}/").status_code == 200  # the learner named
    refused = login("coordinator").post(f"/roles/training/{training.pk}/", {"decide": "1", "approve": "yes"})
    assert refused.status_code == 200 and "Not yet" in refused.content.decode()
    api = world.api("coordinator")
    body = api.get(f"/api/v1/training-requests/{training.pk}/").json()
    assert [g["met"] for g in body["gate"]] == [True, True, True, True, False]
    assert (
        api.post(
            f"/api/v1/training-requests/{training.pk}/decide/",
            {"approve": False, "note": "No post yet."},
            format="json",
        ).json()["status"]
        == "refused"
    )
    assert (
        world.api("host_manager")
        .post(f"/api/v1/training-requests/{training.pk}/decide/", {"approve": True}, format="json")
        .status_code
        == 403
    )
    from workforce_hub.core.attention import attention_items

    services.absence_record(
        actor=world.user("host_manager"),
        data={
            "person": world.people["mentor"],
            "organisation": world.orgs["host"],
            "started_on": today() - timedelta(days=300),
            "returned_on": today() - timedelta(days=5),
        },
    )
    items = [i for i in attention_items(world.user("coordinator"), today()) if i.what == "Competence check needed"]
    assert [i.who for i in items] == [world.people["mentor"].display_name]
    home = login("host_manager").get("/", follow=True).content.decode()
    assert "Competence checks needed" in home and "Back after 295 days away" in home
    assert "Competence checks needed" not in login("other_host").get("/", follow=True).content.decode()
    check = services.check_start(
        actor=world.user("host_manager"),
        person=world.people["mentor"],
        organisation=world.orgs["host"],
        profile=training.profile,
        reason="moved",
    )
    item = check.items.first()
    assert item is not None
    signed = world.api("host_manager").post(
        f"/api/v1/competence-checks/{check.pk}/sign/", {"item": item.pk, "outcome": "observed"}, format="json"
    )
    assert signed.status_code == 200 and signed.json()["items"][0]["outcome"] == "observed"
    assert (
        world.api("mentor")
        .post(f"/api/v1/competence-checks/{check.pk}/sign/", {"item": item.pk, "outcome": "observed"}, format="json")
        .status_code
        == 403
    )
    listing = login("host_manager").get("/roles/competence-checks/").content.decode()
    assert "1 of 2 done" in listing
