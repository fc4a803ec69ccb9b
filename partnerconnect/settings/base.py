"""Settings shared by every environment, read from the environment with django-environ."""

from pathlib import Path

import environ
from csp.constants import NONE, SELF, UNSAFE_INLINE
from django.conf.locale import LANG_INFO

from partnerconnect.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
if (BASE_DIR / ".env").exists():
    env.read_env(str(BASE_DIR / ".env"))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=[])
SITE_URL = env.str("SITE_URL", default="http://localhost:8000")
SITE_ID = 1
DEMO_DATA_ALLOWED = True  # seed_demo may run (False in production)

INSTALLED_APPS = [
    # The catalogs' per-language columns (partners/translation.py); before the admin, as
    # django-modeltranslation asks.
    "modeltranslation",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.sites",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "crispy_forms",
    "crispy_bootstrap5",
    "formtools",
    "django_filters",
    "django_celery_beat",
    "post_office",
    "auditlog",
    "audit",
    "accounts",
    "notifications",
    "imports",
    "partners",
    "requests_app",
    "compliance",
    "privacy",
    "expo",
    "reports",
    # The project itself, last: commands that span every app (seed_volume).
    "partnerconnect",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Below WhiteNoise: what follows applies to every response but static files.
    "partnerconnect.middleware.SecurityHeadersMiddleware",
    "partnerconnect.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The visitor's language: the language cookie (set by the switcher and at a partner's
    # sign-in), else the browser's Accept-Language, else LANGUAGE_CODE.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "partnerconnect.middleware.RefuseNulBytesMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    # The audit trail: stamps log entries with the user and address, records refused access.
    "audit.middleware.AuditMiddleware",
    "partnerconnect.middleware.StaffIdleTimeoutMiddleware",
    "partnerconnect.middleware.DistrictAdminMFAMiddleware",
]

ROOT_URLCONF = "partnerconnect.urls"
WSGI_APPLICATION = "partnerconnect.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "accounts.context_processors.roles",
            ],
        },
    },
    {
        # Plain text (email subjects and text bodies): nothing is HTML-escaped.
        "NAME": "text",
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {"autoescape": False},
    },
]

# Local state (SQLite database, emails written to files, uploads) lives in var/.
(BASE_DIR / "var").mkdir(exist_ok=True)

# Database: SQLite when DATABASE_URL is unset, anything dj-database-url understands otherwise.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'var' / 'db.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # The app's queries are short: PostgreSQL's JIT compiler, triggered by cost estimates,
    # took seconds to compile queries that run in milliseconds. Off for every connection.
    _options = DATABASES["default"].setdefault("OPTIONS", {})
    _options["options"] = f"{_options.get('options', '')} -c jit=off".strip()
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"

# django-allauth: email is the sign-in name, verified before the first sign-in.
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Partner Connect] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="https")
# allauth's rate limits (on by default) count per client address, in the cache below.
# Behind the TLS proxy every request comes from the proxy's address: with
# TRUSTED_PROXY_COUNT proxies of ours in front, allauth takes the client's address from
# X-Forwarded-For (the entry the nearest proxy added) instead. 0 (no proxy): REMOTE_ADDR.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)

# Two-factor sign-in (allauth.mfa): an authenticator app, with recovery codes. Any staff
# user may turn it on at /accounts/2fa/; District Admins must (partnerconnect.middleware).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Partner Connect"
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
DISTRICT_ADMIN_MFA_REQUIRED = True

# Staff (coordinators, procurement, district admins) are signed out after this long without
# a request; partners keep Django's two-week session.
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_MINUTES", default=30) * 60


def redis_cache(location: str) -> dict:
    """Redis that fails open: unreachable, each process uses its own memory cache for
    FAILOVER_SECONDS and logs a warning (partnerconnect/cache.py), so sign-in still works."""
    return {
        "BACKEND": "partnerconnect.cache.FailoverRedisCache",
        "LOCATION": location,
        "FAILOVER_SECONDS": 30,
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 2},
    }


REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {"default": redis_cache(REDIS_URL)}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

TIME_ZONE = "America/Los_Angeles"
USE_TZ = True

# Languages (README "Languages"): the partner-facing pages and emails in each, staff pages in
# English. Chosen by a cookie (no language in the URL); a partner's choice is also kept on
# their profile, and their emails go in it.
USE_I18N = True
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("es", "Spanish"),
    ("vi", "Vietnamese"),
    ("zh-hans", "Simplified Chinese"),
    ("ru", "Russian"),
    ("so", "Somali"),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
# Django knows no Somali: its name (for the switcher and get_language_info) is given here.
LANG_INFO.setdefault(
    "so", {"bidi": False, "code": "so", "name": "Somali", "name_local": "Soomaali"}
)
# The catalogs' labels (partners/translation.py): a column per language, English the
# default; an empty translation shows the English wording.
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
MODELTRANSLATION_FALLBACK_LANGUAGES = ("en",)

