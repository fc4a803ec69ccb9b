"""Background work of compliance: the at-risk reminders, the Expo deadline reminders, and CSV
uploads too large to import while the page waits."""

from celery import shared_task


@shared_task(ignore_result=True)
def send_at_risk_reminders() -> None:
    from .services import compliance_send_at_risk_reminders

    compliance_send_at_risk_reminders()


@shared_task(ignore_result=True)
def send_expo_deadline_reminders() -> None:
    from .services import expo_send_deadline_reminders

    expo_send_deadline_reminders()


@shared_task(ignore_result=True)
def run_import_job(job_id: int) -> None:
    from .uploads import import_job_run

    import_job_run(job_id=job_id)


@shared_task(ignore_result=True)
def sweep_import_jobs() -> None:
    from .uploads import import_jobs_sweep

    import_jobs_sweep()
