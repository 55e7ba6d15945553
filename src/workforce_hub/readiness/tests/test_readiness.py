"""Ready before day one: checklists from the best-fitting template when a placement is published, tasks the host
ticks, the agreement each party signs, and the narrow pre-arrival disclosure (ADR 0014) at its edges."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.readiness import access, selectors, services
from workforce_hub.readiness.models import PRE_ARRIVAL_DAYS, PlacementAgreement, PreArrivalTask
from workforce_hub.rotations.models import Placement

pytestmark = pytest.mark.django_db


def _checklists(world: Any) -> None:
    coordinator = world.user("coordinator")
    services.template_save(
        actor=coordinator,
        partnership=world.p1,
        data={"name": "Every placement", "setting_type": "", "organisation": None, "is_active": True},
        items=["14: Building pass", "7: Induction booked"],
    )
    services.template_save(
        actor=coordinator,
        partnership=world.p1,
        data={"name": "Oak Care homes", "setting_type": "", "organisation": world.orgs["host"], "is_active": True},
        items=["21: Care records account", "3: Uniform"],
    )


def _future_placement(world: Any, days_ahead: int = 30) -> Placement:
    placement = world.placements["apprentice"]
    today = timezone.localdate()
    placement.start_date = today + timedelta(days=days_ahead)
    placement.end_date = placement.start_date + timedelta(weeks=12)
    placement.save()
    setting = placement.setting
    setting.contact = world.people["host_manager"]
    setting.save()
    return Placement.objects.select_related("setting__site", "enrolment__cohort__scheme").get(pk=placement.pk)


def test_publishing_prepares_the_checklist_from_the_best_fitting_template(world: Any) -> None:
    _checklists(world)
    placement = _future_placement(world)
    assert selectors.template_for(placement).name == "Oak Care homes"  # the organisation's beats every placement's
    assert services.placements_prepare([placement]) == 1
    assert services.placements_prepare([placement]) == 0  # idempotent
    tasks = list(PreArrivalTask.objects.filter(placement=placement).order_by("due_on"))
    assert [(t.title, (placement.start_date - t.due_on).days) for t in tasks] == [
        ("Care records account", 21),
        ("Uniform", 3),
    ]
    assert all(t.assigned_to == world.people["host_manager"] for t in tasks)
    agreement = PlacementAgreement.objects.get(placement=placement)
    assert agreement.may_do == placement.setting.tasks_allowed and not agreement.is_signed
    note = Notification.objects.get(kind="pre_arrival_checklist")
    assert note.recipient == world.people["host_manager"]
    assert world.people["apprentice"].family_name not in note.body  # nobody named


def test_a_task_due_before_today_is_due_today(world: Any) -> None:
    _checklists(world)
    placement = _future_placement(world, days_ahead=5)
    services.placements_prepare([placement])
    assert min(PreArrivalTask.objects.filter(placement=placement).values_list("due_on", flat=True)) == (
        timezone.localdate()
    )


def test_hosts_and_coordinators_tick_tasks_others_cannot(world: Any) -> None:
    _checklists(world)
    placement = _future_placement(world)
    services.placements_prepare([placement])
    task = PreArrivalTask.objects.filter(placement=placement).first()
    assert task is not None
    for key in ("apprentice", "line_manager", "tutor", "other_host", "p2_coordinator"):
        with pytest.raises(PermissionDenied):
            services.task_done(actor=world.user(key), task=task)
    services.task_done(actor=world.user("mentor"), task=task, note="  account ANN01  ")
    task.refresh_from_db()
    assert task.done_at and task.done_by == world.people["mentor"] and task.note == "account ANN01"
    with pytest.raises(ValidationError):
        services.task_done(actor=world.user("host_manager"), task=task)
    services.task_undo(actor=world.user("coordinator"), task=task)
    task.refresh_from_db()
    assert task.done_at is None


def test_the_agreement_is_signed_by_three_parties_and_a_change_asks_again(world: Any) -> None:
    placement = _future_placement(world)
    services.placements_prepare([placement])
    agreement = PlacementAgreement.objects.get(placement=placement)
    for key in ("tutor", "line_manager", "other_host"):
        with pytest.raises(PermissionDenied):
            services.agreement_sign(actor=world.user(key), agreement=agreement)
    for key in ("apprentice", "mentor", "coordinator"):
        services.agreement_sign(actor=world.user(key), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.is_signed and not agreement.signed_late()
    assert agreement.host_signed_by == world.people["mentor"]
    with pytest.raises(ValidationError):
        services.agreement_sign(actor=world.user("apprentice"), agreement=agreement)
    services.agreement_update(
        actor=world.user("coordinator"), agreement=agreement, data={"must_not_do": ["Giving medicines", " "]}
    )
    agreement.refresh_from_db()
    assert agreement.must_not_do == ["Giving medicines"] and not agreement.is_signed
    with pytest.raises(PermissionDenied):
        services.agreement_update(actor=world.user("host_manager"), agreement=agreement, data={"supernumerary": False})
    with pytest.raises(ValidationError) as err:
        services.agreement_update(
            actor=world.user("coordinator"), agreement=agreement, data={"mentor": world.people["other_host"]}
        )
    assert "mentor" in err.value.message_dict


def test_an_agreement_signed_after_the_first_day_shows_it(world: Any) -> None:
    placement = world.placements["apprentice"]  # started ten days ago
    services.placements_prepare([placement])
    agreement = PlacementAgreement.objects.get(placement=placement)
    for key in ("apprentice", "host_manager", "coordinator"):
        services.agreement_sign(actor=world.user(key), agreement=agreement)
    agreement.refresh_from_db()
    assert agreement.is_signed and agreement.signed_late()


@pytest.mark.parametrize(
    ("days_before_start", "key", "sees"),
    [
        (PRE_ARRIVAL_DAYS + 1, "host_manager", False),  # the day before the window opens
        (PRE_ARRIVAL_DAYS, "host_manager", True),  # the window's first day
        (1, "host_manager", True),
        (1, "mentor", False),  # not the single point of contact
        (1, "other_host", False),
    ],
)
def test_the_pre_arrival_window(world: Any, days_before_start: int, key: str, sees: bool) -> None:
    placement = _future_placement(world, days_ahead=days_before_start)
    disclosed = services.pre_arrival_disclosure(actor=world.user(key), placement=placement)
    assert (disclosed is not None) is sees
    audited = AuditEvent.objects.filter(
        action=AuditEvent.Action.READ_SENSITIVE, object_id=str(placement.enrolment.apprentice_id)
    )
    assert audited.exists() is sees
    if sees:
        assert disclosed == {"name": world.people["apprentice"].display_name, "email": world.people["apprentice"].email}


def test_from_the_first_day_every_host_sees_the_name(world: Any) -> None:
    placement = _future_placement(world, days_ahead=0)  # starts today
    assert not access.pre_arrival_contact(placement, world.user("host_manager"))  # the window has closed...
    assert access.names_apprentice(placement, world.user("mentor"))  # ...because everyone at the host sees it now
    later = _future_placement(world, days_ahead=3)
    assert not access.names_apprentice(later, world.user("mentor"))
    assert access.names_apprentice(later, world.user("host_manager"))  # the contact, inside the window


def test_templates_refuse_bad_lines_and_keep_nothing(world: Any) -> None:
    with pytest.raises(ValidationError) as err:
        services.template_save(
            actor=world.user("coordinator"),
            partnership=world.p1,
            data={"name": "Bad", "setting_type": "", "organisation": None, "is_active": True},
            items=["14: Fine", "Building pass", "200: Too early", "x: No"],
        )
    problems = err.value.message_dict["items"]
    assert [p.split(":")[0] for p in problems] == ["Line 2", "Line 3", "Line 4"]
    with pytest.raises(PermissionDenied):
        services.template_save(
            actor=world.user("host_manager"),
            partnership=world.p1,
            data={"name": "Mine", "setting_type": "", "organisation": None, "is_active": True},
            items=["1: Something"],
        )


def test_readiness_on_the_coordinator_and_host_homes(world: Any, login: Any) -> None:
    _checklists(world)
    placement = _future_placement(world, days_ahead=10)
    services.placements_prepare([placement])
    home = login("coordinator").get("/home/coordinator/").content.decode()
    assert "1 placement starts within 2 weeks and is not ready" in home
    host = login("host_manager").get("/home/host/").content.decode()
    assert "Getting ready" in host and "0 of 2 pre-arrival tasks done" in host
    assert world.people["apprentice"].family_name not in host.split("Getting ready")[1].split("</ul>")[0]
    for task in PreArrivalTask.objects.filter(placement=placement):
        services.task_done(actor=world.user("host_manager"), task=task)
    agreement = PlacementAgreement.objects.get(placement=placement)
    for key in ("apprentice", "host_manager", "coordinator"):
        services.agreement_sign(actor=world.user(key), agreement=agreement)
    assert selectors.starting_soon(world.user("coordinator"), timezone.localdate()) == []


def test_pages(world: Any, login: Any) -> None:
    _checklists(world)
    placement = _future_placement(world, days_ahead=PRE_ARRIVAL_DAYS + 5)
    services.placements_prepare([placement])
    url = f"/readiness/placements/{placement.pk}/"
    name = world.people["apprentice"].display_name
    host = login("host_manager")
    page = host.get(url).content.decode()
    assert page.count("Mark as done") == 2 and name not in page
    task = PreArrivalTask.objects.filter(placement=placement).first()
    assert task is not None
    assert host.post(url, {"task": task.pk, "note": "Done today"}).status_code == 302
    assert PreArrivalTask.objects.get(pk=task.pk).done_at is not None
    assert login("other_host").get(url).status_code == 404
    assert login("staff").get(url).status_code == 404
    apprentice = login("apprentice")
    agreement_url = f"/readiness/placements/{placement.pk}/agreement/"
    assert "Sign the agreement" in apprentice.get(agreement_url).content.decode()
    assert apprentice.post(agreement_url).status_code == 302
    assert "You have signed" in apprentice.get(agreement_url).content.decode()
    assert apprentice.post(url, {"task": task.pk}).status_code == 404  # the apprentice sees no tasks
    coordinator = login("coordinator")
    assert coordinator.get("/readiness/not-ready/").status_code == 200
    form = coordinator.get(f"{agreement_url}change/")
    assert form.status_code == 200
    assert login("host_manager").get(f"{agreement_url}change/").status_code == 403


def test_api(world: Any) -> None:
    _checklists(world)
    placement = _future_placement(world)
    services.placements_prepare([placement])
    host = world.api("host_manager")
    tasks = host.get("/api/v1/pre-arrival-tasks/").json()
    assert tasks["count"] == 2
    first = tasks["results"][0]["id"]
    assert host.post(f"/api/v1/pre-arrival-tasks/{first}/done/", {"note": "ok"}, format="json").status_code == 200
    assert world.api("apprentice").get("/api/v1/pre-arrival-tasks/").json()["count"] == 0
    assert world.api("other_host").post(f"/api/v1/pre-arrival-tasks/{first}/undo/").status_code == 404
    agreement = PlacementAgreement.objects.get(placement=placement)
    signed = world.api("apprentice").post(f"/api/v1/placement-agreements/{agreement.pk}/sign/")
    assert signed.status_code == 200 and signed.json()["apprentice_signed_at"]
    assert (
        world.api("host_manager")
        .patch(f"/api/v1/placement-agreements/{agreement.pk}/", {"supernumerary": False}, format="json")
        .status_code
        == 403
    )
    changed = world.api("coordinator").patch(
        f"/api/v1/placement-agreements/{agreement.pk}/", {"supernumerary": False}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["apprentice_signed_at"] is None
    made = world.api("coordinator").post(
        "/api/v1/checklist-templates/",
        {"name": "Wards", "setting_type": "acute_ward", "items": [{"title": "Badge", "days_before_start": 7}]},
        format="json",
    )
    assert made.status_code == 201, made.content
    assert made.json()["items"] == [{"title": "Badge", "days_before_start": 7}]
    assert (
        world.api("mentor").post("/api/v1/checklist-templates/", {"name": "x", "items": []}, format="json").status_code
        == 403
    )
    assert world.api("coordinator").delete(f"/api/v1/checklist-templates/{made.json()['id']}/").status_code == 204
