from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo partnership (`manage.py load_demo`): one module per domain, `partnership.load_demo` the entry."""

    name = "workforce_hub.demo"
    label = "demo"
    verbose_name = "Demo partnership"
