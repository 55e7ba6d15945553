"""Writes for the passport: signing keys (generate, rotate), issuing credentials for recorded achievements,
revoking them, training recorded outside the Hub, the training catalogue and each organisation's requirements,
assigning only the gaps when a placement is published or someone joins, credentials brought from elsewhere,
share links, and reminders before a credential lapses."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import batched
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from workforce_hub.core.access import Actor, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import atomic_service, refuse, require_perm_in
from workforce_hub.core.services import model_create, model_update
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Organisation
from workforce_hub.people.models import Person
from workforce_hub.people.selectors import acting_person
from workforce_hub.portfolios import screening
from workforce_hub.rotations.models import Placement
from workforce_hub.schemes.models import Enrolment, EnrolmentStatus

from . import access, signing, verify
from .models import (
    REMINDER_DAYS,
    Credential,
    ImportedCredential,
    RequiredTraining,
    ShareLink,
    SigningKey,
    TrainingAssignment,
    TrainingRecord,
    TrainingTopic,
)
from .selectors import accepts, coverage, issuer_keys, revoked_indexes
from .sources import Achievement, achievements

log = logging.getLogger(__name__)
TOPIC_FIELDS = ("name", "code", "description", "validity_months", "accepted_by")
#: a status list is left for a new one once this share of its entries is used, so random indexes stay cheap
STATUS_LIST_FULL = 0.8
MAX_UPLOAD = 256 * 1024
#: credentials written per transaction when issuing many at once
ISSUE_CHUNK = 200


# ----------------------------------------------------------------------------------------------- signing keys


def _new_key(organisation: Organisation, actor: Actor | None) -> SigningKey:
    current = SigningKey.objects.select_for_update().filter(organisation=organisation, retired_at__isnull=True).first()
    last = SigningKey.objects.filter(organisation=organisation).order_by("-number").first()
    if current is not None:
        current.retired_at = timezone.now()
        current.save(update_fields=["retired_at", "updated_at"])
    public, encrypted = signing.new_key_material()
    key = SigningKey.objects.create(
        organisation=organisation,
        number=(last.number + 1) if last else 1,
        public_jwk=public,
        private_key_encrypted=encrypted,
    )
    audit_record(
        actor=actor,
        action=AuditEvent.Action.CREATE,
        obj=key,
        partnership_id=organisation.partnership_id,
        detail={"kid": key.kid, "retired": current.kid if current else ""},
    )
    return key


@atomic_service
def key_rotate(*, actor: Actor, organisation: Organisation) -> SigningKey:
    """Give the organisation a new signing key (its first, or in place of the current one). Credentials signed with
    the old key still verify: its public half stays in the organisation's published keys."""
    require_perm_in(actor, "hub.manage_signing_keys", organisation.partnership_id)
    return _new_key(organisation, actor)


def _current_key(organisation_id: int) -> SigningKey:
    key = SigningKey.objects.filter(organisation_id=organisation_id, retired_at__isnull=True).first()
    if key is None:  # an issuer's first credential: the system makes its first key (an admin rotates it later)
        key = _new_key(Organisation.objects.get(pk=organisation_id), None)
    return key


# ------------------------------------------------------------------------------------------------- issuing


