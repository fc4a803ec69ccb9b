"""Periodic work of requests_app: invitation nudges and expiries, reminders, follow-ups."""

from celery import shared_task


@shared_task(ignore_result=True)
def process_due_engagements() -> None:
    from .services import engagements_process_due

    engagements_process_due()
