"""Periodic work of the partners app."""

from celery import shared_task


@shared_task(ignore_result=True)
def send_overdue_partners_digest() -> None:
    from .services import partner_send_overdue_digest

    partner_send_overdue_digest()


@shared_task(ignore_result=True)
def purge_survey_drafts() -> None:
    from .services import survey_drafts_purge

    survey_drafts_purge()