@dataclass
class _Batch:
    """What issuing many credentials at once reads once: keys, used status indexes, names."""

    now: datetime
    keys: dict[int, SigningKey] = field(default_factory=dict)
    used: dict[tuple[int, int], set[int]] = field(default_factory=dict)
    lists: dict[int, int] = field(default_factory=dict)
    issuers: dict[int, str] = field(default_factory=dict)
    holders: dict[int, tuple[str, str]] = field(default_factory=dict)

    def key(self, issuer_id: int) -> SigningKey:
        if issuer_id not in self.keys:
            self.keys[issuer_id] = _current_key(issuer_id)
        return self.keys[issuer_id]

    def slot(self, issuer_id: int) -> tuple[int, int]:
        """A random unused index in the issuer's current status list (random, so an index says nothing about when
        or for whom it was issued)."""
        number = self.lists.get(issuer_id, 1)
        while True:
            used = self.used.get((issuer_id, number))
            if used is None:
                used = set(
                    Credential.objects.filter(issuer_id=issuer_id, status_list=number).values_list(
                        "status_index", flat=True
                    )
                )
                self.used[(issuer_id, number)] = used
            if len(used) < verify.STATUS_LIST_SIZE * STATUS_LIST_FULL:
                break
            number += 1
        self.lists[issuer_id] = number
        rng = secrets.SystemRandom()
        while (index := rng.randrange(verify.STATUS_LIST_SIZE)) in used:
            pass
        used.add(index)
        return number, index

    def issuer_name(self, issuer_id: int) -> str:
        if issuer_id not in self.issuers:
            self.issuers[issuer_id] = Organisation.objects.values_list("name", flat=True).get(pk=issuer_id)
        return self.issuers[issuer_id]

    def holder(self, a: Achievement) -> tuple[str, str]:
        if a.holder_organisation_id is not None:
            return self.issuer_name(a.holder_organisation_id), ""
        assert a.holder_id is not None
        if a.holder_id not in self.holders:
            p = Person.objects.only(*Person.name_fields(), "email").get(pk=a.holder_id)
            self.holders[a.holder_id] = (p.display_name, p.email)
        return self.holders[a.holder_id]


def _build(a: Achievement, partnership_id: int, batch: _Batch) -> Credential:
    """The credential for an achievement, signed, not yet saved."""
    key = batch.key(a.issuer_id)
    number, index = batch.slot(a.issuer_id)
    holder_name, holder_email = batch.holder(a)
    credential = Credential(
        partnership_id=partnership_id,
        holder_id=a.holder_id,
        holder_organisation_id=a.holder_organisation_id,
        issuer_id=a.issuer_id,
        kind=a.kind,
        topic_id=a.topic_id,
        source_key=a.source_key,
        name=a.name[:300],
        description=a.description,
        criteria=a.criteria,
        achievement_type=a.achievement_type,
        awarded_on=a.awarded_on,
        valid_until=a.valid_until,
        activity_start=a.activity[0],
        activity_end=a.activity[1],
        signing_key=key,
        status_list=number,
        status_index=index,
    )
    claims = signing.credential_claims(
        public_id=str(credential.public_id),
        issuer_id=a.issuer_id,
        issuer_name=batch.issuer_name(a.issuer_id),
        holder_name=holder_name,
        holder_email=holder_email,
        name=credential.name,
        description=a.description,
        criteria=a.criteria,
        achievement_type=a.achievement_type,
        awarded_on=a.awarded_on,
        issued_at=batch.now,
        valid_until=a.valid_until,
        activity=a.activity,
        status=(number, index),
        achievement_key=a.achievement_key,
    )
    credential.token = signing.sign(bytes(key.private_key_encrypted), signing.key_id(a.issuer_id, key.kid), claims)
    return credential


