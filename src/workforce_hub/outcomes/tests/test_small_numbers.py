"""One small-number rule for partner leads (ADR 0017): in the tables about people's circumstances (reasons for
leaving, destinations) a count of 1 or 2 reads "fewer than 3" on the page, in the exports and in the API; the
funnel stays exact; coordinators and admins see every number."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest

from workforce_hub.outcomes import reports
from workforce_hub.schemes.models import EnrolmentStatus, LeavingReason
from workforce_hub.schemes.services import enrolment_change_status

pytestmark = pytest.mark.django_db


def _one_leaver(world: Any) -> None:
    enrolment_change_status(
        enrolment=world.enrolments["apprentice"],
        to_status=EnrolmentStatus.WITHDRAWN,
        reason="Left for a job",
        actor=world.user("coordinator"),
        leaving_reason=LeavingReason.JOB,
    )


@pytest.mark.parametrize(("count", "shown"), [(0, 0), (1, "fewer than 3"), (2, "fewer than 3"), (3, 3)])
def test_the_rule_at_its_edges(count: int, shown: object) -> None:
    assert reports._few(count) == shown


def test_partner_leads_see_fewer_than_3_and_coordinators_the_number(world: Any, login: Any) -> None:
    _one_leaver(world)
    report = reports.scheme_report(world.scheme)
    hidden = dict(reports.tables(report, small_numbers_hidden=True)[1][2][0:1])
    exact = dict(reports.tables(report)[1][2][0:1])
    assert hidden == {"Left for a job": "fewer than 3"} and exact == {"Left for a job": 1}
    assert reports.tables(report, small_numbers_hidden=True)[0] == reports.tables(report)[0]  # the funnel stays
    url = f"/outcomes/reports/schemes/{world.scheme.pk}/"
    assert "fewer than 3" in login("partner_lead").get(url).content.decode()
    assert "fewer than 3" not in login("coordinator").get(url).content.decode()
    lead_csv = login("partner_lead").get(url + "export.csv").content.decode()
    assert ["Left for a job", "fewer than 3"] in list(csv.reader(io.StringIO(lead_csv)))
    api = world.api("partner_lead").get(f"/api/v1/scheme-reports/{world.scheme.pk}/").json()
    left = next(t for t in api["tables"] if t["title"] == "Left early, by reason")
    assert left["rows"][0] == ["Left for a job", "fewer than 3"]
    coordinator = world.api("coordinator").get(f"/api/v1/scheme-reports/{world.scheme.pk}/").json()
    assert next(t for t in coordinator["tables"] if t["title"] == "Left early, by reason")["rows"][0][1] == 1
