"""Tokens end with the password they were made under, and with the login."""

from __future__ import annotations

from typing import Any

from .models import User
from .tokens import tokens_revoke_all


def revoke_tokens_on_password_change_or_deactivation(sender: type[User], instance: User, **kwargs: Any) -> None:
    if instance.pk is None or kwargs.get("raw"):
        return
    before = User.objects.filter(pk=instance.pk).values("password", "is_active").first()
    if before is None:
        return
    if before["password"] != instance.password:
        tokens_revoke_all(user_id=instance.pk, reason="Password changed")
    elif before["is_active"] and not instance.is_active:
        tokens_revoke_all(user_id=instance.pk, reason="Login deactivated")
