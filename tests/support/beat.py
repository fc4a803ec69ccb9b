"""Start beat's scheduler in a test, as `celery beat` does: it writes the schedule
(partnerconnect/schedule.py) into the database."""

from unittest import mock

from django_celery_beat.schedulers import DatabaseScheduler

from partnerconnect.celery import app


def beat_start() -> DatabaseScheduler:
    # Between ticks beat closes stale database connections; in a test, the open connection
    # is the test's transaction, which must outlive it.
    with mock.patch("django_celery_beat.schedulers.close_old_connections"):
        return DatabaseScheduler(app=app)
