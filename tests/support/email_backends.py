"""Email delivery backends for the outbox tests: refuse to deliver, or fail a few times first."""

from smtplib import SMTPServerDisconnected

from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

# How many deliveries FlakyBackend still refuses; tests set it.
failures_left = {"count": 0}


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise SMTPServerDisconnected("Connection unexpectedly closed")


class FlakyBackend(LocmemBackend):
    def send_messages(self, messages):
        if failures_left["count"] > 0:
            failures_left["count"] -= 1
            raise SMTPServerDisconnected("Connection unexpectedly closed")
        return super().send_messages(messages)


__all__ = ["FailingBackend", "FlakyBackend", "mail"]
