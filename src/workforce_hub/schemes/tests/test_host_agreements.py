"""Partnership agreements with hosts: a versioned template, offered to each host for a scheme, signed by both
sides; a plan that uses a host without one says so, and the planner can be told to avoid such hosts."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workforce_hub.rotations.instances import build_instance, record_pk
from workforce_hub.schemes import services
from workforce_hub.schemes.models import HostAgreement, HostAgreementTemplate, unsigned_hosts

pytestmark = pytest.mark.django_db

TEXT = {"host_commits": "A named mentor for each apprentice.", "partnership_provides": "Six weeks' notice."}


def _template(world: Any) -> HostAgreementTemplate:
    return services.host_agreement_template_publish(actor=world.user("coordinator"), partnership=world.p1, data=TEXT)


def test_versions_and_offers(world: Any) -> None:
    with pytest.raises(ValidationError):
        services.host_agreement_offer(
            actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host"]
        )
    first = _template(world)
    agreement = services.host_agreement_offer(
        actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host"]
    )
    assert agreement.template == first and not agreement.is_signed
    second = services.host_agreement_template_publish(
        actor=world.user("coordinator"), partnership=world.p1, data={**TEXT, "host_commits": "Two mentors."}
    )
    assert (first.version, second.version) == (1, 2)
    moved = services.host_agreement_offer(
        actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host"]
    )
    assert moved.pk == agreement.pk and moved.template == second  # unsigned: moves to the current version
    with pytest.raises(ValidationError) as err:
        services.host_agreement_template_publish(
            actor=world.user("coordinator"),
            partnership=world.p1,
            data={"host_commits": " ", "partnership_provides": ""},
        )
    assert set(err.value.message_dict) == {"host_commits", "partnership_provides"}
    for key in ("host_manager", "partner_lead", "admin"):
        with pytest.raises(PermissionDenied):
            services.host_agreement_template_publish(actor=world.user(key), partnership=world.p1, data=TEXT)


def test_both_sides_sign_and_a_signed_one_keeps_its_version(world: Any) -> None:
    _template(world)
    agreement = services.host_agreement_offer(
        actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host"]
    )
    for key in ("mentor", "apprentice", "other_host", "tutor"):
        with pytest.raises(PermissionDenied):
            services.host_agreement_sign(actor=world.user(key), agreement=agreement)
    services.host_agreement_sign(actor=world.user("host_manager"), agreement=agreement)
    with pytest.raises(ValidationError):
        services.host_agreement_offer(
            actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host"]
        )
    services.host_agreement_sign(actor=world.user("coordinator"), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.is_signed and agreement.host_signed_by == world.people["host_manager"]
    assert unsigned_hosts(world.scheme, {world.orgs["host"].pk, world.orgs["host2"].pk}) == {world.orgs["host2"].pk}


def test_the_planner_can_avoid_hosts_without_a_signed_agreement(world: Any) -> None:
    cohort = world.cohorts["main"]
    settings = lambda built: {record_pk(s["id"]) for s in built.raw["settings"]}  # noqa: E731
    today = timezone.localdate()
    every = settings(build_instance(scheme=world.scheme, cohorts=[cohort], today=today))
    avoiding = settings(
        build_instance(scheme=world.scheme, cohorts=[cohort], choices={"avoid_unsigned_hosts": True}, today=today)
    )
    host2 = world.settings["host2"].pk
    assert host2 in every and host2 not in avoiding
    assert world.placements["apprentice"].setting_id in avoiding  # a setting in use stays
    _template(world)
    agreement = services.host_agreement_offer(
        actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host2"]
    )
    services.host_agreement_sign(actor=world.user("other_host"), agreement=agreement)
    services.host_agreement_sign(actor=world.user("coordinator"), agreement=agreement)
    avoiding = settings(
        build_instance(scheme=world.scheme, cohorts=[cohort], choices={"avoid_unsigned_hosts": True}, today=today)
    )
    assert host2 in avoiding


def test_pages_the_organisation_page_and_the_api(world: Any, login: Any) -> None:
    coordinator = login("coordinator")
    assert (
        coordinator.post("/schemes/host-agreement/", {"host_commits": "", "partnership_provides": "x"}).status_code
        == 200
    )
    assert coordinator.post("/schemes/host-agreement/", TEXT).status_code == 302
    page = coordinator.get(f"/schemes/{world.scheme.pk}/host-agreements/").content.decode()
    assert "Offer the agreement" in page
    offered = coordinator.post(f"/schemes/{world.scheme.pk}/host-agreements/", {"organisation": world.orgs["host"].pk})
    agreement = HostAgreement.objects.get()
    assert offered.status_code == 302 and offered["Location"] == f"/schemes/host-agreements/{agreement.pk}/"
    host = login("host_manager")
    assert f"Sign for {world.orgs['host'].name}" in host.get(offered["Location"]).content.decode()
    assert host.post(offered["Location"]).status_code == 302
    assert "waiting for signatures" in host.get(f"/organisations/{world.orgs['host'].pk}/").content.decode()
    assert login("host_manager").post("/schemes/host-agreement/", TEXT).status_code == 403
    api = world.api("coordinator")
    signed = api.post(f"/api/v1/host-agreements/{agreement.pk}/sign/")
    assert signed.status_code == 200 and signed.json()["is_signed"]
    assert world.api("p2_coordinator").get(f"/api/v1/host-agreements/{agreement.pk}/").status_code == 404
    made = api.post("/api/v1/host-agreement-templates/", TEXT, format="json")
    assert made.status_code == 201 and made.json()["version"] == 2
    assert world.api("mentor").post("/api/v1/host-agreement-templates/", TEXT, format="json").status_code == 403
    offer = api.post(
        "/api/v1/host-agreements/", {"scheme": world.scheme.pk, "organisation": world.orgs["host2"].pk}, format="json"
    )
    assert offer.status_code == 201 and offer.json()["version"] == 2
    assert world.api("mentor").post(f"/api/v1/host-agreements/{offer.json()['id']}/sign/").status_code == 403


def test_a_plan_says_which_hosts_have_not_signed(world: Any) -> None:
    from workforce_hub.rotations.models import PlanRun
    from workforce_hub.rotations.selectors import hosts_without_agreement

    run = PlanRun.objects.get(scheme=world.scheme)
    run.plan = {
        "assignments": [
            {"apprentice": "E1", "block": 1, "setting": f"S{world.settings['host'].pk}"},
            {"apprentice": "E1", "block": 2, "setting": f"S{world.settings['host2'].pk}"},
        ]
    }
    assert hosts_without_agreement(run) == sorted([world.orgs["host"].name, world.orgs["host2"].name])
    _template(world)
    agreement = services.host_agreement_offer(
        actor=world.user("coordinator"), scheme=world.scheme, organisation=world.orgs["host"]
    )
    services.host_agreement_sign(actor=world.user("host_manager"), agreement=agreement)
    assert len(hosts_without_agreement(run)) == 2  # one side is not enough
    services.host_agreement_sign(actor=world.user("coordinator"), agreement=agreement)
    assert hosts_without_agreement(run) == [world.orgs["host2"].name]
