"""Tests: fast hashing, in-memory email delivery, in-process tasks (the worker tests opt out)."""

from .base import *  # noqa: F403
from .base import env

SECRET_KEY = "test-only-not-secret"
DEBUG = False
ALLOWED_HOSTS = ["localhost", "127.0.0.1", "testserver"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
OUTBOX_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND", default="django.core.mail.backends.locmem.EmailBackend"
)
POST_OFFICE["BACKENDS"] = {"default": OUTBOX_DELIVERY_BACKEND}  # noqa: F405
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Most tests sign District Admins in without an authenticator: the tests of the rule
# (tests/accounts/test_mfa.py) turn it back on, as every other environment has it.
DISTRICT_ADMIN_MFA_REQUIRED = False
# Serve static files straight from their sources (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
