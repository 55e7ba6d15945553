"""Writes for people and memberships: invite, update, add and end roles, bulk import, and erasure."""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from workforce_hub.accounts.models import User
from workforce_hub.core import privacy
from workforce_hub.core.access import Actor, forget_viewer, viewer_for
from workforce_hub.core.audit import audit_record
from workforce_hub.core.geocoding import place
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import refuse, require_perm, require_perm_in
from workforce_hub.core.roles import Role
from workforce_hub.core.services import model_create, model_update
from workforce_hub.notifications.models import Notification
from workforce_hub.notifications.services import notification_queue
from workforce_hub.organisations.models import Membership, Organisation, Partnership

from .models import Person


def person_create(*, partnership: Partnership, data: dict[str, Any], actor: Actor) -> Person:
    require_perm(actor, "hub.manage_people")
    data = place({**data, "email": data["email"].strip().lower(), "partnership": partnership})
    if Person.objects.filter(partnership=partnership, email=data["email"]).exists():
        raise ValidationError({"email": "Someone in this partnership already has this e-mail address."})
    return model_create(model=Person, data=data, actor=actor)


def person_update(*, person: Person, data: dict[str, Any], actor: Actor) -> Person:
    require_perm(actor, "hub.manage_people")
    data = place({k: v for k, v in data.items() if k not in ("partnership", "user")}, person)  # a copy
    if "email" in data:
        data["email"] = data["email"].strip().lower()
        clash = Person.objects.filter(partnership_id=person.partnership_id, email=data["email"]).exclude(pk=person.pk)
        if clash.exists():
            raise ValidationError({"email": "Someone in this partnership already has this e-mail address."})
    changed = model_update(instance=person, data=data, actor=actor)
    if "is_active" in changed and not person.is_active and person.user_id:
        User.objects.filter(pk=person.user_id).update(is_active=False)
        _end_sessions(person.user_id)
    return person


def _end_sessions(user_id: int) -> None:
    """End every session of a user (deactivation or role removal)."""
    from django.contrib.sessions.models import Session

    for session in Session.objects.filter(expire_date__gte=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user_id):
            session.delete()


def person_invite(*, person: Person, actor: Actor) -> str:
    """Give a person a login and e-mail them a link to set their password. Returns the link path."""
    require_perm(actor, "hub.manage_people")
    with transaction.atomic():
        return _person_invite(person=person, actor=actor)


def _person_invite(*, person: Person, actor: Actor) -> str:
    user = person.user
    if user is None:
        user = User.objects.create_user(email=person.email, password=None)
        person.user = user
    person.invited_at = timezone.now()
    person.save(update_fields=["user", "invited_at", "updated_at"])
    key = default_token_generator.make_token(user)
    path = reverse("account_reset_password_from_key", kwargs={"uidb36": user_pk_to_url_str(user), "key": key})
    notification_queue(
        key=f"invite:{person.pk}:{person.invited_at.isoformat()}",
        recipient=person,
        kind="invitation",
        subject="You have been invited to Workforce Hub",
        body="You have been given an account on Workforce Hub. Use the link below to choose your password.",
        link=path,
    )
    audit_record(actor=actor, action=AuditEvent.Action.UPDATE, obj=person, detail={"invited": True})
    return path


