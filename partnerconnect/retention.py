"""Personal data the project keeps only for a while, per kind: sessions here (expired ones
deleted, as `manage.py clearsessions` does); survey drafts in `partners.services` and sent
emails in `notifications.retention`. Each is a periodic task, scheduled by the data
migration `partners/migrations/0008_retention_schedules.py`."""

from importlib import import_module

from celery import shared_task
from django.conf import settings


def sessions_purge_expired() -> None:
    """Delete the sessions past their expiry (SESSION_COOKIE_AGE after their last use)."""
    engine = import_module(settings.SESSION_ENGINE)
    engine.SessionStore.clear_expired()


@shared_task(ignore_result=True)
def purge_expired_sessions() -> None:
    sessions_purge_expired()