STATIC_URL = "/static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
# Front-end packages come from npm (package.json) and are served from node_modules.
STATICFILES_DIRS = [
    BASE_DIR / "static",
    ("vendor/bootstrap", BASE_DIR / "node_modules" / "bootstrap" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = BASE_DIR / "var" / "media"
MEDIA_URL = "/media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

MESSAGE_STORAGE = "django.contrib.messages.storage.session.SessionStorage"

# Email: every message goes through the outbox (notifications app). EMAIL_BACKEND stores
# it; OUTBOX_DELIVERY_BACKEND is what a worker finally hands it to.
EMAIL_BACKEND = "notifications.backends.OutboxBackend"
OUTBOX_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND", default="django.core.mail.backends.smtp.EmailBackend"
)
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=20)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "emails"))
DEFAULT_FROM_EMAIL = env.str(
    "DEFAULT_FROM_EMAIL", default="Partner Connect <careerpath@example.org>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
CAREER_PROGRAM_EMAIL = env.str("CAREER_PROGRAM_EMAIL", default="careerpath@example.org")
# Procurement's shared inbox, copied on contract reminders (besides every Procurement user).
PROCUREMENT_EMAIL = env.str("PROCUREMENT_EMAIL", default="")
POST_OFFICE = {
    "BACKENDS": {"default": OUTBOX_DELIVERY_BACKEND},
    "CELERY_ENABLED": False,  # the notifications app queues its own transaction-safe task
    "DEFAULT_PRIORITY": "medium",
    "LOG_LEVEL": 2,
    "MESSAGE_ID_ENABLED": True,
}
OUTBOX_MAX_ATTEMPTS = env.int("OUTBOX_MAX_ATTEMPTS", default=5)
OUTBOX_RETRY_BASE_SECONDS = env.int("OUTBOX_RETRY_BASE_SECONDS", default=60)

# Celery: Redis broker from REDIS_URL; without it, tasks run in-process.
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A nudge that cannot reach the broker fails fast (one connection attempt, no retries: kombu
# would otherwise keep retrying for the whole connection timeout, 2 s per email); the beat
# sweep sends the email later. notifications/tasks.py then skips the next nudges for
# OUTBOX_NUDGE_PAUSE_SECONDS, so a request queuing many emails pays for one failure only.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "socket_connect_timeout": 2,
    "socket_timeout": 5,
    "max_retries": 0,
}
OUTBOX_NUDGE_PAUSE_SECONDS = env.int("OUTBOX_NUDGE_PAUSE_SECONDS", default=30)
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Every periodic job and its time, declared once (beat writes them to the database at start).
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

# Headers of every response (partnerconnect/middleware.py). Content Security Policy by
# django-csp: no inline script or style anywhere but under the RELAXED prefixes (the
# Django admin and its third-party forms use inline scripts and styles).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
CONTENT_SECURITY_POLICY_RELAXED = {
    "URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {"script-src": [UNSAFE_INLINE], "style-src": [UNSAFE_INLINE]},
}
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"

# Error emails: Django's AdminEmailHandler to ADMINS (production: DJANGO_ADMIN_EMAILS), at
# most ERROR_EMAIL_LIMIT per error (exception type and line) per ERROR_EMAIL_PERIOD_SECONDS.
ERROR_EMAIL_LIMIT = env.int("ERROR_EMAIL_LIMIT", default=3)
ERROR_EMAIL_PERIOD_SECONDS = env.int("ERROR_EMAIL_PERIOD_MINUTES", default=60) * 60

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        "throttle_error_emails": {"()": "partnerconnect.logging.ThrottleErrorEmails"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "mail_admins": {
            "level": "ERROR",
            "class": "partnerconnect.logging.SafeAdminEmailHandler",
            "filters": ["require_debug_false", "throttle_error_emails"],
        },
    },
    # Django's errors (500s, refused hosts) email ADMINS; everything reaches the console.
    "loggers": {"django": {"handlers": ["mail_admins"], "level": "INFO"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}

# The audit trail (audit app, django-auditlog; docs/operations.md "The audit trail"). What it
# follows is in audit/tracking.py; a foreign key's change shows the record's name, not its id.
AUDITLOG_USE_FK_STRING_REPRESENTATION = True
# No correlation id from a request header: a client's header is not the log's to keep (and
# one longer than its column would make every audited write fail).
AUDITLOG_CID_HEADER = None
# Entries older than this many days are deleted by the nightly beat job.
AUDIT_RETENTION_DAYS = env.int("AUDIT_RETENTION_DAYS", default=730)
# /healthz fails when an email has been due and unsent for longer than this.
HEALTHZ_OUTBOX_MAX_AGE_MINUTES = env.int("HEALTHZ_OUTBOX_MAX_AGE_MINUTES", default=15)

# The public survey and its organization suggestions, per client address (as allauth sees it
# behind the proxy): allauth's rate syntax, e.g. "20/h/ip".
SURVEY_RATE_LIMITS = {
    "survey_submit": env.str("SURVEY_SUBMIT_RATE_LIMIT", default="20/h/ip"),
    "survey_step": env.str("SURVEY_STEP_RATE_LIMIT", default="300/h/ip"),
    "organization_suggest": env.str("ORGANIZATION_SUGGEST_RATE_LIMIT", default="600/h/ip"),
}
# Uploads of more rows than this are imported by the Celery worker, with a progress page;
# every import saves its rows this many per transaction.
IMPORT_BACKGROUND_ROWS = env.int("IMPORT_BACKGROUND_ROWS", default=2000)
IMPORT_CHUNK_ROWS = env.int("IMPORT_CHUNK_ROWS", default=1000)

# Personal data kept no longer than needed: beat purges nightly.
SURVEY_DRAFT_RETENTION_DAYS = env.int("SURVEY_DRAFT_RETENTION_DAYS", default=90)
OUTBOX_SENT_RETENTION_DAYS = env.int("OUTBOX_SENT_RETENTION_DAYS", default=90)
# Task modules outside the apps' tasks.py that workers must load (the purges).
CELERY_IMPORTS = ["notifications.retention", "partnerconnect.retention"]
