"""Passport pages: the passport (who sees it), the public check (its own content only), published keys and the
status list, share links, downloads, forms that keep what was typed, and the host's view of a placement."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client

from workforce_hub.passport import services, signing, verify
from workforce_hub.passport.models import Credential, ShareLink, TrainingAssignment
from workforce_hub.rotations.models import Placement

from .conftest import record, today

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("key", "sees"),
    [
        ("apprentice", True),
        ("coordinator", True),
        ("line_manager", True),
        ("tutor", True),
        ("host_manager", True),  # placed with them now
        ("other_line_manager", False),
        ("other_host", False),
        ("other_apprentice", False),
        ("staff", False),
        ("p2_coordinator", False),
    ],
)
def test_who_sees_a_passport(world: Any, topics: Any, login: Any, key: str, sees: bool) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    client = login(key)
    page = client.get(f"/passport/people/{world.people['apprentice'].pk}/")
    assert (page.status_code == 200) is sees
    if sees:
        assert c.name in page.content.decode()
    download = client.get(f"/passport/credentials/{c.public_id}/download.json")
    assert (download.status_code == 200) is sees


def test_my_passport_groups_by_state_and_offers_links(world: Any, topics: Any, login: Any) -> None:
    record(world, "apprentice", topics["bls"], "employer", days_ago=330)  # lapses within 60 days
    record(world, "apprentice", topics["ig"], "employer", days_ago=400)  # out of date
    record(world, "apprentice", topics["mh"], "employer")
    page = login("apprentice").get("/passport/").content.decode()
    assert page.index("In date") < page.index(topics["mh"].name) < page.index("Going out of date")
    assert page.index("Going out of date") < page.index(topics["bls"].name) < page.index("Out of date")
    assert page.index("Out of date") < page.index(topics["ig"].name)
    assert "Make a share link" in page


def test_the_public_check_shows_the_credential_and_nothing_else(world: Any, topics: Any) -> None:
    record(world, "apprentice", topics["ig"], "employer")
    c = record(world, "apprentice", topics["bls"], "employer")
    page = Client().get(f"/passport/credentials/{c.public_id}/").content.decode()
    apprentice = world.people["apprentice"]
    assert "Valid" in page and c.name in page and "County Council" in page and apprentice.display_name in page
    for private in (apprentice.email, "MARKER-HEALTH-NOTE", topics["ig"].name, "Certificate seen"):
        assert private not in page
    api = Client().get(f"/api/v1/public/credentials/{c.public_id}/").json()
    assert api["status"] == "valid" and api["name"] == c.name
    assert apprentice.email not in json.dumps(api)
    services.credential_revoke(actor=world.user("coordinator"), credential=c, reason="Wrong person entirely")
    revoked = Client().get(f"/passport/credentials/{c.public_id}/").content.decode()
    assert "Revoked" in revoked and "Wrong person entirely" not in revoked
    assert Client().get(f"/api/v1/public/credentials/{c.public_id}/").json()["status"] == "revoked"
    assert Client().get("/passport/credentials/00000000-0000-4000-8000-000000000000/").status_code == 404


def test_a_changed_stored_credential_shows_as_not_valid(world: Any, topics: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    head, body, sig = c.token.split(".")
    Credential.objects.filter(pk=c.pk).update(token=f"{head}.{body}.{'A' if sig[0] != 'A' else 'B'}{sig[1:]}")
    assert "cannot be trusted" in Client().get(f"/passport/credentials/{c.public_id}/").content.decode()


def test_published_keys_and_status_list_let_anyone_verify_a_download(world: Any, topics: Any, login: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    downloaded = login("apprentice").get(f"/passport/credentials/{c.public_id}/download.json").content
    did = Client().get(f"/passport/issuers/{c.issuer_id}/did.json")
    assert did["Content-Type"] == "application/did+json"
    assert '"d"' not in did.content.decode()
    status = Client().get(f"/passport/status/{c.issuer_id}/1/")
    assert status["Content-Type"] == "application/vc+jwt"
    keys = verify.keys_from(did.json())
    result = verify.verify(downloaded, keys, {signing.status_list_url(c.issuer_id, 1): status.content.decode()})
    assert result.ok and result.revoked is False
    assert Client().get(f"/passport/issuers/{world.orgs['host2'].pk}/did.json").status_code == 404


def test_the_pdf_holds_the_credential_and_a_qr_code(world: Any, topics: Any, login: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    pdf = login("apprentice").get(f"/passport/credentials/{c.public_id}/download.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert b"/Subtype /Image" in pdf.content
    assert login("apprentice").get(f"/passport/credentials/{c.public_id}/download.exe").status_code == 404


def test_share_links_show_what_is_in_date_until_revoked(world: Any, topics: Any, login: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    old = record(world, "apprentice", topics["ig"], "employer", days_ago=400)
    client = login("apprentice")
    client.post("/passport/share/", {"label": "Riverside"})
    link = ShareLink.objects.get(person=world.people["apprentice"])
    shared = Client().get(f"/passport/shared/{link.token}/").content.decode()
    assert c.name in shared and old.name not in shared
    assert login("other_apprentice").post(f"/passport/share/{link.pk}/revoke/").status_code == 404
    login("apprentice").post(f"/passport/share/{link.pk}/revoke/")
    assert Client().get(f"/passport/shared/{link.token}/").status_code == 404


def test_recording_training_keeps_what_was_typed(world: Any, topics: Any, login: Any) -> None:
    client = login("line_manager")
    path = f"/passport/people/{world.people['apprentice'].pk}/training/add/"
    data = {
        "topic": topics["bls"].pk,
        "organisation": world.orgs["employer"].pk,
        "course": "Resus council course",
        "completed_on": (today() + timedelta(days=2)).isoformat(),
        "evidence": "Certificate seen",
    }
    assert client.get(path).status_code == 200
    bad = client.post(path, data)
    assert bad.status_code == 200
    page = bad.content.decode()
    assert "today or in the past" in page and "Resus council course" in page
    ok = client.post(path, {**data, "completed_on": today().isoformat()})
    assert ok.status_code == 302
    assert Credential.objects.filter(holder=world.people["apprentice"], topic=topics["bls"]).exists()
    assert login("apprentice").get(path).status_code == 403


def test_the_host_sees_held_and_assigned_training_for_a_placement(world: Any, topics: Any, login: Any) -> None:
    for t in topics.values():
        services.requirement_set(actor=world.user("coordinator"), organisation=world.orgs["host2"], topic=t)
    topics["ig"].accepted_by.set([world.orgs["host2"]])
    record(world, "apprentice", topics["ig"], "employer")
    record(world, "apprentice", topics["mh"], "employer")  # not accepted at host2
    placement = Placement.objects.create(
        enrolment=world.enrolments["apprentice"],
        setting=world.settings["host2"],
        block_index=4,
        start_date=today() + timedelta(days=30),
        end_date=today() + timedelta(days=90),
        status=Placement.Status.PUBLISHED,
    )
    services.placements_assign([placement])
    assert TrainingAssignment.objects.filter(person=world.people["apprentice"]).count() == 5
    page = login("coordinator").get(f"/passport/placements/{placement.pk}/").content.decode()
    assert page.count("Already held") == 1 and page.count("Assigned") >= 5
    assert f"Held but not accepted here: {topics['mh'].name}" in page
    assert login("other_apprentice").get(f"/passport/placements/{placement.pk}/").status_code == 404
    org_page = login("other_host").get(f"/passport/organisations/{world.orgs['host2'].pk}/").content.decode()
    assert "Training still to do" in org_page and world.people["apprentice"].display_name in org_page


def test_the_catalogue_and_keys_pages_are_for_the_right_roles(world: Any, topics: Any, login: Any) -> None:
    assert login("apprentice").get("/passport/training/").status_code == 200
    assert login("apprentice").get("/passport/training/add/").status_code == 403
    assert login("coordinator").get("/passport/training/add/").status_code == 200
    assert login("coordinator").get("/passport/keys/").status_code == 403
    keys = login("admin")
    assert keys.get("/passport/keys/").status_code == 200
    keys.post("/passport/keys/", {"organisation": world.orgs["host"].pk})
    assert "key-1" in keys.get("/passport/keys/").content.decode()
    bad = login("coordinator").post("/passport/training/add/", {"name": "", "code": "bad code!"})
    assert bad.status_code == 200 and "nhsuk-error-summary" in bad.content.decode()


def test_uploading_an_unreadable_file_says_why_and_keeps_nothing(world: Any, login: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = login("apprentice")
    page = client.post(
        f"/passport/people/{world.people['apprentice'].pk}/upload/",
        {"content": SimpleUploadedFile("x.jwt", b"hello")},
    )
    assert page.status_code == 200 and "compact JWT has three parts" in page.content.decode()


def test_a_new_address_for_the_hub_does_not_make_earlier_credentials_look_forged(
    world: Any, topics: Any, settings: Any
) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    settings.HUB_BASE_URL = "https://hub.example.nhs.uk"
    page = Client().get(f"/passport/credentials/{c.public_id}/").content.decode()
    assert "This credential is genuine" in page and world.people["apprentice"].display_name in page
