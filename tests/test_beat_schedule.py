"""The beat schedule is declared once (partnerconnect/schedule.py): beat writes it into the
database when it starts, every entry names a task a worker knows, and a database whose rows
were made by the old data migrations is updated in place, keeping an admin's pause."""

import pytest
from django.conf import settings
from django_celery_beat.models import CrontabSchedule, IntervalSchedule, PeriodicTask

from partnerconnect.celery import app
from partnerconnect.schedule import BEAT_SCHEDULE
from tests.support.beat import beat_start

pytestmark = pytest.mark.django_db


def scheduled_rows() -> dict[str, PeriodicTask]:
    return {
        task.name: task
        for task in PeriodicTask.objects.select_related("crontab", "interval").exclude(
            name="celery.backend_cleanup"
        )
    }


def test_settings_read_the_one_schedule():
    assert settings.CELERY_BEAT_SCHEDULE is BEAT_SCHEDULE
    assert app.conf.beat_schedule == BEAT_SCHEDULE


def test_every_entry_names_a_task_a_worker_knows():
    app.loader.import_default_modules()
    unknown = {entry["task"] for entry in BEAT_SCHEDULE.values()} - set(app.tasks)
    assert unknown == set()


def test_beat_installs_each_entry_once_even_when_started_twice():
    assert scheduled_rows() == {}  # no migration makes them any more
    beat_start()
    beat_start()
    rows = scheduled_rows()
    assert set(rows) == set(BEAT_SCHEDULE)
    for name, entry in BEAT_SCHEDULE.items():
        assert rows[name].task == entry["task"], name
        assert rows[name].enabled, name


def test_times_are_pacific_and_as_declared():
    beat_start()
    rows = scheduled_rows()
    digest = rows["Partners: daily digest of overdue new partners"].crontab
    assert (digest.hour, digest.minute, str(digest.timezone)) == ("7", "0", "America/Los_Angeles")
    expo = rows["Expo: registration deadline reminders"].crontab
    assert (expo.hour, expo.minute) == ("7", "45")
    outbox = rows["Outbox: send emails still waiting"].interval
    assert (outbox.every, outbox.period) == (60, IntervalSchedule.SECONDS)


def test_rows_made_by_the_old_migrations_are_updated_in_place_keeping_a_pause():
    """As deployed databases have them: the Expo job under its old task name, paused by an
    admin."""
    old_time = CrontabSchedule.objects.create(minute="45", hour="7", timezone="America/Los_Angeles")
    PeriodicTask.objects.create(
        name="Expo: registration deadline reminders",
        task="expo.tasks.send_deadline_reminders",
        crontab=old_time,
        enabled=False,
    )
    beat_start()
    row = PeriodicTask.objects.get(name="Expo: registration deadline reminders")
    assert row.task == "compliance.tasks.send_expo_deadline_reminders"
    assert not row.enabled
    assert PeriodicTask.objects.filter(name=row.name).count() == 1
