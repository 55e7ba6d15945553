"""Base models and the append-only audit log."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class AuditQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise PermissionError("Audit events cannot be changed.")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")

    def expire(self, before: datetime) -> int:
        """The one way events leave the log: the retention sweep deletes those older than the audit log's period."""
        count, _ = models.QuerySet.delete(self.filter(at__lt=before))
        return count


class AuditEvent(models.Model):
    """Who did what to which record, when, and with what outcome. Never edited, never deleted.

    `detail` holds identifiers and field names only, never personal values.
    """

    class Action(models.TextChoices):
        CREATE = "create", "Created"
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"
        READ_SENSITIVE = "read_sensitive", "Read sensitive fields"
        LOGIN = "login", "Logged in"
        LOGIN_FAILED = "login_failed", "Failed login"
        LOGOUT = "logout", "Logged out"
        ACCESS_DENIED = "access_denied", "Access refused"
        EXPORT = "export", "Exported"
        IMPORT = "import", "Imported"
        PUBLISH = "publish", "Published"

    class Outcome(models.TextChoices):
        SUCCESS = "success", "Success"
        REFUSED = "refused", "Refused"
        FAILED = "failed", "Failed"

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partnership_id = models.BigIntegerField(null=True, blank=True, db_index=True)
    action = models.CharField(max_length=20, choices=Action.choices)
    object_type = models.CharField(max_length=80, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.SUCCESS)
    detail = models.JSONField(default=dict, blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["object_type", "object_id"]),
            # the latest event of a partnership: what "has anything changed?" caches are keyed on
            models.Index(fields=["partnership_id", "id"], name="audit_partnership_latest"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.object_type}#{self.object_id} {self.outcome}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise PermissionError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise PermissionError("Audit events cannot be deleted.")


class PostcodeCentroid(models.Model):
    """Where a postcode (or a postcode district, such as DE22) is, loaded from an open government file with
    `manage.py load_postcodes`, for Hubs whose server cannot reach the postcodes.io service."""

    class Kind(models.TextChoices):
        POSTCODE = "postcode", "Postcode"
        DISTRICT = "district", "Postcode district"

    key = models.CharField(max_length=8, unique=True, help_text="The postcode or district in capitals, no spaces.")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    source = models.CharField(max_length=100, help_text="The file it came from, such as ONS Postcode Directory.")

    def __str__(self) -> str:
        return self.key


class AttentionDismissalQuerySet(models.QuerySet["AttentionDismissal"]):
    def visible_to(self, user: object) -> AttentionDismissalQuerySet:
        """Each person's own choices only."""
        uid = getattr(user, "pk", None) if getattr(user, "is_authenticated", False) else None
        return self.filter(user_id=uid) if uid is not None else self.none()


class AttentionDismissal(models.Model):
    """A "needs attention" item someone dismissed (for good) or snoozed (until a date), with their reason."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=300)
    reason = models.TextField()
    until = models.DateField(null=True, blank=True, help_text="Hidden until this day; empty means dismissed for good.")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = AttentionDismissalQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="attention_dismissed_once")]

    def __str__(self) -> str:
        return self.key


class IdempotentRequest(models.Model):
    """An API write sent with an `Idempotency-Key` header, and the answer it got (SECURITY.md 18).

    The same person sending the same key again within a day gets that answer back instead of a second write
    (`core.idempotency`). Only successful answers are kept; the row is removed the day after (retention rule
    `core.idempotency_keys`). The answer can hold personal data, so the row goes with its user's login."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    fingerprint = models.CharField(max_length=64, help_text="SHA-256 of the method, address and body.")
    created_at = models.DateTimeField(auto_now_add=True)
    #: empty while the first request is still being handled
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    location = models.CharField(max_length=500, blank=True)
    body = models.BinaryField(blank=True, default=b"")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="idempotency_key_once_per_user")]

    def __str__(self) -> str:
        return self.key
