"""Messages to people. A message carries a short text and a link, never sensitive personal data."""

from __future__ import annotations

from django.db import models


class Notification(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Queued"
        SENT = "sent", "Sent"
        SKIPPED = "skipped", "Not sent"
        FAILED = "failed", "Failed"

    key = models.CharField(max_length=200, unique=True, help_text="One message per event and recipient.")
    recipient = models.ForeignKey(
        "people.Person", null=True, blank=True, on_delete=models.CASCADE, related_name="notifications"
    )
    #: for someone with no record yet (an applicant): the address given on the public form
    to_email = models.EmailField(blank=True)
    kind = models.CharField(max_length=50)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    link = models.CharField(max_length=500, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    status_reason = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    #: what justifies sending, re-checked when the message is sent (it may wait in the queue): the record it is
    #: about, which the recipient must still be able to see ...
    about_type = models.CharField(max_length=100, blank=True, help_text="The record's model, as app_label.model.")
    about_id = models.BigIntegerField(null=True, blank=True)
    #: ... and/or a role the recipient must still hold at an organisation
    role_organisation_id = models.BigIntegerField(null=True, blank=True)
    roles = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(recipient__isnull=False) | ~models.Q(to_email=""), name="notification_has_address"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"
