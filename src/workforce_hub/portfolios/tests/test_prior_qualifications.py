"""A qualification held before the start (the Care Certificate from an earlier care job) counts as achieved."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from workforce_hub.portfolios import selectors, services
from workforce_hub.portfolios.models import LearningRecord, PriorQualification
from workforce_hub.programmes.models import Qualification

pytestmark = pytest.mark.django_db


def _care(record: LearningRecord) -> selectors.QualificationStatus:
    return next(s for s in selectors.qualification_status(record) if s.qualification.code == "CARE-CERTIFICATE")


def _cc() -> Qualification:
    return Qualification.objects.get(code="CARE-CERTIFICATE")


def test_held_before_counts_as_achieved_and_is_never_overdue(world: Any, record: LearningRecord) -> None:
    late = record.start_date + timedelta(weeks=13)
    assert not _care(record).achieved
    assert selectors.qualification_status(record, late)[0].overdue or _care(record).due is not None
    prior = services.prior_qualification_record(
        actor=world.users["tutor"],
        record=record,
        qualification=_cc(),
        achieved_on=record.start_date,  # the first day still counts as before
        evidence="  Certificate from Oak Care dated last year, copy on file.  ",
    )
    assert prior.evidence == "Certificate from Oak Care dated last year, copy on file."
    status = next(s for s in selectors.qualification_status(record, late) if s.qualification.code == "CARE-CERTIFICATE")
    assert status.achieved and not status.overdue and status.held_before == prior
    assert status.checks[0].label == "Held before the start" and "Oak Care" in status.checks[0].reason


@pytest.mark.parametrize(
    ("days_after_start", "evidence", "field"),
    [(1, "Certificate seen", "achieved_on"), (0, "   ", "evidence")],
)
def test_bad_input_is_refused_naming_the_field(
    world: Any, record: LearningRecord, days_after_start: int, evidence: str, field: str
) -> None:
    with pytest.raises(ValidationError) as err:
        services.prior_qualification_record(
            actor=world.users["tutor"],
            record=record,
            qualification=_cc(),
            achieved_on=record.start_date + timedelta(days=days_after_start),
            evidence=evidence,
        )
    assert field in err.value.message_dict
    assert not PriorQualification.objects.exists()


def test_twice_or_a_qualification_the_standard_does_not_need_is_refused(world: Any, record: LearningRecord) -> None:
    tutor = world.users["tutor"]
    services.prior_qualification_record(
        actor=tutor, record=record, qualification=_cc(), achieved_on=record.start_date, evidence="Seen"
    )
    for qualification in (_cc(), Qualification.objects.create(code="OTHER", title="Other", rule={}, source="-")):
        with pytest.raises(ValidationError) as err:
            services.prior_qualification_record(
                actor=tutor, record=record, qualification=qualification, achieved_on=record.start_date, evidence="x"
            )
        assert "qualification" in err.value.message_dict


@pytest.mark.parametrize("key", ["apprentice", "line_manager", "coordinator", "host_manager", "p2_coordinator"])
def test_only_the_training_provider_records_it(world: Any, record: LearningRecord, key: str) -> None:
    with pytest.raises(ValidationError) as err:  # the learning record's refusals are audited and shown in place
        services.prior_qualification_record(
            actor=world.users[key], record=record, qualification=_cc(), achieved_on=record.start_date, evidence="x"
        )
    assert err.value.code == "refused"
    assert not PriorQualification.objects.exists()


def test_page_and_api(world: Any, record: LearningRecord, login: Any) -> None:
    url = f"/learning/{record.pk}/qualifications/held-before/"
    tutor = login("tutor")
    assert (
        "Record a qualification held before the start"
        in tutor.get(f"/learning/{record.pk}/qualifications/").content.decode()
    )
    bad = tutor.post(url, {"qualification": _cc().pk, "achieved_on": "", "evidence": "Seen it"})
    assert bad.status_code == 200 and "Seen it" in bad.content.decode()  # what was typed is kept
    ok = tutor.post(
        url,
        {"qualification": _cc().pk, "achieved_on": record.start_date.isoformat(), "evidence": "Certificate seen"},
    )
    assert ok.status_code == 302 and PriorQualification.objects.filter(record=record).exists()
    assert "Held before the start" in tutor.get(f"/learning/{record.pk}/qualifications/").content.decode()
    assert login("apprentice").get(url).status_code == 404
    # the API: readers of the record list it; only the provider may add one
    listed = world.api("apprentice").get(f"/api/v1/prior-qualifications/?record={record.pk}")
    assert listed.status_code == 200 and listed.json()["count"] == 1
    assert world.api("host_manager").get("/api/v1/prior-qualifications/").json()["count"] == 0
    PriorQualification.objects.all().delete()
    refused = world.api("line_manager").post(
        "/api/v1/prior-qualifications/",
        {"record": record.pk, "qualification": _cc().pk, "achieved_on": record.start_date, "evidence": "x"},
        format="json",
    )
    assert refused.status_code in (400, 403, 404) and not PriorQualification.objects.exists()
    made = world.api("tutor").post(
        "/api/v1/prior-qualifications/",
        {"record": record.pk, "qualification": _cc().pk, "achieved_on": record.start_date, "evidence": "Seen"},
        format="json",
    )
    assert made.status_code == 201 and made.json()["evidence"] == "Seen"
