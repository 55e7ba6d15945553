"""Local demo / development: SQLite, console e-mail, DEBUG on."""

from .base import *  # noqa: F403

DEBUG = True
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
# The demo prints passwords for each role so that anyone can try it; TOTP would block that.
# MFA is enforced in production and proved by tests (see docs/adr/0004-accounts-and-mfa.md).
HUB_REQUIRE_MFA = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": STORAGES["evidence"],
}