def issue_pending(partnership_id: int, today: date | None = None, people: set[int] | None = None) -> list[Credential]:
    """Issue a credential for every recorded achievement that has none yet (for the partnership, or only these
    people). Idempotent: each record gets one credential however often this runs. Run by the daily job."""
    today = today or timezone.localdate()
    batch = _Batch(now=timezone.now())
    issued_before = Credential.objects.filter(partnership_id=partnership_id)
    open_assignments = TrainingAssignment.objects.filter(person__partnership_id=partnership_id, done_at__isnull=True)
    if people is not None:  # only these people's achievements are read, so only their credentials can match
        issued_before = issued_before.filter(holder_id__in=people)
        open_assignments = open_assignments.filter(person_id__in=people)
    done = set(issued_before.values_list("source_key", flat=True))
    waiting = set(open_assignments.values_list("person_id", "topic_id"))
    # people whose data was erased get no new credentials from the records kept for a reason
    erased = set(
        Person.objects.filter(partnership_id=partnership_id, erased_at__isnull=False).values_list("pk", flat=True)
    )
    issued: list[Credential] = []
    pending = (
        a for a in achievements(partnership_id, today, people) if a.source_key not in done and a.holder_id not in erased
    )
    for chunk in batched(pending, ISSUE_CHUNK):
        try:
            with transaction.atomic():  # a chunk at a time: a failure part-way keeps what was issued before it
                made = Credential.objects.bulk_create([_build(a, partnership_id, batch) for a in chunk])
                for credential in made:
                    if (credential.holder_id, credential.topic_id) in waiting:
                        _close_assignments(credential)
        except IntegrityError:  # another run issued some of these at the same moment: the next run finishes them
            log.info("passport: a concurrent run issued part of a chunk; left for the next run")
            continue
        issued.extend(made)
    if issued:
        audit_record(
            actor=None,
            action=AuditEvent.Action.CREATE,
            object_type="passport.credential",
            partnership_id=partnership_id,
            detail={"issued": len(issued)},
        )
    return issued


@atomic_service
def issue_now(*, actor: Actor, partnership_id: int) -> int:
    """A coordinator issues now what the daily job would issue tonight."""
    require_perm_in(actor, "hub.manage_passport", partnership_id)
    return len(issue_pending(partnership_id))


def _close_assignments(credential: Credential) -> None:
    """Open assignments for this topic that the new credential satisfies are done."""
    if credential.topic_id is None or credential.holder_id is None:
        return
    open_ = TrainingAssignment.objects.filter(
        person_id=credential.holder_id, topic_id=credential.topic_id, done_at__isnull=True
    ).select_related("topic")
    for assignment in open_:
        requirement = (
            RequiredTraining.objects.filter(organisation_id=assignment.organisation_id, topic_id=assignment.topic_id)
            .prefetch_related("accepted_issuers", "topic__accepted_by")
            .first()
        )
        if requirement is None or accepts(
            requirement,
            credential.issuer_id,
            {o.pk for o in requirement.topic.accepted_by.all()},
            {o.pk for o in requirement.accepted_issuers.all()},
        ):
            assignment.done_at, assignment.credential = timezone.now(), credential
            assignment.save(update_fields=["done_at", "credential", "updated_at"])


@atomic_service
def credential_revoke(*, actor: Actor, credential: Credential, reason: str) -> Credential:
    """Revoke a credential: its bit in the issuer's status list is set, so every verifier sees it as revoked."""
    access.access_revoke(actor, credential)
    if credential.revoked_at is not None:
        raise ValidationError("This credential is already revoked.")
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": "Say why it is revoked, for example: issued to the wrong person."})
    _no_personal_details("reason", reason)
    credential.revoked_at, credential.revoked_by, credential.revoked_reason = (
        timezone.now(),
        acting_person(actor),
        reason[:300],
    )
    credential.save(update_fields=["revoked_at", "revoked_by", "revoked_reason", "updated_at"])
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=credential, detail={"fields": ["revoked_at"]})
    return credential


def status_list_token(organisation: Organisation, number: int) -> str:
    """The issuer's status list as a signed Bitstring Status List credential, built from the revocations now."""
    key = _current_key(organisation.pk)
    claims = signing.status_list_claims(
        organisation.pk, organisation.name, number, revoked_indexes(organisation.pk, number), timezone.now()
    )
    return signing.sign(bytes(key.private_key_encrypted), signing.key_id(organisation.pk, key.kid), claims)


# ------------------------------------------------------------------------------- training outside the Hub


def _no_personal_details(field_name: str, text: str) -> None:
    if label := screening.first_label(text):
        raise ValidationError({field_name: f"This seems to hold {label}. Leave it out."})