def membership_add(
    *,
    person: Person,
    organisation: Organisation,
    role: str,
    actor: Actor,
    job_title: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Membership:
    require_perm(actor, "hub.manage_people")
    if organisation.partnership_id != person.partnership_id:
        raise ValidationError({"organisation": "Choose an organisation in this person's partnership."})
    if role not in Role.values:
        raise ValidationError({"role": "Choose a role from the list."})
    if Membership.objects.filter(person=person, organisation=organisation, role=role).exists():
        raise ValidationError({"role": "This person already has this role in this organisation."})
    membership = model_create(
        model=Membership,
        data={
            "person": person,
            "organisation": organisation,
            "role": role,
            "job_title": job_title,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
        actor=actor,
    )
    if person.user is not None:
        forget_viewer(person.user)
    return membership


def membership_remove(*, membership: Membership, actor: Actor) -> None:
    require_perm(actor, "hub.manage_people")
    with transaction.atomic():
        _membership_remove(membership=membership, actor=actor)


def _membership_remove(*, membership: Membership, actor: Actor) -> None:
    audit_record(
        actor=actor,
        action=AuditEvent.Action.DELETE,
        obj=membership,
        partnership_id=membership.organisation.partnership_id,
        detail={"role": membership.role},
    )
    user_id = membership.person.user_id
    membership.delete()
    if user_id:
        _end_sessions(user_id)


# ------------------------------------------------------------------------------------------------------ erasure

#: what a request reference may look like: the partnership's own case number, never a name
REFERENCE_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9/_.-]{1,39}$"
OWN_DATA = "You cannot erase your own data: ask another administrator."


def check_erasure_reference(reference: str) -> None:
    """Refuse an erasure whose request reference is not a case number (it is written to the audit log)."""
    if not re.match(REFERENCE_PATTERN, reference or ""):
        raise ValidationError(
            {"reference": "Enter the request's reference: 2 to 40 letters, numbers, slashes, dots or dashes."}
        )


def people_anonymise(people: QuerySet[Person]) -> int:
    """Remove what identifies each person from their own record and delete their login (with its e-mail
    addresses, second factors, API tokens, sessions and failed-login records). The row stays, marked erased, so
    that records kept for a reason still point at someone: it shows as "Erased person"."""
    count = 0
    for person in people.filter(erased_at__isnull=True):
        Notification.objects.filter(to_email__iexact=person.email).delete()
        user = person.user
        if user is not None:
            _end_sessions(user.pk)
            for model in (AccessAttempt, AccessLog, AccessFailureLog):
                model.objects.filter(username__iexact=user.email).delete()
            forget_viewer(user)
        Person.objects.filter(pk=person.pk).update(
            user=None,
            given_name="Erased",
            family_name="person",
            preferred_name="",
            email=f"erased-{person.pk}@erased.invalid",
            phone="",
            postcode="",
            latitude=None,
            longitude=None,
            location_source="",
            located_on=None,
            date_of_birth=None,
            health_and_adjustment_notes="",
            is_active=False,
            invited_at=None,
            erased_at=timezone.now(),
        )
        if user is not None:
            user.delete()
        count += 1
    return count


def person_erasure_refusals(*, person: Person, actor: Actor) -> list[str]:
    """Why this person's data cannot be erased now (empty when it can)."""
    if person.erased_at is not None:
        return ["Their data has already been erased."]
    if viewer_for(actor).person_id == person.pk:
        return [OWN_DATA]
    return privacy.erasure_blockers(person.pk)


def person_erase(*, person: Person, reference: str, actor: Actor) -> dict[str, int]:
    """Right to erasure: erase or anonymise everything registered about the person, keeping only what the privacy
    register keeps for a documented reason. Partnership administrators only; audited with the request's reference
    and the number of records per type (never a value)."""
    require_perm_in(actor, "hub.erase_people", person.partnership_id)
    check_erasure_reference(reference)
    if viewer_for(actor).person_id == person.pk:
        refuse(actor, person, OWN_DATA)
    refusals = person_erasure_refusals(person=person, actor=actor)
    if refusals:
        raise ValidationError(" ".join(refusals))
    with transaction.atomic():
        Person.objects.select_for_update().get(pk=person.pk)
        done = privacy.erase_person(person.pk)
        audit_record(
            actor=actor,
            action=AuditEvent.Action.DELETE,
            obj=person,
            partnership_id=person.partnership_id,
            detail={"erasure": True, "reference": reference, "records": done},
        )
    person.refresh_from_db()
    return done
