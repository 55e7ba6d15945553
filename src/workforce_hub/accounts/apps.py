from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workforce_hub.accounts"
    label = "accounts"
    verbose_name = "Accounts"
