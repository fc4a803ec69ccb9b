"""Periodic work of the Expo: reminders before the registration deadline."""

from celery import shared_task


@shared_task(ignore_result=True)
def send_deadline_reminders() -> None:
    from .services import expo_send_deadline_reminders

    expo_send_deadline_reminders()