@atomic_service
def training_record(
    *,
    actor: Actor,
    person: Person,
    topic: TrainingTopic,
    organisation: Organisation,
    course: str,
    completed_on: date,
    evidence: str,
) -> TrainingRecord:
    """Record statutory or mandatory training delivered outside the Hub; the organisation issues its credential at
    once (and any open assignment it satisfies is done)."""
    access.access_record_training(actor, person, organisation)
    if topic.partnership_id != person.partnership_id:
        raise ValidationError({"topic": "Choose a topic from your partnership's catalogue."})
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": "The date it was completed must be today or in the past."})
    _no_personal_details("evidence", evidence)
    record = model_create(
        model=TrainingRecord,
        actor=actor,
        data={
            "person": person,
            "topic": topic,
            "organisation": organisation,
            "course": course,
            "completed_on": completed_on,
            "evidence": evidence,
            "recorded_by": acting_person(actor),
        },
    )
    issue_pending(person.partnership_id, people={person.pk})
    return record


# -------------------------------------------------------------------------- catalogue and requirements


@atomic_service
def topic_create(*, actor: Actor, partnership_id: int, data: dict[str, Any]) -> TrainingTopic:
    require_perm_in(actor, "hub.manage_passport", partnership_id)
    return model_create(model=TrainingTopic, actor=actor, data={**data, "partnership_id": partnership_id})


@atomic_service
def topic_update(*, actor: Actor, topic: TrainingTopic, data: dict[str, Any]) -> TrainingTopic:
    require_perm_in(actor, "hub.manage_passport", topic.partnership_id)
    model_update(instance=topic, actor=actor, data={k: v for k, v in data.items() if k in TOPIC_FIELDS})
    return topic


@atomic_service
def requirement_set(
    *, actor: Actor, organisation: Organisation, topic: TrainingTopic, accepted_issuers: Iterable[Organisation] = ()
) -> RequiredTraining:
    """The organisation requires this topic (and accepts it from these issuers besides its own)."""
    access.access_requirements(actor, organisation)
    if topic.partnership_id != organisation.partnership_id:
        raise ValidationError({"topic": "Choose a topic from your partnership's catalogue."})
    issuers = list(accepted_issuers)
    if any(o.partnership_id != organisation.partnership_id for o in issuers):
        raise ValidationError({"accepted_issuers": "Choose organisations in your partnership."})
    requirement = RequiredTraining.objects.filter(organisation=organisation, topic=topic).first()
    if requirement is None:
        requirement = model_create(
            model=RequiredTraining, actor=actor, data={"organisation": organisation, "topic": topic}
        )
    requirement.accepted_issuers.set(issuers)
    return requirement


@atomic_service
def requirement_remove(*, actor: Actor, requirement: RequiredTraining) -> None:
    access.access_requirements(actor, requirement.organisation)
    audit_record(actor=actor, action=AuditEvent.Action.DELETE, obj=requirement)
    requirement.delete()


# ----------------------------------------------------------------------------- only the gaps are assigned


def assign_gaps(
    *,
    person: Person,
    organisation: Organisation,
    reason: str,
    due_on: date,
    placement: Placement | None = None,
) -> list[TrainingAssignment]:
    """Assign the organisation's required training the person does not hold in date on `due_on` (from an issuer
    it accepts); what they hold is not asked again. Tells the person once, naming the topics only."""
    gaps = coverage(person.pk, organisation.pk, due_on)
    made = []
    for topic in gaps.missing:
        if TrainingAssignment.objects.filter(
            person=person, organisation=organisation, topic=topic, done_at__isnull=True
        ).exists():
            continue
        made.append(
            TrainingAssignment.objects.create(
                person=person,
                organisation=organisation,
                topic=topic,
                reason=reason,
                placement=placement,
                due_on=due_on,
            )
        )
    if made:
        held = len(gaps.held)
        notification_queue(
            key=f"passport-assigned:{organisation.pk}:{person.pk}:{due_on.isoformat()}",
            recipient=person,
            kind="passport_training_assigned",
            subject="Training to complete",
            body=f"{organisation.name} needs {len(made)} {'training' if len(made) == 1 else 'trainings'} from you by "
            f"{due_on:%d %B %Y}: "
            + ", ".join(a.topic.name for a in made)
            + ". "
            + (
                f"Your passport already covers {held} of its requirements, so you will not repeat them." if held else ""
            ),
            link=reverse("passport:mine"),
        )
    return made


