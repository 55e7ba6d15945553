"""Passport services: issuing (idempotent, signed, verifiable), keys (rotation; private halves never leave),
revocation, what each host accepts, assigning only the gaps, imports, share links and expiry reminders."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

import pytest
from django.core import serializers
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from workforce_hub.core.models import AuditEvent
from workforce_hub.notifications.models import Notification
from workforce_hub.organisations.models import Membership
from workforce_hub.passport import selectors, services, signing, verify
from workforce_hub.passport.models import (
    Credential,
    ImportedCredential,
    RequiredTraining,
    SigningKey,
    TrainingAssignment,
)
from workforce_hub.rotations.models import Placement
from workforce_hub.rotations.signals import placements_published

from .conftest import record, today

pytestmark = pytest.mark.django_db


def _keys_of(org_id: int) -> dict[str, dict[str, Any]]:
    return {signing.key_id(org_id, kid): jwk for kid, jwk in selectors.issuer_keys(org_id)}


def test_recorded_training_becomes_a_signed_credential_once(world: Any, topics: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    assert c.issuer == world.orgs["employer"] and c.kind == "training"
    assert c.valid_until == topics["bls"].valid_until(today() - timedelta(days=30))
    result = verify.verify(c.token, _keys_of(c.issuer_id))
    assert result.ok, result.problems
    assert result.credential["credentialSubject"]["achievement"]["name"] == topics["bls"].name
    assert services.issue_pending(world.p1.pk) == []  # a second run issues nothing new
    assert Credential.objects.filter(source_key=c.source_key).count() == 1


def test_placements_that_ended_become_credentials_from_the_host(world: Any) -> None:
    placement = world.placements["apprentice"]
    Placement.objects.filter(pk=placement.pk).update(end_date=today() - timedelta(days=1))
    world.enrolments["apprentice"].__class__.objects.filter(pk=world.enrolments["apprentice"].pk).update(
        started_on=today() - timedelta(days=30)
    )
    issued = services.issue_pending(world.p1.pk, people={world.people["apprentice"].pk})
    [c] = [c for c in issued if c.kind == "placement"]
    assert c.issuer == world.orgs["host"] and c.activity_end == today() - timedelta(days=1)
    assert verify.verify(c.token, _keys_of(c.issuer_id)).ok


def test_a_running_placement_is_not_a_credential_yet(world: Any) -> None:
    issued = services.issue_pending(world.p1.pk, people={world.people["apprentice"].pk})
    assert [c for c in issued if c.kind == "placement"] == []


def test_rotation_keeps_old_credentials_valid_and_signs_new_ones_with_the_new_key(world: Any, topics: Any) -> None:
    old = record(world, "apprentice", topics["bls"], "employer")
    rotated = services.key_rotate(actor=world.user("admin"), organisation=world.orgs["employer"])
    assert rotated.number == 2
    assert SigningKey.objects.get(organisation=world.orgs["employer"], number=1).retired_at is not None
    new = record(world, "apprentice", topics["ig"], "employer")
    assert verify.unverified_parts(new.token)[0]["kid"].endswith("#key-2")
    keys = _keys_of(world.orgs["employer"].pk)
    assert verify.verify(old.token, keys).ok and verify.verify(new.token, keys).ok
    audit = AuditEvent.objects.filter(object_type="passport.signingkey").latest("pk")
    assert audit.detail == {"kid": "key-2", "retired": "key-1"}


@pytest.mark.parametrize("key", ["coordinator", "host_manager", "apprentice", "p2_coordinator"])
def test_only_an_admin_of_the_partnership_rotates_keys(world: Any, key: str) -> None:
    with pytest.raises(PermissionDenied):
        services.key_rotate(actor=world.user(key), organisation=world.orgs["employer"])


def test_private_keys_are_never_serialised(world: Any, topics: Any) -> None:
    record(world, "apprentice", topics["bls"], "employer")
    key = SigningKey.objects.get(organisation=world.orgs["employer"])
    secret = signing._private(bytes(key.private_key_encrypted)).as_dict(private=True)["d"]
    dumped = serializers.serialize("json", SigningKey.objects.all()) + serializers.serialize(
        "json", Credential.objects.all()
    )
    assert secret not in dumped and "PRIVATE KEY" not in dumped
    assert secret not in repr(key) + str(key)
    assert "d" not in key.public_jwk and secret not in json.dumps(key.public_jwk)
    api = world.api("admin").get("/api/v1/signing-keys/").content.decode()
    assert secret not in api and "private" not in api
    assert secret not in json.dumps(list(AuditEvent.objects.values("detail")), default=str)


def test_a_changed_key_secret_stops_signing_rather_than_signing_with_something_else(
    world: Any, topics: Any, settings: Any
) -> None:
    record(world, "apprentice", topics["bls"], "employer")
    settings.PASSPORT_KEY_SECRET = "another secret"
    with pytest.raises(signing.KeyUnavailable):
        record(world, "apprentice", topics["ig"], "employer")


def test_revoking_sets_the_status_bit_and_needs_a_reason_and_the_right_person(world: Any, topics: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    for key in ("host_manager", "apprentice", "p2_coordinator"):
        with pytest.raises(PermissionDenied):
            services.credential_revoke(actor=world.user(key), credential=c, reason="Wrong person")
    with pytest.raises(ValidationError, match="Say why"):
        services.credential_revoke(actor=world.user("coordinator"), credential=c, reason="  ")
    with pytest.raises(ValidationError, match="seems to hold"):
        services.credential_revoke(actor=world.user("coordinator"), credential=c, reason="Patient 943 476 5919")
    services.credential_revoke(actor=world.user("line_manager"), credential=c, reason="Issued to the wrong person.")
    status_token = services.status_list_token(world.orgs["employer"], 1)
    result = verify.verify(c.token, _keys_of(c.issuer_id), {signing.status_list_url(c.issuer_id, 1): status_token})
    assert result.revoked is True and result.status == "revoked"
    with pytest.raises(ValidationError, match="already revoked"):
        services.credential_revoke(actor=world.user("coordinator"), credential=c, reason="Again")


def test_recording_training_checks_who_for_whom_and_what(world: Any, topics: Any) -> None:
    with pytest.raises(PermissionDenied):  # a host manager records only for their own organisation
        record(world, "apprentice", topics["bls"], "employer", by="host_manager")
    with pytest.raises(PermissionDenied):  # and only for people who work with it
        record(world, "staff", topics["bls"], "host2", by="other_host")
    with pytest.raises(PermissionDenied):
        record(world, "apprentice", topics["bls"], "employer", by="apprentice")
    with pytest.raises(ValidationError, match="today or in the past"):
        record(world, "apprentice", topics["bls"], "employer", days_ago=-1)
    assert record(world, "apprentice", topics["bls"], "host", by="host_manager").issuer == world.orgs["host"]


# ---------------------------------------------------------------------------------- what a host accepts


def _require(world: Any, org: str, *topics: Any, accepted: tuple[str, ...] = ()) -> None:
    for t in topics:
        services.requirement_set(
            actor=world.user("coordinator"),
            organisation=world.orgs[org],
            topic=t,
            accepted_issuers=[world.orgs[k] for k in accepted],
        )


def test_a_host_accepts_its_own_training_the_topics_it_shares_and_the_issuers_it_lists(world: Any, topics: Any) -> None:
    _require(world, "host", topics["bls"], topics["ig"], topics["mh"], topics["sg"])
    _require(world, "host", topics["sg"], accepted=("provider",))
    topics["ig"].accepted_by.set([world.orgs["host"]])
    record(world, "apprentice", topics["bls"], "host")  # its own
    record(world, "apprentice", topics["ig"], "employer")  # a topic it accepts from anyone in the partnership
    record(world, "apprentice", topics["mh"], "employer")  # not accepted from the employer
    record(world, "apprentice", topics["sg"], "provider")  # a listed issuer
    cover = selectors.coverage(world.people["apprentice"].pk, world.orgs["host"].pk, today())
    assert {h.topic.code for h in cover.held} == {"bls", "ig", "sg"}
    assert [t.code for t in cover.missing] == ["mh"]
    assert [h.topic.code for h in cover.not_accepted] == ["mh"]


def test_in_date_means_on_the_first_day_and_revoked_never_counts(world: Any, topics: Any) -> None:
    _require(world, "host", topics["bls"], topics["ig"])
    bls = record(world, "apprentice", topics["bls"], "host")
    ig = record(world, "apprentice", topics["ig"], "host")
    assert bls.valid_until is not None
    person, host = world.people["apprentice"].pk, world.orgs["host"].pk
    assert {h.topic.code for h in selectors.coverage(person, host, bls.valid_until).held} == {"bls", "ig"}
    assert [t.code for t in selectors.coverage(person, host, bls.valid_until + timedelta(days=1)).missing] == [
        "bls",
        "ig",
    ]
    services.credential_revoke(actor=world.user("coordinator"), credential=ig, reason="Wrong course")
    assert [t.code for t in selectors.coverage(person, host, today()).missing] == ["ig"]


def test_publishing_a_placement_assigns_only_the_gaps_and_done_training_closes_them(world: Any, topics: Any) -> None:
    _require(world, "host2", *topics.values())
    topics["ig"].accepted_by.set([world.orgs["host2"]])
    topics["sg"].accepted_by.set([world.orgs["host2"]])
    for code in ("bls", "ig", "sg"):
        record(world, "apprentice", topics[code], "host2" if code == "bls" else "employer")
    placement = Placement.objects.create(
        enrolment=world.enrolments["apprentice"],
        setting=world.settings["host2"],
        block_index=5,
        start_date=today() + timedelta(days=40),
        end_date=today() + timedelta(days=100),
        status=Placement.Status.PUBLISHED,
    )
    placements_published.send(sender=None, run=None, placements=[placement])
    open_ = TrainingAssignment.objects.filter(person=world.people["apprentice"], done_at__isnull=True)
    assert sorted(a.topic.code for a in open_) == ["fire", "ipc", "mh"]
    assert {a.due_on for a in open_} == {placement.start_date}
    note = Notification.objects.get(kind="passport_training_assigned", recipient=world.people["apprentice"])
    assert "3 trainings" in note.body and "covers 3 of its requirements" in note.body
    placements_published.send(sender=None, run=None, placements=[placement])  # again: nothing new
    assert open_.all().count() == 3
    record(world, "apprentice", topics["fire"], "host2", by="other_host")
    assert sorted(a.topic.code for a in open_.all()) == ["ipc", "mh"]
    done = TrainingAssignment.objects.get(topic=topics["fire"])
    assert done.done_at is not None and done.credential is not None


def test_joining_an_organisation_assigns_its_required_training(world: Any, topics: Any) -> None:
    _require(world, "host2", topics["bls"], topics["ig"])
    record(world, "staff", topics["bls"], "host2")
    Membership.objects.create(person=world.people["staff"], organisation=world.orgs["host2"], role="staff")
    assert [a.topic.code for a in TrainingAssignment.objects.filter(person=world.people["staff"])] == ["ig"]
    Membership.objects.create(
        person=world.people["partner_lead"], organisation=world.orgs["host2"], role="partner_lead"
    )
    assert not TrainingAssignment.objects.filter(person=world.people["partner_lead"]).exists()


def test_requirements_are_kept_by_the_organisations_managers(world: Any, topics: Any) -> None:
    with pytest.raises(PermissionDenied):
        services.requirement_set(actor=world.user("other_host"), organisation=world.orgs["host"], topic=topics["bls"])
    req = services.requirement_set(
        actor=world.user("host_manager"), organisation=world.orgs["host"], topic=topics["bls"]
    )
    with pytest.raises(ValidationError):
        services.requirement_set(
            actor=world.user("coordinator"),
            organisation=world.orgs["host"],
            topic=topics["bls"],
            accepted_issuers=[world.orgs["p2_org"]],
        )
    services.requirement_remove(actor=world.user("host_manager"), requirement=req)
    assert not RequiredTraining.objects.exists()


# ---------------------------------------------------------------------------------- brought from elsewhere


def _elsewhere(revoked: bool = False) -> tuple[str, str, str]:
    """A credential from another Hub (its own key and issuer), its key document and its status list."""
    public, private = signing.new_key_material()
    issuer = 9001
    claims = signing.credential_claims(
        public_id="11111111-2222-4333-8444-555555555555",
        issuer_id=issuer,
        issuer_name="Elsewhere Care",
        holder_name="A",
        holder_email="",
        name="Moving and handling",
        description="d",
        criteria="c",
        achievement_type="Certificate",
        awarded_on=today() - timedelta(days=10),
        issued_at=timezone.now() - timedelta(days=10),
        valid_until=today() + timedelta(days=300),
        activity=(None, None),
        status=(1, 5),
        achievement_key="x",
    )
    claims["issuer"]["id"] = claims["issuer"]["id"].replace("passport:issuers:9001", "other-hub:9001")
    did = claims["issuer"]["id"]
    token = signing.sign(private, f"{did}#key-1", claims)
    doc = signing.did_document(issuer, [("key-1", public)])
    doc = json.loads(json.dumps(doc).replace("passport:issuers:9001", "other-hub:9001"))
    status = signing.status_list_claims(issuer, "Elsewhere Care", 1, {5} if revoked else set(), timezone.now())
    status["issuer"]["id"] = did
    return token, json.dumps(doc), signing.sign(private, f"{did}#key-1", status)


def test_an_outside_credential_with_its_keys_and_status_is_verified_and_counts(world: Any, topics: Any) -> None:
    token, doc, status = _elsewhere()
    topics["mh"].accepted_by.set([world.orgs["host"]])
    _require(world, "host", topics["mh"])
    imported = services.credential_import(
        actor=world.user("apprentice"),
        person=world.people["apprentice"],
        content=token,
        keys_document=doc,
        status_list=status,
        topic=topics["mh"],
    )
    assert imported.verified and "has not been revoked" in imported.outcome
    assert imported.issuer_name == "Elsewhere Care" and imported.name == "Moving and handling"
    cover = selectors.coverage(world.people["apprentice"].pk, world.orgs["host"].pk, today())
    assert [h.imported for h in cover.held] == [imported]


@pytest.mark.parametrize("case", ["no keys", "revoked", "tampered", "no status list"])
def test_an_outside_credential_that_cannot_be_verified_is_kept_apart(world: Any, topics: Any, case: str) -> None:
    token, doc, status = _elsewhere(revoked=case == "revoked")
    if case == "tampered":
        head, body, sig = token.split(".")
        token = f"{head}.{body}.{'A' if sig[0] != 'A' else 'B'}{sig[1:]}"
    imported = services.credential_import(
        actor=world.user("apprentice"),
        person=world.people["apprentice"],
        content=token,
        keys_document="" if case == "no keys" else doc,
        status_list="" if case == "no status list" else status,
        topic=topics["mh"],
    )
    assert not imported.verified and imported.outcome.startswith("Not verified")
    topics["mh"].accepted_by.set([world.orgs["host"]])
    _require(world, "host", topics["mh"])
    assert [
        t.code for t in selectors.coverage(world.people["apprentice"].pk, world.orgs["host"].pk, today()).missing
    ] == ["mh"]


def test_a_credential_of_this_hub_verifies_on_upload_without_files(world: Any, topics: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    imported = services.credential_import(
        actor=world.user("apprentice"), person=world.people["apprentice"], content=json.dumps(signing.envelope(c.token))
    )
    assert imported.verified


@pytest.mark.parametrize("content", ["not a credential", '{"id": "x"}', "a.b"])
def test_an_unreadable_upload_is_refused_and_nothing_is_kept(world: Any, content: str) -> None:
    with pytest.raises(ValidationError):
        services.credential_import(actor=world.user("apprentice"), person=world.people["apprentice"], content=content)
    assert not ImportedCredential.objects.exists()


def test_only_the_holder_or_a_coordinator_uploads(world: Any) -> None:
    token, _, _ = _elsewhere()
    for key in ("line_manager", "other_apprentice", "host_manager"):
        with pytest.raises(PermissionDenied):
            services.credential_import(actor=world.user(key), person=world.people["apprentice"], content=token)


# --------------------------------------------------------------------------------- links and reminders


def test_share_links_are_the_holders_and_can_be_revoked(world: Any) -> None:
    link = services.share_create(actor=world.user("apprentice"), label="Riverside")
    assert link.person == world.people["apprentice"] and len(link.token) >= 32
    with pytest.raises(PermissionDenied):
        services.share_revoke(actor=world.user("coordinator"), link=link)
    services.share_revoke(actor=world.user("apprentice"), link=link)
    assert not type(link).objects.live(today()).exists()


def test_expiry_reminders_60_and_14_days_before_to_holder_and_line_manager(world: Any, topics: Any) -> None:
    c = record(world, "apprentice", topics["bls"], "employer")
    assert c.valid_until is not None
    before = c.valid_until - timedelta(days=61)
    assert services.expiry_reminders(before) == 0
    assert services.expiry_reminders(c.valid_until - timedelta(days=60)) == 2
    assert services.expiry_reminders(c.valid_until - timedelta(days=59)) == 2  # the same messages: not sent again
    assert Notification.objects.filter(kind="passport_expiring").count() == 2
    services.expiry_reminders(c.valid_until - timedelta(days=14))
    notes = Notification.objects.filter(kind="passport_expiring")
    assert notes.count() == 4
    to_manager = notes.filter(recipient=world.people["line_manager"]).first()
    assert to_manager is not None and world.people["apprentice"].given_name not in to_manager.body
    assert services.expiry_reminders(c.valid_until + timedelta(days=1)) == 0


def test_knowledge_skills_and_behaviours_met_become_credentials_from_the_provider(world: Any) -> None:
    from workforce_hub.portfolios.models import Evidence, Testimonial
    from workforce_hub.portfolios.tests.conftest import make_record

    rec = make_record(world)
    skill, behaviour = rec.standard.criteria.filter(kind="S").first(), rec.standard.criteria.filter(kind="B").first()
    accepted = Evidence.objects.create(record=rec, kind="reflection", title="Obs", reflection="x", status="accepted")
    accepted.criteria.set([skill])
    waiting = Evidence.objects.create(record=rec, kind="reflection", title="Wait", reflection="x", status="submitted")
    waiting.criteria.set([behaviour])
    issued = [c for c in services.issue_pending(world.p1.pk) if c.kind == "ksb"]
    assert [c.name.split(": ")[1] for c in issued] == [f"{skill.code} (skill)"]
    assert issued[0].issuer == world.orgs["provider"] and issued[0].holder == world.people["apprentice"]
    t = Testimonial.objects.create(
        record=rec,
        placement=world.placements["apprentice"],
        author=world.people["host_manager"],
        status="completed",
        completed_at=timezone.now(),
    )
    t.behaviours.set([behaviour])
    assert [c.description for c in services.issue_pending(world.p1.pk)] == [behaviour.text]
