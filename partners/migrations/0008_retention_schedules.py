"""Schedule the nightly purges of personal data kept only for a while (editable in the
admin): survey drafts, sent emails and expired sessions (partnerconnect/retention.py)."""

from django.db import migrations

SCHEDULES = [
    # (name, task, minute): 3:10, 3:20 and 3:30 Pacific, when nobody is using the site.
    ("Retention: delete old survey drafts", "partners.tasks.purge_survey_drafts", "10"),
    ("Retention: delete sent emails", "notifications.retention.purge_sent_emails", "20"),
    ("Retention: delete expired sessions", "partnerconnect.retention.purge_expired_sessions", "30"),
]


def create_schedules(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    for name, task, minute in SCHEDULES:
        crontab, _ = CrontabSchedule.objects.get_or_create(
            minute=minute,
            hour="3",
            day_of_week="*",
            day_of_month="*",
            month_of_year="*",
            timezone="America/Los_Angeles",
        )
        PeriodicTask.objects.update_or_create(
            name=name, defaults={"task": task, "crontab": crontab}
        )


def delete_schedules(apps, schema_editor):
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    PeriodicTask.objects.filter(name__in=[name for name, _, _ in SCHEDULES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("partners", "0007_certification_claims"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedules, delete_schedules)]
