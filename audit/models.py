"""The audit events that are not a change to a record, as a kind of django-auditlog entry."""

from auditlog.models import LogEntry
from django.db import models


class AuditEvent(LogEntry):
    """A proxy of auditlog's `LogEntry` that only gives these events their content type
    ("audit event"): each is a `LogEntry` whose content type is this model, whose action is
    "access" and whose `additional_data["event"]` is a `Kind`. It has no table of its own and
    no permissions: reading the log is auditlog's "view log entry"."""

    class Kind(models.TextChoices):
        SIGN_IN = "sign_in", "Signed in"
        SIGN_IN_FAILED = "sign_in_failed", "Sign-in failed"
        ACCESS_REFUSED = "access_refused", "Access refused"
        EXPORT = "export", "Data export (download)"

    class Meta:
        proxy = True
        default_permissions = ()
        verbose_name = "audit event"
