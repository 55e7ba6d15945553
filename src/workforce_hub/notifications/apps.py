from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "workforce_hub.notifications"
    label = "notifications"
    verbose_name = "Notifications"
