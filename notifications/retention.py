"""How long the outbox keeps emails once sent: they hold personal data (names, addresses,
engagement details), so sent ones are deleted after OUTBOX_SENT_RETENTION_DAYS."""

from datetime import timedelta

from celery import shared_task
from django.conf import settings
from django.utils import timezone
from post_office.models import STATUS, Attachment, Email

DEFAULT_SENT_RETENTION_DAYS = 90
BATCH = 1000


def sent_email_retention_days() -> int:
    return getattr(settings, "OUTBOX_SENT_RETENTION_DAYS", DEFAULT_SENT_RETENTION_DAYS)


def outbox_purge_sent(*, now=None) -> int:
    """Delete the emails sent more than the retention period ago (their delivery logs go
    with them, and attachments no other email uses). Emails still queued, or that failed,
    are kept. Returns how many emails were deleted."""
    cutoff = (now or timezone.now()) - timedelta(days=sent_email_retention_days())
    deleted = 0
    while True:
        ids = list(
            Email.objects.filter(status=STATUS.sent, last_updated__lt=cutoff)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        Email.objects.filter(pk__in=ids).delete()
        deleted += len(ids)
    for attachment in Attachment.objects.filter(emails=None):
        attachment.file.delete(save=False)
        attachment.delete()
    return deleted


@shared_task(ignore_result=True)
def purge_sent_emails() -> None:
    outbox_purge_sent()
