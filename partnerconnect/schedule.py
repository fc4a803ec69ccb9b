"""Every periodic job, and when it runs, in one place: settings' `CELERY_BEAT_SCHEDULE`.

Beat runs django-celery-beat's DatabaseScheduler, which writes these entries into its table
when it starts (by name: an entry whose task or time changed here is updated, a new one is
added), so the Django admin's "Periodic tasks" shows each job, its last run, and lets a
district admin pause one (its "enabled" flag is kept across restarts). Times are Pacific
(`CELERY_TIMEZONE`). Each job may run late or twice: the services it calls keep their own
record of what was done (reminder rows, claimed emails), so a second run sends nothing twice.

Before this module, data migrations created these rows; those migrations are now empty, and
entries they made keep their names here so deployed databases are updated in place.
"""

from datetime import timedelta

from celery.schedules import crontab


def _daily(hour: int, minute: int) -> crontab:
    return crontab(minute=str(minute), hour=str(hour))


# name (shown in the admin) -> task and time
BEAT_SCHEDULE = {
    "Outbox: send emails still waiting": {
        "task": "notifications.tasks.outbox_sweep",
        "schedule": timedelta(minutes=1),
    },
    "Compliance: start CSV imports still waiting": {
        "task": "imports.tasks.sweep_import_jobs",
        "schedule": timedelta(minutes=1),
    },
    "Engagements: nudges, expiries, reminders and follow-ups": {
        "task": "requests_app.tasks.process_due_engagements",
        "schedule": timedelta(hours=1),
    },
    "Partners: daily digest of overdue new partners": {
        "task": "partners.tasks.send_overdue_partners_digest",
        "schedule": _daily(7, 0),
    },
    "Compliance: contract years at risk": {
        "task": "compliance.tasks.send_at_risk_reminders",
        "schedule": _daily(7, 30),
    },
    "Expo: registration deadline reminders": {
        "task": "compliance.tasks.send_expo_deadline_reminders",
        "schedule": _daily(7, 45),
    },
    # The purges: at night, when nobody is using the site.
    "Retention: delete old survey drafts": {
        "task": "partners.tasks.purge_survey_drafts",
        "schedule": _daily(3, 10),
    },
    "Audit log: purge entries past retention": {
        "task": "audit.tasks.audit_purge",
        "schedule": _daily(3, 15),
    },
    "Retention: delete sent emails": {
        "task": "notifications.retention.purge_sent_emails",
        "schedule": _daily(3, 20),
    },
    "Retention: delete expired sessions": {
        "task": "partnerconnect.retention.purge_expired_sessions",
        "schedule": _daily(3, 30),
    },
}
