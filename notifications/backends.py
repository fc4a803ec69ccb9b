"""The EMAIL_BACKEND of the project: stores each message in the outbox instead of sending it.

Anything that sends mail through Django (allauth, the admin, `email_queue`) therefore
writes an outbox row in the caller's transaction; a worker delivers it after commit.
"""

from django.core.mail.backends.base import BaseEmailBackend

from .services import email_store_message
from .tasks import outbox_nudge


class OutboxBackend(BaseEmailBackend):
    def send_messages(self, email_messages):
        ids = [email_store_message(message=message).pk for message in email_messages]
        outbox_nudge(ids)
        return len(ids)
