"""Schedule the daily Expo deadline reminders (7:45 Pacific, editable in the admin).

The job may run late or twice: each organization is reminded once per edition
(DeadlineReminder).
"""

from django.db import migrations

TASK_NAME = "Expo: registration deadline reminders"


def create_schedule(apps, schema_editor):
    CrontabSchedule = apps.get_model("django_celery_beat", "CrontabSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    quarter_to_eight, _ = CrontabSchedule.objects.get_or_create(
        minute="45",
        hour="7",
        day_of_week="*",
        day_of_month="*",
        month_of_year="*",
        timezone="America/Los_Angeles",
    )
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "expo.tasks.send_deadline_reminders", "crontab": quarter_to_eight},
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("expo", "0001_initial"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
