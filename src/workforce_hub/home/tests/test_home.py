"""Home pages: the coordinator's "needs attention" list (live cohorts only, named, never twice, only actions
that can work, each item snoozed or dismissed with a reason, audited); the admin's activity in sentences; the
tutor's waiting evidence as links."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.utils import timezone

from conftest import summary_of
from workforce_hub.core.attention import attention_items
from workforce_hub.core.models import AttentionDismissal, AuditEvent
from workforce_hub.rotations.models import CohortBlock, ReplanNeed
from workforce_hub.schemes.models import Cohort


def _replan(world: Any, cohort_key: str = "main") -> ReplanNeed:
    cohort = world.cohorts[cohort_key]
    return ReplanNeed.objects.create(
        cohort=cohort, kind="withdrawal", summary="left", enrolment=world.enrolments["apprentice"]
    )


def _future_block(cohort: Cohort) -> None:
    today = timezone.localdate()
    CohortBlock.objects.filter(cohort=cohort).delete()
    CohortBlock.objects.create(
        cohort=cohort, number=1, start_date=today + timedelta(days=30), end_date=today + timedelta(days=90)
    )


def test_replans_name_who_left_come_once_per_cohort_and_only_where_a_replan_can_work(world: Any) -> None:
    today = timezone.localdate()
    user = world.users["coordinator"]
    cohort = world.cohorts["main"]
    _replan(world)
    _replan(world)  # the same news twice
    CohortBlock.objects.filter(cohort=cohort).delete()  # no calendar: "re-plan" would fail
    assert not [i for i in attention_items(user, today) if i.what.startswith("Re-plan")]
    _future_block(cohort)
    items = [i for i in attention_items(user, today) if i.what.startswith("Re-plan")]
    name = world.enrolments["apprentice"].apprentice.display_name
    assert len(items) == 1 and items[0].what == f"Re-plan needed: {name} left" and items[0].who == cohort.name


def test_finished_cohorts_put_nothing_on_the_list(world: Any) -> None:
    today = timezone.localdate()
    cohort = world.cohorts["main"]
    _future_block(cohort)
    _replan(world)
    Cohort.objects.filter(pk=cohort.pk).update(
        start_date=today - timedelta(days=800), end_date=today - timedelta(days=400)
    )
    items = attention_items(world.users["coordinator"], today)
    assert not [i for i in items if i.who == cohort.name or "Re-plan" in i.what]


def test_an_item_is_snoozed_or_dismissed_with_a_reason_and_comes_back_after_a_snooze(world: Any, login: Any) -> None:
    today = timezone.localdate()
    cohort = world.cohorts["main"]
    _future_block(cohort)
    _replan(world)
    client = login("coordinator")
    [item] = [i for i in attention_items(world.users["coordinator"], today) if i.what.startswith("Re-plan")]
    assert item.what in client.get("/home/coordinator/").content.decode()
    refused = client.post("/home/attention/hide/", {"key": item.identity, "snooze": "week", "reason": ""}, follow=True)
    assert "Not hidden" in refused.content.decode() and item.what in refused.content.decode()
    hidden = client.post(
        "/home/attention/hide/", {"key": item.identity, "snooze": "week", "reason": "Waiting for the host"}, follow=True
    )
    assert "Hidden until" in hidden.content.decode() and item.what not in hidden.content.decode()
    saved = AttentionDismissal.objects.get(key=item.identity)
    assert saved.reason == "Waiting for the host" and saved.until == today + timedelta(days=7)
    assert AuditEvent.objects.filter(object_type="attention", actor=world.users["coordinator"]).exists()
    later = today + timedelta(days=8)
    assert item.identity in {i.identity for i in attention_items(world.users["coordinator"], later)}
    client.post("/home/attention/hide/", {"key": item.identity, "snooze": "good", "reason": "Handled by phone"})
    assert item.identity not in {i.identity for i in attention_items(world.users["coordinator"], later)}
    # a choice about one's own list: nobody else's changes
    assert not AttentionDismissal.objects.visible_to(world.users["admin"]).exists()
    assert (
        login("tutor").post("/home/attention/hide/", {"key": "x", "snooze": "good", "reason": "y"}).status_code == 404
    )


def test_the_admins_recent_activity_reads_as_sentences_about_records(world: Any, login: Any) -> None:
    from workforce_hub.core.audit import audit_record

    org = world.orgs["host"]
    audit_record(actor=world.users["admin"], action="update", obj=org)
    html = login("admin").get("/home/partnership_admin/").content.decode()
    assert f"{org.name} (organisation) was changed" in html
    assert "organisations.organisation" not in html  # no model labels


def test_the_tutor_home_links_to_each_evidence_item_waiting(world: Any, login: Any) -> None:
    from workforce_hub.portfolios.tests.factories import EvidenceFactory, LearningRecordFactory

    record = LearningRecordFactory(enrolment=world.enrolments["apprentice"])
    items = [EvidenceFactory(record=record, title=f"Hand hygiene audit {i}") for i in (1, 2)]
    html = login("tutor").get("/home/tutor/").content.decode()
    assert "2 evidence items waiting for assessment" in html
    for item in items:
        assert f'<a href="{item.get_absolute_url()}">{item.title}</a>' in html


def test_the_apprentice_sees_where_they_are_today_with_the_days_in_words(world: Any, login: Any) -> None:
    setting = world.settings["host"]
    setting.working_days, setting.working_hours = ["wed", "mon", "tue"], "8am to 4pm"
    setting.save(update_fields=["working_days", "working_hours"])
    rows = summary_of(login("apprentice").get("/home/apprentice/").content.decode())
    assert rows["Placement"].startswith(setting.name) and rows["Days and hours"] == "Monday to Wednesday, 8am to 4pm"
    setting.working_days, setting.working_hours = [], ""
    setting.save(update_fields=["working_days", "working_hours"])
    assert summary_of(login("apprentice").get("/home/apprentice/").content.decode())["Days and hours"] == "Days not set"


def test_people_with_a_role_and_no_login_are_counted_once_and_only_in_the_coordinators_partnership(
    world: Any,
) -> None:
    """The coordinator's home counts people who have a role but were never invited: each person once however many
    roles they hold; not those without a role, not those made inactive, never another partnership's."""
    from django.core.cache import cache

    from conftest import make_person
    from workforce_hub.core.roles import Role
    from workforce_hub.home.selectors import coordinator_home

    coordinator = world.users["coordinator"]
    before = coordinator_home(user=coordinator).people_without_login
    make_person(world, "two_roles", world.p1, [("host", Role.MENTOR), ("host2", Role.MENTOR)], login=False)
    make_person(world, "no_role", world.p1, [], login=False)
    make_person(world, "left", world.p1, [("host", Role.MENTOR)], login=False, is_active=False)
    make_person(world, "southern", world.p2, [("p2_org", Role.MENTOR)], login=False)
    # kept for two minutes like the needs-attention list (nobody here changed anything through the Hub)
    assert coordinator_home(user=coordinator).people_without_login == before
    cache.clear()
    assert coordinator_home(user=coordinator).people_without_login == before + 1
    assert coordinator_home(user=world.users["p2_coordinator"]).people_without_login >= 1  # theirs, counted there
