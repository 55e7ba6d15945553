from datetime import date, timedelta

from django.apps import AppConfig


def audit_log_sweep(cutoff: date) -> int:
    """Retention: delete audit events from before `cutoff`."""
    from .models import AuditEvent
    from .privacy import start_of

    return AuditEvent.objects.expire(start_of(cutoff))


class CoreConfig(AppConfig):
    name = "workforce_hub.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import privacy, signals  # noqa: F401
        from .idempotency import KEPT_FOR, idempotency_sweep

        privacy.retain(
            privacy.RetentionRule(
                name="core.audit_log",
                title="The audit log",
                period=timedelta(days=6 * 365),
                counted_from="the event",
                action="erased",
                sweep=audit_log_sweep,
            )
        )
        privacy.retain(
            privacy.RetentionRule(
                name="core.idempotency_keys",
                title="Answers kept for repeated API requests (Idempotency-Key)",
                period=KEPT_FOR,
                counted_from="the request",
                action="erased",
                sweep=idempotency_sweep,
            )
        )
