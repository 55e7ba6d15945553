"""Right to erasure for an applicant with no record in the Hub: a partnership administrator anonymises the
application on request (page and API), audited with the request's reference; the recruitment figures keep its
stage. Others are refused; an applicant who became an apprentice is erased from their person page instead."""

from __future__ import annotations

from typing import Any

from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.recruitment import services
from workforce_hub.recruitment.models import Application, Stage

from .factories import ApplicationFactory, VacancyFactory


def _application(world: Any) -> Application:
    application = ApplicationFactory(
        vacancy=VacancyFactory(cohort=world.cohorts["main"]), email="sam.applicant@example.org", phone="07700900123"
    )
    services.application_move(
        application=application, to_stage=Stage.DECLINED, note="Chose another job", actor=world.user("coordinator")
    )
    Notification.objects.create(to_email="sam.applicant@example.org", kind="application_received", subject="x")
    return application


def test_an_administrator_erases_an_applicant_on_request_and_the_stage_stays(world: Any, login: Any) -> None:
    application = _application(world)
    url = f"/recruitment/applications/{application.pk}/erase/"
    client = login("admin")
    page = client.get(url).content.decode()
    assert "Erase the applicant&#39;s data" in page or "Erase the applicant's data" in page
    bad = client.post(url, {"reference": "Sam Applicant", "confirm": "on"})  # a name, not a case number
    assert bad.status_code == 200 and "Enter the request" in bad.content.decode()
    assert Application.objects.get(pk=application.pk).erased_at is None
    done = client.post(url, {"reference": "DSAR-2026-031", "confirm": "on"})
    assert done.status_code == 302
    erased = Application.objects.get(pk=application.pk)
    assert erased.erased_at is not None and erased.stage == Stage.DECLINED
    assert erased.given_name == "" and erased.phone == "" and "sam.applicant" not in erased.email
    assert not erased.history.exclude(note="").exists()
    assert not Notification.objects.filter(to_email="sam.applicant@example.org").exists()
    event = AuditEvent.objects.get(
        object_type="recruitment.application", object_id=str(application.pk), action="delete"
    )
    assert event.detail == {"erasure": True, "reference": "DSAR-2026-031"}
    again = client.get(url).content.decode()
    assert "was erased" in again and 'name="reference"' not in again  # no second erasure offered


def test_only_an_administrator_of_the_partnership_may_erase(world: Any, login: Any) -> None:
    application = _application(world)
    url = f"/recruitment/applications/{application.pk}/erase/"
    for key in ("coordinator", "tutor", "p2_coordinator"):
        assert login(key).post(url, {"reference": "DSAR-1", "confirm": "on"}).status_code == 403, key
        assert world.api(key).post(
            f"/api/v1/applications/{application.pk}/erase/", {"reference": "DSAR-1"}
        ).status_code in (
            403,
            404,
        ), key
    assert Application.objects.get(pk=application.pk).erased_at is None
    assert AuditEvent.objects.filter(action="access_denied", object_type="hub.erase_people").exists()


def test_the_api_erases_and_refuses_twice_or_for_an_applicant_with_a_record(world: Any) -> None:
    application = _application(world)
    api = world.api("admin")
    first = api.post(f"/api/v1/applications/{application.pk}/erase/", {"reference": "DSAR-7"}, format="json")
    assert first.status_code == 200 and first.json()["given_name"] == ""
    second = api.post(f"/api/v1/applications/{application.pk}/erase/", {"reference": "DSAR-7"}, format="json")
    assert second.status_code == 400 and "erased already" in str(second.json())
    hired = _application(world)
    Application.objects.filter(pk=hired.pk).update(person=world.people["apprentice"])
    refused = api.post(f"/api/v1/applications/{hired.pk}/erase/", {"reference": "DSAR-8"}, format="json")
    assert refused.status_code == 400 and "person page" in str(refused.json())
    assert Application.objects.get(pk=hired.pk).erased_at is None
