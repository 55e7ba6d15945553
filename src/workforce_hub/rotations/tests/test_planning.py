"""Planning from the Hub's records: the instance, runs, publishing (idempotent), notices, re-plans, calendars."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from rotation_planner import check_plan, parse_instance, plan_cost
from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.rotations import services
from workforce_hub.rotations.instances import build_instance
from workforce_hub.rotations.models import CohortBlock, Placement, PlanRun, ReplanNeed
from workforce_hub.schemes import services as scheme_services

from .conftest import Planning, planned


def blocks(planning: Planning) -> list[CohortBlock]:
    return list(CohortBlock.objects.filter(cohort=planning.cohort).order_by("number"))


# ----------------------------------------------------------------------------------------------- calendar


def test_calendar_lays_blocks_end_to_end_on_weekdays(planning: Planning) -> None:
    bs = blocks(planning)
    assert [b.number for b in bs] == [1, 2, 3]
    assert bs[0].start_date == planning.cohort.start_date
    for a, b in itertools.pairwise(bs):
        assert a.end_date < b.start_date
        assert b.start_date.weekday() < 5 and a.end_date.weekday() < 5
    assert (bs[0].end_date - bs[0].start_date).days == 4 * 7 - 3  # Monday to the Friday four weeks on


def test_calendar_that_does_not_fit_the_cohort_is_refused(planning: Planning) -> None:
    CohortBlock.objects.filter(cohort=planning.cohort).delete()
    planning.cohort.scheme.block_weeks = 20
    planning.cohort.scheme.save()
    with pytest.raises(ValidationError, match="do not fit"):
        services.cohort_calendar_create(cohort=planning.cohort, actor=planning.coordinator)
    assert not CohortBlock.objects.filter(cohort=planning.cohort).exists()


def test_block_dates_cannot_overlap_a_neighbour(planning: Planning) -> None:
    b1, b2, _ = blocks(planning)
    with pytest.raises(ValidationError) as exc:
        services.cohort_block_update(
            block=b2, data={"start_date": b1.end_date, "end_date": b2.end_date}, actor=planning.coordinator
        )
    assert "start_date" in exc.value.message_dict


def test_only_coordinators_plan(planning: Planning) -> None:
    for key in ("admin", "host_manager", "tutor", "apprentice", "line_manager", "partner_lead"):
        with pytest.raises(PermissionDenied):
            services.plan_run_create(cohorts=[planning.cohort], actor=planning.world.users[key])
    refusals = AuditEvent.objects.filter(outcome=AuditEvent.Outcome.REFUSED, object_type="hub.plan_rotations")
    assert refusals.count() == 6
    assert not PlanRun.objects.filter(cohorts=planning.cohort).exists()


# ----------------------------------------------------------------------------------------------- instance


def test_instance_is_built_from_the_records(planning: Planning) -> None:
    world = planning.world
    b1 = blocks(planning)[0]
    # another cohort's apprentice holds one of Oak House's two places during part of block 1
    other = world.enrolments["other_apprentice"]
    Placement.objects.create(
        enrolment=other,
        setting=planning.settings["oak"],
        block_index=3,
        start_date=b1.start_date + timedelta(days=7),
        end_date=b1.start_date + timedelta(days=13),
        status="published",
    )
    services.capacity_change_create(
        setting=planning.settings["community"],
        data={"start_date": b1.start_date, "end_date": b1.end_date, "capacity": 0, "reason": "Team move"},
        actor=planning.coordinator,
    )
    built = build_instance(scheme=planning.cohort.scheme, cohorts=[planning.cohort], today=timezone.localdate()).raw
    inst = parse_instance(built)  # the planner accepts it as it is
    settings = {s["id"]: s for s in built["settings"]}
    oak = settings[f"S{planning.settings['oak'].pk}"]
    assert oak["default_capacity"] == 2
    assert {
        "from": str(b1.start_date + timedelta(days=7)),
        "to": str(b1.start_date + timedelta(days=13)),
        "capacity": 1,
    } in oak["capacity"]
    community = settings[f"S{planning.settings['community'].pk}"]
    assert community["capacity"][0] == {"from": str(b1.start_date), "to": str(b1.end_date), "capacity": 0}
    assert settings[f"S{world.settings['host2'].pk}"]["min_age"] == 18
    assert f"S{world.settings['p2'].pk}" not in settings  # another partnership's settings never appear
    assert len(inst.apprentices) == 3
    first = built["apprentices"][0]
    assert first["employer"] == f"O{planning.cohort.employer_id}"
    assert first["cohort"] == f"C{planning.cohort.pk}"
    assert built["cohorts"][0]["blocks"][0]["index"] == 1


def test_apprentice_without_date_of_birth_is_left_out_with_the_reason(planning: Planning) -> None:
    person = planning.enrolments[0].apprentice
    person.date_of_birth = None
    person.save()
    built = build_instance(scheme=planning.cohort.scheme, cohorts=[planning.cohort], today=timezone.localdate())
    assert len(built.raw["apprentices"]) == 2
    assert built.left_out == [
        {"enrolment": planning.enrolments[0].pk, "reason": "has no date of birth, which the minimum ages need"}
    ]


def test_scheme_allowed_types_limit_the_settings(planning: Planning) -> None:
    scheme = planning.cohort.scheme
    scheme.allowed_setting_types = ["acute_ward", "community"]
    scheme.save()
    built = build_instance(scheme=scheme, cohorts=[planning.cohort], today=timezone.localdate()).raw
    assert {s["type"] for s in built["settings"]} == {"acute_ward", "community"}


def test_cohorts_of_different_schemes_are_not_planned_together(planning: Planning) -> None:
    with pytest.raises(ValidationError, match="same scheme"):
        services.plan_run_create(cohorts=[planning.cohort, planning.world.cohorts["p2"]], actor=planning.coordinator)


# --------------------------------------------------------------------------------------------- run, publish


def test_run_plans_in_the_background_and_keeps_instance_and_plan(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    assert run.status == PlanRun.Status.FINISHED
    assert run.result == "OPTIMAL"
    assert run.progress["stage"] == "finished"
    inst = parse_instance(run.instance)
    assignments = [(a["apprentice"], a["block"], a["setting"]) for a in run.plan["assignments"]]
    assert check_plan(inst, assignments) == []
    assert run.objective == plan_cost(inst, assignments) == run.bound
    assert len(assignments) == 9


def test_publishing_creates_placements_and_tells_people_once(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        result = services.plan_run_publish(run=run, actor=planning.coordinator)
    assert len(result.created) == 9 and result.unchanged == 0
    live = Placement.objects.filter(enrolment__cohort=planning.cohort, status="published")
    assert live.count() == 9
    bs = blocks(planning)
    for p in live:
        assert (p.start_date, p.end_date) == (bs[p.block_index].start_date, bs[p.block_index].end_date)
    apprentice = planning.enrolments[0].apprentice
    published = Notification.objects.filter(kind="placement_published")
    to_apprentice = published.filter(recipient=apprentice)
    assert to_apprentice.count() == 3
    oak_placements = live.filter(setting=planning.settings["oak"]).count()
    # Oak House has no named contact: its host manager hears, and so does its named mentor
    assert published.filter(recipient=planning.world.people["host_manager"]).count() == oak_placements
    assert published.filter(recipient=planning.world.people["mentor"]).count() == oak_placements
    # every published placement gets a handover meeting near its end, and the apprentice is invited to each
    from workforce_hub.support.models import HandoverMeeting

    assert HandoverMeeting.objects.filter(placement__in=live).count() == 9
    handover_invites = Notification.objects.filter(kind="handover_meeting", recipient=apprentice)
    assert handover_invites.count() == 3
    sent = len(mail.outbox)
    assert sent == Notification.objects.count()
    body = next(m.body for m in mail.outbox if m.to == [apprentice.email] and "Oak House" in m.body)
    assert "Days at the placement: as agreed with the host" in body  # the cohort's week is not set
    assert "8am to 4pm" in body and "Mentor Test" in body
    host_mail = next(m for m in mail.outbox if m.to == [planning.world.people["host_manager"].email])
    for e in planning.enrolments:
        assert e.apprentice.family_name not in host_mail.body  # hosts are not told who until the first day

    # publishing again changes nothing and sends nothing
    with django_capture_on_commit_callbacks(execute=True):
        again = services.plan_run_publish(run=run, actor=planning.coordinator)
    assert again.already_published and not again.created
    assert live.count() == 9 and len(mail.outbox) == sent
    # a new run of the same records publishes nothing new either: every placement is already as planned
    rerun = planned(planning, django_capture_on_commit_callbacks)
    with django_capture_on_commit_callbacks(execute=True):
        third = services.plan_run_publish(run=rerun, actor=planning.coordinator)
    assert third.created == [] and third.unchanged == 9 and len(mail.outbox) == sent
    assert AuditEvent.objects.filter(action=AuditEvent.Action.PUBLISH).count() == 2


def test_an_older_run_cannot_be_published_over_a_newer_one(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    old = planned(planning, django_capture_on_commit_callbacks)
    new = planned(planning, django_capture_on_commit_callbacks)
    services.plan_run_publish(run=new, actor=planning.coordinator)
    with pytest.raises(ValidationError, match="newer plan"):
        services.plan_run_publish(run=old, actor=planning.coordinator)


def test_short_notice_is_flagged(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    # the cohort starts in about ten weeks: with 12 weeks' minimum notice, block 1 is short notice
    planning.cohort.scheme.minimum_notice_weeks = 12
    planning.cohort.scheme.save()
    run.refresh_from_db()
    short = services.short_notice(run)
    assert {c["block"] for c in short} == {1}
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_run_publish(run=run, actor=planning.coordinator)
    subjects = [m.subject for m in mail.outbox]
    assert sum("short notice" in s for s in subjects) >= 3
    assert any("shorter notice than the scheme's 12 weeks" in m.body for m in mail.outbox)


def test_pins_and_ruled_out_settings_are_kept(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    e = planning.enrolments[0]
    oak, ward = planning.settings["oak"], planning.settings["ward"]
    run = planned(
        planning,
        django_capture_on_commit_callbacks,
        choices={
            "pins": [{"enrolment": f"E{e.pk}", "block": 2, "setting": f"S{ward.pk}"}],
            "forbidden": [{"enrolment": f"E{e.pk}", "block": 1, "setting": f"S{oak.pk}"}],
        },
    )
    got = {(a["apprentice"], a["block"]): a["setting"] for a in run.plan["assignments"]}
    assert got[(f"E{e.pk}", 2)] == f"S{ward.pk}"
    assert got[(f"E{e.pk}", 1)] != f"S{oak.pk}"


def test_impossible_plan_is_explained_with_names(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    from workforce_hub.rotations.selectors import linked_explanation

    # every apprentice must see an acute ward, and the only one takes 18+ while one apprentice is 16
    young = planning.enrolments[0].apprentice
    young.date_of_birth = planning.cohort.start_date.replace(year=planning.cohort.start_date.year - 16)
    young.save()
    run = planned(planning, django_capture_on_commit_callbacks)
    assert run.result == "INFEASIBLE"
    text = " ".join(str(linked_explanation(run, r)) for r in run.plan["explanation"])
    assert young.display_name in text
    assert f'href="{planning.enrolments[0].get_absolute_url()}"' in text


# ----------------------------------------------------------------------------------------------- re-plans


def test_withdrawal_cancels_later_placements_and_offers_a_replan(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    services.plan_run_publish(run=run, actor=planning.coordinator)
    leaver = planning.enrolments[2]
    scheme_services.enrolment_change_status(
        enrolment=leaver,
        to_status="withdrawn",
        reason="Left for another job",
        actor=planning.coordinator,
        leaving_reason="job",
    )
    assert not Placement.objects.live().filter(enrolment=leaver).exists()
    need = ReplanNeed.objects.get(cohort=planning.cohort)
    assert need.kind == "withdrawal" and need.resolved_at is None

    replan = planned(planning, django_capture_on_commit_callbacks)
    assert f"E{leaver.pk}" not in {a["id"] for a in replan.instance["apprentices"]}
    result = services.plan_run_publish(run=replan, actor=planning.coordinator)
    # minimal change: the two who stay keep every placement
    assert result.created == [] and result.unchanged == 6
    need.refresh_from_db()
    assert need.resolved_by_run == replan


def test_replan_pins_blocks_already_started(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    services.plan_run_publish(run=run, actor=planning.coordinator)
    b1 = blocks(planning)[0]
    built = build_instance(
        scheme=planning.cohort.scheme, cohorts=[planning.cohort], today=b1.start_date + timedelta(days=2)
    ).raw
    for a in built["apprentices"]:
        assert [p["block"] for p in a["pinned"]] == [1]
    assert len(built["previous_plan"]) == 9


def test_host_withdrawing_places_offers_a_replan_that_moves_people(
    planning: Planning, django_capture_on_commit_callbacks: Any
) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    services.plan_run_publish(run=run, actor=planning.coordinator)
    ours = Placement.objects.live().filter(setting=planning.settings["oak"], enrolment__cohort=planning.cohort)
    used = ours.first()
    assert used is not None
    block = blocks(planning)[used.block_index]
    at_oak = ours.filter(block_index=used.block_index)
    services.capacity_change_create(
        setting=planning.settings["oak"],
        data={"start_date": block.start_date, "end_date": block.end_date, "capacity": 0, "reason": "Refurbishment"},
        actor=planning.coordinator,
    )
    assert ReplanNeed.objects.filter(cohort=planning.cohort, kind="capacity").exists()
    replan = planned(planning, django_capture_on_commit_callbacks)
    assert replan.has_plan
    moved = {c["enrolment"] for c in services.plan_changes(replan) if c["block"] == block.number}
    assert moved >= {p.enrolment_id for p in at_oak}
    services.plan_run_publish(run=replan, actor=planning.coordinator)
    assert not at_oak.all().exists()


def test_failed_run_can_be_retried(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    run = planned(planning, django_capture_on_commit_callbacks)
    PlanRun.objects.filter(pk=run.pk).update(status="failed", error="boom", plan=None, result="")
    run.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        services.plan_run_retry(run=run, actor=planning.coordinator)
    run.refresh_from_db()
    assert run.status == "finished" and run.result == "OPTIMAL"
    with pytest.raises(ValidationError):
        services.plan_run_retry(run=run, actor=planning.coordinator)


def test_malformed_instance_fails_with_a_message(planning: Planning, django_capture_on_commit_callbacks: Any) -> None:
    run = services.plan_run_create(cohorts=[planning.cohort], actor=planning.coordinator, enqueue=False)
    PlanRun.objects.filter(pk=run.pk).update(instance={"settings": []})
    assert services.plan_run_execute(run.pk) == "failed"
    run.refresh_from_db()
    assert "could not be turned into a plan" in run.error
    assert services.plan_run_execute(run.pk) == "nothing to do"  # only a queued run runs