def placements_assign(placements: Iterable[Placement]) -> int:
    """Published placements: each host assigns only what the apprentice lacks on the first day."""
    count = 0
    for p in placements:
        item = Placement.objects.select_related("setting__site__organisation", "enrolment__apprentice").get(pk=p.pk)
        count += len(
            assign_gaps(
                person=item.enrolment.apprentice,
                organisation=item.setting.site.organisation,
                reason=TrainingAssignment.Reason.PLACEMENT,
                due_on=item.start_date,
                placement=item,
            )
        )
    return count


# ---------------------------------------------------------------------------------- brought from elsewhere


def _own_issuer(issuer_id: str) -> Organisation | None:
    prefix = signing.issuer_did(0).rsplit(":", 1)[0] + ":"
    if not issuer_id.startswith(prefix) or not issuer_id[len(prefix) :].isdigit():
        return None
    return Organisation.objects.filter(pk=int(issuer_id[len(prefix) :])).first()


def _as_date(value: Any) -> date | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date()
    except ValueError:
        return None


@atomic_service
def credential_import(
    *,
    actor: Actor,
    person: Person,
    content: str,
    keys_document: str = "",
    status_list: str = "",
    topic: TrainingTopic | None = None,
) -> ImportedCredential:
    """Record a credential issued elsewhere. It is verified by signature (with the issuer's published keys, given
    as a file, or this Hub's own) and status; one that cannot be verified is kept, marked unverified, and never
    counts towards a host's requirements."""
    access.access_holder(actor, person)
    if len(content) > MAX_UPLOAD or len(keys_document) > MAX_UPLOAD or len(status_list) > MAX_UPLOAD:
        raise ValidationError("The file is too large for a credential (256 KB at most).")
    if topic is not None and topic.partnership_id != person.partnership_id:
        raise ValidationError({"topic": "Choose a topic from your partnership's catalogue."})
    try:
        token = verify.token_from(content)
        _, payload = verify.unverified_parts(token)
    except verify.VerificationError as exc:
        raise ValidationError({"content": str(exc)}) from exc
    issuer = payload.get("issuer", {})
    issuer_id = str(issuer.get("id", "") if isinstance(issuer, dict) else issuer)
    keys: dict[str, dict[str, Any]] = {}
    lists: dict[str, str] = {}
    own = _own_issuer(issuer_id)
    if own is not None and own.partnership_id == person.partnership_id:
        keys = {signing.key_id(own.pk, kid): jwk for kid, jwk in issuer_keys(own.pk)}
        numbers = set(Credential.objects.filter(issuer=own).values_list("status_list", flat=True)) or {1}
        lists = {signing.status_list_url(own.pk, n): status_list_token(own, n) for n in numbers}
    elif keys_document.strip():
        try:
            keys = verify.keys_from(json.loads(keys_document))
        except (ValueError, AttributeError, verify.VerificationError) as exc:
            raise ValidationError({"keys_document": f"The issuer's keys cannot be read: {exc}"}) from exc
    if status_list.strip():
        try:
            listed_token = verify.token_from(status_list)
            lists[str(verify.unverified_parts(listed_token)[1].get("id", ""))] = listed_token
        except verify.VerificationError as exc:
            raise ValidationError({"status_list": str(exc)}) from exc
    if keys:
        result = verify.verify(token, keys, lists)
        has_status = isinstance(payload.get("credentialStatus"), dict)
        verified = result.ok and (result.revoked is False or not has_status)
        notes = result.problems + result.warnings
        outcome = (
            "Verified: the issuer's signature checks out"
            + (" and it has not been revoked." if result.revoked is False else ".")
            if verified
            else f"Not verified ({result.status}). " + " ".join(notes)
        )
    else:
        verified, outcome = (
            False,
            "Not verified: the issuer's published keys were not given, so the signature could not be checked.",
        )
    subject = payload.get("credentialSubject", {})
    achievement = subject.get("achievement", {}) if isinstance(subject, dict) else {}
    imported = ImportedCredential.objects.create(
        person=person,
        uploaded_by=acting_person(actor),
        content=content.strip(),
        issuer_id=issuer_id[:500],
        issuer_name=str(issuer.get("name", "") if isinstance(issuer, dict) else "")[:300],
        name=str(achievement.get("name") or payload.get("name") or "")[:300],
        valid_from=_as_date(payload.get("validFrom")),
        valid_until=_as_date(payload.get("validUntil")),
        topic=topic,
        verified=verified,
        outcome=outcome,
    )
    audit_record(actor=actor, action=AuditEvent.Action.IMPORT, obj=imported, detail={"verified": verified})
    return imported


