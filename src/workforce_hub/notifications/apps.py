from datetime import date, timedelta

from django.apps import AppConfig


def notifications_sweep(cutoff: date) -> int:
    """Retention: delete messages created before `cutoff` that are no longer waiting to be sent."""
    from workforce_hub.core.privacy import start_of

    from .models import Notification

    count, _ = (
        Notification.objects.filter(created_at__lt=start_of(cutoff)).exclude(status=Notification.Status.QUEUED).delete()
    )
    return count


class NotificationsConfig(AppConfig):
    name = "workforce_hub.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from workforce_hub.core import privacy

        from .models import Notification

        privacy.register(
            Notification,
            person_path="recipient_id",
            fields=("kind", "subject", "created_at", "sent_at", "status"),
            retention="1 year after it was made.",
            erasure=privacy.ERASE,
        )
        privacy.retain(
            privacy.RetentionRule(
                name="notifications.messages",
                title="Messages sent to people",
                period=timedelta(days=365),
                counted_from="the message was made",
                action="erased",
                sweep=notifications_sweep,
            )
        )
