"""The EMAIL_BACKEND of the project: stores each message in the outbox instead of sending it.

Anything that sends mail through Django (allauth, the admin, `email_queue`) therefore
writes an outbox row in the caller's transaction; a worker delivers it after commit.
"""

import logging

from django.core.mail.backends.base import BaseEmailBackend
from django.db import transaction

from .services import email_store_message
from .tasks import outbox_nudge

logger = logging.getLogger(__name__)


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        """Store the messages (all or none); with `fail_silently` (Django's error emails to
        ADMINS), a failure to store them, e.g. the database being down, is logged and
        0 returned instead of raised."""
        email_messages = list(email_messages)
        try:
            with transaction.atomic():
                ids = [email_store_message(message=message).pk for message in email_messages]
        except Exception:
            if not self.fail_silently:
                raise
            logger.warning(
                "Could not store %d email(s) in the outbox: %s",
                len(email_messages),
                ", ".join(repr(message.subject) for message in email_messages),
                exc_info=True,
            )
            return 0
        outbox_nudge(ids)
        return len(ids)
