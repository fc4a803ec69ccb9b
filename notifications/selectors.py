"""Reads of the outbox: which emails are due for delivery."""

from datetime import datetime

from django.db.models import Q
from django.utils import timezone
from post_office.models import STATUS, Email


def email_due_filter(now: datetime) -> Q:
    return (
        Q(status__in=[STATUS.queued, STATUS.requeued])
        & (Q(scheduled_time__isnull=True) | Q(scheduled_time__lte=now))
        & (Q(expires_at__isnull=True) | Q(expires_at__gt=now))
    )


def email_ids_due(*, limit: int = 500) -> list[int]:
    return list(
        Email.objects.filter(email_due_filter(timezone.now()))
        .order_by("created")
        .values_list("pk", flat=True)[:limit]
    )
