"""Queue a message for a person; a task sends it after the transaction commits."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

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
) -> Notification:
    """Idempotent: the same key never makes a second message. A message goes to a person, or (for someone with no
    record yet, such as an applicant) to an e-mail address."""
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
        },
    )
    if created:
        transaction.on_commit(lambda: send_notification.enqueue(notification_id=notification.pk))
    return notification
