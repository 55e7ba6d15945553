"""The passport's API: the same services and refusals as the pages, keys without their private halves, and the
public check that needs no login."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest

from workforce_hub.passport import signing
from workforce_hub.passport.models import Credential, ImportedCredential, RequiredTraining, ShareLink

from .conftest import record, today

pytestmark = pytest.mark.django_db


def test_training_recorded_through_the_api_is_issued_and_listed(world: Any, topics: Any) -> None:
    api = world.api("line_manager")
    made = api.post(
        "/api/v1/training-records/",
        {
            "person": world.people["apprentice"].pk,
            "topic": topics["bls"].pk,
            "organisation": world.orgs["employer"].pk,
            "course": "BLS",
            "completed_on": today().isoformat(),
            "evidence": "Seen",
        },
        format="json",
    )
    assert made.status_code == 201, made.content
    listed = world.api("apprentice").get("/api/v1/credentials/").json()["results"]
    assert [c["name"] for c in listed] == [topics["bls"].name]
    assert listed[0]["credential"]["type"] == "EnvelopedVerifiableCredential"
    assert world.api("other_apprentice").get("/api/v1/credentials/").json()["results"] == []
    refused = world.api("host_manager").post(
        "/api/v1/training-records/",
        {
            "person": world.people["apprentice"].pk,
            "topic": topics["bls"].pk,
            "organisation": world.orgs["employer"].pk,
            "course": "BLS",
            "completed_on": today().isoformat(),
            "evidence": "Seen",
        },
        format="json",
    )
    assert refused.status_code == 403
    future = world.api("coordinator").post(
        "/api/v1/training-records/",
        {
            "person": world.people["apprentice"].pk,
            "topic": topics["ig"].pk,
            "organisation": world.orgs["employer"].pk,
            "course": "IG",
            "completed_on": (today() + timedelta(days=1)).isoformat(),
            "evidence": "Seen",
        },
        format="json",
    )
    assert future.status_code == 400 and "completed_on" in future.json()


def test_revoking_through_the_api(world: Any, topics: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    assert world.api("apprentice").post(f"/api/v1/credentials/{c.pk}/revoke/", {"reason": "x"}).status_code == 403
    assert world.api("coordinator").post(f"/api/v1/credentials/{c.pk}/revoke/", {}).status_code == 400
    done = world.api("coordinator").post(f"/api/v1/credentials/{c.pk}/revoke/", {"reason": "Wrong person"})
    assert done.status_code == 200 and done.json()["status"] == "revoked"


def test_the_public_check_needs_no_login_and_is_rate_limited_like_other_anonymous_calls(
    world: Any, topics: Any
) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    body = world.api("anonymous").get(f"/api/v1/public/credentials/{c.public_id}/").json()
    assert body["status"] == "valid" and body["issuer_did"] == signing.issuer_did(c.issuer_id)
    assert set(body) == {
        "status", "name", "description", "criteria", "achievement_type", "holder", "issuer", "issuer_did",
        "awarded_on", "valid_until", "revoked_on", "status_list",
    }  # fmt: skip
    assert world.api("anonymous").get(f"/api/v1/credentials/{c.pk}/").status_code in (401, 403)


def test_signing_keys_rotate_for_admins_only_and_never_show_a_private_key(world: Any) -> None:
    assert (
        world.api("coordinator")
        .post("/api/v1/signing-keys/rotate/", {"organisation": world.orgs["host"].pk})
        .status_code
        == 403
    )
    made = world.api("admin").post("/api/v1/signing-keys/rotate/", {"organisation": world.orgs["host"].pk})
    assert made.status_code == 201 and made.json()["kid"] == "key-1"
    assert set(made.json()["public_jwk"]) == {"kty", "crv", "x"}
    other = world.api("admin").post("/api/v1/signing-keys/rotate/", {"organisation": world.orgs["p2_org"].pk})
    assert other.status_code == 400


def test_requirements_topics_links_and_imports_through_the_api(world: Any, topics: Any) -> None:
    coordinator = world.api("coordinator")
    topic = coordinator.post(
        "/api/v1/training-topics/", {"name": "Fire marshal", "code": "fire-marshal", "validity_months": 36}
    )
    assert topic.status_code == 201
    assert world.api("apprentice").post("/api/v1/training-topics/", {"name": "X", "code": "x"}).status_code == 403
    req = world.api("host_manager").post(
        "/api/v1/required-training/", {"organisation": world.orgs["host"].pk, "topic": topic.json()["id"]}
    )
    assert req.status_code == 201
    assert world.api("other_host").delete(f"/api/v1/required-training/{req.json()['id']}/").status_code == 403
    assert world.api("host_manager").delete(f"/api/v1/required-training/{req.json()['id']}/").status_code == 204
    assert not RequiredTraining.objects.exists()
    link = world.api("apprentice").post("/api/v1/share-links/", {"label": "Riverside"})
    assert link.status_code == 201 and "/passport/shared/" in link.json()["url"]
    assert world.api("apprentice").post(f"/api/v1/share-links/{link.json()['id']}/revoke/").status_code == 200
    assert ShareLink.objects.get().revoked_at is not None
    c = record(world, "apprentice", topics["bls"], "employer")
    up = world.api("apprentice").post(
        "/api/v1/imported-credentials/", {"person": world.people["apprentice"].pk, "content": c.token}
    )
    assert up.status_code == 201 and up.json()["verified"] is True
    bad = world.api("apprentice").post(
        "/api/v1/imported-credentials/", {"person": world.people["apprentice"].pk, "content": "nonsense"}
    )
    assert bad.status_code == 400 and ImportedCredential.objects.count() == 1
    assert Credential.objects.count() == 1


def test_credentials_and_keys_cannot_be_posted(world: Any) -> None:
    assert world.api("coordinator").post("/api/v1/credentials/", {"name": "Forged"}).status_code == 405
    assert world.api("admin").post("/api/v1/signing-keys/", {"organisation": world.orgs["host"].pk}).status_code == 405
    assert not Credential.objects.exists()
