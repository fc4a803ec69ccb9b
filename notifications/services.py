"""Writes of the outbox: queue an email from a template, deliver one, sweep what is due."""

import logging
from collections.abc import Iterable, Sequence
from datetime import timedelta
from email.mime.base import MIMEBase

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from post_office.connections import connections
from post_office.mail import create
from post_office.models import STATUS, Email, Log
from post_office.utils import create_attachments

from .selectors import email_due_filter, email_ids_due
from .tasks import outbox_enqueue, outbox_nudge

logger = logging.getLogger(__name__)


def email_queue(
    *,
    to: str | Sequence[str],
    template: str,
    context: dict | None = None,
    attachments: Iterable[tuple[str, bytes | str, str]] = (),
    reply_to: Sequence[str] = (),
    language: str | None = None,
) -> Email:
    """Store an email rendered from `templates/emails/<template>/` in the current transaction.

    The template folder holds `subject.txt`, `body.txt` and `body.html`. Attachments are
    (filename, content, mimetype) tuples. A worker sends it once the transaction commits.
    It is written in `language` (a partner's: `Partner.language`), else in LANGUAGE_CODE
    (English: what district staff read), whatever the language of the current request.
    """
    recipients = [to] if isinstance(to, str) else list(to)
    context = {"site_url": settings.SITE_URL.rstrip("/"), **(context or {})}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = render_to_string(f"emails/{template}/subject.txt", context, using="text")
        message = EmailMultiAlternatives(
            subject=" ".join(subject.split()),
            body=render_to_string(f"emails/{template}/body.txt", context, using="text"),
            to=recipients,
            reply_to=list(reply_to),
        )
        message.attach_alternative(
            render_to_string(f"emails/{template}/body.html", context), "text/html"
        )
    for filename, content, mimetype in attachments:
        message.attach(filename, content, mimetype)
    email = email_store_message(message=message)
    outbox_nudge([email.pk])
    return email


def email_store_message(*, message: EmailMessage) -> Email:
    """Write one Django email message to the outbox, attachments and their types included."""
    headers = dict(message.extra_headers)
    if message.reply_to:
        headers.setdefault("Reply-To", ", ".join(str(address) for address in message.reply_to))
    alternatives = getattr(message, "alternatives", [])
    html = next((content for content, mimetype in alternatives if mimetype == "text/html"), "")
    email = create(
        sender=message.from_email,
        recipients=message.to,
        cc=message.cc,
        bcc=message.bcc,
        subject=message.subject,
        message=message.body,
        html_message=html,
        headers=headers or None,
        priority="medium",
    )
    files = {}
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            filename = attachment.get_filename()
            content, mimetype = attachment.get_payload(decode=True), attachment.get_content_type()
        else:
            filename, content, mimetype = attachment
        if isinstance(content, str):
            content = content.encode()
        files[filename] = {"file": ContentFile(content), "mimetype": mimetype or ""}
    if files:
        email.attachments.add(*create_attachments(files))
    return email


def email_deliver(*, email_id: int) -> int | None:
    """Send one queued email, at most once however many workers race for it.

    The row is claimed with SELECT ... FOR UPDATE SKIP LOCKED and stays locked until its
    new status is committed, so a second worker skips it and then sees it sent. Returns
    the new status, or None when the email was not due or another worker holds it.
    """
    with transaction.atomic():
        email = (
            Email.objects.select_for_update(skip_locked=True)
            .filter(email_due_filter(timezone.now()), pk=email_id)
            .first()
        )
        if email is None:
            return None
        try:
            email.dispatch(
                commit=False,
                disconnect_after_delivery=False,
                connection=connections[email.backend_alias or "default"],
            )
        except Exception as exc:  # any delivery error is recorded and retried
            logger.warning("Email %s failed: %s", email.pk, exc)
            _email_record_failure(email=email, error=exc)
        else:
            email.status = STATUS.sent
            email.last_updated = timezone.now()
            email.save(update_fields=["status", "last_updated"])
            Log.objects.create(email=email, status=STATUS.sent)
        finally:
            connections.close()
    return email.status


def _email_record_failure(*, email: Email, error: Exception) -> None:
    attempts = (email.number_of_retries or 0) + 1
    if attempts < settings.OUTBOX_MAX_ATTEMPTS:
        delay = timedelta(seconds=settings.OUTBOX_RETRY_BASE_SECONDS * 2 ** (attempts - 1))
        email.status = STATUS.requeued
        email.scheduled_time = timezone.now() + delay
        email.number_of_retries = attempts
        transaction.on_commit(lambda: _outbox_send_later(email.pk, delay))
    else:
        email.status = STATUS.failed
    email.last_updated = timezone.now()
    email.save(update_fields=["status", "scheduled_time", "number_of_retries", "last_updated"])
    Log.objects.create(
        email=email, status=STATUS.failed, message=str(error), exception_type=type(error).__name__
    )


def _outbox_send_later(email_id: int, delay: timedelta) -> None:
    outbox_enqueue([email_id], countdown=delay.total_seconds())


def email_send_due(*, limit: int = 500) -> int:
    """Deliver every email that is due (the beat sweep); returns how many were sent."""
    sent = 0
    for email_id in email_ids_due(limit=limit):
        if email_deliver(email_id=email_id) == STATUS.sent:
            sent += 1
    return sent


def email_resend(*, email_id: int) -> None:
    """Queue a sent or failed email again (the admin's resend)."""
    Email.objects.filter(pk=email_id).update(
        status=STATUS.queued, scheduled_time=None, number_of_retries=0, last_updated=timezone.now()
    )
    outbox_nudge([email_id])
