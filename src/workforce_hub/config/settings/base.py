"""Settings shared by every environment. Environment-specific files import from here."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parents[4]  # repository root
SRC_DIR = BASE_DIR / "src" / "workforce_hub"

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = False
ALLOWED_HOSTS: list[str] = os.environ.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "axes",
    "rules.apps.AutodiscoverRulesConfig",
    "django_tasks_db",
    "workforce_hub.core",
    "workforce_hub.accounts",
    "workforce_hub.organisations",
    "workforce_hub.people",
    "workforce_hub.schemes",
    "workforce_hub.rotations",
    "workforce_hub.digital_skills",
    "workforce_hub.digital_champions",
    "workforce_hub.programmes",
    "workforce_hub.portfolios",
    "workforce_hub.notifications",
    "workforce_hub.recruitment",
    "workforce_hub.support",
    "workforce_hub.readiness",
    "workforce_hub.monitoring",
    "workforce_hub.roles",
    "workforce_hub.passport",
    "workforce_hub.schedule",
    "crontask",
    "workforce_hub.outcomes",
    "workforce_hub.home",
    "workforce_hub.demo",
]

MIDDLEWARE = [
    "workforce_hub.core.observability.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "workforce_hub.accounts.middleware.SessionTimeoutMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "workforce_hub.accounts.middleware.RequireMfaMiddleware",
    "axes.middleware.AxesMiddleware",
    "workforce_hub.core.idempotency.IdempotencyMiddleware",
]

ROOT_URLCONF = "workforce_hub.config.urls"
WSGI_APPLICATION = "workforce_hub.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.jinja2.Jinja2",
        "DIRS": [SRC_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "environment": "workforce_hub.config.jinja2.environment",
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
    {
        # Django admin and the allauth pages we do not re-skin use Django templates.
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SRC_DIR / "templates_django"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {"default": dj_database_url.config(default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}", conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("postgresql"):
    # PostgreSQL's default cost of a random read (4) is for spinning disks; on SSD, with the Hub's data in memory,
    # it made PostgreSQL read all 105,000 people of an ICS to name a page of 50 apprentices (ADR 0034)
    cost = float(os.environ.get("HUB_PG_RANDOM_PAGE_COST", "1.1"))
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = f"-c random_page_cost={cost}"
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- allauth: e-mail login, no public sign-up (people are invited), TOTP MFA ---
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_ADAPTER = "workforce_hub.accounts.adapters.InviteOnlyAccountAdapter"
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
# axes locks an account or address after 5 failures; allauth's limiter is a looser backstop.
ACCOUNT_RATE_LIMITS = {"login_failed": "30/m/ip,10/5m/key"}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Workforce Hub"
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

# --- sign-in with the organisation's identity provider (OpenID Connect; ADR 0023) ---
# HUB_OIDC_PROVIDERS is a JSON list, one object per identity provider:
#   {"id": "nhsmail", "name": "NHSmail", "server_url": "https://login.microsoftonline.com/<tenant>/v2.0",
#    "client_id": "...", "secret": "..."}
# Microsoft Entra ID (NHSmail, many councils) and any other OpenID Connect provider work the same way. A sign-in is
# accepted only for someone already invited to the Hub, matched by an e-mail address the provider says it verified;
# nobody can sign up through a provider. The Hub's own two-step verification still applies after it.
HUB_OIDC_PROVIDERS: list[dict[str, str]] = json.loads(os.environ.get("HUB_OIDC_PROVIDERS", "[]"))
SOCIALACCOUNT_ADAPTER = "workforce_hub.accounts.adapters.InvitedOnlySocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_AUTO_SIGNUP = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_PROVIDERS: dict[str, Any] = {
    "openid_connect": {
        "OAUTH_PKCE_ENABLED": True,
        "APPS": [
            {
                "provider_id": p["id"],
                "name": p["name"],
                "client_id": p["client_id"],
                "secret": p["secret"],
                "settings": {"server_url": p["server_url"], "token_auth_method": "client_secret_post"},
            }
            for p in HUB_OIDC_PROVIDERS
        ],
    }
}

# Staff with partnership-wide access must use MFA (SECURITY.md 5). The local demo may switch this off.
HUB_REQUIRE_MFA = True
# The public application form (no account): the most applications from one network address in an hour and from one
# e-mail address in a day, checked before anything is saved or e-mailed (SECURITY.md: abuse of public forms).
HUB_APPLICATION_LIMITS = {"per_address_per_hour": 10, "per_email_per_day": 3}
# Postcodes become locations (core.geocoding): the table loaded with `manage.py load_postcodes` first, then the
# postcodes.io API at HUB_POSTCODES_URL (https://api.postcodes.io, or a partnership's own copy of it). Set
# HUB_POSTCODES_URL to "" on a server that cannot reach it: the table alone is used.
HUB_POSTCODES_URL = os.environ.get("HUB_POSTCODES_URL", "https://api.postcodes.io")
HUB_GEOCODERS = [{"BACKEND": "workforce_hub.core.geocoding.PostcodeTable"}] + (
    [{"BACKEND": "workforce_hub.core.geocoding.PostcodesIo", "OPTIONS": {"base_url": HUB_POSTCODES_URL}}]
    if HUB_POSTCODES_URL
    else []
)

# --- django-axes: lock out after repeated failures, per user and per address ---
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username"], ["ip_address"]]
AXES_USERNAME_CALLABLE = "workforce_hub.accounts.adapters.axes_username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"

# --- sessions: idle and absolute timeouts (SECURITY.md 6) ---
SESSION_COOKIE_AGE = 30 * 60  # idle timeout, refreshed on each request
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_ABSOLUTE_TIMEOUT_SECONDS = 10 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_COOKIE_SAMESITE = "Lax"

# --- security headers (SECURITY.md 7) ---
from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "staticfiles"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STATICFILES_DIRS = [BASE_DIR / "static_build"]
STORAGES: dict[str, dict[str, Any]] = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
# Evidence files: never under a public URL; read only through the permission-checked download view.
EVIDENCE_ROOT = BASE_DIR / "var" / "evidence"
STORAGES["evidence"] = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": str(EVIDENCE_ROOT), "base_url": None, "file_permissions_mode": 0o600},
}


def s3_storage(prefix: str) -> dict[str, Any]:
    """Files under `prefix` in the S3-compatible bucket HUB_S3_BUCKET (django-storages; docs/deploy.md)."""
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": os.environ["HUB_S3_BUCKET"],
            "location": prefix,
            "endpoint_url": os.environ.get("HUB_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("HUB_S3_REGION") or None,
            "access_key": os.environ.get("HUB_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("HUB_S3_SECRET_ACCESS_KEY") or None,
            "default_acl": None,  # the bucket's own policy: private
            "querystring_auth": True,  # no address works without a signature (the Hub streams files itself anyway)
            "file_overwrite": False,
            "object_parameters": {"ServerSideEncryption": "AES256"} if os.environ.get("HUB_S3_ENCRYPT") else {},
        },
    }


# Malware scanning of evidence: production uses ClamAV (ClamdScanner); a failing scanner keeps files blocked.
EVIDENCE_SCANNER: dict[str, Any] = {"BACKEND": "workforce_hub.portfolios.files.SignatureScanner"}

# --- REST API ---
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "workforce_hub.accounts.authentication.HubTokenAuthentication",
        "workforce_hub.accounts.authentication.MfaSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "workforce_hub.core.rest.pagination.HubPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_FILTER_BACKENDS": [
        "workforce_hub.core.rest.filters.HubFilterBackend",
        "rest_framework.filters.SearchFilter",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": [
        "rest_framework.throttling.AnonRateThrottle",
        "rest_framework.throttling.UserRateThrottle",
    ],
    "DEFAULT_THROTTLE_RATES": {"anon": "60/min", "user": "600/min"},
    "EXCEPTION_HANDLER": "workforce_hub.core.rest.errors.hub_exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Workforce Hub API",
    "DESCRIPTION": "Organisations, placement settings, people, memberships, schemes, cohorts and enrolments "
    "of a health-and-care workforce partnership. Every list paginates; every object is visible only "
    "to the people the access policy allows.",
    "VERSION": "1.16.1",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "workforce_hub.core.rest.schema.add_error_responses",
    ],
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "WeekdayEnum": "workforce_hub.organisations.models.WEEKDAYS",
        "EvaluationRatingEnum": "workforce_hub.monitoring.models.Rating",
        "EnrolmentStatusEnum": "workforce_hub.schemes.models.EnrolmentStatus",
        "SectorEnum": "workforce_hub.organisations.models.Sector",
        "SettingTypeEnum": "workforce_hub.organisations.models.SettingType",
        "ShiftPatternEnum": "workforce_hub.organisations.models.ShiftPattern",
        "RoleEnum": "workforce_hub.core.roles.Role",
        "LevelEnum": "workforce_hub.recruitment.models.Level",
        "StageEnum": "workforce_hub.recruitment.models.Stage",
        "RatingEnum": "workforce_hub.support.models.Rating",
    },
}

# --- background tasks ---
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# --- e-mail / notifications ---
# Django 6.1 mailers, chosen by HUB_EMAIL_CHANNEL: "smtp" (default), "console" (development) or "notify"
# (GOV.UK Notify, see notifications/backends.py). Tests use locmem. DJANGO_EMAIL_BACKEND still names any backend.
EMAIL_CHANNELS: dict[str, dict[str, Any]] = {
    "smtp": {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            k: v
            for k, v in {
                "host": os.environ.get("SMTP_HOST"),
                "port": int(os.environ["SMTP_PORT"]) if os.environ.get("SMTP_PORT") else None,
                "username": os.environ.get("SMTP_USER"),
                "password": os.environ.get("SMTP_PASSWORD"),
                "use_tls": os.environ.get("SMTP_USE_TLS") == "1" or None,
            }.items()
            if v is not None
        },
    },
    "console": {"BACKEND": "django.core.mail.backends.console.EmailBackend"},
    "notify": {
        "BACKEND": "workforce_hub.notifications.backends.GovukNotifyBackend",
        "OPTIONS": {
            "api_key": os.environ.get("NOTIFY_API_KEY", ""),
            "template_id": os.environ.get("NOTIFY_TEMPLATE_ID", ""),
            "base_url": os.environ.get("NOTIFY_BASE_URL", "https://api.notifications.service.gov.uk"),
        },
    },
}
_channel = os.environ.get("HUB_EMAIL_CHANNEL", "smtp")
if _channel not in EMAIL_CHANNELS:
    raise ImproperlyConfigured(f"HUB_EMAIL_CHANNEL must be one of {', '.join(EMAIL_CHANNELS)}.")
MAILERS = {"default": dict(EMAIL_CHANNELS[_channel])}
if os.environ.get("DJANGO_EMAIL_BACKEND"):
    MAILERS["default"] = {"BACKEND": os.environ["DJANGO_EMAIL_BACKEND"]}
DEFAULT_FROM_EMAIL = os.environ.get("DJANGO_DEFAULT_FROM_EMAIL", "workforce-hub@example.nhs.uk")
HUB_BASE_URL = os.environ.get("HUB_BASE_URL", "http://127.0.0.1:8000")
# Passport signing keys are stored encrypted with a key derived from this (empty: from SECRET_KEY); ADR 0020
PASSPORT_KEY_SECRET = os.environ.get("PASSPORT_KEY_SECRET", "")

# --- analytics ---
ANALYTICS_MIN_GROUP_SIZE = 5

# --- employability ---
#: apprentices get job alerts when their cohort ends within this many weeks
JOB_ALERT_WEEKS_BEFORE_END = int(os.environ.get("HUB_JOB_ALERT_WEEKS", "16"))

# --- planning ---
#: a plan for more apprentices than this shows its grid one cohort at a time
PLAN_GRID_ROWS = int(os.environ.get("HUB_PLAN_GRID_ROWS", "150"))
#: and a cohort's grid of more apprentices than this shows them a page at a time
PLAN_GRID_PAGE = int(os.environ.get("HUB_PLAN_GRID_PAGE", "50"))

# --- privacy ---
#: retention periods changed from the defaults in the privacy register: "name=days,name=days"
#: (the names are on the privacy register page, for example recruitment.unsuccessful_applications=365)
RETENTION_DAYS: dict[str, int] = {
    name.strip(): int(days)
    for name, _, days in (
        part.partition("=") for part in os.environ.get("HUB_RETENTION_DAYS", "").split(",") if part.strip()
    )
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "workforce_hub.core.observability.RequestIdFilter"}},
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["request_id"]}},
    "root": {"handlers": ["console"], "level": "INFO"},
    "loggers": {"django.request": {"level": "ERROR"}},
}
