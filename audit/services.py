"""Writes of the audit trail: record an event that is not a change to a record (sign-ins,
refused access, exports), purge entries past the retention period, and remove a deleted
person's data from it."""

from collections.abc import Iterable
from datetime import datetime, timedelta
from typing import Any

from auditlog.cid import get_cid
from auditlog.models import LogEntry
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Model, Q
from django.utils import timezone

from .models import AuditEvent

# The log keeps what a person typed as a sign-in name up to an email address's length.
MAX_TYPED_NAME = 254


def audit_event_record(
    *,
    kind: AuditEvent.Kind,
    description: str,
    actor=None,
    remote_addr: str | None = None,
    details: dict[str, Any] | None = None,
) -> LogEntry:
    """Store one event. Within a request, auditlog's middleware context fills in the signed-in
    user (when `actor` is not given) and the client's address."""
    return LogEntry.objects.create(
        content_type=ContentType.objects.get_for_model(AuditEvent, for_concrete_model=False),
        object_pk="",
        object_repr=description,
        action=LogEntry.Action.ACCESS,
        actor=actor,
        actor_email=getattr(actor, "email", None),
        remote_addr=remote_addr,
        additional_data={"event": kind.value, **(details or {})},
        cid=get_cid(),
    )


def audit_sign_in(*, user, remote_addr: str | None = None) -> LogEntry:
    return audit_event_record(
        kind=AuditEvent.Kind.SIGN_IN,
        description=f"{user.email} signed in",
        actor=user,
        remote_addr=remote_addr,
    )


def audit_sign_in_failed(*, typed_name: str, remote_addr: str | None = None) -> LogEntry:
    typed_name = typed_name[:MAX_TYPED_NAME]
    return audit_event_record(
        kind=AuditEvent.Kind.SIGN_IN_FAILED,
        description=f"Sign-in failed for {typed_name or '(no name)'}",
        remote_addr=remote_addr,
        details={"typed": typed_name},
    )


def audit_access_refused(
    *, user, method: str, path: str, remote_addr: str | None = None
) -> LogEntry:
    return audit_event_record(
        kind=AuditEvent.Kind.ACCESS_REFUSED,
        description=f"Refused {method} {path}",
        actor=user if user is not None and user.is_authenticated else None,
        remote_addr=remote_addr,
        details={"method": method, "path": path},
    )


def audit_export(*, filename: str) -> LogEntry:
    """One download of data (every CSV export, through partnerconnect.spreadsheets, and any
    other export that calls it); the user is the request's (auditlog's middleware context)."""
    return audit_event_record(
        kind=AuditEvent.Kind.EXPORT,
        description=f"Exported {filename}",
        details={"file": filename},
    )


def audit_retention_cutoff(*, now: datetime | None = None) -> datetime:
    """Entries older than this are past the retention period (AUDIT_RETENTION_DAYS)."""
    return (now or timezone.now()) - timedelta(days=settings.AUDIT_RETENTION_DAYS)


def audit_log_purge(*, now: datetime | None = None) -> int:
    """Delete the entries past the retention period; returns how many."""
    deleted, _ = LogEntry.objects.filter(timestamp__lt=audit_retention_cutoff(now=now)).delete()
    return deleted


REMOVED = "(removed)"


def _without_values(changes: dict | None) -> dict | None:
    """The same fields, their values removed: the log still says what changed, and when."""
    if not changes:
        return changes
    return {
        field: {**change, "objects": [REMOVED]} if isinstance(change, dict) else [REMOVED, REMOVED]
        for field, change in changes.items()
    }


def audit_forget_person(*, email: str, records: Iterable[tuple[type[Model], int]] = ()) -> int:
    """Remove a person's data from the log when their account is deleted, keeping that things
    happened: the entries about `records` (model, pk), e.g. their partner profile, lose their
    field values and description; the entries they made, and their sign-ins, lose their email.
    Call it after the deletion, whose own entries it clears too. Returns the entries changed."""
    changed = 0
    for model, pk in records:
        content_type = ContentType.objects.get_for_model(model)
        entries = LogEntry.objects.filter(content_type=content_type, object_pk=str(pk))
        for entry in entries:
            # update(), not save(): saving an entry during a request would stamp it anew
            # with the request's user and address (auditlog's middleware).
            LogEntry.objects.filter(pk=entry.pk).update(
                changes=_without_values(entry.changes),
                changes_text="",
                serialized_data=None,
                object_repr=f"{model._meta.verbose_name} {pk} {REMOVED}",
            )
            changed += 1
    sign_ins = LogEntry.objects.filter(
        Q(additional_data__event=AuditEvent.Kind.SIGN_IN, actor_email__iexact=email)
        | Q(
            additional_data__event=AuditEvent.Kind.SIGN_IN_FAILED,
            additional_data__typed__iexact=email,
        )
    )
    for entry in sign_ins:
        LogEntry.objects.filter(pk=entry.pk).update(
            object_repr=f"Sign-in {REMOVED}",
            additional_data={
                key: REMOVED if key == "typed" else value
                for key, value in (entry.additional_data or {}).items()
            },
        )
        changed += 1
    changed += LogEntry.objects.filter(actor_email__iexact=email).update(actor_email=None)
    return changed
