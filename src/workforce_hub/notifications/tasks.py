"""Sending. The task re-checks that the recipient may still receive the message when it runs."""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


@task()
def send_notification(*, notification_id: int) -> str:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.status == Notification.Status.SENT:
        return "nothing to do"
    recipient = notification.recipient
    if recipient is not None and not recipient.is_active:
        notification.status = Notification.Status.SKIPPED
        notification.status_reason = "recipient no longer active"
        notification.save(update_fields=["status", "status_reason"])
        return "skipped"
    link = f"{settings.HUB_BASE_URL}{notification.link}" if notification.link.startswith("/") else notification.link
    body = f"{notification.body}\n\n{link}\n" if link else notification.body
    notification.attempts += 1
    try:
        send_mail(
            notification.subject,
            body,
            settings.DEFAULT_FROM_EMAIL,
            [recipient.email if recipient else notification.to_email],
        )
    except Exception:
        notification.status = Notification.Status.FAILED
        notification.status_reason = "delivery failed; will be retried"
        notification.save(update_fields=["status", "status_reason", "attempts"])
        logger.exception("notification %s failed", notification.pk)
        raise
    notification.status = Notification.Status.SENT
    notification.sent_at = timezone.now()
    notification.save(update_fields=["status", "sent_at", "attempts"])
    logger.info("notification %s sent (%s)", notification.pk, notification.kind)
    return "sent"
