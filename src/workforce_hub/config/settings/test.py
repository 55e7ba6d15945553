"""Test settings: fast hashing, in-memory e-mail, tasks run at once."""

import tempfile

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "evidence": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tempfile.mkdtemp(prefix="hub-evidence-"), "base_url": None},
    },
}
REST_FRAMEWORK = {**REST_FRAMEWORK, "DEFAULT_THROTTLE_RATES": {"anon": "1000/min", "user": "10000/min"}}
AXES_ENABLED = True
ALLOWED_HOSTS = ["*"]
# No internet in tests: the loaded table only; geocoder tests point postcodes.io at a server on loopback.
HUB_GEOCODERS = [{"BACKEND": "workforce_hub.core.geocoding.PostcodeTable"}]
# `manage.py lintmigrations` (make migrations-check) flags destructive or locking migrations (SECURITY.md 15)
INSTALLED_APPS = [*INSTALLED_APPS, "django_migration_linter"]
