"""The CSV files uploaded for import, and their progress."""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    """A CSV file uploaded on the import page, imported a chunk of rows at a time (in the
    background when large) with its progress: rows done, outcomes, rejected rows."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Finished"
        FAILED = "failed", "Stopped"

    kind = models.CharField(max_length=30)
    filename = models.CharField(max_length=255, blank=True)
    # Bytes, not text: a NUL character (rejected by line) cannot be stored in a text column.
    csv_data = models.BinaryField(
        blank=True, help_text="The uploaded file (UTF-8); emptied once the import has finished."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    rows_total = models.PositiveIntegerField(default=0)
    rows_done = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    rejected_count = models.PositiveIntegerField(default=0)
    rejected = models.JSONField(
        default=list, blank=True, help_text="[line, reason] of the first rejected rows."
    )
    error = models.TextField(blank=True, help_text="Why the import stopped, if it did.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="import_jobs",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"Import of {self.filename or self.kind} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.FAILED}

    @property
    def percent(self) -> int:
        if not self.rows_total:
            return 100 if self.is_finished else 0
        return min(100, 100 * self.rows_done // self.rows_total)

    @property
    def summary(self) -> str:
        return (
            f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.rejected_count} rejected"
        )
