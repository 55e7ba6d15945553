"""The Care Certificate within 12 weeks of the start: due soon two weeks before, overdue the day after, not listed
when every standard is signed off or it was held before; reminders once each; the coordinator's and tutor's homes."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone

from workforce_hub.notifications.models import Notification
from workforce_hub.portfolios import services
from workforce_hub.portfolios.models import LearningRecord, PriorQualification, UnitAchievement
from workforce_hub.portfolios.selectors import DUE_SOON_DAYS, care_certificates_due
from workforce_hub.programmes.models import Qualification, Unit

pytestmark = pytest.mark.django_db


def _due(record: LearningRecord) -> date:
    return record.start_date + timedelta(weeks=12)


@pytest.mark.parametrize(
    ("days_before_due", "listed", "overdue"),
    [(DUE_SOON_DAYS + 1, False, False), (DUE_SOON_DAYS, True, False), (0, True, False), (-1, True, True)],
)
def test_listed_from_two_weeks_before_and_overdue_the_day_after(
    world: Any, record: LearningRecord, days_before_due: int, listed: bool, overdue: bool
) -> None:
    on = _due(record) - timedelta(days=days_before_due)
    found = care_certificates_due(world.user("coordinator"), on)
    assert bool(found) is listed
    if listed:
        assert found[0].due == _due(record) and found[0].overdue is overdue and found[0].of == 15


def test_not_listed_once_achieved_or_held_before(world: Any, record: LearningRecord) -> None:
    late = _due(record) + timedelta(days=1)
    care = Qualification.objects.get(code="CARE-CERTIFICATE")
    units = list(Unit.objects.filter(qualification=care))
    UnitAchievement.objects.bulk_create(
        UnitAchievement(record=record, unit=u, achieved_on=record.start_date) for u in units[:14]
    )
    assert care_certificates_due(world.user("tutor"), late)[0].signed_off == 14
    UnitAchievement.objects.create(record=record, unit=units[14], achieved_on=record.start_date)
    assert care_certificates_due(world.user("tutor"), late) == []
    UnitAchievement.objects.filter(record=record).delete()
    PriorQualification.objects.create(record=record, qualification=care, achieved_on=record.start_date, evidence="Seen")
    assert care_certificates_due(world.user("tutor"), late) == []


def test_only_those_who_see_the_record(world: Any, record: LearningRecord) -> None:
    late = _due(record) + timedelta(days=1)
    for key, sees in (("coordinator", True), ("tutor", True), ("host_manager", False), ("p2_coordinator", False)):
        assert bool(care_certificates_due(world.user(key), late)) is sees, key


def test_reminders_once_before_and_once_overdue(world: Any, record: LearningRecord) -> None:
    soon = _due(record) - timedelta(days=3)
    assert services.care_certificate_reminders(soon) == 1
    services.care_certificate_reminders(soon)  # the same day again: nothing new
    messages = Notification.objects.filter(kind="care_certificate_due")
    recipients = set(messages.values_list("recipient_id", flat=True))
    assert world.people["apprentice"].pk in recipients and world.people["tutor"].pk in recipients
    assert world.people["host_manager"].pk not in recipients
    first = messages.count()
    services.care_certificate_reminders(_due(record) + timedelta(days=1))
    assert messages.count() == 2 * first  # one "overdue" message each
    assert all("Care Certificate" in b for b in messages.values_list("body", flat=True))
    call_command("send_certificate_reminders")  # the daily command runs


def test_homes_show_it(world: Any, record: LearningRecord, login: Any) -> None:
    LearningRecord.objects.filter(pk=record.pk).update(start_date=timezone.localdate() - timedelta(weeks=13))
    assert "Care Certificate overdue since" in login("coordinator").get("/home/coordinator/").content.decode()
    tutor = login("tutor").get("/home/tutor/").content.decode()
    assert "Care Certificates due or overdue" in tutor and "0 of 15 standards signed off" in tutor