# --------------------------------------------------------------------------------------------- share links


@atomic_service
def share_create(*, actor: Actor, label: str) -> ShareLink:
    person = acting_person(actor)
    if person is None:
        raise ValidationError("Only someone with a passport can share it.")
    return model_create(model=ShareLink, actor=actor, data={"person": person, "label": label.strip()})


@atomic_service
def share_revoke(*, actor: Actor, link: ShareLink) -> ShareLink:
    if viewer_for(actor).person_id != link.person_id:
        refuse(actor, link, "Only the holder can revoke their share link.")
    if link.revoked_at is None:
        link.revoked_at = timezone.now()
        link.save(update_fields=["revoked_at", "updated_at"])
        audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=link, detail={"fields": ["revoked_at"]})
    return link


# -------------------------------------------------------------------------------------- expiry reminders


def expiry_reminders(today: date | None = None) -> int:
    """Remind holders (and their line managers) before a credential lapses: once 60 days before and again 14 days
    before. Idempotent per credential, stage and person."""
    today = today or timezone.localdate()
    soonest, latest = today, today.fromordinal(today.toordinal() + max(REMINDER_DAYS))
    due = Credential.objects.filter(
        holder__isnull=False, revoked_at__isnull=True, valid_until__gte=soonest, valid_until__lte=latest
    ).select_related("holder")
    sent = 0
    for credential in due:
        assert credential.holder is not None and credential.valid_until is not None
        left = (credential.valid_until - today).days
        stage = min(d for d in REMINDER_DAYS if left <= d)
        managers = {
            e.line_manager
            for e in Enrolment.objects.filter(
                apprentice_id=credential.holder_id,
                status__in=[EnrolmentStatus.STARTED, EnrolmentStatus.ON_BREAK],
                line_manager__isnull=False,
            ).select_related("line_manager")
        }
        for person in [credential.holder, *sorted((m for m in managers if m is not None), key=lambda p: p.pk)]:
            mine = person.pk == credential.holder_id
            notification_queue(
                key=f"passport-expiry-{stage}:{credential.pk}:{person.pk}",
                recipient=person,
                kind="passport_expiring",
                subject="Training about to go out of date"
                if mine
                else "Training of someone you manage goes out of date",
                body=(f"Your {credential.name}" if mine else f"The {credential.name} of someone you manage")
                + f" goes out of date on {credential.valid_until:%d %B %Y}. Book a refresher before then.",
                link=reverse("passport:mine") if mine else reverse("passport:person", args=[credential.holder_id]),
                about=credential,
            )
            sent += 1
    return sent
