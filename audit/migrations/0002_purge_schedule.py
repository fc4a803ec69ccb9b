"""This migration once created a beat schedule entry. The whole schedule is now declared
in partnerconnect/schedule.py (settings' CELERY_BEAT_SCHEDULE) and written to the database by
beat when it starts; the migration stays, empty, because deployed databases applied it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("audit", "0001_audit_event"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = []
