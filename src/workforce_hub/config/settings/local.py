"""Local demo / development: SQLite, console e-mail, DEBUG on."""

import os

from .base import *  # noqa: F403

DEBUG = True
# console e-mail unless HUB_EMAIL_CHANNEL picks SMTP or GOV.UK Notify
MAILERS = {"default": dict(EMAIL_CHANNELS[os.environ.get("HUB_EMAIL_CHANNEL", "console")])}
# The demo prints passwords for each role so that anyone can try it; TOTP would block that.
# MFA is enforced in production and proved by tests (see docs/adr/0004-accounts-and-mfa.md).
HUB_REQUIRE_MFA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": STORAGES["evidence"],
}
