"""The upload jobs move to the imports app (imports.ImportJob): copy them, with their ids (the
progress pages' addresses), then drop compliance's table."""

from django.core.management.color import no_style
from django.db import migrations

FIELDS = [
    "id",
    "kind",
    "filename",
    "csv_data",
    "status",
    "rows_total",
    "rows_done",
    "created",
    "updated",
    "unchanged",
    "rejected_count",
    "rejected",
    "error",
    "created_by_id",
    "created_at",
    "updated_at",
    "finished_at",
]


def copy_jobs(apps, schema_editor):
    Old = apps.get_model("compliance", "ImportJob")
    New = apps.get_model("imports", "ImportJob")
    jobs = [New(**{name: getattr(job, name) for name in FIELDS}) for job in Old.objects.all()]
    if not jobs:
        return
    New.objects.bulk_create(jobs)
    # auto_now and auto_now_add overwrote the times: put the originals back.
    for job in Old.objects.all():
        New.objects.filter(pk=job.pk).update(created_at=job.created_at, updated_at=job.updated_at)
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for statement in connection.ops.sequence_reset_sql(no_style(), [New]):
            cursor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("compliance", "0005_import_jobs_sweep_schedule"),
        ("imports", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(copy_jobs, migrations.RunPython.noop),
        migrations.DeleteModel(name="ImportJob"),
    ]
