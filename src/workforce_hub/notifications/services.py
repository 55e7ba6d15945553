"""Queue a message for a person; a task sends it after the transaction commits."""

from __future__ import annotations

from django.db import transaction

from workforce_hub.people.models import Person

from .models import Notification


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
        from .tasks import send_notification

        transaction.on_commit(lambda: send_notification.enqueue(notification_id=notification.pk))
    return notification
