"""Sending. The task re-checks, when it runs, that the recipient may still receive the message: still active,
still holding the role it was sent for, still able to see the record it is about."""

from __future__ import annotations

import logging

from django.apps import apps
from django.conf import settings
from django.core.mail import send_mail
from django.tasks import task
from django.utils import timezone

from workforce_hub.organisations.models import Membership

from .models import Notification

logger = logging.getLogger(__name__)


def _no_longer_justified(notification: Notification) -> str:
    """Why the message must not go now, or "": the recipient is inactive, lost the role the message was sent for,
    or can no longer see the record it is about (the same rules as the pages)."""
    recipient = notification.recipient
    if recipient is None:
        return ""
    if not recipient.is_active:
        return "recipient no longer active"
    if notification.roles and notification.role_organisation_id is not None:
        holds = Membership.objects.active().filter(
            person_id=recipient.pk, organisation_id=notification.role_organisation_id, role__in=notification.roles
        )
        if not holds.exists():
            return "recipient no longer holds the role the message was for"
    if notification.about_type and notification.about_id is not None:
        user = getattr(recipient, "user", None)
        manager = apps.get_model(notification.about_type)._default_manager
        visible = manager.visible_to(user) if user is not None and hasattr(manager, "visible_to") else None
        if visible is not None and not visible.filter(pk=notification.about_id).exists():
            return "recipient can no longer see what the message is about"
    return ""


@task()
def send_notification(*, notification_id: int) -> str:
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.status == Notification.Status.SENT:
        return "nothing to do"
    recipient = notification.recipient
    refusal = _no_longer_justified(notification)
    if refusal:
        notification.status = Notification.Status.SKIPPED
        notification.status_reason = refusal
        notification.save(update_fields=["status", "status_reason"])
        logger.info("notification %s not sent: %s", notification.pk, refusal)
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
