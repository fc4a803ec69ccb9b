"""Personal data kept only for a while: survey drafts, sent emails and expired sessions are
deleted by their nightly purge exactly past their period, and the purges are scheduled."""

from datetime import timedelta
from importlib import import_module

import pytest
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.files.base import ContentFile
from django.utils import timezone
from django_celery_beat.models import PeriodicTask
from post_office.models import STATUS, Attachment, Email

from accounts.roles import Role
from notifications.retention import outbox_purge_sent
from partnerconnect.retention import sessions_purge_expired
from partners.models import SurveyDraft
from partners.services import survey_drafts_purge

pytestmark = pytest.mark.django_db

NOW = timezone.now()
MINUTE = timedelta(minutes=1)


def draft(make_user, age):
    created = SurveyDraft.objects.create(user=make_user(Role.PARTNER), data={"step": "profile"})
    SurveyDraft.objects.filter(pk=created.pk).update(updated_at=NOW - age)
    return created


def test_drafts_untouched_for_the_period_are_deleted_and_no_others(make_user):
    kept = draft(make_user, timedelta(days=90) - MINUTE)
    draft(make_user, timedelta(days=90) + MINUTE)
    assert survey_drafts_purge(now=NOW) == 1
    assert list(SurveyDraft.objects.all()) == [kept]


def test_the_drafts_period_is_a_setting(make_user, settings):
    settings.SURVEY_DRAFT_RETENTION_DAYS = 7
    draft(make_user, timedelta(days=8))
    kept = draft(make_user, timedelta(days=6))
    assert survey_drafts_purge(now=NOW) == 1
    assert list(SurveyDraft.objects.all()) == [kept]


def email(status, age, subject="Hello"):
    created = Email.objects.create(
        from_email="a@example.org", to=["b@example.org"], subject=subject, status=status
    )
    Email.objects.filter(pk=created.pk).update(last_updated=NOW - age, created=NOW - age)
    return created


def test_sent_emails_past_the_period_are_deleted_and_no_others():
    kept_sent = email(STATUS.sent, timedelta(days=90) - MINUTE, "recent")
    old_sent = email(STATUS.sent, timedelta(days=90) + MINUTE, "old")
    old_queued = email(STATUS.queued, timedelta(days=400), "still to send")
    old_failed = email(STATUS.failed, timedelta(days=400), "failed")
    attachment = Attachment.objects.create(name="invite.ics")
    attachment.file.save("invite.ics", ContentFile(b"BEGIN:VCALENDAR"), save=True)
    attachment.emails.add(old_sent)
    shared = Attachment.objects.create(name="shared.ics")
    shared.file.save("shared.ics", ContentFile(b"BEGIN:VCALENDAR"), save=True)
    shared.emails.add(old_sent, kept_sent)

    assert outbox_purge_sent(now=NOW) == 1
    assert set(Email.objects.all()) == {kept_sent, old_queued, old_failed}
    assert list(Attachment.objects.all()) == [shared]


def test_the_emails_period_is_a_setting(settings):
    settings.OUTBOX_SENT_RETENTION_DAYS = 30
    email(STATUS.sent, timedelta(days=31))
    kept = email(STATUS.sent, timedelta(days=29))
    assert outbox_purge_sent(now=NOW) == 1
    assert list(Email.objects.all()) == [kept]


def test_expired_sessions_are_deleted_and_live_ones_kept():
    store = import_module(django_settings.SESSION_ENGINE).SessionStore
    live, expired = store(), store()
    live["x"], expired["x"] = 1, 2
    live.save()
    expired.save()
    Session.objects.filter(session_key=expired.session_key).update(
        expire_date=timezone.now() - MINUTE
    )
    sessions_purge_expired()
    assert list(Session.objects.values_list("session_key", flat=True)) == [live.session_key]


RETENTION_TASKS = [
    "partners.tasks.purge_survey_drafts",
    "notifications.retention.purge_sent_emails",
    "partnerconnect.retention.purge_expired_sessions",
]


@pytest.mark.parametrize("task", RETENTION_TASKS)
def test_each_purge_is_scheduled_nightly(task, beat_installed):
    scheduled = PeriodicTask.objects.get(task=task)
    assert scheduled.enabled and scheduled.crontab.hour == "3"


def test_a_worker_knows_every_purge():
    """In a fresh process, as a worker starts (this test module imported them already)."""
    import subprocess
    import sys

    script = (
        "import django; django.setup()\n"
        "from partnerconnect.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print(' '.join(sorted(app.tasks)))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    ).stdout
    missing = [task for task in RETENTION_TASKS if task not in output.split()]
    assert not missing, "add the module to CELERY_IMPORTS in settings/base.py"
