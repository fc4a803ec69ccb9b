"""Local development: DEBUG on, SQLite and in-process tasks unless configured otherwise."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="local-development-only-not-secret")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http"
# The demo's District Admin signs in without an authenticator app unless
# DISTRICT_ADMIN_MFA_REQUIRED=true (production always requires one).
DISTRICT_ADMIN_MFA_REQUIRED = env.bool("DISTRICT_ADMIN_MFA_REQUIRED", default=False)
# Emails are delivered to files in var/emails/ unless EMAIL_DELIVERY_BACKEND says otherwise.
OUTBOX_DELIVERY_BACKEND = env.str(
    "EMAIL_DELIVERY_BACKEND", default="django.core.mail.backends.filebased.EmailBackend"
)
POST_OFFICE["BACKENDS"] = {"default": OUTBOX_DELIVERY_BACKEND}  # noqa: F405
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# Serve static files straight from their sources (no collectstatic needed outside production).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
