"""Retention (SECURITY.md 14): each rule in the privacy register changes what is one day past its period and leaves
what is on the boundary, keeps the counts made from the records, does nothing on a second run, and takes a changed
period from the settings. The clock is moved by giving the sweep a later day."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django.utils import timezone

from conftest import World
from workforce_hub.core import privacy
from workforce_hub.core.models import AuditEvent
from workforce_hub.digital_skills.models import Answer, Assessment, DomainResult, NeedsTally
from workforce_hub.digital_skills.tests.test_needs import complete
from workforce_hub.notifications.models import Notification
from workforce_hub.recruitment.models import Application, ApplicationStageChange
from workforce_hub.recruitment.selectors import vacancy_list
from workforce_hub.recruitment.tests.factories import ApplicationFactory, VacancyFactory
from workforce_hub.rotations.models import PlanRun
from workforce_hub.schedule.jobs import run_job
from workforce_hub.schemes.models import Enrolment
from workforce_hub.support.models import PastoralNote, PastoralStatus


def _rule(name: str) -> privacy.RetentionRule:
    return next(r for r in privacy.retention_rules() if r.name == name)


def _at(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(12)))


def test_the_register_has_a_rule_for_each_kind_the_issue_names() -> None:
    assert {r.name for r in privacy.retention_rules()} == {
        "recruitment.unsuccessful_applications",
        "rotations.plan_inputs",
        "digital_skills.answers",
        "support.pastoral_records",
        "core.audit_log",
        "notifications.messages",
        "core.idempotency_keys",
    }


def test_unsuccessful_applications_are_anonymised_six_months_after_the_vacancy_closes(world: World) -> None:
    today = timezone.localdate()
    rule = _rule("recruitment.unsuccessful_applications")
    cutoff = rule.cutoff(today)
    old = VacancyFactory(cohort=world.cohorts["main"], closes_on=cutoff - timedelta(days=1), status="closed")
    edge = VacancyFactory(cohort=world.cohorts["main"], closes_on=cutoff, status="closed")
    declined = ApplicationFactory(vacancy=old, stage="declined", statement="MARKER-STATEMENT", postcode="DE22 4GH")
    ApplicationStageChange.objects.create(application=declined, to_stage="declined", note="MARKER-NOTE")
    accepted = ApplicationFactory(vacancy=old, stage="accepted")
    on_edge = ApplicationFactory(vacancy=edge, stage="withdrawn")
    Notification.objects.create(key="applied", to_email=declined.email, kind="applied", subject="Thanks", body=".")
    counts = {v.pk: (v.n_applications, v.n_accepted) for v in vacancy_list(user=world.users["coordinator"])}

    assert privacy.sweep(today)["recruitment.unsuccessful_applications"] == 1

    declined.refresh_from_db()
    assert (declined.given_name, declined.family_name, declined.phone, declined.statement) == ("", "", "", "")
    assert declined.date_of_birth is None and declined.postcode == "DE22" and declined.erased_at is not None
    assert declined.stage == "declined" and declined.eligibility  # the figures still count it
    assert ApplicationStageChange.objects.get(application=declined).note == ""
    assert not Notification.objects.filter(key="applied").exists()
    assert Application.objects.get(pk=accepted.pk).erased_at is None
    assert Application.objects.get(pk=on_edge.pk).erased_at is None
    assert {v.pk: (v.n_applications, v.n_accepted) for v in vacancy_list(user=world.users["coordinator"])} == counts
    assert privacy.sweep(today)["recruitment.unsuccessful_applications"] == 0  # a second run does nothing


def test_the_planners_inputs_lose_dates_of_birth_and_homes_a_year_after_the_run(world: World, login: Any) -> None:
    today = timezone.localdate()
    cutoff = _rule("rotations.plan_inputs").cutoff(today)
    enrolment = world.enrolments["apprentice"]
    cohort = f"C{enrolment.cohort_id}"
    instance = {
        "apprentices": [
            {"id": f"E{enrolment.pk}", "cohort": cohort, "date_of_birth": "2000-02-02", "lat": 52.9, "lon": -1.4}
        ]
    }
    old = PlanRun.objects.create(
        partnership=world.p1,
        scheme=world.scheme,
        instance=instance,
        left_out=[{"enrolment": enrolment.pk, "reason": "the postcode DE1 3AA was not found"}],
        status="finished",
        result="FEASIBLE",
        objective=100,
        bound=90,
        plan={"assignments": [{"apprentice": f"E{enrolment.pk}", "block": 1, "setting": "S1"}]},
    )
    edge = PlanRun.objects.create(partnership=world.p1, scheme=world.scheme, instance=instance, status="failed")
    PlanRun.objects.filter(pk=old.pk).update(created_at=_at(cutoff - timedelta(days=1)))
    PlanRun.objects.filter(pk=edge.pk).update(created_at=timezone.make_aware(datetime.combine(cutoff, time.min)))

    assert privacy.sweep(today)["rotations.plan_inputs"] == 1

    old.refresh_from_db()
    assert (
        old.instance["apprentices"] == [{"id": f"E{enrolment.pk}", "cohort": cohort}]
        and old.instance["personal_data_removed"]
    )
    assert "DE1 3AA" not in old.left_out[0]["reason"]
    assert PlanRun.objects.get(pk=edge.pk).instance["apprentices"][0]["date_of_birth"] == "2000-02-02"
    page = login("coordinator").get(old.get_absolute_url())  # the run's page still works, and says why it is short
    assert page.status_code == 200 and "taken out of what this plan was given" in page.content.decode()
    assert privacy.sweep(today)["rotations.plan_inputs"] == 0


def test_digital_skills_answers_go_after_two_years_and_the_counts_stay(world: World) -> None:
    today = timezone.localdate()
    cutoff = _rule("digital_skills.answers").cutoff(today)
    old, edge = complete(world, "staff_old", "employer", "care"), complete(world, "staff_edge", "employer", "care")
    Assessment.objects.filter(pk=old.pk).update(completed_at=_at(cutoff - timedelta(days=1)))
    Assessment.objects.filter(pk=edge.pk).update(completed_at=timezone.make_aware(datetime.combine(cutoff, time.min)))
    unfinished = Assessment.objects.get(person=world.people["staff"], completed_at__isnull=True)
    Assessment.objects.filter(pk=unfinished.pk).update(started_at=_at(cutoff - timedelta(days=1)))
    tallies = sorted(NeedsTally.objects.values_list("grouping", "key", "domain_id", "level", "n"))
    levels = DomainResult.objects.count()

    assert privacy.sweep(today)["digital_skills.answers"] > 0

    assert not Answer.objects.filter(assessment=old).exists()
    assert Answer.objects.filter(assessment=edge).exists()
    assert not Assessment.objects.filter(pk=unfinished.pk).exists()
    assert DomainResult.objects.count() == levels
    assert sorted(NeedsTally.objects.values_list("grouping", "key", "domain_id", "level", "n")) == tallies
    assert privacy.sweep(today)["digital_skills.answers"] == 0


def test_pastoral_records_go_a_year_after_the_apprentice_leaves(world: World) -> None:
    today = timezone.localdate()
    cutoff = _rule("support.pastoral_records").cutoff(today)
    left, edge = world.enrolments["apprentice"], world.enrolments["other_apprentice"]
    Enrolment.objects.filter(pk=left.pk).update(status="completed", ended_on=cutoff - timedelta(days=1))
    Enrolment.objects.filter(pk=edge.pk).update(status="withdrawn", ended_on=cutoff)
    for e in (left, edge, world.enrolments["p2_apprentice"]):
        PastoralNote.objects.create(enrolment=e, author=world.people["coordinator"], text="Struggling with travel")
        PastoralStatus.objects.create(enrolment=e, rag="amber")

    assert privacy.sweep(today)["support.pastoral_records"] == 2

    assert not PastoralNote.objects.filter(enrolment=left).exists()
    assert not PastoralStatus.objects.filter(enrolment=left).exists()
    assert PastoralNote.objects.filter(enrolment=edge).exists()
    assert PastoralNote.objects.filter(enrolment=world.enrolments["p2_apprentice"]).exists()  # still on the scheme
    assert privacy.sweep(today)["support.pastoral_records"] == 0


def test_audit_events_and_messages_go_when_their_period_ends(world: World) -> None:
    today = timezone.localdate()
    audit_cutoff = _rule("core.audit_log").cutoff(today)
    old = AuditEvent.objects.create(action="login")
    edge = AuditEvent.objects.create(action="login")
    # the log cannot be changed through the ORM; the test moves the clock by writing the rows' times directly
    from django.db import connection

    with connection.cursor() as cursor:
        table = AuditEvent._meta.db_table
        # The table name is the model's own (bandit B608).
        moved = f"UPDATE {table} SET at = %s WHERE id = %s"  # nosec B608
        cursor.execute(moved, [_at(audit_cutoff - timedelta(days=1)), old.pk])
        cursor.execute(
            moved,
            [timezone.make_aware(datetime.combine(audit_cutoff, time.min)), edge.pk],
        )
    message_cutoff = _rule("notifications.messages").cutoff(today)
    person = world.people["staff"]
    for key, status in (("sent", "sent"), ("queued", "queued"), ("edge", "sent")):
        Notification.objects.create(key=key, recipient=person, kind="t", subject="s", body="b", status=status)
    Notification.objects.filter(key__in=["sent", "queued"]).update(created_at=_at(message_cutoff - timedelta(days=1)))
    Notification.objects.filter(key="edge").update(
        created_at=timezone.make_aware(datetime.combine(message_cutoff, time.min))
    )

    tallies = privacy.sweep(today)

    assert tallies["core.audit_log"] == 1 and tallies["notifications.messages"] == 1
    assert not AuditEvent.objects.filter(pk=old.pk).exists() and AuditEvent.objects.filter(pk=edge.pk).exists()
    assert set(Notification.objects.filter(key__in=["sent", "queued", "edge"]).values_list("key", flat=True)) == {
        "queued",  # still waiting to be sent
        "edge",
    }


def test_a_period_can_be_changed_in_the_settings(world: World, settings: Any) -> None:
    today = timezone.localdate()
    rule = _rule("support.pastoral_records")
    assert rule.describe() == "Erased 1 year after the apprentice leaves or finishes the scheme."
    Enrolment.objects.filter(pk=world.enrolments["apprentice"].pk).update(
        status="completed", ended_on=today - timedelta(days=40)
    )
    PastoralNote.objects.create(enrolment=world.enrolments["apprentice"], author=world.people["coordinator"], text="x")
    assert privacy.sweep(today)["support.pastoral_records"] == 0
    settings.RETENTION_DAYS = {"support.pastoral_records": 30}
    assert rule.describe() == "Erased 30 days after the apprentice leaves or finishes the scheme."
    assert privacy.sweep(today)["support.pastoral_records"] == 1


def test_the_sweep_runs_as_a_daily_job_once_a_day(world: World) -> None:
    first = run_job("retention_sweep")
    assert first is not None and first.outcome == "done" and first.detail.endswith("records changed")
    assert run_job("retention_sweep") is None
