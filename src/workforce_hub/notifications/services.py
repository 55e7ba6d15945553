"""Queue a message for a person; a task sends it after the transaction commits."""

from __future__ import annotations

from collections.abc import Collection
from typing import TYPE_CHECKING

from django.db import transaction
from django.db.models import Model

from .models import Notification
from .tasks import send_notification

if TYPE_CHECKING:  # notifications sits below people: the recipient's type only, no import at run time
    from workforce_hub.people.models import Person


def notification_queue(
    *,
    key: str,
    recipient: Person | None = None,
    kind: str,
    subject: str,
    body: str,
    link: str = "",
    to_email: str = "",
    about: Model | None = None,
    as_role: tuple[Collection[str], int] | None = None,
) -> Notification:
    """Idempotent: the same key never makes a second message. A message goes to a person, or (for someone with no
    record yet, such as an applicant) to an e-mail address.

    `about` (a record the recipient must still be able to see) and `as_role` (roles, organisation id: one of which
    the recipient must still hold there) are checked again when the message is sent, so a message that waited in
    the queue does not reach someone who has lost the access that justified it."""
    if recipient is None and not to_email:
        raise ValueError("A notification needs a recipient or an e-mail address.")
    notification, created = Notification.objects.get_or_create(
        key=key,
        defaults={
            "recipient": recipient,
            "to_email": "" if recipient else to_email,
            "kind": kind,
            "subject": subject,
            "body": body,
            "link": link,
            "about_type": about._meta.label_lower if about is not None else "",
            "about_id": about.pk if about is not None else None,
            "roles": sorted(as_role[0]) if as_role else [],
            "role_organisation_id": as_role[1] if as_role else None,
        },
    )
    if created:
        transaction.on_commit(lambda: send_notification.enqueue(notification_id=notification.pk))
    return notification
