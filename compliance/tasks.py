"""Periodic work of compliance: the at-risk reminders."""

from celery import shared_task


@shared_task(ignore_result=True)
def send_at_risk_reminders() -> None:
    from .services import compliance_send_at_risk_reminders

    compliance_send_at_risk_reminders()
