"""Levy transfers between partners: within a quarter of the sender's levy funds in a year from April to March,
recorded and removed by coordinators, read by whoever reads scheme reports."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from workforce_hub.outcomes import reports, services
from workforce_hub.outcomes.models import LevyTransfer

pytestmark = pytest.mark.django_db


def _record(world: Any, amount: str, on: date, key: str = "coordinator", **extra: Any) -> LevyTransfer:
    data = {
        "sender": world.orgs["funder"],
        "receiver": world.orgs["employer"],
        "amount": Decimal(amount),
        "levy_funds": Decimal("100000"),
        "agreed_on": on,
        "note": "",
        **extra,
    }
    return services.levy_transfer_record(scheme=world.scheme, data=data, actor=world.user(key))


def test_up_to_a_quarter_in_a_year_from_april(world: Any) -> None:
    _record(world, "20000", date(2025, 4, 1))
    _record(world, "5000", date(2026, 3, 31))  # the same year: exactly the quarter
    with pytest.raises(ValidationError) as err:
        _record(world, "0.01", date(2026, 3, 31))
    assert "£0.00 left (£25,000.00 already transferred)" in err.value.message_dict["amount"][0]
    assert "31 March 2026" in err.value.message_dict["amount"][0]
    _record(world, "25000", date(2026, 4, 1))  # a new year starts on 1 April
    assert LevyTransfer.objects.count() == 3


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"receiver": "funder"}, "receiver"),
        ({"receiver": "p2_org"}, "receiver"),
        ({"sender": "p2_org"}, "sender"),
        ({"amount": Decimal("0")}, "amount"),
        ({"amount": Decimal("-5")}, "amount"),
    ],
)
def test_bad_transfers_name_the_field_and_write_nothing(world: Any, extra: dict[str, Any], field: str) -> None:
    extra = {k: world.orgs[v] if isinstance(v, str) else v for k, v in extra.items()}
    amount = str(extra.pop("amount", "10"))
    with pytest.raises(ValidationError) as err:
        _record(world, amount, date(2025, 6, 1), **extra)
    assert field in err.value.message_dict
    assert not LevyTransfer.objects.exists()


@pytest.mark.parametrize("key", ["admin", "partner_lead", "tutor", "apprentice", "p2_coordinator"])
def test_only_coordinators_record_them(world: Any, key: str) -> None:
    with pytest.raises(PermissionDenied):
        _record(world, "10", date(2025, 6, 1), key=key)


def test_report_lists_transfers_costs_and_partners_not_asked_to_pay(world: Any) -> None:
    scheme = world.scheme
    scheme.annual_cost, scheme.training_cost_per_person = Decimal("1000"), Decimal("500")
    scheme.save()
    scheme.exempt_partners.set([world.orgs["employer"]])
    _record(world, "250", date(2025, 6, 1), note="Training for one apprentice")
    tables = {title: rows for title, _h, rows in reports.tables(reports.scheme_report(scheme))}
    assert tables["Levy transfers"] == [
        [
            date(2025, 6, 1),
            world.orgs["funder"].name,
            world.orgs["employer"].name,
            Decimal("250.00"),
            "Training for one apprentice",
        ]
    ]
    names = [row[0] for row in tables["Funding shares"]]
    assert names[-1] == f"{world.orgs['employer'].name} (not asked to pay)"
    costs = {row[0]: row[1] for row in tables["Costs"]}
    started = reports.scheme_report(scheme).funnel_value("Started")
    assert costs["In all"] == Decimal("1000") + Decimal("500") * started


def test_a_partner_cannot_both_fund_and_be_exempt(world: Any) -> None:
    from workforce_hub.schemes.services import scheme_update

    with pytest.raises(ValidationError) as err:
        scheme_update(
            scheme=world.scheme, data={"exempt_partners": [world.orgs["funder"]]}, actor=world.user("coordinator")
        )
    assert "exempt_partners" in err.value.message_dict


def test_pages_and_api(world: Any, login: Any) -> None:
    url = f"/outcomes/reports/schemes/{world.scheme.pk}/levy-transfers/"
    client = login("coordinator")
    page = client.get(url)
    assert page.status_code == 200 and "No levy transfers recorded" in page.content.decode()
    form = {
        "sender": world.orgs["funder"].pk,
        "receiver": world.orgs["employer"].pk,
        "amount": "30000",
        "levy_funds": "100000",
        "agreed_on": "2025-06-01",
        "note": "Too much",
    }
    over = client.post(url, form)
    assert over.status_code == 200 and "a quarter of its levy funds" in over.content.decode()
    assert "Too much" in over.content.decode()  # what was typed is kept
    assert client.post(url, {**form, "amount": "100"}).status_code == 302
    transfer = LevyTransfer.objects.get()
    report = client.get(f"/outcomes/reports/schemes/{world.scheme.pk}/").content.decode()
    assert "Record or remove levy transfers" in report
    assert login("partner_lead").get(url).status_code == 403
    assert (
        "Record or remove levy transfers"
        not in login("partner_lead").get(f"/outcomes/reports/schemes/{world.scheme.pk}/").content.decode()
    )
    client = login("coordinator")
    assert client.post(url, {"remove": transfer.pk}).status_code == 302 and not LevyTransfer.objects.exists()
    # the API
    body = {**form, "scheme": world.scheme.pk, "amount": "100", "agreed_on": "2025-06-01"}
    made = world.api("coordinator").post("/api/v1/levy-transfers/", body, format="json")
    assert made.status_code == 201, made.content
    assert world.api("partner_lead").get("/api/v1/levy-transfers/").json()["count"] == 1
    assert world.api("partner_lead").post("/api/v1/levy-transfers/", body, format="json").status_code == 403
    over_api = world.api("coordinator").post("/api/v1/levy-transfers/", {**body, "amount": "30000"}, format="json")
    assert over_api.status_code == 400 and "amount" in over_api.json().get("errors", over_api.json())
    assert world.api("tutor").get("/api/v1/levy-transfers/").json()["count"] == 0
    gone = world.api("coordinator").delete(f"/api/v1/levy-transfers/{made.json()['id']}/")
    assert gone.status_code == 204 and not LevyTransfer.objects.exists()
