"""Background work of compliance: the at-risk reminders and the Expo deadline
reminders."""

from celery import shared_task


@shared_task(ignore_result=True)
def send_at_risk_reminders() -> None:
    from .services import compliance_send_at_risk_reminders

    compliance_send_at_risk_reminders()


@shared_task(ignore_result=True)
def send_expo_deadline_reminders() -> None:
    from .services import expo_send_deadline_reminders

    expo_send_deadline_reminders()
