from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "workforce_hub.home"
    label = "home"
    verbose_name = "Home pages"
