"""Production: everything from the environment; secure cookies, HSTS, no debug."""

import os
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if len(SECRET_KEY) < 50 and os.environ.get("HUB_ALLOW_CHECK_WITHOUT_SECRET") != "1":
    raise ImproperlyConfigured("Set DJANGO_SECRET_KEY to a random value of at least 50 characters.")
SECURE_SSL_REDIRECT = True
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_HSTS_SECONDS = 63072000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Evidence files are checked by ClamAV's daemon; if it cannot be reached, uploads stay blocked (fail closed).
EVIDENCE_SCANNER = {
    "BACKEND": "workforce_hub.portfolios.files.ClamdScanner",
    "OPTIONS": {"host": os.environ.get("CLAMD_HOST", "127.0.0.1"), "port": int(os.environ.get("CLAMD_PORT", "3310"))},
}

# Where uploaded files live: a directory every web and worker process shares (a mounted volume when there are
# several machines); backups copy it. Static files are collected into it too.
DATA_DIR = Path(os.environ.get("HUB_DATA_DIR", str(BASE_DIR / "var")))
MEDIA_ROOT = DATA_DIR / "media"
EVIDENCE_ROOT = DATA_DIR / "evidence"
STATIC_ROOT = DATA_DIR / "staticfiles"
STORAGES = {
    **STORAGES,
    "evidence": {
        **STORAGES["evidence"],
        "OPTIONS": {**STORAGES["evidence"]["OPTIONS"], "location": str(EVIDENCE_ROOT)},
    },
}
# Or an S3-compatible object store for the uploaded files (several machines then need no shared volume): set
# HUB_S3_BUCKET, and HUB_S3_ENDPOINT_URL for a store other than Amazon's. Files are private: read only through the
# Hub's permission-checked download views, never by a public address.
if os.environ.get("HUB_S3_BUCKET"):
    STORAGES["default"] = s3_storage("files")
    STORAGES["evidence"] = s3_storage("evidence")

# One cache for every process (rate limits, cached reports): a table in the database, made by `createcachetable`
# in the release step, so no extra service is needed.
CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "hub_cache"}}
