from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "workforce_hub.accounts"
    label = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from django.db.models.signals import pre_save

        from .models import User
        from .signals import revoke_tokens_on_password_change_or_deactivation

        pre_save.connect(revoke_tokens_on_password_change_or_deactivation, sender=User, dispatch_uid="revoke-tokens")
