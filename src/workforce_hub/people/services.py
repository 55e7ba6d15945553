"""Writes for people and memberships: invite, update, add and end roles, and bulk import."""

from __future__ import annotations

from datetime import date
from typing import Any

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from workforce_hub.accounts.models import User
from workforce_hub.core.access import Actor, forget_viewer
from workforce_hub.core.audit import audit_record
from workforce_hub.core.geocoding import place
from workforce_hub.core.models import AuditEvent
from workforce_hub.core.permissions import require_perm
from workforce_hub.core.roles import Role
from workforce_hub.core.services import model_create, model_update
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
