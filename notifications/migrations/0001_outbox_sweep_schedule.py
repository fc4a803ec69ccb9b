"""Schedule the outbox sweep every minute in django-celery-beat (editable in the admin)."""

from django.db import migrations

TASK_NAME = "Outbox: send emails still waiting"


def create_schedule(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.update_or_create(
        name=TASK_NAME,
        defaults={"task": "notifications.tasks.outbox_sweep", "interval": every_minute},
    )


def delete_schedule(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=TASK_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("django_celery_beat", "0019_alter_periodictasks_options"),
        ("post_office", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_schedule, delete_schedule)]
