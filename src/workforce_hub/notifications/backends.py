"""A GOV.UK Notify channel for Django's mail layer, so the notification layer can send through Notify by settings.

Notify sends from templates. Make one e-mail template in Notify whose subject is `((subject))` and whose body is
`((body))`; the Hub fills both. Settings (environment): `HUB_EMAIL_CHANNEL=notify`, `NOTIFY_API_KEY`,
`NOTIFY_TEMPLATE_ID` and, for a test double or a proxy, `NOTIFY_BASE_URL`.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from notifications_python_client.notifications import NotificationsAPIClient

logger = logging.getLogger(__name__)

DEFAULT_BASE_URL = "https://api.notifications.service.gov.uk"


class GovukNotifyBackend(BaseEmailBackend):
    def __init__(
        self,
        fail_silently: bool = False,
        *,
        api_key: str = "",
        template_id: str = "",
        base_url: str = DEFAULT_BASE_URL,
        timeout: int = 30,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)  # Django 6.1: a backend that supports fail_silently keeps it itself
        self.fail_silently = fail_silently
        if not api_key or not template_id:
            raise ImproperlyConfigured("GOV.UK Notify needs NOTIFY_API_KEY and NOTIFY_TEMPLATE_ID.")
        self.client = NotificationsAPIClient(api_key, base_url=base_url or DEFAULT_BASE_URL, timeout=timeout)
        self.template_id = template_id

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        sent = 0
        for message in email_messages:
            body = message.body if isinstance(message.body, str) else str(message.body)
            for address in message.to:
                try:
                    self.client.send_email_notification(
                        email_address=address,
                        template_id=self.template_id,
                        personalisation={"subject": message.subject, "body": body},
                    )
                except Exception:
                    if not self.fail_silently:
                        raise
                    logger.warning("GOV.UK Notify refused a message")
                    continue
                sent += 1
        return sent
